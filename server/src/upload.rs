//! The one way an import file arrives (the multipart field `file`) and the one way a refused
//! one goes back: a browser to its page with the reason in the URL (the page shows it beside
//! the form, JavaScript or not), a script a 422 naming the field.
use crate::files::refuse;
use crate::hour_files::{back_to_form, wants_html};
use app::error::{AppError, FieldProblem};
use app::sheet::MAX_FILE_BYTES;
use axum::extract::Multipart;
use axum::http::HeaderMap;
use axum::response::Response;

/// The uploaded file's name and bytes. No file, an empty one, or a body that breaks off (too
/// large) is a field error on `file`.
pub async fn file_field(form: &mut Multipart) -> Result<(String, Vec<u8>), AppError> {
    let mut file = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(|_| too_large())?;
                file = Some((name, bytes.to_vec()));
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return Err(too_large()),
        }
    }
    file.filter(|(_, bytes)| !bytes.is_empty())
        .ok_or_else(|| AppError::field("file", FieldProblem::Required))
}

fn too_large() -> AppError {
    AppError::field(
        "file",
        FieldProblem::FileTooLarge {
            max_mb: (MAX_FILE_BYTES / (1024 * 1024)) as i64,
        },
    )
}

/// A refused import: back to `page` with the reason (a browser), or the error itself.
pub fn refused(err: AppError, page: &str, headers: &HeaderMap) -> Response {
    if wants_html(headers) {
        back_to_form(page, &err, &[])
    } else {
        refuse(err, headers)
    }
}
