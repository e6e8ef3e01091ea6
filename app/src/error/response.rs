//! How a server function's error reaches the client: its HTTP status (and `Retry-After`), or
//! for a plain form post, a redirect back to the form with `?error=<code>`. Server-only.
use super::AppError;
use axum::http::request::Parts;
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
        if let Some(back) = plain_form_referer() {
            leptos_axum::redirect(&with_error(&back, err));
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

/// `path` with its query replaced by `error=code`, and for invalid input `fields=` with each
/// field's problem (as `QueryErrors` reads them), so a plain form says what is wrong where.
fn with_error(path: &str, err: &AppError) -> String {
    let base = path.split(['?', '#']).next().unwrap_or("/");
    let mut url = format!("{base}?error={}", err.code());
    if let AppError::Invalid(fields) = err {
        if !fields.is_empty() {
            let codes: Vec<String> = fields.iter().map(|f| f.to_code()).collect();
            url.push_str("&fields=");
            url.push_str(&crate::domain::text::url_component(&codes.join(",")));
        }
    }
    url
}

/// For a form posted without JavaScript (it accepts HTML), the path of the page it came from.
fn plain_form_referer() -> Option<String> {
    let parts = use_context::<Parts>()?;
    let accepts_html = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if !accepts_html {
        return None;
    }
    let referer = parts.headers.get(header::REFERER)?.to_str().ok()?;
    // Only ever send the browser back into this site: keep the path, drop scheme and host.
    let path = match referer.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => referer,
    };
    path.starts_with('/').then(|| path.to_string())
}

/// A refusal answered without the route's help: the status and the error's code.
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status_code())
            .unwrap_or(axum::http::StatusCode::BAD_REQUEST);
        (status, self.code()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::with_error;
    use crate::error::{AppError, FieldProblem};

    #[test]
    fn error_code_replaces_the_old_query() {
        assert_eq!(
            with_error(
                "/login?error=x",
                &AppError::TooManyAttempts {
                    retry_after_secs: 60
                }
            ),
            "/login?error=too_many"
        );
        assert_eq!(with_error("/", &AppError::Internal), "/?error=internal");
    }

    #[test]
    fn invalid_input_names_each_field_and_its_problem() {
        let err = AppError::field("new_password", FieldProblem::CommonPassword);
        assert_eq!(
            with_error("/account/password?error=invalid", &err),
            "/account/password?error=invalid&fields=new_password.common_password"
        );
    }
}
