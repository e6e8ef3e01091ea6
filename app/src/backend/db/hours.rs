//! Hour records, rules and claims as the rules engine and the pages read them.
use super::evidence::{self, Owner};
use crate::domain::claims::ClaimStatus;
use crate::domain::codes::Level;
use crate::domain::requirements::{
    is_conversion, progress, relevant_since, Category, HourEntry, Progress, Rule, Scope,
};
use crate::views::hours::{ClaimRow, LedgerRecord};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgExecutor, PgPool};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct RuleRow {
    id: i32,
    code: String,
    name: String,
    name_en: String,
    scope: String,
    period_years: i32,
    min_tenths: Option<i64>,
    max_tenths: Option<i64>,
    unit_tenths: Option<i64>,
    min_level: Option<String>,
    category: Option<String>,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
}

/// Every active rule version, by code and then start date.
pub async fn rules<'e>(db: impl PgExecutor<'e>) -> Result<Vec<Rule>, sqlx::Error> {
    let rows: Vec<RuleRow> = sqlx::query_as(
        "SELECT id, code, name, name_en, scope, period_years,
                (min_hours * 10)::int8 AS min_tenths, (max_hours * 10)::int8 AS max_tenths,
                (unit_hours * 10)::int8 AS unit_tenths, min_level, category, valid_from, valid_to
         FROM requirement_rules WHERE active ORDER BY code, valid_from",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Rule {
                id: r.id,
                scope: Scope::parse(&r.scope)?,
                code: r.code,
                name: r.name,
                name_en: r.name_en,
                period_years: r.period_years,
                min_tenths: r.min_tenths,
                max_tenths: r.max_tenths,
                unit_tenths: r.unit_tenths,
                min_level: r.min_level.as_deref().and_then(Level::parse),
                category: r.category.as_deref().and_then(Category::parse),
                valid_from: r.valid_from,
                valid_to: r.valid_to,
            })
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct LedgerRow {
    id: i64,
    earned_on: NaiveDate,
    title: String,
    organizer: String,
    source: String,
    level: String,
    category: String,
    tenths: i64,
    corrected: bool,
}

/// A teacher's records, newest first, with the engine's view of each.
pub async fn ledger(
    pool: &PgPool,
    teacher_id: i64,
    rules: &[Rule],
) -> Result<(Vec<LedgerRecord>, Vec<HourEntry>), sqlx::Error> {
    let rows: Vec<LedgerRow> = sqlx::query_as(
        "SELECT r.id, r.earned_on, COALESCE(e.title, c.title, r.note, '') AS title,
                COALESCE(e.organizer, c.organizer, '') AS organizer,
                r.source, r.level, r.category, (r.hours * 10)::int8 AS tenths,
                EXISTS (SELECT 1 FROM hour_corrections k WHERE k.record_id = r.id) AS corrected
         FROM hour_records r
         LEFT JOIN training_events e ON e.id = r.event_id
         LEFT JOIN hour_claims c ON c.id = r.claim_id
         WHERE r.teacher_id = $1
         ORDER BY r.earned_on DESC, r.id DESC",
    )
    .bind(teacher_id)
    .fetch_all(pool)
    .await?;
    let entries = rows
        .iter()
        .filter_map(|r| entry(rules, r.id, r.tenths, &r.category, &r.level, r.earned_on))
        .collect();
    let records = rows
        .into_iter()
        .map(|r| LedgerRecord {
            id: r.id,
            earned_on: r.earned_on,
            title: r.title,
            organizer: r.organizer,
            source: r.source,
            level: r.level,
            category: r.category,
            tenths: r.tenths,
            counted_tenths: r.tenths,
            corrected: r.corrected,
        })
        .collect();
    Ok((records, entries))
}

/// A stored record as the rules engine reads it (`None` for a category or level it does not know).
pub fn entry(
    rules: &[Rule],
    id: i64,
    tenths: i64,
    category: &str,
    level: &str,
    earned_on: NaiveDate,
) -> Option<HourEntry> {
    let category = Category::parse(category)?;
    Some(HourEntry {
        id,
        tenths,
        category,
        level: Level::parse(level)?,
        earned_on,
        conversion: is_conversion(rules, category),
    })
}

