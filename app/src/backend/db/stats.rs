use super::{teachers::cycle_bounds, terms};
use crate::views::home::{CenterView, CohortRow};
use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;

#[derive(sqlx::FromRow)]
struct Counts {
    schools: i64,
    teachers: i64,
    new_teachers: i64,
    active_pairings: i64,
    recent_new: i64,
    recent_new_with_mentor: i64,
    pending_claims: i64,
    hour_records: i64,
}

/// District-wide counts for center staff.
pub async fn center_view(pool: &PgPool, today: NaiveDate) -> Result<CenterView, sqlx::Error> {
    let year = today.year();
    let c: Counts = sqlx::query_as(
        "SELECT
            (SELECT count(*) FROM schools) AS schools,
            (SELECT count(*) FROM teachers WHERE active) AS teachers,
            (SELECT count(*) FROM teachers WHERE active AND cohort_year = $1) AS new_teachers,
            (SELECT count(*) FROM mentor_pairings WHERE ended_on IS NULL) AS active_pairings,
            (SELECT count(*) FROM teachers WHERE active AND cohort_year >= $1 - 1) AS recent_new,
            (SELECT count(*) FROM teachers t WHERE t.active AND t.cohort_year >= $1 - 1
               AND EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentee_id = t.id
                             AND p.started_on < (t.hire_date + interval '1 year')::date
                             AND (p.ended_on IS NULL OR p.ended_on >= t.hire_date))) AS recent_new_with_mentor,
            (SELECT count(*) FROM hour_claims WHERE status IN ('submitted', 'school_approved')) AS pending_claims,
            (SELECT count(*) FROM hour_records) AS hour_records",
    )
    .bind(year)
    .fetch_one(pool)
    .await?;

    let sessions_this_term: i64 = match terms::current(pool, today).await? {
        Some(term) => {
            sqlx::query_scalar(
                "SELECT count(*) FROM mentor_sessions WHERE held_on BETWEEN $1 AND $2",
            )
            .bind(term.starts_on)
            .bind(term.ends_on)
            .fetch_one(pool)
            .await?
        }
        None => 0,
    };

    let (from, to) = cycle_bounds(today);
    let cohorts: Vec<(i32, i64, i64, i64)> = sqlx::query_as(
        "SELECT t.cohort_year, count(*),
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentee_id = t.id
                                                 AND p.started_on < (t.hire_date + interval '1 year')::date
                                                 AND (p.ended_on IS NULL OR p.ended_on >= t.hire_date))),
                COALESCE((AVG(COALESCE(h.total, 0)) * 10)::bigint, 0)
         FROM teachers t
         LEFT JOIN LATERAL (SELECT SUM(r.hours) AS total FROM hour_records r
                            WHERE r.teacher_id = t.id AND r.earned_on BETWEEN $1 AND $2) h ON true
         WHERE t.active AND t.cohort_year IS NOT NULL
         GROUP BY t.cohort_year ORDER BY t.cohort_year DESC",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;

    Ok(CenterView {
        schools: c.schools,
        teachers: c.teachers,
        new_teachers: c.new_teachers,
        active_pairings: c.active_pairings,
        mentor_coverage_pct: crate::domain::percent::percent(
            c.recent_new_with_mentor,
            c.recent_new,
        ),
        sessions_this_term,
        pending_claims: c.pending_claims,
        hour_records: c.hour_records,
        cohorts: cohorts
            .into_iter()
            .map(
                |(year, headcount, with_mentor, avg_hours_tenths)| CohortRow {
                    year,
                    headcount,
                    with_mentor,
                    avg_hours_tenths,
                },
            )
            .collect(),
    })
}
