//! What a server function knows about its request: the shared state, the session, the user.
use super::db::session_cache::SessionCache;
use super::db::session_store;
use super::{replica, throttle};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::views::auth::UserView;
use axum::http::{header, request::Parts};
use chrono::{FixedOffset, NaiveDate, Utc};
use leptos::prelude::*;
use sqlx::PgPool;
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

pub use super::db::session_store::{LOGIN_AT, USER_ID};
/// When the session was last seen, to the nearest `SEEN_EVERY_SECS`.
pub const SEEN_AT: &str = "seen_at";
/// The session row is rewritten (extending its idle timeout) at most this often, not on every
/// read: a busy server must not write a row per page view.
pub const SEEN_EVERY_SECS: i64 = 5 * 60;
/// A session ends this long after login, however active it is.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 3600;

/// Shared state, provided as context to every server function and page render.
#[derive(Clone)]
pub struct ServerCtx {
    pub pool: PgPool,
    pub login_limits: throttle::Limits,
    /// Cookies are marked `Secure` (the app is served over https).
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_forwarded: bool,
    /// A hot standby for reads that may lag a little (`DATABASE_READ_URL`).
    pub replica: Option<replica::Replica>,
    /// The sessions kept loaded: a change to an account drops its own at once, here.
    pub sessions: SessionCache,
}

impl ServerCtx {
    /// Where a read that may lag a little goes: the standby while it is usable, else the primary.
    pub fn read_db(&self) -> replica::ReadDb {
        match self
            .replica
            .as_ref()
            .and_then(|r| Some((r, r.usable_as_of()?)))
        {
            Some((r, as_of)) => replica::ReadDb {
                pool: r.pool.clone(),
                as_of: Some(as_of),
            },
            None => replica::ReadDb {
                pool: self.pool.clone(),
                as_of: None,
            },
        }
    }

    /// Whether `err` came from reading on the standby (it went away between two checks of its
    /// watcher): the standby is then marked unusable and the caller reads again, now from the
    /// primary, so the user never sees the standby's outage.
    pub fn standby_failed(&self, db: &replica::ReadDb, err: &AppError) -> bool {
        let failed =
            db.as_of.is_some() && matches!(err, AppError::Busy { .. } | AppError::Internal);
        if let (true, Some(r)) = (failed, &self.replica) {
            tracing::warn!("read failed on the standby: reading from the primary");
            r.mark_unusable();
        }
        failed
    }
}

pub fn server_ctx() -> Result<ServerCtx, AppError> {
    use_context::<ServerCtx>().ok_or_else(|| {
        tracing::error!("ServerCtx missing from context");
        AppError::Internal
    })
}

/// Asia/Shanghai has kept UTC+8 without daylight saving since 1991.
pub fn shanghai() -> FixedOffset {
    crate::domain::time::shanghai()
}

pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&shanghai()).date_naive()
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(error = %err, "session layer missing");
        AppError::Internal
    })
}

/// The logged-in user, or `None`. Sessions past the absolute timeout are ended here.
pub async fn optional_user() -> Result<Option<UserView>, AppError> {
    user_from_session(&session().await?).await
}

/// The session's user, for handlers outside server functions too (file downloads, uploads).
/// The store loaded the user with the session (`session_store::USER`) if the account may
/// still use it.
pub async fn user_from_session(session: &Session) -> Result<Option<UserView>, AppError> {
    let uid: Option<i64> = session.get(USER_ID).await.map_err(session_error)?;
    if uid.is_none() {
        return Ok(None);
    }
    let login_at: i64 = session
        .get(LOGIN_AT)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    let now = Utc::now().timestamp();
    if now - login_at > ABSOLUTE_TIMEOUT_SECS {
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    }
    let seen_at: i64 = session
        .get(SEEN_AT)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    if now - seen_at >= SEEN_EVERY_SECS {
        session.insert(SEEN_AT, now).await.map_err(session_error)?;
    }
    let user: Option<UserView> = session
        .get(session_store::USER)
        .await
        .map_err(session_error)?;
    if user.is_none() {
        // Ended by a reset or a password change (or the account is gone): this cookie is done.
        session.flush().await.map_err(session_error)?;
    }
    Ok(user)
}

/// The logged-in user, or 401.
pub async fn current_user() -> Result<UserView, AppError> {
    optional_user().await?.ok_or(AppError::Unauthorized)
}

/// A session-store failure. The sessions live in Postgres, so this is the database out of reach
/// (restarting, failing over): the client is told to try again (503), as for any query then.
pub fn session_error(err: tower_sessions::session::Error) -> AppError {
    tracing::warn!(error = %err, "session store unavailable: answering busy");
    AppError::Busy {
        retry_after_secs: crate::error::BUSY_RETRY_SECS,
    }
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when trusted.
pub fn client_ip() -> Option<IpAddr> {
    let parts = parts()?;
    let trust = server_ctx().map(|c| c.trust_forwarded).unwrap_or(false);
    if trust {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
}

/// The value of the request's cookie `name`.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = parts()?;
    let header = parts.headers.get(header::COOKIE)?.to_str().ok()?;
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// The language the request asks for through its `lang` cookie.
pub fn request_locale() -> Locale {
    parts().map(|p| locale_of(&p.headers)).unwrap_or_default()
}

/// The language `headers` ask for through the `lang` cookie (server functions, file routes and
/// the refusals of the middleware all read it here).
pub fn locale_of(headers: &axum::http::HeaderMap) -> Locale {
    headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_cookie_header)
        .unwrap_or_default()
}
