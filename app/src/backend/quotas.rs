//! Term quotas, terms and the session edit window: center staff edit, coordinators read.
use super::caller::Caller;
use super::db;
use super::policy;
use crate::domain::dates::{overlaps, term_dates};
use crate::domain::mentoring::SessionKind;
use crate::domain::text::required;
use crate::error::{AppError, FieldProblem};
use crate::views::quotas::{ProgrammeQuotas, QuotaSettings, TermRow};

fn number(field: &str, value: &str, min: i32, max: i32) -> Result<i32, AppError> {
    value
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or(AppError::field(
            field,
            FieldProblem::OutOfRange {
                min: min as i64,
                max: max as i64,
            },
        ))
}

pub async fn settings(c: &Caller) -> Result<QuotaSettings, AppError> {
    let user = &c.user;
    policy::managed_schools(user)?;
    let pool = c.pool();
    let programmes: Vec<(i32, String, String)> =
        sqlx::query_as("SELECT id, name, name_en FROM programmes WHERE kind IN ('mentoring', 'new_teacher') ORDER BY id")
            .fetch_all(pool)
            .await?;
    let quotas: Vec<(i32, String, i32)> =
        sqlx::query_as("SELECT programme_id, kind, min_count FROM term_quotas")
            .fetch_all(pool)
            .await?;
    let terms: Vec<(i32, String, chrono::NaiveDate, chrono::NaiveDate)> =
        sqlx::query_as("SELECT id, name, starts_on, ends_on FROM terms ORDER BY starts_on DESC")
            .fetch_all(pool)
            .await?;
    Ok(QuotaSettings {
        programmes: programmes
            .into_iter()
            .map(|(id, name, name_en)| ProgrammeQuotas {
                quotas: SessionKind::ALL
                    .iter()
                    .map(|k| {
                        let min = quotas
                            .iter()
                            .find(|(p, kind, _)| *p == id && kind == k.code())
                            .map(|q| q.2)
                            .unwrap_or(0);
                        (k.code().to_string(), min)
                    })
                    .collect(),
                id,
                name,
                name_en,
            })
            .collect(),
        terms: terms
            .into_iter()
            .map(|(id, name, starts_on, ends_on)| TermRow {
                id,
                name,
                starts_on,
                ends_on,
            })
            .collect(),
        edit_days: db::sessions::edit_days(pool).await? as i32,
    })
}

pub async fn set_quota(
    c: &Caller,
    programme_id: i32,
    kind: &str,
    min_count: &str,
) -> Result<(), AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let kind = SessionKind::parse(kind).ok_or(AppError::field("kind", FieldProblem::Invalid))?;
    let min = number("min_count", min_count, 0, 100)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let res = sqlx::query(
        "INSERT INTO term_quotas (programme_id, kind, min_count)
         SELECT id, $2, $3 FROM programmes WHERE id = $1
         ON CONFLICT (programme_id, kind) DO UPDATE SET min_count = EXCLUDED.min_count",
    )
    .bind(programme_id)
    .bind(kind.code())
    .bind(min)
    .execute(&mut *tx)
    .await?;
    if res.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    db::audit::commit(tx, user.id, "set_quota", "programme", programme_id).await?;
    Ok(())
}

pub async fn add_term(
    c: &Caller,
    name: &str,
    starts_on: &str,
    ends_on: &str,
) -> Result<(), AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let name = required("name", name, 40)?;
    let (start, end) = term_dates(starts_on, ends_on, c.today).map_err(AppError::Invalid)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    // One term at a time: terms are added one after another (the table is locked so two
    // additions at once cannot both pass the overlap check).
    sqlx::query("LOCK TABLE terms IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    let existing: Vec<(chrono::NaiveDate, chrono::NaiveDate)> =
        sqlx::query_as("SELECT starts_on, ends_on FROM terms")
            .fetch_all(&mut *tx)
            .await?;
    if existing.into_iter().any(|t| overlaps(t, (start, end))) {
        return Err(AppError::field("starts_on", FieldProblem::Overlaps));
    }
    let id: Option<i32> = sqlx::query_scalar(
        "INSERT INTO terms (name, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING id",
    )
    .bind(&name)
    .bind(start)
    .bind(end)
    .fetch_optional(&mut *tx)
    .await?;
    let id = id.ok_or(AppError::field("name", FieldProblem::AlreadyExists))?;
    db::audit::commit(tx, user.id, "add_term", "term", id).await?;
    Ok(())
}

pub async fn set_edit_days(c: &Caller, days: &str) -> Result<(), AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let days = number("days", days, 0, 60)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE app_settings SET value = $1, updated_by = $2, updated_at = now() WHERE key = 'session_edit_days'")
        .bind(days)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    db::audit::commit(
        tx,
        user.id,
        "set_edit_days",
        "app_settings",
        "session_edit_days",
    )
    .await?;
    Ok(())
}
