//! The district's schools, kept by center staff: added, renamed, deactivated (never deleted:
//! a school's teachers and records keep pointing at it), reactivated.
use super::caller::Caller;
use super::db;
use super::policy;
use crate::domain::text::{clean, required};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::views::roster::{SchoolForm, SchoolRow};

/// What a school may teach (`schools.stage`): one stage, or a nine- or twelve-year school.
pub const SCHOOL_STAGES: [&str; 7] = [
    "kindergarten",
    "primary",
    "junior",
    "senior",
    "vocational",
    "nine_year",
    "twelve_year",
];

type Row = (i32, String, String, String, Option<String>, bool, i64);

pub async fn list(c: &Caller) -> Result<Vec<SchoolRow>, AppError> {
    policy::center_staff(&c.user)?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, s.code, s.name, s.stage, s.area, s.active,
                (SELECT count(*) FROM teachers t WHERE t.school_id = s.id AND t.active)
         FROM schools s ORDER BY s.active DESC, s.code",
    )
    .fetch_all(c.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, code, name, stage, area, active, teachers)| SchoolRow {
                id,
                code,
                name,
                stage,
                area: area.unwrap_or_default(),
                active,
                teachers,
            },
        )
        .collect())
}

/// A school's fields checked: code `A-Z 0-9 -` (2–20, stored upper-case), name 2–100.
pub fn parse(
    form: &SchoolForm,
) -> Result<(String, String, &'static str, Option<String>), AppError> {
    let mut errors = Vec::new();
    let mut field = |r: Result<String, AppError>| match r {
        Ok(v) => Some(v),
        Err(AppError::Invalid(e)) => {
            errors.extend(e);
            None
        }
        Err(_) => None,
    };
    let code = field(required("code", &form.code, 20)).map(|c| c.to_ascii_uppercase());
    let name = field(required("name", &form.name, 100));
    let area = field(clean("area", &form.area, 40));
    if let Some(c) = &code {
        if c.len() < 2 || !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-') {
            errors.push(FieldError {
                field: "code".into(),
                problem: FieldProblem::Invalid,
            });
        }
    }
    if name.as_ref().is_some_and(|n| n.chars().count() < 2) {
        errors.push(FieldError {
            field: "name".into(),
            problem: FieldProblem::OutOfRange { min: 2, max: 100 },
        });
    }
    let stage = SCHOOL_STAGES.iter().find(|s| **s == form.stage.trim());
    if stage.is_none() {
        errors.push(FieldError {
            field: "stage".into(),
            problem: FieldProblem::Invalid,
        });
    }
    match (code, name, stage, area) {
        (Some(code), Some(name), Some(stage), Some(area)) if errors.is_empty() => {
            Ok((code, name, stage, (!area.is_empty()).then_some(area)))
        }
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Adds a school (no id) or edits one; a code or name another school has is refused.
pub async fn save(c: &Caller, form: SchoolForm) -> Result<i32, AppError> {
    policy::center_staff(&c.user)?;
    let (code, name, stage, area) = parse(&form)?;
    let mut tx = c.pool().begin().await?;
    let clash: Option<String> = sqlx::query_scalar(
        "SELECT CASE WHEN code = $1 THEN 'code' ELSE 'name' END FROM schools
         WHERE (code = $1 OR name = $2) AND id IS DISTINCT FROM $3 LIMIT 1",
    )
    .bind(&code)
    .bind(&name)
    .bind(form.id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(field) = clash {
        return Err(AppError::field(&field, FieldProblem::AlreadyExists));
    }
    let id: Option<i32> = match form.id {
        Some(id) => {
            sqlx::query_scalar(
                "UPDATE schools SET code = $2, name = $3, stage = $4, area = $5 WHERE id = $1 RETURNING id",
            )
            .bind(id)
            .bind(&code)
            .bind(&name)
            .bind(stage)
            .bind(&area)
            .fetch_optional(&mut *tx)
            .await?
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO schools (code, name, stage, area) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&code)
            .bind(&name)
            .bind(stage)
            .bind(&area)
            .fetch_optional(&mut *tx)
            .await?
        }
    };
    let id = id.ok_or(AppError::NotFound)?;
    let action = if form.id.is_some() {
        "update"
    } else {
        "create"
    };
    db::audit::commit(tx, c.user.id, action, "school", id).await?;
    Ok(id)
}

/// Deactivates (or reactivates) a school; its teachers and history stay as they are.
pub async fn set_active(c: &Caller, id: i32, active: bool) -> Result<(), AppError> {
    policy::center_staff(&c.user)?;
    let mut tx = c.pool().begin().await?;
    let done = sqlx::query("UPDATE schools SET active = $2 WHERE id = $1")
        .bind(id)
        .bind(active)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let action = if active { "reactivate" } else { "deactivate" };
    db::audit::commit(tx, c.user.id, action, "school", id).await?;
    Ok(())
}
