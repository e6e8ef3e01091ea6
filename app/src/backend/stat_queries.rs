//! The SQL behind the statistics: each statement aggregates in Postgres over `f`, the teachers
//! a user may see that match the filters, so a view returns a few dozen grouped rows whatever
//! the district's size. The benchmark (`server stats-sql`) runs these same statements through
//! pgbench as the baseline for the server functions.
use crate::domain::stats::Filters;
use chrono::{Datelike, NaiveDate};
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::QueryAs;
use sqlx::{FromRow, Postgres};

/// Where the statistics look: the schools (`None`: the district) and the filters.
pub struct Scope {
    pub schools: Option<Vec<i32>>,
    pub filters: Filters,
}

impl Scope {
    /// `body` after the CTE `f`: the teachers (active or not) in these schools matching these
    /// filters. Only the filters that are set become conditions, so Postgres plans each
    /// combination for what it is; the five values are always bound as $1 schools, $2 cohort,
    /// $3 subject, $4 stage, $5 programme (an open enrolment), and a body's own from $6.
    pub fn sql(&self, body: &str) -> String {
        let f = &self.filters;
        let conditions: Vec<&str> = [
            (self.schools.is_some(), "t.school_id = ANY($1::int4[])"),
            (f.cohort.is_some(), "t.cohort_year = $2::int4"),
            (f.subject.is_some(), "t.subject = $3::text"),
            (f.stage.is_some(), "t.stage = $4::text"),
            (
                f.programme.is_some(),
                "EXISTS (SELECT 1 FROM programme_enrolments e JOIN programmes p ON p.id = e.programme_id
                         WHERE e.teacher_id = t.id AND e.ended_on IS NULL AND p.code = $5::text)",
            ),
        ]
        .into_iter()
        .filter_map(|(set, c)| set.then_some(c))
        .collect();
        let conditions = if conditions.is_empty() {
            "true".to_string()
        } else {
            conditions.join(" AND ")
        };
        format!(
            "WITH f AS (SELECT t.id, t.staff_no, t.name, t.school_id, t.cohort_year, t.hire_date, t.subject, t.stage, t.active
                        FROM teachers t WHERE {conditions})\n{body}"
        )
    }

    /// `sql` (from `Scope::sql`) with the five filter values bound; bind a body's own after.
    pub fn query<'q, O>(&'q self, sql: &'q str) -> QueryAs<'q, Postgres, O, PgArguments>
    where
        O: for<'r> FromRow<'r, PgRow>,
    {
        sqlx::query_as(sql)
            .bind(&self.schools)
            .bind(self.filters.cohort)
            .bind(&self.filters.subject)
            .bind(&self.filters.stage)
            .bind(&self.filters.programme)
    }
}

/// The filter choices: cohorts, the schools a user may see (`own`: a coordinator's, bound as
/// $1; otherwise all) and their subjects, programmes.
pub fn options(own: bool) -> String {
    let schools = if own {
        "WHERE id = ANY($1::int4[])"
    } else {
        ""
    };
    let teachers = if own {
        "WHERE school_id = ANY($1::int4[])"
    } else {
        ""
    };
    format!(
        "SELECT
    ARRAY(SELECT year FROM entry_cohorts ORDER BY year DESC),
    ARRAY(SELECT id FROM schools {schools} ORDER BY code),
    ARRAY(SELECT name FROM schools {schools} ORDER BY code),
    ARRAY(SELECT DISTINCT subject FROM teachers {teachers} ORDER BY subject),
    ARRAY(SELECT code FROM programmes WHERE active ORDER BY id),
    ARRAY(SELECT name FROM programmes WHERE active ORDER BY id),
    ARRAY(SELECT name_en FROM programmes WHERE active ORDER BY id)"
    )
}

/// How many active teachers match (every view shows it).
pub const ACTIVE_COUNT: &str = "SELECT count(*) FROM f WHERE active";

/// The matching active teachers' ids.
pub const ACTIVE_IDS: &str = "SELECT id FROM f WHERE active";