/// Hire date and the records that bear on today's standing (see `relevant_since`) of the given
/// teachers, or of every active teacher (`None`): for district-wide standings and rosters.
pub async fn entries_by_teacher(
    pool: &PgPool,
    rules: &[Rule],
    only: Option<&[i64]>,
    today: NaiveDate,
) -> Result<Vec<(i64, NaiveDate, Vec<HourEntry>)>, sqlx::Error> {
    let teachers: Vec<(i64, NaiveDate)> = sqlx::query_as(
        "SELECT id, hire_date FROM teachers
         WHERE ($1::int8[] IS NULL AND active) OR id = ANY($1) ORDER BY id",
    )
    .bind(only)
    .fetch_all(pool)
    .await?;
    let rows: Vec<(i64, i64, i64, String, String, NaiveDate)> = sqlx::query_as(
        "SELECT teacher_id, id, (hours * 10)::int8, category, level, earned_on FROM hour_records
         WHERE ($1::int8[] IS NULL OR teacher_id = ANY($1)) AND earned_on >= $2",
    )
    .bind(only)
    .bind(relevant_since(rules, today))
    .fetch_all(pool)
    .await?;
    let mut by_teacher: HashMap<i64, Vec<HourEntry>> = HashMap::with_capacity(teachers.len());
    for (teacher, id, tenths, category, level, on) in rows {
        if let Some(e) = entry(rules, id, tenths, &category, &level, on) {
            by_teacher.entry(teacher).or_default().push(e);
        }
    }
    Ok(teachers
        .into_iter()
        .map(|(id, hired)| (id, hired, by_teacher.remove(&id).unwrap_or_default()))
        .collect())
}

/// One teacher's standing against the rules in force on `today`.
pub async fn progress_of(
    pool: &PgPool,
    teacher_id: i64,
    today: NaiveDate,
) -> Result<Progress, sqlx::Error> {
    let rules = rules(pool).await?;
    let all = entries_by_teacher(pool, &rules, Some(&[teacher_id]), today).await?;
    let (hired, entries) = all
        .into_iter()
        .next()
        .map(|(_, h, e)| (h, e))
        .unwrap_or((today, Vec::new()));
    Ok(progress(&entries, &rules, hired, today))
}

#[derive(sqlx::FromRow)]
pub struct ClaimDbRow {
    id: i64,
    teacher_id: i64,
    teacher_name: String,
    staff_no: String,
    school_name: String,
    title: String,
    organizer: Option<String>,
    level: String,
    category: String,
    starts_on: Option<NaiveDate>,
    ends_on: NaiveDate,
    tenths: i64,
    status: String,
    note: Option<String>,
    reject_reason: Option<String>,
    created_at: DateTime<Utc>,
    school_reviewed_at: Option<DateTime<Utc>>,
    center_reviewed_at: Option<DateTime<Utc>>,
}

/// The select list and joins every claim query shares; callers add WHERE and ORDER.
pub const CLAIM_SELECT: &str =
    "SELECT c.id, c.teacher_id, t.name AS teacher_name, t.staff_no, s.name AS school_name,
            c.title, c.organizer, c.level, c.category, c.starts_on, c.earned_on AS ends_on,
            (c.hours * 10)::int8 AS tenths, c.status, c.evidence AS note, c.reject_reason,
            c.created_at, c.school_reviewed_at, c.center_reviewed_at
     FROM hour_claims c JOIN teachers t ON t.id = c.teacher_id JOIN schools s ON s.id = t.school_id ";

/// Claims as rows with their evidence files.
pub async fn with_evidence(
    pool: &PgPool,
    rows: Vec<ClaimDbRow>,
) -> Result<Vec<ClaimRow>, sqlx::Error> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut by_claim = evidence::listed(pool, Owner::Claim, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| ClaimRow {
            evidence: by_claim.remove(&r.id).unwrap_or_default(),
            id: r.id,
            teacher_id: r.teacher_id,
            teacher_name: r.teacher_name,
            staff_no: r.staff_no,
            school_name: r.school_name,
            title: r.title,
            organizer: r.organizer.unwrap_or_default(),
            level: r.level,
            category: r.category,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            tenths: r.tenths,
            status: ClaimStatus::parse(&r.status).unwrap_or(ClaimStatus::Submitted),
            note: r.note,
            reject_reason: r.reject_reason,
            created_at: r.created_at,
            school_reviewed_at: r.school_reviewed_at,
            center_reviewed_at: r.center_reviewed_at,
        })
        .collect())
}

/// A teacher's claims, newest first.
pub async fn claims_of(pool: &PgPool, teacher_id: i64) -> Result<Vec<ClaimRow>, sqlx::Error> {
    let rows: Vec<ClaimDbRow> = sqlx::query_as(&format!(
        "{CLAIM_SELECT} WHERE c.teacher_id = $1 ORDER BY c.created_at DESC, c.id DESC"
    ))
    .bind(teacher_id)
    .fetch_all(pool)
    .await?;
    with_evidence(pool, rows).await
}
