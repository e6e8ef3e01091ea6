use crate::error::AppError;
use crate::views::home::HomeView;
use leptos::prelude::*;

#[server(endpoint = "home")]
pub async fn fetch_home() -> Result<HomeView, AppError> {
    use crate::backend::{caller::Caller, home};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(home::load(&c).await)
}
