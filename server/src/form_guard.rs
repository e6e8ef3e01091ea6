//! Checks a server function's form before its arguments are decoded, so input the decoder
//! would refuse without saying where (or the database would refuse with a 500) comes back as
//! field errors naming the field: a body over [`MAX_FORM_BYTES`] (the field being read when
//! the limit was reached is named, "too long"), bytes that are not UTF-8, control characters
//! (a NUL byte) in any field, and ids (`id`, `…_id`, and the few other whole-number
//! arguments in `NUMBER_FIELDS`) that are not whole numbers. Everything else is left to the
//! domain's own checks.
use app::error::{AppError, FieldError, FieldProblem};
use axum::{
    body::{Body, Bytes, HttpBody},
    extract::Request,
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

/// The largest form a server function reads: every text field of every form fits many times
/// over (the largest, a pasted attendee list, is refused by its own check above 1 MiB).
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The length reported for a field that did not fit (characters of the pasted list's limit).
const TOO_LONG_MAX: i64 = 1_000_000;

pub async fn check_api_form(req: Request, next: Next) -> Response {
    let is_form = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(req).await;
    }
    let (parts, mut body) = req.into_parts();
    let mut bytes = Vec::new();
    loop {
        match std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await {
            None => break,
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    bytes.extend_from_slice(&data);
                }
                if bytes.len() > MAX_FORM_BYTES {
                    let field = last_key(&bytes);
                    let err = AppError::field(&field, FieldProblem::TooLong { max: TOO_LONG_MAX });
                    return refuse(&parts, err);
                }
            }
            Some(Err(_)) => return (StatusCode::BAD_REQUEST, "").into_response(),
        }
    }
    let errors = problems(parts.uri.path(), &bytes);
    if !errors.is_empty() {
        return refuse(&parts, AppError::Invalid(errors));
    }
    next.run(Request::from_parts(parts, Body::from(Bytes::from(bytes))))
        .await
}

/// The field name as the domain knows it: `input[pairing_id]` → `pairing_id`.
fn leaf(key: &str) -> String {
    key.trim_end_matches(']')
        .rsplit('[')
        .next()
        .unwrap_or(key)
        .to_string()
}

/// The key of the last (unfinished) pair of a cut-off form.
fn last_key(bytes: &[u8]) -> String {
    let last = bytes.rsplit(|b| *b == b'&').next().unwrap_or_default();
    let key = last.split(|b| *b == b'=').next().unwrap_or_default();
    match decode(key) {
        Some(k) if !k.is_empty() && k.len() <= 100 => leaf(&k),
        _ => "body".into(),
    }
}

/// `%XX` and `+` decoded; `None` when the result is not UTF-8.
fn decode(raw: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < raw.len() => {
                let hex = std::str::from_utf8(&raw[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Every field's problem, one per field, in a form posted to `path`.
fn problems(path: &str, bytes: &[u8]) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = Vec::new();
    for pair in bytes.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let mut kv = pair.splitn(2, |b| *b == b'=');
        let key = decode(kv.next().unwrap_or_default()).unwrap_or_default();
        let field = leaf(&key);
        let problem = match decode(kv.next().unwrap_or_default()) {
            None => Some(FieldProblem::Invalid),
            Some(v)
                if v.chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) =>
            {
                Some(FieldProblem::BadCharacter)
            }
            Some(v)
                if is_number(path, &field)
                    && !v.trim().is_empty()
                    && !id_fits(path, &field, v.trim()) =>
            {
                Some(FieldProblem::Invalid)
            }
            Some(_) => None,
        };
        if let Some(problem) = problem {
            if !errors.iter().any(|e| e.field == field) {
                errors.push(FieldError { field, problem });
            }
        }
    }
    errors
}

fn is_id(field: &str) -> bool {
    field == "id" || field.ends_with("_id")
}

/// Whole-number arguments not named as ids: (server function, field), 32-bit.
const NUMBER_FIELDS: &[(&str, &str)] = &[("/api/close_year", "year")];

fn is_number(path: &str, field: &str) -> bool {
    is_id(field) || NUMBER_FIELDS.contains(&(path, field))
}

/// Server functions whose `id` is a school's (32-bit).
const SCHOOL_ID_PATHS: &[&str] = &["/api/save_school", "/api/set_school_active"];

/// Ladder levels, programmes and schools have 32-bit ids; everything else 64-bit.
fn id_fits(path: &str, field: &str, value: &str) -> bool {
    if field == "level_id"
        || field == "programme_id"
        || (field == "id" && SCHOOL_ID_PATHS.contains(&path))
        || NUMBER_FIELDS.contains(&(path, field))
    {
        value.parse::<i32>().is_ok()
    } else {
        value.parse::<i64>().is_ok()
    }
}

/// 422 with the error as the server functions send it; a plain form post (no JavaScript)
/// goes back to its page naming the form and each field's problem, as `app::error::report`
/// does.
fn refuse(parts: &axum::http::request::Parts, err: AppError) -> Response {
    if let Some((page, form)) = app::error::plain_form_of(parts) {
        return Redirect::to(&app::error::error_url(&page, &form, &err)).into_response();
    }
    let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::to_string(&err).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(form: &str) -> Vec<(String, FieldProblem)> {
        problems("/api/any", form.as_bytes())
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_malformed_id_is_named() {
        assert_eq!(
            fields("id=abc&reason=x"),
            vec![("id".into(), FieldProblem::Invalid)]
        );
        assert_eq!(
            fields("input[pairing_id]=1e3&input[kind]=talk"),
            vec![("pairing_id".into(), FieldProblem::Invalid)]
        );
        assert_eq!(
            fields("level_id=99999999999"),
            vec![("level_id".into(), FieldProblem::Invalid)]
        );
        assert!(fields("id=42&input[pairing_id]=-7&teacher_id=").is_empty());
    }

    #[test]
    fn a_school_id_is_a_32_bit_number() {
        let school = |form: &str| {
            problems("/api/set_school_active", form.as_bytes())
                .into_iter()
                .map(|e| (e.field, e.problem))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            school("id=3000000000"),
            vec![("id".into(), FieldProblem::Invalid)]
        );
        assert!(school("id=2000000000&active=on").is_empty());
        assert!(fields("id=3000000000").is_empty());
    }

    #[test]
    fn a_nul_byte_or_bad_utf8_is_named() {
        assert_eq!(
            fields("title=a%00b&note=ok"),
            vec![("title".into(), FieldProblem::BadCharacter)]
        );
        assert_eq!(
            fields("form%5Borganizer%5D=%FF%FE"),
            vec![("organizer".into(), FieldProblem::Invalid)]
        );
        assert!(fields("notes=line%0Aline%09tab&x=%25").is_empty());
    }

    #[test]
    fn the_field_being_read_at_the_limit_is_named() {
        assert_eq!(last_key(b"id=1&input%5Bnotes%5D=aaaa"), "notes");
        assert_eq!(last_key(b"aaaaaaa"), "aaaaaaa");
    }
}
