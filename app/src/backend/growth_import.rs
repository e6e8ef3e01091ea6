//! Promotions and enrolments from an .xlsx or .csv file: every row checked into a stored
//! preview, written on confirm in one transaction (rows in file order, so a file may promote a
//! teacher twice up the ladder), already recorded rows skipped.
use super::caller::Caller;
use super::ctx::today;
use super::db;
use super::import_file;
use super::ladder::{check_enrolment, check_promotion, insert_enrolment, insert_promotion};
use super::policy;
use crate::error::{AppError, FieldError, FieldProblem};
use crate::sheet::Limits;
use crate::views::ladder::{GrowthImportRow, GrowthImportView};
use crate::views::pairings::{ImportOutcome, RowStatus};
use sqlx::PgConnection;

/// Columns of the two templates.
pub const PROMOTION_COLUMNS: [&str; 4] = ["工号 staff no.", "梯队 tier", "日期 date", "备注 note"];
pub const ENROLMENT_COLUMNS: [&str; 4] = [
    "工号 staff no.",
    "项目 programme",
    "开始日期 start",
    "阶段 stage",
];

/// The level named in a row: its name, English name or rank.
async fn level_id(db: &mut PgConnection, target: &str) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM tier_levels WHERE active AND (name = $1 OR lower(name_en) = lower($1) OR rank::text = $1)",
    )
    .bind(target.trim())
    .fetch_optional(db)
    .await
}

/// The row's status, and whether it was written (when `write`).
async fn check_row(
    db: &mut PgConnection,
    kind: &str,
    row: &GrowthImportRow,
    write: Option<i64>,
) -> Result<RowStatus, AppError> {
    let today = today();
    let checked: Result<(), Vec<FieldError>> = if kind == "promotions" {
        match level_id(db, &row.target).await? {
            None => Err(vec![FieldError {
                field: "level_id".into(),
                problem: FieldProblem::Invalid,
            }]),
            Some(_) if row.stage.chars().count() > 500 => Err(vec![FieldError {
                field: "note".into(),
                problem: FieldProblem::TooLong { max: 500 },
            }]),
            Some(level) => {
                match check_promotion(db, &row.staff_no, level, &row.date, today).await {
                    Ok(p) => {
                        if let Some(by) = write {
                            let note = (!row.stage.is_empty()).then_some(row.stage.as_str());
                            insert_promotion(db, &p, note, by).await?;
                        }
                        Ok(())
                    }
                    Err(AppError::Invalid(e)) => Err(e),
                    Err(other) => return Err(other),
                }
            }
        }
    } else {
        match check_enrolment(db, &row.staff_no, &row.target, &row.stage, &row.date, today).await {
            Ok(e) => {
                if write.is_some() {
                    insert_enrolment(db, &e).await?;
                }
                Ok(())
            }
            Err(AppError::Invalid(e)) => Err(e),
            Err(other) => return Err(other),
        }
    };
    Ok(match checked {
        Ok(()) => RowStatus::Ready,
        Err(errors) => {
            let e = errors.into_iter().next().unwrap_or(FieldError {
                field: "file".into(),
                problem: FieldProblem::Invalid,
            });
            RowStatus::Problem {
                field: e.field,
                problem: e.problem,
            }
        }
    })
}

pub async fn stage(c: &Caller, kind: &str, file_name: &str, bytes: &[u8]) -> Result<i64, AppError> {
    let (pool, user) = (c.pool(), &c.user);
    policy::center_staff(user)?;
    if kind != "promotions" && kind != "enrolments" {
        return Err(AppError::field("kind", FieldProblem::Invalid));
    }
    let mut rows = Vec::new();
    for (i, (line, cells)) in import_file::read(file_name, bytes, Limits::LIST)
        .await?
        .into_iter()
        .enumerate()
    {
        let cell = |n: usize| {
            cells
                .get(n)
                .map(|s| crate::domain::text::printable(s))
                .unwrap_or_default()
        };
        if cells.iter().all(|c| c.trim().is_empty())
            || (i == 0 && !cell(0).chars().any(|c| c.is_ascii_digit()))
        {
            continue;
        }
        rows.push(GrowthImportRow {
            line,
            staff_no: cell(0),
            target: cell(1),
            date: cell(2),
            stage: cell(3),
            status: RowStatus::Ready,
        });
    }
    if rows.len() > 5000 {
        return Err(AppError::field("file", FieldProblem::TooLong { max: 5000 }));
    }
    let mut conn = pool.acquire().await?;
    for row in &mut rows {
        row.status = check_row(&mut conn, kind, row, None).await?;
    }
    let json = serde_json::to_value(&rows).map_err(|_| AppError::Internal)?;
    let name: String = crate::domain::text::printable(file_name)
        .chars()
        .take(200)
        .collect();
    let mut tx = sqlx::Acquire::begin(&mut *conn).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO growth_imports (kind, created_by, file_name, rows) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(kind)
    .bind(user.id)
    .bind(if name.is_empty() { "upload".to_string() } else { name })
    .bind(json)
    .fetch_one(&mut *tx)
    .await?;
    db::audit::commit(tx, user.id, "stage_import", "growth_import", id).await?;
    Ok(id)
}

async fn load(c: &Caller, id: i64) -> Result<GrowthImportView, AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let row: Option<(String, String, bool, serde_json::Value)> = sqlx::query_as(
        "SELECT kind, file_name, applied_at IS NOT NULL, rows FROM growth_imports WHERE id = $1 AND created_by = $2",
    )
    .bind(id)
    .bind(user.id)
    .fetch_optional(c.pool())
    .await?;
    let (kind, file_name, applied, rows) = row.ok_or(AppError::NotFound)?;
    Ok(GrowthImportView {
        id,
        kind,
        file_name,
        applied,
        rows: serde_json::from_value(rows).map_err(|_| AppError::Internal)?,
    })
}

pub async fn preview(c: &Caller, id: i64) -> Result<GrowthImportView, AppError> {
    load(c, id).await
}

pub async fn apply(c: &Caller, id: i64) -> Result<ImportOutcome, AppError> {
    let user = &c.user;
    let view = load(c, id).await?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let applied: Option<bool> = sqlx::query_scalar(
        "SELECT applied_at IS NOT NULL FROM growth_imports WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if applied != Some(false) {
        return Err(AppError::Locked);
    }
    let mut outcome = ImportOutcome {
        created: 0,
        skipped: 0,
        failed: 0,
    };
    for row in &view.rows {
        match check_row(&mut tx, &view.kind, row, Some(user.id)).await? {
            RowStatus::Ready => outcome.created += 1,
            RowStatus::Problem {
                problem: FieldProblem::AlreadyExists,
                ..
            } => outcome.skipped += 1,
            _ => outcome.failed += 1,
        }
    }
    sqlx::query("UPDATE growth_imports SET applied_at = now() WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    db::audit::commit(tx, user.id, "apply_import", "growth_import", id).await?;
    Ok(outcome)
}
