//! The answers every file route gives: a refusal in the user's language, a browser sent back to
//! its form with the reason and what it typed, a stored file or a spreadsheet to download.
use app::backend::caller::Caller;
use app::error::AppError;
use app::i18n::Locale;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::future::Future;

pub fn locale(headers: &HeaderMap) -> Locale {
    app::backend::ctx::locale_of(headers)
}

pub fn refuse(err: AppError, headers: &HeaderMap) -> Response {
    let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    let t = locale(headers).texts();
    // The message, then one line per field: `field: what is wrong with it`.
    let mut body = err.message(t);
    if let AppError::Invalid(errors) = &err {
        for e in errors {
            body.push_str(&format!(
                "\n{}: {}",
                e.field,
                app::error::problem_message(e.problem, t)
            ));
        }
    }
    let mut res = (status, body).into_response();
    if let AppError::Busy { retry_after_secs } = err {
        res.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(retry_after_secs),
        );
    }
    res
}

/// The signed-in caller, or the answer that refuses: a browser without a session goes to the
/// login page, anything else gets the status and the message.
pub fn signed_in(
    caller: Result<Caller, AppError>,
    headers: &HeaderMap,
) -> Result<Caller, Box<Response>> {
    match caller {
        Ok(c) => Ok(c),
        Err(AppError::Unauthorized) if wants_html(headers) => {
            Err(Box::new(Redirect::to("/login").into_response()))
        }
        Err(AppError::PasswordChange) if wants_html(headers) => Err(Box::new(
            Redirect::to(app::views::auth::PASSWORD_PAGE).into_response(),
        )),
        Err(err) => Err(Box::new(refuse(err, headers))),
    }
}

pub fn xlsx_response(bytes: Vec<u8>, file_name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            // Personal data: never kept by a shared cache or the browser's.
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// An export's answer: the workbook as `file_name`, or the refusal.
pub fn xlsx_or_refuse(
    book: Result<Vec<u8>, AppError>,
    file_name: &str,
    headers: &HeaderMap,
) -> Response {
    match book {
        Ok(bytes) => xlsx_response(bytes, file_name),
        Err(err) => refuse(err, headers),
    }
}

/// A browser form expects a page back; anything else (a script, a test) gets status and JSON.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Back to a plain form with the problems and what was typed (files must be chosen again).
pub fn back_to_form(path: &str, err: &AppError, typed: &[(&str, &String)]) -> Response {
    let AppError::Invalid(errors) = err else {
        return Redirect::to(&format!("{path}?error={}", err.code())).into_response();
    };
    let codes: Vec<String> = errors.iter().map(|e| e.to_code()).collect();
    let mut url = format!(
        "{path}?error=invalid&fields={}",
        app::domain::text::url_component(&codes.join(","))
    );
    for (k, v) in typed {
        let v: String = v.chars().take(300).collect();
        url.push_str(&format!("&{k}={}", app::domain::text::url_component(&v)));
    }
    Redirect::to(&url).into_response()
}

/// A stored file, shown inline, never cached by a shared cache.
pub fn file_response((name, content_type, data): (String, String, Vec<u8>)) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "inline; filename*=UTF-8''{}",
                    app::domain::text::url_component(&name)
                ),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        data,
    )
        .into_response()
}

/// A stored file (evidence) that `fetch` finds for the caller, or the refusal.
pub async fn download<Fut>(
    caller: Result<Caller, AppError>,
    headers: &HeaderMap,
    fetch: impl FnOnce(Caller) -> Fut,
) -> Response
where
    Fut: Future<Output = Result<(String, String, Vec<u8>), AppError>>,
{
    let file = match caller {
        Ok(c) => fetch(c).await,
        Err(err) => Err(err),
    };
    match file {
        Ok(file) => file_response(file),
        Err(err) => refuse(err, headers),
    }
}
