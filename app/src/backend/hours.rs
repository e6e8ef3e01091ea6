//! A teacher's hours: the ledger and standing against every rule, and corrections.
use super::caller::Caller;
use super::db;
use super::policy::{self, can_view_teacher};
use crate::domain::claims::parse_tenths;
use crate::domain::codes::Level;
use crate::domain::requirements::{progress, Category};
use crate::domain::text::required;
use crate::error::{AppError, FieldError, FieldProblem};
use crate::views::hours::HoursView;
use chrono::NaiveDate;
use sqlx::PgPool;
use std::collections::HashMap;

/// The teacher a request is about: `teacher_id`, or the user's own record. Checked before any read.
pub async fn subject(c: &Caller, teacher_id: Option<i64>) -> Result<i64, AppError> {
    let (pool, user) = (c.pool(), &c.user);
    match teacher_id.or(user.teacher_id) {
        Some(id) => {
            can_view_teacher(pool, user, id).await?;
            Ok(id)
        }
        None => Err(AppError::NotFound),
    }
}

/// A teacher's hours as the caller may see them (their own when `teacher_id` is `None`).
pub async fn view(c: &Caller, teacher_id: Option<i64>) -> Result<HoursView, AppError> {
    let (pool, user, today) = (c.pool(), &c.user, c.today);
    let id = subject(c, teacher_id).await?;
    let (name, staff_no, school_name, hire_date): (String, String, String, NaiveDate) =
        sqlx::query_as(
            "SELECT t.name, t.staff_no, s.name, t.hire_date FROM teachers t
             JOIN schools s ON s.id = t.school_id WHERE t.id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let rules = db::hours::rules(pool).await?;
    let (mut records, entries) = db::hours::ledger(pool, id, &rules).await?;
    let progress = progress(&entries, &rules, hire_date, today);
    let counted: HashMap<i64, i64> = progress.counted.iter().copied().collect();
    for r in &mut records {
        r.counted_tenths = counted.get(&r.id).copied().unwrap_or(r.tenths);
    }
    Ok(HoursView {
        teacher_id: id,
        teacher_name: name,
        staff_no,
        school_name,
        hire_date,
        today,
        progress,
        records,
        claims: db::hours::claims_of(pool, id).await?,
        own: user.teacher_id == Some(id),
        can_correct: policy::may_correct(user),
    })
}

/// Center staff change a record's hours, level or category. The trigger on hour_records lets
/// the update through only inside this transaction, next to the correction row that keeps the
/// old values and the reason.
pub async fn correct(
    c: &Caller,
    id: i64,
    hours: &str,
    level: &str,
    category: &str,
    reason: &str,
) -> Result<(), AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let mut errors = Vec::new();
    // Any one record holds at most 200 hours (the column's bound); events longer than a day
    // may hold more than 24.
    let tenths = parse_tenths(hours).filter(|t| (1..=2000).contains(t));
    if tenths.is_none() {
        errors.push(FieldError {
            field: "hours".into(),
            problem: FieldProblem::OutOfRange { min: 0, max: 200 },
        });
    }
    let level = Level::parse(level.trim());
    if level.is_none() {
        errors.push(FieldError {
            field: "level".into(),
            problem: FieldProblem::Invalid,
        });
    }
    let category = Category::parse(category.trim());
    if category.is_none() {
        errors.push(FieldError {
            field: "category".into(),
            problem: FieldProblem::Invalid,
        });
    }
    let reason = required("reason", reason, 500)
        .map_err(|e| {
            if let AppError::Invalid(e) = e {
                errors.extend(e)
            }
        })
        .ok();
    let (Some(tenths), Some(level), Some(category), Some(reason)) =
        (tenths, level, category, reason)
    else {
        return Err(AppError::Invalid(errors));
    };
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let old: Option<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT (hours * 10)::int8, level, category, teacher_id FROM hour_records WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (old_tenths, old_level, old_category, teacher_id) = old.ok_or(AppError::NotFound)?;
    sqlx::query(
        "INSERT INTO hour_corrections (record_id, old_hours, new_hours, old_level, new_level,
                                       old_category, new_category, reason, corrected_by)
         VALUES ($1, $2::numeric / 10, $3::numeric / 10, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(old_tenths)
    .bind(tenths)
    .bind(&old_level)
    .bind(level.code())
    .bind(&old_category)
    .bind(category.code())
    .bind(&reason)
    .bind(user.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("SELECT set_config('tg.correction', 'on', true)")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE hour_records SET hours = $2::numeric / 10, level = $3, category = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(tenths)
    .bind(level.code())
    .bind(category.code())
    .execute(&mut *tx)
    .await?;
    db::audit::commit(tx, user.id, "correct", "hour_record", id).await?;
    super::standing::touched(pool, &[teacher_id], c.today).await;
    Ok(())
}

/// How many active teachers are on track against every rule in force, district-wide.
pub struct DistrictStanding {
    pub teachers: usize,
    pub on_track: usize,
    pub records: usize,
}

/// Runs the rules engine for every teacher (the statistics and the benchmark use it).
pub async fn district_standing(
    pool: &PgPool,
    today: NaiveDate,
) -> Result<DistrictStanding, AppError> {
    let rules = db::hours::rules(pool).await?;
    let all = db::hours::entries_by_teacher(pool, &rules, None, today).await?;
    let mut out = DistrictStanding {
        teachers: all.len(),
        on_track: 0,
        records: 0,
    };
    for (_, hired, entries) in &all {
        out.records += entries.len();
        if progress(entries, &rules, *hired, today).on_track {
            out.on_track += 1;
        }
    }
    Ok(out)
}
