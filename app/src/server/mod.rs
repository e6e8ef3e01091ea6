//! Server-only code: request context, sessions, authorization rules and SQL.
pub mod auth;
pub mod authz;
pub mod claims;
pub mod ctx;
pub mod db;
pub mod dual;
pub mod events;
pub mod evidence;
pub mod goals;
pub mod growth;
pub mod growth_import;
pub mod home;
pub mod hours;
pub mod import_file;
pub mod ladder;
pub mod mentoring;
pub mod pairing_import;
pub mod pairings;
pub mod password;
pub mod prefs;
pub mod quotas;
pub mod replica;
pub mod rules;
pub mod standing;
pub mod stat_queries;
pub mod stats;
pub mod throttle;
pub mod xlsx;

use crate::error::AppError;
use axum::http::{header, HeaderValue, StatusCode};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// Finishes a server function: an error gets its HTTP status, or, for a plain form post (no
/// JavaScript), a redirect back to the form with `?error=<code>` so the page can say what failed.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        report(err);
    }
    result
}

/// Sets the response for `err`: its status (and `Retry-After`), or the redirect of a plain form.
pub fn report(err: &AppError) {
    {
        if let Some(back) = ctx::plain_form_referer() {
            leptos_axum::redirect(&with_error(&back, err.code()));
        } else if let Some(opts) = use_context::<ResponseOptions>() {
            opts.set_status(
                StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::BAD_REQUEST),
            );
            if let AppError::TooManyAttempts { retry_after_secs }
            | AppError::Busy { retry_after_secs } = err
            {
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    opts.insert_header(header::RETRY_AFTER, v);
                }
            }
        }
    }
}

/// `path` with its query replaced by `error=code`.
fn with_error(path: &str, code: &str) -> String {
    let base = path.split(['?', '#']).next().unwrap_or("/");
    format!("{base}?error={code}")
}

#[cfg(test)]
mod tests {
    use super::with_error;

    #[test]
    fn error_code_replaces_the_old_query() {
        assert_eq!(
            with_error("/login?error=x", "too_many"),
            "/login?error=too_many"
        );
        assert_eq!(with_error("/", "internal"), "/?error=internal");
    }
}
