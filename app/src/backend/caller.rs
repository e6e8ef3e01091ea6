//! The one request context: who is asking, the shared state, their language and today's date.
//! A server function builds it with `Caller::signed_in()`, a file route takes it as an axum
//! extractor; the area functions take `&Caller` and read nothing else from the request.
use super::ctx::{self, ServerCtx};
use super::throttle;
use crate::error::{report, AppError};
use crate::i18n::Locale;
use crate::views::auth::UserView;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::NaiveDate;
use sqlx::PgPool;
use tower_sessions::Session;

#[derive(Clone)]
pub struct Caller {
    pub user: UserView,
    pub state: ServerCtx,
    pub locale: Locale,
    /// Today in Asia/Shanghai, read once per request so one answer never straddles midnight.
    pub today: NaiveDate,
}

impl Caller {
    /// The logged-in user of this server function's request. A refusal (401, or 503 when the
    /// session store is out of reach) is already set as the response when this returns it.
    /// A user who signed in with a one-time password is refused (403) until they choose a
    /// password: see [`Caller::choosing_password`].
    pub async fn signed_in() -> Result<Caller, AppError> {
        let caller = Self::choosing_password().await?;
        if caller.user.must_change_password {
            report(&AppError::PasswordChange);
            return Err(AppError::PasswordChange);
        }
        Ok(caller)
    }

    /// The logged-in user, whether or not they must still replace a one-time password: for
    /// the password change itself.
    pub async fn choosing_password() -> Result<Caller, AppError> {
        let caller = async {
            Ok(Caller {
                state: ctx::server_ctx()?,
                user: ctx::current_user().await?,
                locale: ctx::request_locale(),
                today: ctx::today(),
            })
        }
        .await;
        if let Err(err) = &caller {
            report(err);
        }
        caller
    }

    /// A caller outside any request (benchmarks, database tests): `user` on `pool`, with no
    /// standby, in Chinese.
    pub fn direct(pool: PgPool, user: UserView, today: NaiveDate) -> Caller {
        Caller {
            user,
            state: ServerCtx {
                pool,
                login_limits: throttle::Limits::STANDARD,
                secure_cookies: false,
                trust_forwarded: false,
                replica: None,
                sessions: Default::default(),
            },
            locale: Locale::default(),
            today,
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.state.pool
    }
}

/// For the file routes (uploads, downloads): the same context from the request itself. Take it
/// as `Result<Caller, AppError>` to answer a refusal in the route's own way.
impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let state = parts
            .extensions
            .get::<ServerCtx>()
            .cloned()
            .ok_or_else(|| {
                tracing::error!("ServerCtx missing from the file routes' extensions");
                AppError::Internal
            })?;
        let session = Session::from_request_parts(parts, s)
            .await
            .map_err(|(_, err)| {
                tracing::error!(error = %err, "session layer missing");
                AppError::Internal
            })?;
        let user = ctx::user_from_session(&session)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if user.must_change_password {
            return Err(AppError::PasswordChange);
        }
        let locale = ctx::locale_of(&parts.headers);
        Ok(Caller {
            user,
            state,
            locale,
            today: ctx::today(),
        })
    }
}
