//! The school list from .xlsx or .csv: each row new, changed (by its code) or unchanged, or
//! its problem; written on confirm in one transaction. Schools missing from the list are left
//! as they are (deactivating one is a decision, not an import's side effect).
use super::caller::Caller;
use super::columns::{col, keyed_rows, Column};
use super::import_file;
use super::policy;
use super::schools::parse;
use super::staging::{self, Own, Staged};
use crate::domain::roster::{problem_status, FieldChange, IntakeStatus};
use crate::error::AppError;
use crate::i18n::wording::code_of;
use crate::sheet::Limits;
use crate::views::roster::{IntakeCounts, SchoolForm, SchoolImportPreview, SchoolImportRow};
use sqlx::PgConnection;
use std::collections::HashMap;

pub const COLUMNS: [Column; 4] = [
    col("code", "学校代码 code", &["代码", "编号", "code"], true),
    col("area", "片区 area", &["片区", "区域", "area"], false),
    col("stage", "学段 stage", &["学段", "stage"], true),
    col(
        "name",
        "学校名称 name",
        &["名称", "学校", "name", "school"],
        true,
    ),
];

/// The template: its columns in order and one example row.
pub const TEMPLATE: [(&str, &str); 4] = [
    ("code", "SIP-101"),
    ("name", "苏州工业园区示例小学"),
    ("stage", "小学"),
    ("area", "湖东"),
];

fn rows_of(file: crate::sheet::Rows) -> Result<Vec<SchoolImportRow>, AppError> {
    Ok(keyed_rows(file, &COLUMNS)?
        .into_iter()
        .map(|r| SchoolImportRow {
            line: r.line,
            form: SchoolForm {
                id: None,
                code: r.cell("code"),
                name: r.cell("name"),
                stage: code_of(&r.cell("stage"), |t| t.school_stages),
                area: r.cell("area"),
            },
            status: IntakeStatus::Unchanged,
        })
        .collect())
}