/// Active teachers by cohort (0: none), school, subject and stage in one pass: each row has
/// exactly one of the four keys set.
pub const HEADCOUNT: &str = "SELECT a.cohort, a.school_id, s.name, a.subject, a.stage, count(*)
     FROM (SELECT COALESCE(cohort_year, 0) AS cohort, school_id, subject, stage FROM f WHERE active) a
     JOIN schools s ON s.id = a.school_id
     GROUP BY GROUPING SETS ((a.cohort), (a.school_id, s.name, s.code), (a.subject), (a.stage))
     ORDER BY a.cohort, s.code, a.subject, a.stage";

/// Each entry cohort: hired, still at the first school, moved to another, left.
pub const RETENTION: &str = "SELECT f.cohort_year, count(*),
            count(*) FILTER (WHERE f.active AND (h.school_id IS NULL OR h.school_id = f.school_id)),
            count(*) FILTER (WHERE f.active AND h.school_id <> f.school_id),
            count(*) FILTER (WHERE NOT f.active)
     FROM f LEFT JOIN LATERAL (SELECT school_id FROM teacher_school_history h
                               WHERE h.teacher_id = f.id ORDER BY h.from_date LIMIT 1) h ON true
     WHERE f.cohort_year IS NOT NULL GROUP BY 1 ORDER BY 1";

/// Active teachers whose rollup row is missing or from another day ($6: today).
pub const STALE_STANDING: &str =
    "SELECT f.id FROM f LEFT JOIN teacher_standing s ON s.teacher_id = f.id
     WHERE f.active AND s.as_of IS DISTINCT FROM $6::date";

/// Counted cycle hours in bins of $6 tenths (the last bin open-ended at bin $7).
pub const HOURS_BINS: &str =
    "SELECT LEAST(COALESCE(s.cycle_tenths, 0) / $6::int8, $7::int8), count(*)
     FROM f LEFT JOIN teacher_standing s ON s.teacher_id = f.id
     WHERE f.active GROUP BY 1 ORDER BY 1";

/// Active teachers and those on track, by cohort (0: none).
pub const ON_TRACK: &str =
    "SELECT COALESCE(f.cohort_year, 0), count(*), count(*) FILTER (WHERE s.on_track)
     FROM f LEFT JOIN teacher_standing s ON s.teacher_id = f.id
     WHERE f.active GROUP BY 1 ORDER BY 1";

/// New teachers of the cohorts from $6 on; those who had a mentor in their first year of
/// service (a pairing, ended since or not, open at some time in the year from the hire date:
/// what coverage means for an entry cohort); and those paired now.
pub const MENTOR_COVERAGE: &str = "SELECT f.cohort_year, count(*),
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM mentor_pairings p
                                           WHERE p.mentee_id = f.id
                                             AND p.started_on < (f.hire_date + interval '1 year')::date
                                             AND (p.ended_on IS NULL OR p.ended_on >= f.hire_date))),
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM mentor_pairings p
                                           WHERE p.mentee_id = f.id AND p.ended_on IS NULL))
     FROM f WHERE f.active AND f.cohort_year >= $6 GROUP BY 1 ORDER BY 1";

/// For the six months up to $6: sessions held with the filtered mentees, and their pairs open
/// at some point in the month.
pub const SESSIONS_PER_MONTH: &str = ", m AS (SELECT generate_series(date_trunc('month', $6::date) - interval '5 months',
                                    date_trunc('month', $6::date), interval '1 month')::date AS m),
     pairs AS (SELECT p.id, p.started_on, p.ended_on FROM mentor_pairings p JOIN f ON f.id = p.mentee_id AND f.active),
     held AS (SELECT date_trunc('month', s.held_on)::date AS m, count(*) AS n
              FROM mentor_sessions s JOIN pairs p ON p.id = s.pairing_id
              WHERE s.held_on >= (SELECT min(m) FROM m) AND s.held_on <= $6::date GROUP BY 1)
     SELECT to_char(m.m, 'YYYY-MM'), COALESCE(held.n, 0),
            (SELECT count(*) FROM pairs p WHERE p.started_on < (m.m + interval '1 month')::date
                                            AND (p.ended_on IS NULL OR p.ended_on >= m.m))
     FROM m LEFT JOIN held ON held.m = m.m ORDER BY m.m";

