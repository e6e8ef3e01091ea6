//! Promotions and enrolments from an .xlsx or .csv file: every row checked into a stored
//! preview, written on confirm in one transaction (rows in file order, so a file may promote a
//! teacher twice up the ladder), already recorded rows skipped.
use super::caller::Caller;
use super::ctx::today;
use super::db;
use super::import_file;
use super::ladder::{check_enrolment, check_promotion, insert_enrolment, insert_promotion};
use super::policy;
use super::staging::{self, Own, Staged};
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
    let tx = sqlx::Acquire::begin(&mut *conn).await?;
    staging::store(
        tx,
        Staged::Growth,
        user.id,
        file_name,
        &rows,
        Own::Kind(kind),
    )
    .await
}

async fn load(c: &Caller, id: i64) -> Result<GrowthImportView, AppError> {
    policy::center_staff(&c.user)?;
    let batch = staging::load(c.pool(), Staged::Growth, id, c.user.id).await?;
    Ok(GrowthImportView {
        id,
        kind: batch.kind.unwrap_or_default(),
        file_name: batch.source,
        applied: batch.applied,
        rows: batch.rows,
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
    staging::lock_open(&mut tx, Staged::Growth, id).await?;
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
    staging::mark_applied(&mut tx, Staged::Growth, id).await?;
    db::audit::commit(tx, user.id, "apply_import", "growth_import", id).await?;
    Ok(outcome)
}
