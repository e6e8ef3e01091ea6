use crate::error::AppError;
use crate::views::home::HomeView;
use leptos::prelude::*;

#[server(endpoint = "home")]
pub async fn home() -> Result<HomeView, AppError> {
    use crate::error::respond;
    use crate::server::{ctx, home};
    respond(
        async {
            let user = ctx::current_user().await?;
            home::load(&ctx::pool()?, user, ctx::today()).await
        }
        .await,
    )
}
