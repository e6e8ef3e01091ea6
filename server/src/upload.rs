//! The two ways a file arrives. An import file comes as the multipart field `file`, and a refused
//! one goes back: a browser to its page with the reason in the URL (the page shows it beside
//! the form, JavaScript or not), a script a 422 naming the field. Evidence comes with a form
//! (a claim, an achievement) as the fields `evidence`, handled by `evidence_form`.
use crate::responses::{back_to_form, refuse, signed_in, wants_html};
use app::backend::{caller::Caller, evidence};
use app::domain::claims::{MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES};
use app::error::{AppError, FieldProblem};
use app::sheet::MAX_FILE_BYTES;
use axum::extract::Multipart;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use std::collections::HashMap;
use std::future::Future;

/// The uploaded file's name and bytes (a list import). No file, an empty one, or a body that
/// breaks off (too large) is a field error on `file`.
pub async fn file_field(form: &mut Multipart) -> Result<(String, Vec<u8>), AppError> {
    let (name, bytes, _) = file_with_fields(form, MAX_FILE_BYTES).await?;
    Ok((name, bytes))
}

/// [`file_field`] for a file of up to `max_bytes`, with the form's other fields as text.
pub async fn file_with_fields(
    form: &mut Multipart,
    max_bytes: usize,
) -> Result<(String, Vec<u8>, HashMap<String, String>), AppError> {
    let too_large = || {
        AppError::field(
            "file",
            FieldProblem::FileTooLarge {
                max_mb: (max_bytes / (1024 * 1024)) as i64,
            },
        )
    };
    let mut file = None;
    let mut fields = HashMap::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(|_| too_large())?;
                file = Some((name, bytes.to_vec()));
            }
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                if let Ok(text) = field.text().await {
                    fields.insert(name, text.chars().take(200).collect());
                }
            }
            Ok(None) => break,
            Err(_) => return Err(too_large()),
        }
    }
    let (name, bytes) = file
        .filter(|(_, bytes)| !bytes.is_empty())
        .ok_or_else(|| AppError::field("file", FieldProblem::Required))?;
    Ok((name, bytes, fields))
}

/// A refused import: back to `page` with the reason (a browser), or the error itself.
pub fn refused(err: AppError, page: &str, headers: &HeaderMap) -> Response {
    if wants_html(headers) {
        back_to_form(page, &err, &[])
    } else {
        refuse(err, headers)
    }
}

/// Room for every evidence file at its limit plus one over it, so an oversized file gets a
/// clear answer instead of a cut connection.
pub const EVIDENCE_FORM_LIMIT: usize = (MAX_EVIDENCE_FILES + 2) * MAX_EVIDENCE_BYTES;

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

/// The one flow of a form with evidence files: read its fields and files, `act` on them (it
/// returns the new record's id), then send a browser to `done(id)`, or back to `form_page` with
/// the reason and the values of the `typed` fields; a script gets `{"id": …}` or the refusal.
pub async fn evidence_form<Fut>(
    caller: Result<Caller, AppError>,
    headers: &HeaderMap,
    form: Multipart,
    form_page: &str,
    typed: &[&str],
    act: impl FnOnce(Caller, HashMap<String, String>, Vec<evidence::Upload>) -> Fut,
    done: impl FnOnce(i64) -> String,
) -> Response
where
    Fut: Future<Output = Result<i64, AppError>>,
{
    let c = match signed_in(caller, headers) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let (fields, uploads) = match read_form(form).await {
        Ok(f) => f,
        Err(err) => return refuse(err, headers),
    };
    let values: Vec<(&str, String)> = typed.iter().map(|k| (*k, field(&fields, k))).collect();
    match act(c, fields, uploads).await {
        Ok(id) if wants_html(headers) => Redirect::to(&done(id)).into_response(),
        Ok(id) => Json(serde_json::json!({ "id": id })).into_response(),
        Err(err) if wants_html(headers) => {
            let typed: Vec<(&str, &String)> = values.iter().map(|(k, v)| (*k, v)).collect();
            back_to_form(form_page, &err, &typed)
        }
        Err(err) => refuse(err, headers),
    }
}

/// A form field's value, empty when the form left it out.
pub fn field(fields: &HashMap<String, String>, name: &str) -> String {
    fields.get(name).cloned().unwrap_or_default()
}
