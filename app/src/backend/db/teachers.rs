use super::terms;
use crate::domain::hours::{cycle_progress, cycle_years};
use crate::domain::requirements::progress;
use crate::views::home::{SchoolView, TeacherRow};
use crate::views::teachers::{ProgrammeBadge, TeacherSummary};
use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    staff_no: String,
    name: String,
    school_name: String,
    subject: String,
    stage: String,
    hire_date: NaiveDate,
    cohort_year: Option<i32>,
    title: String,
    party_stage: String,
    tier: Option<String>,
    tier_en: Option<String>,
    tier_since: Option<NaiveDate>,
    mentor_name: Option<String>,
    mentee_count: i64,
    achievements: i64,
}

/// The first and last day of the hour cycle that contains `today`.
pub fn cycle_bounds(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (from, to) = cycle_years(today.year());
    (
        NaiveDate::from_ymd_opt(from, 1, 1).expect("valid date"),
        NaiveDate::from_ymd_opt(to, 12, 31).expect("valid date"),
    )
}

pub async fn summary(
    pool: &PgPool,
    id: i64,
    today: NaiveDate,
) -> Result<Option<TeacherSummary>, sqlx::Error> {
    let row: Option<SummaryRow> = sqlx::query_as(
        "SELECT t.id, t.staff_no, t.name, s.name AS school_name, t.subject, t.stage, t.hire_date,
                t.cohort_year, t.title, t.party_stage,
                tier.name AS tier, tier.name_en AS tier_en, tier.promoted_on AS tier_since,
                (SELECT m.name FROM mentor_pairings p JOIN teachers m ON m.id = p.mentor_id
                  WHERE p.mentee_id = t.id AND p.ended_on IS NULL
                  ORDER BY p.started_on DESC LIMIT 1) AS mentor_name,
                (SELECT count(*) FROM mentor_pairings p
                  WHERE p.mentor_id = t.id AND p.ended_on IS NULL) AS mentee_count,
                (SELECT count(*) FROM achievements a WHERE a.teacher_id = t.id) AS achievements
         FROM teachers t
         JOIN schools s ON s.id = t.school_id
         LEFT JOIN LATERAL (
             SELECT l.name, l.name_en, tp.promoted_on FROM tier_promotions tp
             JOIN tier_levels l ON l.id = tp.level_id
             WHERE tp.teacher_id = t.id ORDER BY l.rank DESC LIMIT 1) tier ON true
         WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };

    let hours = super::hours::progress_of(pool, id, today)
        .await?
        .cycle()
        .unwrap_or_else(|| cycle_progress(0, 0, row.hire_date, today));

    let term = terms::current(pool, today).await?;
    let sessions_this_term: i64 = match &term {
        Some(term) => sqlx::query_scalar(
            "SELECT count(*) FROM mentor_sessions ms JOIN mentor_pairings p ON p.id = ms.pairing_id
                 WHERE p.mentee_id = $1 AND ms.held_on BETWEEN $2 AND $3",
        )
        .bind(id)
        .bind(term.starts_on)
        .bind(term.ends_on)
        .fetch_one(pool)
        .await?,
        None => 0,
    };

    let programmes: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT p.kind, p.name, p.name_en FROM programme_enrolments e
         JOIN programmes p ON p.id = e.programme_id
         WHERE e.teacher_id = $1 AND e.ended_on IS NULL ORDER BY p.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;

    Ok(Some(TeacherSummary {
        id: row.id,
        staff_no: row.staff_no,
        name: row.name,
        school_name: row.school_name,
        subject: row.subject,
        stage: row.stage,
        hire_date: row.hire_date,
        cohort_year: row.cohort_year,
        title: row.title,
        party_stage: row.party_stage,
        tier: row.tier.zip(row.tier_en),
        tier_since: row.tier_since,
        mentor_name: row.mentor_name,
        mentee_count: row.mentee_count,
        term_name: term.map(|t| t.name),
        sessions_this_term,
        hours,
        programmes: programmes
            .into_iter()
            .map(|(kind, name, name_en)| ProgrammeBadge {
                kind,
                name,
                name_en,
            })
            .collect(),
        achievements: row.achievements,
    }))
}

#[derive(sqlx::FromRow)]
struct RosterRow {
    id: i64,
    staff_no: String,
    name: String,
    subject: String,
    stage: String,
    cohort_year: Option<i32>,
    tier: Option<String>,
    tier_en: Option<String>,
}

/// A school's active teachers with tier and cycle hours, first `limit` by staff number.
pub async fn school_view(
    pool: &PgPool,
    school_id: i32,
    today: NaiveDate,
    limit: i64,
) -> Result<SchoolView, sqlx::Error> {
    let (school_name, total): (String, i64) = sqlx::query_as(
        "SELECT s.name, (SELECT count(*) FROM teachers t WHERE t.school_id = s.id AND t.active)
         FROM schools s WHERE s.id = $1",
    )
    .bind(school_id)
    .fetch_one(pool)
    .await?;
    let rows: Vec<RosterRow> = sqlx::query_as(
        "SELECT t.id, t.staff_no, t.name, t.subject, t.stage, t.cohort_year,
                tier.name AS tier, tier.name_en AS tier_en
         FROM teachers t
         LEFT JOIN LATERAL (
             SELECT l.name, l.name_en FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id
             WHERE tp.teacher_id = t.id ORDER BY l.rank DESC LIMIT 1) tier ON true
         WHERE t.school_id = $1 AND t.active
         ORDER BY t.staff_no LIMIT $2",
    )
    .bind(school_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    // The pace comes from the rules engine (caps, every rule in force), as on each teacher's page.
    let rules = super::hours::rules(pool).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let standing: HashMap<i64, (i64, bool)> =
        super::hours::entries_by_teacher(pool, &rules, Some(&ids), today)
            .await?
            .into_iter()
            .map(|(id, hired, entries)| {
                let p = progress(&entries, &rules, hired, today);
                let total = p.cycle().map_or(0, |c| c.total_tenths);
                (id, (total, p.on_track))
            })
            .collect();
    let teachers = rows
        .into_iter()
        .map(|r| TeacherRow {
            on_track: standing.get(&r.id).is_none_or(|s| s.1),
            hours_tenths: standing.get(&r.id).map_or(0, |s| s.0),
            id: r.id,
            staff_no: r.staff_no,
            name: r.name,
            subject: r.subject,
            stage: r.stage,
            cohort_year: r.cohort_year,
            tier: r.tier.zip(r.tier_en),
        })
        .collect();
    Ok(SchoolView {
        school_id,
        school_name,
        total,
        teachers,
    })
}