/// Highest tier rank (0: none) of the active teachers, by cohort.
pub const TIER_BY_COHORT: &str = "SELECT COALESCE(f.cohort_year, 0), COALESCE(top.rank, 0), count(*)
     FROM f LEFT JOIN (SELECT tp.teacher_id, max(l.rank) AS rank FROM tier_promotions tp
                       JOIN tier_levels l ON l.id = tp.level_id GROUP BY tp.teacher_id) top ON top.teacher_id = f.id
     WHERE f.active GROUP BY 1, 2 ORDER BY 1, 2";

/// Promotions of the active teachers, by year.
pub const PROMOTIONS_BY_YEAR: &str = "SELECT EXTRACT(YEAR FROM tp.promoted_on)::int4, count(*)
     FROM tier_promotions tp JOIN f ON f.id = tp.teacher_id AND f.active GROUP BY 1 ORDER BY 1";

/// Each entry cohort through the ladder: for every year from its entry to $6, how many of its
/// (active) teachers held each highest rank at that year's end.
pub const TIER_FLOW: &str = "SELECT f.cohort_year, y, COALESCE(r.rank, 0), count(*)
     FROM f CROSS JOIN LATERAL generate_series(f.cohort_year, $6::int4) AS y
     LEFT JOIN LATERAL (SELECT max(l.rank) AS rank FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id
                        WHERE tp.teacher_id = f.id AND tp.promoted_on <= make_date(y, 12, 31)) r ON true
     WHERE f.active AND f.cohort_year IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

/// Active teachers behind on hours (first 500 by staff number), with their counted hours.
pub const BEHIND_ON_HOURS: &str = "SELECT f.id, f.name, sc.name, s.cycle_tenths
     FROM f JOIN teacher_standing s ON s.teacher_id = f.id AND NOT s.on_track
     JOIN schools sc ON sc.id = f.school_id
     WHERE f.active ORDER BY f.staff_no LIMIT 500";

/// 党员骨干双培养 per school: new Party members (预备党员 from $7) and how many are 名师/骨干
/// (rank ≥ $6) today; newly named 名师/骨干 (first reached rank $6 from $7) and how many are
/// members today.
pub const DUAL_BY_SCHOOL: &str = ", tier AS (SELECT tp.teacher_id, max(l.rank) AS rank,
                       min(tp.promoted_on) FILTER (WHERE l.rank >= $6) AS backbone_since
                FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id GROUP BY tp.teacher_id),
     joined AS (SELECT DISTINCT teacher_id FROM party_stage_changes
                WHERE stage = 'probationary' AND changed_on >= $7::date)
     SELECT s.id, s.name,
            count(j.teacher_id),
            count(j.teacher_id) FILTER (WHERE tr.rank >= $6),
            count(*) FILTER (WHERE tr.backbone_since >= $7::date),
            count(*) FILTER (WHERE tr.backbone_since >= $7::date AND t.party_stage IN ('probationary', 'member'))
     FROM f JOIN teachers t ON t.id = f.id JOIN schools s ON s.id = f.school_id
     LEFT JOIN tier tr ON tr.teacher_id = f.id
     LEFT JOIN joined j ON j.teacher_id = f.id
     WHERE f.active GROUP BY s.id, s.name ORDER BY s.name";

/// The teachers behind a number: active, first 500 by staff number, with their highest tier.
pub const TEACHERS: &str = "SELECT f.id, f.staff_no, f.name, sc.name, f.cohort_year, f.subject, top.name, top.name_en
     FROM f JOIN schools sc ON sc.id = f.school_id
     LEFT JOIN LATERAL (SELECT l.name, l.name_en FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id
                        WHERE tp.teacher_id = f.id ORDER BY l.rank DESC LIMIT 1) top ON true
     WHERE f.active ORDER BY f.staff_no LIMIT 500";