/// Checks every row against the stored schools; returns each row's write: `Some((id, form))`
/// (`id` none for a new school) or nothing.
async fn check(
    db: &mut PgConnection,
    rows: &mut [SchoolImportRow],
) -> Result<Vec<Option<(Option<i32>, SchoolForm)>>, AppError> {
    let stored: Vec<(i32, String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, code, name, stage, area FROM schools")
            .fetch_all(&mut *db)
            .await?;
    let by_code: HashMap<&str, &(i32, String, String, String, Option<String>)> =
        stored.iter().map(|s| (s.1.as_str(), s)).collect();
    let mut seen_codes = std::collections::HashSet::new();
    let mut seen_names = std::collections::HashSet::new();
    let mut plans = Vec::new();
    for row in rows.iter_mut() {
        let plan = match parse(&row.form) {
            Err(err) => {
                row.status = problem_status(err);
                None
            }
            Ok((code, name, stage, area)) => {
                let existing = by_code.get(code.as_str());
                let name_taken = stored
                    .iter()
                    .any(|s| s.2 == name && existing.is_none_or(|e| e.0 != s.0));
                if !seen_codes.insert(code.clone()) {
                    row.status = dup("code");
                    None
                } else if !seen_names.insert(name.clone()) || name_taken {
                    row.status = dup("name");
                    None
                } else {
                    let area = area.unwrap_or_default();
                    let form = SchoolForm {
                        id: existing.map(|e| e.0),
                        code,
                        name,
                        stage: stage.to_string(),
                        area,
                    };
                    match existing {
                        None => {
                            row.status = IntakeStatus::New;
                            Some((None, form))
                        }
                        Some(e) => {
                            let old = [&e.2, &e.3, e.4.as_ref().unwrap_or(&String::new())]
                                .map(|s| s.to_string());
                            let changes: Vec<FieldChange> = ["name", "stage", "area"]
                                .iter()
                                .zip(old)
                                .zip([&form.name, &form.stage, &form.area])
                                .filter(|((_, o), n)| o != *n)
                                .map(|((f, o), n)| FieldChange {
                                    field: f.to_string(),
                                    old: o,
                                    new: n.to_string(),
                                })
                                .collect();
                            if changes.is_empty() {
                                row.status = IntakeStatus::Unchanged;
                                None
                            } else {
                                row.status = IntakeStatus::Changes(changes);
                                Some((Some(e.0), form))
                            }
                        }
                    }
                }
            }
        };
        plans.push(plan);
    }
    Ok(plans)
}

fn dup(field: &str) -> IntakeStatus {
    IntakeStatus::Problem {
        field: field.into(),
        problem: crate::error::FieldProblem::AlreadyExists,
    }
}

pub async fn stage(c: &Caller, file_name: &str, bytes: &[u8]) -> Result<i64, AppError> {
    policy::center_staff(&c.user)?;
    let mut rows = rows_of(import_file::read(file_name, bytes, Limits::LIST).await?)?;
    let mut conn = c.pool().acquire().await?;
    check(&mut conn, &mut rows).await?;
    let tx = sqlx::Acquire::begin(&mut *conn).await?;
    staging::store(tx, Staged::Schools, c.user.id, file_name, &rows, Own::None).await
}

pub async fn preview(c: &Caller, id: i64) -> Result<SchoolImportPreview, AppError> {
    policy::center_staff(&c.user)?;
    let batch = staging::load(c.pool(), Staged::Schools, id, c.user.id).await?;
    Ok(SchoolImportPreview {
        id,
        file_name: batch.source,
        applied: batch.applied,
        rows: batch.rows,
    })
}

/// Writes the new and changed schools that still check out, in one transaction.
pub async fn apply(c: &Caller, id: i64) -> Result<IntakeCounts, AppError> {
    policy::center_staff(&c.user)?;
    let pool = c.pool();
    let batch = staging::load::<SchoolImportRow>(pool, Staged::Schools, id, c.user.id).await?;
    let mut rows = batch.rows;
    let mut tx = pool.begin().await?;
    staging::lock_open(&mut tx, Staged::Schools, id).await?;
    sqlx::query("LOCK TABLE schools IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    let plans = check(&mut tx, &mut rows).await?;
    let mut counts = IntakeCounts::default();
    for (row, plan) in rows.iter().zip(plans) {
        match (&row.status, plan) {
            (_, Some((None, f))) => {
                let school: i32 = sqlx::query_scalar(
                    "INSERT INTO schools (code, name, stage, area) VALUES ($1, $2, $3, NULLIF($4, '')) RETURNING id",
                )
                .bind(&f.code)
                .bind(&f.name)
                .bind(&f.stage)
                .bind(&f.area)
                .fetch_one(&mut *tx)
                .await?;
                super::db::audit::record(
                    &mut *tx,
                    Some(c.user.id),
                    "create",
                    "school",
                    &school.to_string(),
                )
                .await?;
                counts.new += 1;
            }
            (_, Some((Some(school), f))) => {
                sqlx::query(
                    "UPDATE schools SET name = $2, stage = $3, area = NULLIF($4, '') WHERE id = $1",
                )
                .bind(school)
                .bind(&f.name)
                .bind(&f.stage)
                .bind(&f.area)
                .execute(&mut *tx)
                .await?;
                super::db::audit::record(
                    &mut *tx,
                    Some(c.user.id),
                    "update",
                    "school",
                    &school.to_string(),
                )
                .await?;
                counts.changed += 1;
            }
            (IntakeStatus::Unchanged, None) => counts.unchanged += 1,
            _ => counts.problems += 1,
        }
    }
    staging::mark_applied(&mut tx, Staged::Schools, id).await?;
    super::db::audit::commit(tx, c.user.id, "apply_import", "school_import", id).await?;
    Ok(counts)
}
