//! School years as data (学年, 1 August – 31 July). Opening the next year copies this year's
//! terms a year on and starts the next entry cohort (term quotas belong to the programmes, so
//! they carry over as they are); closing a year freezes its figures and statistics tables, so
//! that later corrections do not rewrite what the year looked like.
use super::caller::Caller;
use super::db;
use super::policy;
use super::stats;
use crate::domain::dates::{next_year_name, school_year_of};
use crate::domain::percent::percent;
use crate::domain::stats::StatsFilter;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::views::roster::{TermRow, YearFigures, YearRow, YearsView};
use crate::views::stats::StatTable;
use chrono::NaiveDate;
use sqlx::PgConnection;

/// The statistics views a close keeps.
const SNAPSHOT_VIEWS: [&str; 4] = ["headcount", "hours", "mentoring", "tiers"];

/// A row in `school_years` for every year that has terms (the demo and older districts made
/// terms before years were data).
async fn ensure(db: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO school_years (year, starts_on, ends_on)
         SELECT y, make_date(y, 8, 1), make_date(y + 1, 7, 31) FROM (
             SELECT DISTINCT CASE WHEN extract(month FROM starts_on) >= 8
                                  THEN extract(year FROM starts_on)::int
                                  ELSE extract(year FROM starts_on)::int - 1 END AS y
             FROM terms) t
         ON CONFLICT DO NOTHING",
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The year's key figures: teachers serving and on the ladder at the year's end (or today, for
/// the year under way), its cohort and leavers; the hours on-track share is today's standing.
async fn figures(
    db: &mut PgConnection,
    year: i32,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<YearFigures, sqlx::Error> {
    let (teachers, joined, left, on_track, tiered, mentored): (i64, i64, i64, i64, i64, i64) =
        sqlx::query_as(
            "SELECT count(*) FILTER (WHERE t.hire_date <= $4 AND (t.left_on IS NULL OR t.left_on > $4)),
                    count(*) FILTER (WHERE t.cohort_year = $1),
                    count(*) FILTER (WHERE t.left_on BETWEEN $2 AND $3),
                    count(*) FILTER (WHERE t.active AND s.on_track),
                    count(*) FILTER (WHERE t.hire_date <= $4 AND (t.left_on IS NULL OR t.left_on > $4)
                        AND EXISTS (SELECT 1 FROM tier_promotions p
                                    WHERE p.teacher_id = t.id AND p.promoted_on <= $4)),
                    count(*) FILTER (WHERE t.cohort_year = $1 AND EXISTS (
                        SELECT 1 FROM mentor_pairings p WHERE p.mentee_id = t.id
                          AND p.started_on < (t.hire_date + interval '1 year')::date
                          AND (p.ended_on IS NULL OR p.ended_on >= t.hire_date)))
             FROM teachers t LEFT JOIN teacher_standing s ON s.teacher_id = t.id",
        )
        .bind(year)
        .bind(from)
        .bind(to)
        .bind(to.min(today))
        .fetch_one(&mut *db)
        .await?;
    let active: i64 = sqlx::query_scalar("SELECT count(*) FROM teachers WHERE active")
        .fetch_one(&mut *db)
        .await?;
    Ok(YearFigures {
        teachers,
        joined,
        left,
        on_track_pct: percent(on_track, active),
        mentor_coverage_pct: percent(mentored, joined),
        tiered_pct: percent(tiered, teachers),
    })
}

type YearTuple = (
    i32,
    NaiveDate,
    NaiveDate,
    Option<String>,
    Option<serde_json::Value>,
    Option<String>,
);

pub async fn list(c: &Caller) -> Result<YearsView, AppError> {
    policy::center_staff(&c.user)?;
    let mut conn = c.pool().acquire().await?;
    ensure(&mut conn).await?;
    let years: Vec<YearTuple> = sqlx::query_as(
        "SELECT y.year, y.starts_on, y.ends_on,
                to_char(y.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), y.snapshot,
                (SELECT name FROM entry_cohorts WHERE year = y.year)
         FROM school_years y ORDER BY y.year DESC",
    )
    .fetch_all(&mut *conn)
    .await?;
    let terms: Vec<(String, NaiveDate, NaiveDate)> =
        sqlx::query_as("SELECT name, starts_on, ends_on FROM terms ORDER BY starts_on")
            .fetch_all(&mut *conn)
            .await?;
    let mut rows = Vec::new();
    for (year, starts_on, ends_on, closed_at, snapshot, cohort) in years {
        let (figures, tables) = match &snapshot {
            Some(s) => (
                serde_json::from_value(s["figures"].clone()).unwrap_or_default(),
                serde_json::from_value::<Vec<StatTable>>(s["tables"][c.locale.code()].clone())
                    .unwrap_or_default(),
            ),
            None => (
                figures(&mut conn, year, starts_on, ends_on, c.today).await?,
                Vec::new(),
            ),
        };
        rows.push(YearRow {
            year,
            starts_on: starts_on.to_string(),
            ends_on: ends_on.to_string(),
            terms: terms
                .iter()
                .filter(|(_, from, _)| school_year_of(*from) == year)
                .map(|(name, from, to)| TermRow {
                    name: name.clone(),
                    starts_on: from.to_string(),
                    ends_on: to.to_string(),
                })
                .collect(),
            cohort,
            closed_at,
            figures,
            tables,
        });
    }
    Ok(YearsView {
        years: rows,
        may_manage: true,
    })
}

/// Opens the year after the latest: its terms a year on from the latest's, and its entry
/// cohort. Returns the new year.
pub async fn open_next(c: &Caller) -> Result<i32, AppError> {
    policy::center_staff(&c.user)?;
    let mut tx = c.pool().begin().await?;
    ensure(&mut tx).await?;
    sqlx::query("LOCK TABLE school_years IN EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    let latest: Option<i32> = sqlx::query_scalar("SELECT max(year) FROM school_years")
        .fetch_one(&mut *tx)
        .await?;
    let latest = latest.unwrap_or_else(|| school_year_of(c.today) - 1);
    let year = latest + 1;
    // The coming year, not years ahead: it starts within a year of today.
    if school_year_of(c.today) + 1 < year {
        return Err(AppError::Locked);
    }
    sqlx::query(
        "INSERT INTO school_years (year, starts_on, ends_on) VALUES ($1, make_date($1, 8, 1), make_date($1 + 1, 7, 31))",
    )
    .bind(year)
    .execute(&mut *tx)
    .await?;
    let terms: Vec<(String, NaiveDate, NaiveDate)> =
        sqlx::query_as("SELECT name, starts_on, ends_on FROM terms ORDER BY starts_on")
            .fetch_all(&mut *tx)
            .await?;
    for (name, from, to) in terms.iter().filter(|t| school_year_of(t.1) == latest) {
        let shift = |d: &NaiveDate| d.checked_add_months(chrono::Months::new(12)).unwrap_or(*d);
        sqlx::query(
            "INSERT INTO terms (name, starts_on, ends_on)
             SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM terms WHERE name = $1 OR (starts_on <= $3 AND ends_on >= $2))",
        )
        .bind(next_year_name(name, latest))
        .bind(shift(from))
        .bind(shift(to))
        .execute(&mut *tx)
        .await?;
    }
    let previous: Option<(String, NaiveDate)> =
        sqlx::query_as("SELECT name, starts_on FROM entry_cohorts WHERE year = $1")
            .bind(latest)
            .fetch_optional(&mut *tx)
            .await?;
    let (name, starts_on) = match previous {
        Some((name, on)) => (
            next_year_name(&name, latest),
            on.checked_add_months(chrono::Months::new(12)).unwrap_or(on),
        ),
        None => (
            format!("{year}级新教师"),
            NaiveDate::from_ymd_opt(year, 8, 20).unwrap_or(c.today),
        ),
    };
    sqlx::query(
        "INSERT INTO entry_cohorts (year, name, starts_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(year)
    .bind(name)
    .bind(starts_on)
    .execute(&mut *tx)
    .await?;
    db::audit::commit(tx, c.user.id, "open_year", "school_year", year).await?;
    Ok(year)
}

/// Closes a year whose terms have all ended: its figures and statistics tables (in both
/// languages, without drill-down links into today's data) are frozen with it.
pub async fn close(c: &Caller, year: i32) -> Result<(), AppError> {
    policy::center_staff(&c.user)?;
    let mut conn = c.pool().acquire().await?;
    ensure(&mut conn).await?;
    let row: Option<(NaiveDate, NaiveDate, bool, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT y.starts_on, y.ends_on, y.closed_at IS NOT NULL,
                (SELECT max(ends_on) FROM terms t WHERE t.starts_on BETWEEN y.starts_on AND y.ends_on)
         FROM school_years y WHERE y.year = $1",
    )
    .bind(year)
    .fetch_optional(&mut *conn)
    .await?;
    let (from, to, closed, last_term_end) = row.ok_or(AppError::NotFound)?;
    if closed || c.today <= last_term_end.unwrap_or(to) {
        return Err(AppError::Locked);
    }
    let mut tables = serde_json::Map::new();
    for locale in [Locale::ZhCn, Locale::En] {
        let reader = Caller {
            locale,
            ..c.clone()
        };
        let mut all = Vec::new();
        for view in SNAPSHOT_VIEWS {
            let mut v = stats::view(&reader, view, &StatsFilter::default()).await?;
            for t in &mut v.tables {
                for r in &mut t.rows {
                    r.drill = None;
                }
            }
            all.extend(v.tables);
        }
        tables.insert(
            locale.code().to_string(),
            serde_json::to_value(all).map_err(|_| AppError::Internal)?,
        );
    }
    let figures = figures(&mut conn, year, from, to, c.today).await?;
    let snapshot = serde_json::json!({ "figures": figures, "tables": tables });
    let mut tx = sqlx::Acquire::begin(&mut *conn).await?;
    let done = sqlx::query(
        "UPDATE school_years SET closed_at = now(), closed_by = $2, snapshot = $3
         WHERE year = $1 AND closed_at IS NULL",
    )
    .bind(year)
    .bind(c.user.id)
    .bind(snapshot)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Locked);
    }
    db::audit::commit(tx, c.user.id, "close_year", "school_year", year).await?;
    Ok(())
}
