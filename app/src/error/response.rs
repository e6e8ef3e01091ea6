//! How a server function's result reaches the client: an error's HTTP status (and
//! `Retry-After`); for a plain form post (the pages post plain HTML forms), a redirect back to
//! the form's page that says which form (`form=`), what failed (`error=`, `fields=`) or that it
//! worked (`done=`, with a short output in `out=`). Server-only.
use super::AppError;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method, StatusCode};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use serde::Serialize;

/// The query keys this module writes; a redirect drops the old ones and keeps the page's own.
const RESULT_KEYS: [&str; 5] = ["form", "error", "fields", "done", "out"];
/// An output longer than this (as JSON) is not put in the URL: the page just says it worked.
const MAX_OUT: usize = 600;

/// Finishes a server function. An error gets its status, or the plain form its redirect with
/// the error; a plain form that worked goes back to its page saying so, unless the function
/// already sent it somewhere.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    finish(result, |_| None)
}

/// As [`respond`], and a plain form's page also gets the output (`out=`, JSON) to show: for
/// counts and ids only, never for anything secret (a URL lands in history and logs).
pub fn respond_with_outcome<T: Serialize>(result: Result<T, AppError>) -> Result<T, AppError> {
    finish(result, |out| {
        serde_json::to_string(out)
            .ok()
            .filter(|json| json.len() <= MAX_OUT)
    })
}

fn finish<T>(
    result: Result<T, AppError>,
    outcome: impl FnOnce(&T) -> Option<String>,
) -> Result<T, AppError> {
    match &result {
        Err(err) => report(err),
        Ok(out) => {
            if let Some((back, form)) = plain_form_post() {
                if !location_set() {
                    leptos_axum::redirect(&done_url(&back, &form, outcome(out).as_deref()));
                }
            }
        }
    }
    result
}

/// The request is a server function posted as a plain HTML form (its answer is a redirect).
pub fn is_plain_form_post() -> bool {
    plain_form_post().is_some()
}

/// Sets the response for `err`: its status (and `Retry-After`), or the redirect of a plain form.
pub fn report(err: &AppError) {
    if let Some((back, form)) = plain_form_post() {
        leptos_axum::redirect(&error_url(&back, &form, err));
    } else if let Some(opts) = use_context::<ResponseOptions>() {
        opts.set_status(StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::BAD_REQUEST));
        if let AppError::TooManyAttempts { retry_after_secs }
        | AppError::Busy { retry_after_secs } = err
        {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                opts.insert_header(header::RETRY_AFTER, v);
            }
        }
    }
}

fn location_set() -> bool {
    use_context::<ResponseOptions>().is_some_and(|o| {
        o.0.read()
            .map(|p| p.headers.contains_key(header::LOCATION))
            .unwrap_or(false)
    })
}

/// `page` without the results of an earlier post, then `extra`.
fn page_with(page: &str, extra: &[(&str, &str)]) -> String {
    let page = page.split('#').next().unwrap_or("/");
    let (path, query) = page.split_once('?').unwrap_or((page, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| !RESULT_KEYS.contains(&p.split('=').next().unwrap_or("")))
        .map(str::to_string)
        .collect();
    pairs.extend(
        extra
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::domain::text::url_component(v))),
    );
    if pairs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

/// The page again, saying which form failed and why; for invalid input each field's problem
/// (as `components::form_result` reads them).
pub fn error_url(page: &str, form: &str, err: &AppError) -> String {
    let code = err.code();
    let fields = match err {
        AppError::Invalid(fields) if !fields.is_empty() => fields
            .iter()
            .map(|f| f.to_code())
            .collect::<Vec<_>>()
            .join(","),
        _ => String::new(),
    };
    let mut extra = vec![("form", form), ("error", code)];
    if !fields.is_empty() {
        extra.push(("fields", fields.as_str()));
    }
    page_with(page, &extra)
}

/// The page again, saying which form worked (and its output, when short).
fn done_url(page: &str, form: &str, out: Option<&str>) -> String {
    let mut extra = vec![("done", form)];
    if let Some(out) = out {
        extra.push(("out", out));
    }
    page_with(page, &extra)
}

/// For a server function posted as a plain HTML form (it accepts HTML), the page it came from
/// and the function's endpoint (`log_session` for `/api/log_session`). The form guard, which
/// refuses a form before it is decoded, answers the same way.
pub fn plain_form_of(parts: &Parts) -> Option<(String, String)> {
    let form = parts.uri.path().strip_prefix("/api/")?;
    if parts.method != Method::POST {
        return None;
    }
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
    (path.starts_with('/') && !path.starts_with("//")).then(|| (path.to_string(), form.to_string()))
}

fn plain_form_post() -> Option<(String, String)> {
    plain_form_of(&use_context::<Parts>()?)
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
    use super::{done_url, error_url};
    use crate::error::{AppError, FieldProblem};

    #[test]
    fn an_error_replaces_the_last_result_and_keeps_the_pages_own_query() {
        assert_eq!(
            error_url(
                "/login?form=login&error=x",
                "login",
                &AppError::TooManyAttempts {
                    retry_after_secs: 60
                }
            ),
            "/login?form=login&error=too_many"
        );
        assert_eq!(
            error_url(
                "/mentoring/log?pairing=5&done=log_session&out=1",
                "log_session",
                &AppError::Internal
            ),
            "/mentoring/log?pairing=5&form=log_session&error=internal"
        );
    }

    #[test]
    fn invalid_input_names_each_field_and_its_problem() {
        let err = AppError::field("new_password", FieldProblem::CommonPassword);
        assert_eq!(
            error_url("/account/password?form=change_password&error=invalid#x", "change_password", &err),
            "/account/password?form=change_password&error=invalid&fields=new_password.common_password"
        );
    }

    #[test]
    fn success_says_which_form_worked_and_drops_the_old_error() {
        assert_eq!(
            done_url(
                "/roster/7?form=update_teacher&error=invalid&fields=a.required",
                "update_teacher",
                Some("3")
            ),
            "/roster/7?done=update_teacher&out=3"
        );
        assert_eq!(
            done_url("/pairings?school=2", "end_pairing", None),
            "/pairings?school=2&done=end_pairing"
        );
    }
}
