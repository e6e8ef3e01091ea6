use crate::error::AppError;
use crate::views::auth::UserView;
use leptos::prelude::*;

/// Checks the password, starts a fresh session and sends the browser home.
#[server(endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<UserView, AppError> {
    use crate::backend::auth;
    use crate::error::respond;
    respond(auth::login(&username, &password).await)
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::auth;
    use crate::error::respond;
    respond(auth::logout().await)
}

/// The current user, or `None` when nobody is logged in (not an error: the login page asks too).
#[server(endpoint = "me")]
pub async fn fetch_current_user() -> Result<Option<UserView>, AppError> {
    use crate::backend::ctx;
    use crate::error::respond;
    respond(ctx::optional_user().await)
}

/// Replaces the caller's password (also right after a one-time password, which allows nothing
/// else): the current one, the new one twice. Other sessions end.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    repeat_password: String,
) -> Result<(), AppError> {
    use crate::backend::{accounts, caller::Caller};
    use crate::error::respond;
    let c = Caller::choosing_password().await?;
    respond(accounts::change_password(&c, &current_password, &new_password, &repeat_password).await)
}