/// The statements a view runs for center staff without filters, after the options and the
/// count, as a pgbench script: a body's own parameters are pgbench variables (`:p6`, …), sent
/// as parameters of prepared statements as the server's are. Returns the script and the
/// variables' values (`-D` arguments). The benchmark's baseline; `stats::view` binds the
/// same values.
pub fn statements(
    view: &str,
    today: NaiveDate,
    dual: (i64, NaiveDate),
) -> Option<(String, Vec<String>)> {
    let day = today.to_string();
    let recent = (today.year() - 2).to_string();
    let year = today.year().to_string();
    let rank = dual.0.to_string();
    let from = dual.1.to_string();
    let (bin, last) = (HOURS_BIN.to_string(), (HOURS_TOP / HOURS_BIN).to_string());
    let list: Vec<(&str, Vec<&str>)> = match view {
        "headcount" => vec![(HEADCOUNT, vec![]), (RETENTION, vec![])],
        "hours" => vec![
            (STALE_STANDING, vec![&day]),
            (HOURS_BINS, vec![&bin, &last]),
            (ON_TRACK, vec![]),
        ],
        "mentoring" => vec![
            (MENTOR_COVERAGE, vec![&recent]),
            (SESSIONS_PER_MONTH, vec![&day]),
        ],
        "tiers" => vec![
            (TIER_BY_COHORT, vec![]),
            (TIER_FLOW, vec![&year]),
            (PROMOTIONS_BY_YEAR, vec![]),
        ],
        "attention" => vec![(STALE_STANDING, vec![&day]), (BEHIND_ON_HOURS, vec![])],
        "dual" => vec![(DUAL_BY_SCHOOL, vec![&rank, &from])],
        _ => return None,
    };
    let district = Scope {
        schools: None,
        filters: Filters::default(),
    };
    let mut script = format!("{};\n{};\n", options(false), district.sql(ACTIVE_COUNT));
    let mut defines = Vec::new();
    for (i, (body, extra)) in list.into_iter().enumerate() {
        let mut sql = district.sql(body);
        for (j, value) in extra.iter().enumerate().rev() {
            let var = format!("s{i}p{}", j + 6);
            sql = sql.replace(&format!("${}", j + 6), &format!(":{var}"));
            defines.push(format!("{var}={value}"));
        }
        script.push_str(sql.trim());
        script.push_str(";\n");
    }
    Some((script, defines))
}

/// The histogram's bin width and where its open-ended last bin starts (tenths of hours).
pub const HOURS_BIN: i64 = 360;
pub const HOURS_TOP: i64 = 3600;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_scripts_use_pgbench_variables_for_every_parameter() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        for view in crate::views::stats::VIEWS {
            let (script, defines) = statements(view, today, (2, today)).unwrap();
            assert!(script.matches(";\n").count() >= 3, "{view}");
            assert!(!script.contains('$'), "{view}: {script}");
            for d in &defines {
                let var = d.split('=').next().unwrap();
                assert!(script.contains(&format!(":{var}")), "{view}: {var}");
            }
        }
        let (_, defines) = statements("hours", today, (2, today)).unwrap();
        assert!(defines.contains(&"s0p6=2026-11-27".to_string()));
        assert!(statements("nope", today, (2, today)).is_none());
    }

    #[test]
    fn only_the_filters_that_are_set_become_conditions() {
        let mut s = Scope {
            schools: None,
            filters: Filters::default(),
        };
        assert!(s.sql("SELECT 1").contains("WHERE true)"));
        s.schools = Some(vec![3]);
        s.filters.stage = Some("junior".into());
        let sql = s.sql("SELECT 1");
        assert!(sql.contains("t.school_id = ANY($1::int4[]) AND t.stage = $4::text"));
        assert!(!sql.contains("$2") && !sql.contains("$5"));
    }
}
