//! Login and logout.
use super::ctx::{self, session_error, LOGIN_AT, USER_ID};
use super::{db, password};
use crate::api::auth::UserView;
use crate::domain::credentials::Credentials;
use crate::error::AppError;
use chrono::Utc;
use std::time::Instant;

pub async fn login(username: &str, password: &str) -> Result<UserView, AppError> {
    let creds = Credentials::parse(username, password)?;
    let state = ctx::server_ctx()?;
    let ip = ctx::client_ip();
    state.throttle.check(&creds.username, ip, Instant::now())?;

    let account = db::users::find_for_login(&state.pool, &creds.username).await?;
    let hash = account
        .as_ref()
        .filter(|a| !a.disabled)
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(|| password::dummy_hash().to_string());
    let verified = password::verify_async(hash, creds.password).await;
    let Some(account) = account.filter(|a| verified && !a.disabled) else {
        state
            .throttle
            .record_failure(&creds.username, ip, Instant::now());
        tracing::info!(username = %creds.username, ip = ?ip, "failed login");
        return Err(AppError::BadCredentials);
    };
    state.throttle.clear_account(&creds.username);

    // A fresh session id at login: a planted id cannot be ridden into the account.
    let session = ctx::session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(USER_ID, account.id)
        .await
        .map_err(session_error)?;
    session
        .insert(LOGIN_AT, Utc::now().timestamp())
        .await
        .map_err(session_error)?;
    db::users::touch_login(&state.pool, account.id).await?;
    db::audit::record(
        &state.pool,
        Some(account.id),
        "login",
        "user",
        &account.id.to_string(),
    )
    .await?;

    let user = db::users::load_view(&state.pool, account.id)
        .await?
        .ok_or(AppError::Internal)?;
    leptos_axum::redirect("/");
    Ok(user)
}

pub async fn logout() -> Result<(), AppError> {
    let session = ctx::session().await?;
    session.flush().await.map_err(session_error)?;
    leptos_axum::redirect("/login");
    Ok(())
}
