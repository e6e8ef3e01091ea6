//! File routes for training hours: filing a claim with evidence (multipart, so it works as a
//! plain HTML form), reading an evidence file, a sign-in sheet upload, and the transcript.
use crate::files::{locale, refuse, signed_in, xlsx_response, FileRoute};
use app::domain::claims::{ClaimForm, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES};
use app::error::{AppError, FieldProblem};
use app::server::caller::Caller;
use app::server::{claims, events, evidence, hours, xlsx};
use axum::{
    extract::{DefaultBodyLimit, Multipart, Path, Query},
    http::{header, HeaderMap, Method},
    response::{IntoResponse, Redirect, Response},
    routing::on,
    Json,
};
use std::collections::HashMap;

/// Room for every evidence file at its limit plus one over it, so an oversized file gets a
/// clear answer instead of a cut connection.
pub const EVIDENCE_FORM_LIMIT: usize = (MAX_EVIDENCE_FILES + 2) * MAX_EVIDENCE_BYTES;

pub const ROUTES: &[FileRoute] = &[
    FileRoute {
        method: Method::POST,
        path: "/hours/claims",
        handler: |m| on(m, file_claim).layer(DefaultBodyLimit::max(EVIDENCE_FORM_LIMIT)),
    },
    FileRoute {
        method: Method::GET,
        path: "/hours/evidence/{id}",
        handler: |m| on(m, evidence),
    },
    FileRoute {
        method: Method::GET,
        path: "/hours/transcript.xlsx",
        handler: |m| on(m, transcript),
    },
    FileRoute {
        method: Method::POST,
        path: "/events/{id}/award",
        handler: |m| on(m, award_sheet),
    },
];

/// A browser form expects a page back; anything else (a script, a test) gets status and JSON.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

fn query_escape(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn file_claim(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let c = match signed_in(caller, &headers) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let (fields, uploads) = match read_form(form).await {
        Ok(f) => f,
        Err(err) => return refuse(err, &headers),
    };
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let claim = ClaimForm {
        title: get("title"),
        organizer: get("organizer"),
        level: get("level"),
        category: get("category"),
        starts_on: get("starts_on"),
        ends_on: get("ends_on"),
        hours: get("hours"),
        note: get("note"),
    };
    match claims::file(&c, &claim, &uploads).await {
        Ok(id) if wants_html(&headers) => {
            Redirect::to(&format!("/hours?filed={id}")).into_response()
        }
        Ok(id) => Json(serde_json::json!({ "id": id })).into_response(),
        Err(err) if wants_html(&headers) => back_to_form(
            "/hours/claim",
            &err,
            &[
                ("title", &claim.title),
                ("organizer", &claim.organizer),
                ("level", &claim.level),
                ("category", &claim.category),
                ("starts_on", &claim.starts_on),
                ("ends_on", &claim.ends_on),
                ("hours", &claim.hours),
                ("note", &claim.note),
            ],
        ),
        Err(err) => refuse(err, &headers),
    }
}

async fn evidence(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let result = async {
        let c = caller?;
        claims::evidence(&c, id).await
    }
    .await;
    match result {
        Ok(file) => file_response(file),
        Err(err) => refuse(err, &headers),
    }
}

async fn transcript(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let result = async {
        let c = caller?;
        let teacher = match q.get("teacher").filter(|t| !t.is_empty()) {
            Some(t) => Some(t.parse::<i64>().map_err(|_| AppError::NotFound)?),
            None => None,
        };
        let view = hours::view(&c, teacher).await?;
        let bytes = xlsx::transcript(&view, locale(&headers)).map_err(|err| {
            tracing::error!(error = %err, "transcript");
            AppError::Internal
        })?;
        Ok::<_, AppError>((view.staff_no, bytes))
    }
    .await;
    match result {
        Ok((staff_no, bytes)) => xlsx_response(bytes, &format!("transcript-{staff_no}.xlsx")),
        Err(err) => refuse(err, &headers),
    }
}

/// A sign-in sheet for an event: stored as a preview, then the browser goes to it.
async fn award_sheet(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Path(event_id): Path<i64>,
    mut form: Multipart,
) -> Response {
    let c = match signed_in(caller, &headers) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let staged = match crate::upload::file_field(&mut form).await {
        Ok((name, bytes)) => events::stage_file(&c, event_id, &name, &bytes).await,
        Err(err) => Err(err),
    };
    match staged {
        Ok(id) => Redirect::to(&format!("/events/award/{id}")).into_response(),
        Err(err) => crate::upload::refused(err, &format!("/events/{event_id}"), &headers),
    }
}

/// The text fields and the evidence files of a multipart form. A file input left empty still
/// sends a part with no name and no bytes: skipped.
pub async fn read_form(
    mut form: Multipart,
) -> Result<(HashMap<String, String>, Vec<evidence::Upload>), AppError> {
    let too_large = || AppError::field("evidence", FieldProblem::FileTooLarge { max_mb: 10 });
    let mut fields = HashMap::new();
    let mut uploads = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => {
                tracing::info!(error = %err, "upload cut short");
                return Err(too_large());
            }
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "evidence" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(|_| too_large())?;
            if !(file_name.is_empty() && bytes.is_empty()) {
                uploads.push(evidence::Upload {
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
        } else if let Ok(text) = field.text().await {
            fields.insert(name, text);
        }
    }
    Ok((fields, uploads))
}

/// Back to a plain form with the problems and what was typed (files must be chosen again).
pub fn back_to_form(path: &str, err: &AppError, typed: &[(&str, &String)]) -> Response {
    let AppError::Invalid(errors) = err else {
        return Redirect::to(&format!("{path}?error={}", err.code())).into_response();
    };
    let codes: Vec<String> = errors.iter().map(|e| e.to_code()).collect();
    let mut url = format!(
        "{path}?error=invalid&fields={}",
        query_escape(&codes.join(","))
    );
    for (k, v) in typed {
        let v: String = v.chars().take(300).collect();
        url.push_str(&format!("&{k}={}", query_escape(&v)));
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
                format!("inline; filename*=UTF-8''{}", query_escape(&name)),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        data,
    )
        .into_response()
}
