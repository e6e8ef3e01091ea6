//! Bulk pairing from an .xlsx or .csv file: read, check every row, store the preview; write the
//! ready rows only when the user confirms, all in one transaction.
use super::caller::Caller;
use super::db;
use super::import_file;
use super::pairings::check;
use super::policy;
use super::staging::{self, Own, Staged};
use crate::domain::pairing::{PairingForm, PairingRequest};
use crate::error::{AppError, FieldProblem};
use crate::sheet::{Limits, Rows};
use crate::views::auth::UserView;
use crate::views::pairings::{ImportOutcome, ImportPreview, ImportRow, RowStatus};
use sqlx::PgConnection;
use std::collections::HashMap;

/// Columns of the template, in order.
pub const COLUMNS: [&str; 4] = [
    "导师工号 mentor staff no.",
    "徒弟工号 mentee staff no.",
    "项目 programme",
    "开始日期 start date",
];

/// The pairing rows of a file's cells. A first row that does not hold a staff number is taken
/// as the header.
pub fn pairing_forms(cells: Rows) -> Vec<(i64, PairingForm)> {
    let mut rows = Vec::new();
    for (i, (line, row)) in cells.into_iter().enumerate() {
        let cell = |n: usize| {
            row.get(n)
                .map(|s| crate::domain::text::printable(s))
                .unwrap_or_default()
        };
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if i == 0 && !cell(0).chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        rows.push((
            line,
            PairingForm {
                mentor_staff_no: cell(0),
                mentee_staff_no: cell(1),
                programme: cell(2),
                started_on: cell(3),
                ended_on: String::new(),
                override_capacity: None,
            },
        ));
    }
    rows
}

/// Checks every row as the confirm step will, without writing pairings.
async fn check_rows(
    db: &mut PgConnection,
    user: &UserView,
    rows: Vec<(i64, PairingForm)>,
) -> Result<Vec<(ImportRow, Option<db::pairings::NewPairing>)>, AppError> {
    let schools = policy::managed_schools(user)?;
    let mut planned: HashMap<i64, i64> = HashMap::new();
    let mut seen_mentees: HashMap<(i64, i32), i64> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for (line, form) in rows {
        let problem = |field: &str, problem| RowStatus::Problem {
            field: field.into(),
            problem,
        };
        let (status, pairing) = match PairingRequest::parse(&form) {
            Err(AppError::Invalid(errors)) => {
                let e = &errors[0];
                (problem(&e.field, e.problem), None)
            }
            Err(_) => (problem("file", FieldProblem::Invalid), None),
            Ok(req) => match check(db, &req, user.id, &planned).await {
                Err(("", _)) => return Err(AppError::Internal),
                Err((field, p)) => (problem(field, p), None),
                Ok(c)
                    if !schools
                        .as_ref()
                        .is_none_or(|s| s.contains(&c.mentee_school)) =>
                {
                    (
                        problem("mentee_staff_no", FieldProblem::OutsideSchool),
                        None,
                    )
                }
                Ok(c) if c.exists => (RowStatus::AlreadyPaired, None),
                Ok(c) => {
                    let key = (c.pairing.mentee_id, c.pairing.programme_id);
                    if seen_mentees.insert(key, line).is_some() {
                        (
                            problem("mentee_staff_no", FieldProblem::AlreadyPaired),
                            None,
                        )
                    } else {
                        *planned.entry(c.pairing.mentor_id).or_insert(0) += 1;
                        (RowStatus::Ready, Some(c.pairing))
                    }
                }
            },
        };
        out.push((ImportRow { line, form, status }, pairing));
    }
    Ok(out)
}

/// Reads and checks the file, stores the preview and returns its id. Writes no pairing.
pub async fn stage(c: &Caller, file_name: &str, bytes: &[u8]) -> Result<i64, AppError> {
    let (pool, user) = (c.pool(), &c.user);
    policy::managed_schools(user)?;
    let rows = pairing_forms(import_file::read(file_name, bytes, Limits::LIST).await?);
    let mut conn = pool.acquire().await?;
    let checked: Vec<ImportRow> = check_rows(&mut conn, user, rows)
        .await?
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    let tx = sqlx::Acquire::begin(&mut *conn).await?;
    staging::store(
        tx,
        Staged::Pairings,
        user.id,
        file_name,
        &checked,
        Own::None,
    )
    .await
}

async fn load(c: &Caller, id: i64) -> Result<ImportPreview, AppError> {
    let batch = staging::load(c.pool(), Staged::Pairings, id, c.user.id).await?;
    Ok(ImportPreview {
        id,
        file_name: batch.source,
        applied: batch.applied,
        rows: batch.rows,
    })
}

/// The stored preview; only its uploader sees it.
pub async fn preview(c: &Caller, id: i64) -> Result<ImportPreview, AppError> {
    load(c, id).await
}

/// Re-checks the rows against today's data and writes the ready ones in one transaction.
/// Applying again, or re-importing the same file, finds them paired and skips them.
pub async fn apply(c: &Caller, id: i64) -> Result<ImportOutcome, AppError> {
    let user = &c.user;
    let preview = load(c, id).await?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let rows = preview.rows.into_iter().map(|r| (r.line, r.form)).collect();
    let checked = check_rows(&mut tx, user, rows).await?;
    let mut outcome = ImportOutcome {
        created: 0,
        skipped: 0,
        failed: 0,
    };
    for (row, pairing) in checked {
        match (row.status, pairing) {
            (RowStatus::Ready, Some(p)) => {
                db::pairings::insert(&mut tx, &p).await?;
                outcome.created += 1;
            }
            (RowStatus::AlreadyPaired, _) => outcome.skipped += 1,
            _ => outcome.failed += 1,
        }
    }
    staging::mark_applied(&mut tx, Staged::Pairings, id).await?;
    db::audit::commit(tx, user.id, "apply_import", "pairing_import", id).await?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_skip_the_header_and_blank_lines_and_keep_line_numbers() {
        let file = "\u{feff}导师工号,徒弟工号,项目,开始日期\nT1001,T2026001,mentoring,2026/9/1\n\n t1002 ,T2026002,mentoring,2026-09-02\n";
        let rows =
            pairing_forms(crate::sheet::read("pairs.csv", file.as_bytes(), Limits::LIST).unwrap());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.mentor_staff_no, "T1001");
        assert_eq!(rows[1].0, 4);
        assert_eq!(rows[1].1.mentor_staff_no, "t1002");
    }

    #[test]
    fn a_file_that_is_not_a_spreadsheet_is_a_field_error() {
        assert_eq!(
            crate::sheet::read("pairs.xlsx", b"not a zip", Limits::LIST).map_err(AppError::from),
            Err(AppError::field("file", FieldProblem::FileUnreadable))
        );
    }
}
