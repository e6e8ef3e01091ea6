//! Evidence files for claims and achievements: checked by content and size, stored with their
//! SHA-256 beside the record they prove, in the record's transaction.
pub use super::db::evidence::Owner;
use crate::domain::claims::{check_evidence, MAX_EVIDENCE_FILES};
use crate::error::{FieldError, FieldProblem};
use sha2::{Digest, Sha256};
use sqlx::PgConnection;

/// An uploaded file.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Checks every file (at least `min`, at most the limit; each a PDF/JPEG/PNG ≤10 MB), adding
/// each problem to `errors`; returns the good ones with their content type.
pub fn check<'a>(
    uploads: &'a [Upload],
    min: usize,
    errors: &mut Vec<FieldError>,
) -> Vec<(&'a Upload, &'static str)> {
    let mut problem = |problem| {
        errors.push(FieldError {
            field: "evidence".into(),
            problem,
        })
    };
    if uploads.len() < min {
        problem(FieldProblem::Required);
    }
    if uploads.len() > MAX_EVIDENCE_FILES {
        problem(FieldProblem::OutOfRange {
            min: min as i64,
            max: MAX_EVIDENCE_FILES as i64,
        });
    }
    let mut files = Vec::new();
    for upload in uploads {
        match check_evidence(&upload.bytes) {
            Ok(content_type) => files.push((upload, content_type)),
            Err(p) => problem(p),
        }
    }
    files
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores checked files for record `id`.
pub async fn store(
    tx: &mut PgConnection,
    owner: Owner,
    id: i64,
    files: &[(&Upload, &'static str)],
) -> Result<(), sqlx::Error> {
    let (table, key) = owner.table();
    for (upload, content_type) in files {
        let name: String = crate::domain::text::printable(&upload.file_name)
            .chars()
            .take(200)
            .collect();
        sqlx::query(&format!(
            "INSERT INTO {table} ({key}, file_name, content_type, size_bytes, sha256, data)
             VALUES ($1, $2, $3, $4, $5, $6)"
        ))
        .bind(id)
        .bind(if name.is_empty() {
            "evidence".into()
        } else {
            name
        })
        .bind(*content_type)
        .bind(upload.bytes.len() as i32)
        .bind(hex(&Sha256::digest(&upload.bytes)))
        .bind(&upload.bytes)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
