//! Login and logout.
use super::ctx::{self, session_error, LOGIN_AT, USER_ID};
use super::{db, password, throttle};
use crate::domain::credentials::Credentials;
use crate::error::AppError;
use crate::views::auth::UserView;
use chrono::Utc;

pub async fn login(username: &str, password: &str) -> Result<UserView, AppError> {
    let creds = Credentials::parse(username, password)?;
    let state = ctx::server_ctx()?;
    let ip = ctx::client_ip();
    let account = db::users::find_for_login(&state.pool, &creds.username).await?;
    // One count per account, whichever of its names (alias or staff number) was typed.
    let key = account
        .as_ref()
        .map_or(creds.username.clone(), |a| a.username.clone());
    let device = ctx::request_cookie(throttle::DEVICE_COOKIE);
    let trusted = throttle::is_trusted_device(
        &state.pool,
        device.as_deref(),
        account.as_ref().map(|a| a.id),
    )
    .await?;
    // Counted before the password is checked: parallel guesses cannot race past the limit.
    throttle::admit(&state.pool, state.login_limits, &key, ip, trusted).await?;

    let hash = account
        .as_ref()
        .filter(|a| !a.disabled)
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(|| password::dummy_hash().to_string());
    let verified = password::verify_async(hash, creds.password).await;
    let Some(account) = account.filter(|a| verified && !a.disabled) else {
        tracing::info!(username = %creds.username, ip = ?ip, "failed login");
        return Err(AppError::BadCredentials);
    };
    throttle::succeeded(&state.pool, &key, ip, trusted).await?;
    if !trusted {
        let token = throttle::remember_device(&state.pool, account.id).await?;
        set_device_cookie(&token, state.secure_cookies);
    }

    // A fresh session id at login: a planted id cannot be ridden into the account.
    let session = ctx::session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(USER_ID, account.id)
        .await
        .map_err(session_error)?;
    // Sessions that began before `sessions_valid_from` (rounded up to the second) are over; a
    // login with the password set then began after it, even within the same second (a
    // one-time password used at once).
    let login_at = Utc::now()
        .timestamp()
        .max(account.sessions_valid_from.unwrap_or(0));
    session
        .insert(LOGIN_AT, login_at)
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
    // A one-time password opens one page only: the one that replaces it.
    leptos_axum::redirect(if user.must_change_password {
        super::accounts::PASSWORD_PAGE
    } else {
        "/"
    });
    Ok(user)
}

pub async fn logout() -> Result<(), AppError> {
    let session = ctx::session().await?;
    session.flush().await.map_err(session_error)?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// The cookie that lets this browser past a locked address next time (see `throttle`).
fn set_device_cookie(token: &str, secure: bool) {
    use axum::http::{header, HeaderValue};
    let cookie = format!(
        "{}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
        throttle::DEVICE_COOKIE,
        throttle::DEVICE_MAX_AGE_SECS,
        if secure { "; Secure" } else { "" }
    );
    if let (Ok(value), Some(response)) = (
        HeaderValue::from_str(&cookie),
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}
