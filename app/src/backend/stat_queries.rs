//! The SQL behind the statistics. A view asks for sums of facts (`stat_facts::Measure`) by
//! one dimension over `Scope`: read from the group rollup `stat_cells` (a few hundred rows
//! whatever the teachers' number), or — the reference the rollup is tested and benchmarked
//! against — aggregated from the base tables through the same facts SQL. Drill-down lists
//! read the base tables. The benchmark (`server stats-sql`) runs these same statements
//! through pgbench.
use super::stat_facts::{facts_sql, FactParams, Measure, BEHIND_PAIRS, READ_CATCH_UP, WAITING};
use crate::domain::stats::Filters;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::QueryAs;
use sqlx::{Arguments, FromRow, Postgres, Row};
use std::cmp::Ordering;

/// Where the statistics look: the schools (`None`: all) and the filters.
pub struct Scope {
    pub schools: Option<Vec<i32>>,
    pub filters: Filters,
}

/// The dimension a request groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    All,
    Cohort,
    School,
    /// Across several areas (a province), where per-school tables would list thousands.
    Area,
    Subject,
    Stage,
}

/// One request of a view: sums of these measures by this dimension.
#[derive(Clone, Copy)]
pub struct Ask {
    pub by: By,
    pub measures: &'static [Measure],
}

/// Where the sums come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Rollup,
    Raw,
}

/// A sum: the request it answers (its index), the group's key (a cohort or school id, or a
/// subject or stage), the measure, its own key and the sum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub ask: i32,
    pub key: i32,
    pub key_text: String,
    pub measure: i16,
    pub k: i32,
    pub n: i64,
}

impl Cell {
    /// The group the cell belongs to, in the cells' order.
    pub fn cmp_group(&self, other: &Cell) -> Ordering {
        (self.ask, self.key)
            .cmp(&(other.ask, other.key))
            .then_with(|| cmp_text(&self.key_text, &other.key_text))
    }
}

/// By request, group, measure, `k`, sum.
impl Ord for Cell {
    fn cmp(&self, other: &Cell) -> Ordering {
        self.cmp_group(other)
            .then((self.measure, self.k, self.n).cmp(&(other.measure, other.k, other.n)))
    }
}

impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Cell) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Orders key texts as `str` does. Nearly every cell's is empty, and comparing two empty
/// strings through `memcmp` took a tenth of a view's time in profiles (hundreds of cells,
/// each compared a few times).
fn cmp_text(a: &str, b: &str) -> Ordering {
    if a.is_empty() || b.is_empty() {
        a.len().cmp(&b.len())
    } else {
        a.cmp(b)
    }
}

/// A statement's cells packed into one row of six arrays (`packed`): a view reads hundreds
/// of cells, and decoding each as a row of its own cost more than the tables' arithmetic.
/// Every cell statement casts its columns to these types (`cells_sql`, `COUNT_TEACHERS`).
struct Packed(Vec<Cell>);

impl<'r> FromRow<'r, PgRow> for Packed {
    fn from_row(row: &'r PgRow) -> Result<Self, sqlx::Error> {
        // No cells: `array_agg` of no rows is NULL.
        let Some(asks) = row.try_get_unchecked::<Option<Vec<i32>>, _>(0)? else {
            return Ok(Packed(Vec::new()));
        };
        let keys: Vec<i32> = row.try_get_unchecked(1)?;
        let texts: Vec<String> = row.try_get_unchecked(2)?;
        let measures: Vec<i16> = row.try_get_unchecked(3)?;
        let ks: Vec<i32> = row.try_get_unchecked(4)?;
        let ns: Vec<i64> = row.try_get_unchecked(5)?;
        let mut cells: Vec<Cell> = asks
            .into_iter()
            .zip(keys)
            .zip(texts)
            .zip(measures)
            .zip(ks)
            .zip(ns)
            .map(|(((((ask, key), key_text), measure), k), n)| Cell {
                ask,
                key,
                key_text,
                measure,
                k,
                n,
            })
            .collect();
        // In the order the tables list them (and the waiting count first): the arrays keep
        // no order of their own.
        cells.sort_unstable();
        Ok(Packed(cells))
    }
}

/// A cell statement (ask, key, key_text, measure, k, n) as one row of six arrays.
pub fn packed(cells: &str) -> String {
    format!(
        "SELECT array_agg(ask), array_agg(key), array_agg(key_text), array_agg(measure), array_agg(k), array_agg(n)
         FROM ({cells}) c"
    )
}

/// The cells of a cell statement (see [`packed`]), in order.
pub async fn fetch_cells(
    pool: &sqlx::PgPool,
    cells: &str,
    args: PgArguments,
) -> Result<Vec<Cell>, sqlx::Error> {
    let Packed(cells) = sqlx::query_as_with(&packed(cells), args)
        .fetch_one(pool)
        .await?;
    Ok(cells)
}

impl Scope {
    /// The conditions of the filters that are set, over columns named by `col`; only these
    /// become conditions, so Postgres plans each combination for what it is. The six values
    /// are always bound as $1 schools, $2 cohort, $3 subject, $4 stage, $5 programme,
    /// $6 area, and a statement's own from $7.
    fn conditions(&self, col: impl Fn(&str) -> String, programme: &str) -> Vec<String> {
        let f = &self.filters;
        [
            (
                self.schools.is_some(),
                format!("{} = ANY($1::int4[])", col("school_id")),
            ),
            (f.cohort.is_some(), format!("{} = $2::int4", col("cohort"))),
            (
                f.subject.is_some(),
                format!("{} = $3::text", col("subject")),
            ),
            (f.stage.is_some(), format!("{} = $4::text", col("stage"))),
            (f.programme.is_some(), programme.to_string()),
            (f.area.is_some(), format!("{} = $6::text", col("area"))),
        ]
        .into_iter()
        .filter_map(|(set, c)| set.then_some(c))
        .collect()
    }

    /// The teachers (`teachers t` joined to `schools s`) matching the scope.
    fn teacher_condition(&self) -> String {
        let conditions = self.conditions(
            |c| match c {
                "cohort" => "t.cohort_year".into(),
                "area" => "s.area".into(),
                c => format!("t.{c}"),
            },
            "EXISTS (SELECT 1 FROM programme_enrolments e JOIN programmes p ON p.id = e.programme_id
                     WHERE e.teacher_id = t.id AND e.ended_on IS NULL AND p.code = $5::text)",
        );
        if conditions.is_empty() {
            "true".into()
        } else {
            conditions.join(" AND ")
        }
    }

    /// `body` after the CTE `f`: the teachers (active or not) matching the scope.
    pub fn sql(&self, body: &str) -> String {
        format!(
            "WITH f AS (SELECT t.id, t.staff_no, t.name, t.school_id, t.cohort_year, t.hire_date, t.subject, t.stage, t.active
                        FROM teachers t JOIN schools s ON s.id = t.school_id WHERE {})\n{body}",
            self.teacher_condition()
        )
    }

    /// The rollup level that answers a request: per school (2) or per area (4) when it needs
    /// schools or areas and no other dimension, school (0) or area (1) by cohort, subject and
    /// stage when it needs both, the whole (3) otherwise.
    fn level(&self, by: By) -> usize {
        let f = &self.filters;
        let other = f.cohort.is_some() || f.subject.is_some() || f.stage.is_some();
        if by == By::School || self.schools.is_some() {
            if !other && matches!(by, By::School | By::All) {
                2
            } else {
                0
            }
        } else if by == By::Area && !other {
            4
        } else if by == By::Area || f.area.is_some() {
            1
        } else {
            3
        }
    }

    /// The parts of a statement answering `asks`: (request index, grouping, extra condition).
    /// A per-school request of center staff without a school or area chosen groups by school
    /// or — across several areas, a province, where it would list thousands — by area; the
    /// statement itself tells which ([`SEVERAL_AREAS`]), so the sums need not wait for it.
    fn parts(&self, asks: &[Ask]) -> Vec<(usize, By, Option<String>)> {
        let choose = self.schools.is_none() && self.filters.area.is_none();
        let mut out = Vec::new();
        for (i, ask) in asks.iter().enumerate() {
            if ask.by == By::School && choose {
                out.push((
                    i,
                    By::School,
                    Some(format!("({SEVERAL_AREAS}) IS NOT TRUE")),
                ));
                out.push((i, By::Area, Some(format!("({SEVERAL_AREAS}) IS TRUE"))));
            } else {
                out.push((i, ask.by, None));
            }
        }
        out
    }

    /// One statement answering every request, as rows of `Cell`.
    pub fn cells_sql(&self, source: Source, asks: &[Ask]) -> String {
        let parts: Vec<String> = self
            .parts(asks)
            .into_iter()
            .map(|(i, by, extra)| {
                let ask = Ask {
                    by,
                    measures: asks[i].measures,
                };
                let key = match ask.by {
                    By::All => "0 AS key, '' AS key_text",
                    By::Cohort => "c.cohort AS key, '' AS key_text",
                    By::School => "c.school_id AS key, '' AS key_text",
                    By::Area => "0 AS key, c.area AS key_text",
                    By::Subject => "0 AS key, c.subject AS key_text",
                    By::Stage => "0 AS key, c.stage AS key_text",
                };
                let measures: Vec<String> =
                    ask.measures.iter().map(|m| (*m as i16).to_string()).collect();
                let mut conditions = vec![format!("c.measure IN ({})", measures.join(", "))];
                conditions.extend(extra);
                let from = match source {
                    Source::Rollup => {
                        let level = self.level(ask.by);
                        conditions.push(format!("c.level = {level}"));
                        let programme = if self.filters.programme.is_some() {
                            "c.programme = $5::text"
                        } else {
                            "c.programme = ''"
                        };
                        conditions.push(programme.into());
                        conditions.extend(self.conditions(|c| format!("c.{c}"), "true"));
                        "stat_cells c".to_string()
                    }
                    Source::Raw => format!("({}) c", facts_sql(&self.teacher_condition(), 7)),
                };
                format!(
                    "SELECT {i}::int4 AS ask, {key}, c.measure::int2 AS measure, c.k, sum(c.n)::int8 AS n
                     FROM {from} WHERE {}
                     GROUP BY 2, 3, 4, 5 HAVING sum(c.n) <> 0",
                    conditions.join(" AND ")
                )
            })
            .collect();
        parts.join("\nUNION ALL\n")
    }

    /// The rollup's sums (`cells_sql`) after a first row, `Cell { ask: WAITING_ASK, n, .. }`,
    /// counting the teachers waiting for a catch-up (up to `READ_CATCH_UP + 1`). One snapshot
    /// answers both, and a catch-up takes teachers off the queues in the transaction that
    /// updates their cells: when none wait — nearly every read — these sums count every write
    /// committed before the statement, and the read needs no statement of its own to ask.
    pub fn fresh_cells_sql(&self, asks: &[Ask]) -> String {
        format!(
            "SELECT {WAITING_ASK}::int4 AS ask, 0::int4 AS key, '' AS key_text, 0::int2 AS measure, 0::int4 AS k,
                    ({})::int8 AS n
             UNION ALL\n{}",
            WAITING.replace("$1", &(READ_CATCH_UP + 1).to_string()),
            self.cells_sql(Source::Rollup, asks)
        )
    }

    /// The six filter values, in the order `conditions` numbers them.
    pub fn arguments(&self) -> Result<PgArguments, sqlx::Error> {
        let mut args = PgArguments::default();
        let f = &self.filters;
        args.add(self.schools.clone())
            .map_err(sqlx::Error::Encode)?;
        args.add(f.cohort).map_err(sqlx::Error::Encode)?;
        for v in [&f.subject, &f.stage, &f.programme, &f.area] {
            args.add(v.clone()).map_err(sqlx::Error::Encode)?;
        }
        Ok(args)
    }

    /// `sql` (from `Scope::sql`) with the six filter values bound; bind a statement's own after.
    pub fn query<'q, O>(
        &self,
        sql: &'q str,
    ) -> Result<QueryAs<'q, Postgres, O, PgArguments>, sqlx::Error>
    where
        O: for<'r> FromRow<'r, PgRow>,
    {
        Ok(sqlx::query_as_with(sql, self.arguments()?))
    }

    /// The sums a view asks for, from the rollup (after the count of teachers waiting, as
    /// `fresh_cells_sql`) or (`Source::Raw`, with `params`) the base tables.
    pub async fn cells(
        &self,
        pool: &sqlx::PgPool,
        source: Source,
        asks: &[Ask],
        params: Option<&FactParams>,
    ) -> Result<Vec<Cell>, sqlx::Error> {
        let sql = match source {
            Source::Rollup => self.fresh_cells_sql(asks),
            Source::Raw => self.cells_sql(source, asks),
        };
        let mut args = self.arguments()?;
        if let (Source::Raw, Some(params)) = (source, params) {
            params.add_to(&mut args)?;
        }
        fetch_cells(pool, &sql, args).await
    }
}

/// The choices the filters offer, in one statement: cohorts, the schools listed (ids and
/// names, by code), subjects, programmes (codes, names, English names), named areas. A
/// coordinator ($1: their schools) sees their own. Center staff across several areas (a
/// province) see the schools of the chosen area ($1) and the chosen school ($2) only; as
/// with the sums, only the filters that are set become conditions.
pub fn options(own: bool, f: &Filters) -> String {
    let named = "SELECT DISTINCT area FROM schools WHERE area <> ''";
    let (areas, listed) = if own {
        (
            format!("{named} AND id = ANY($1::int4[])"),
            "id = ANY($1::int4[])".to_string(),
        )
    } else {
        let area = match f.area {
            Some(_) => "area = $1::text".to_string(),
            None => format!("({SEVERAL_AREAS}) IS NOT TRUE"),
        };
        let school = f.school.map(|_| " OR id = $2::int4").unwrap_or_default();
        (named.to_string(), format!("{area}{school}"))
    };
    // A province's million teachers are skipped through by the subject index, a subject at a time.
    let subjects = if own {
        "SELECT DISTINCT subject FROM teachers WHERE school_id = ANY($1::int4[]) ORDER BY subject"
    } else {
        "WITH RECURSIVE s AS (SELECT min(subject) AS v FROM teachers
                              UNION ALL SELECT (SELECT min(subject) FROM teachers WHERE subject > s.v) FROM s WHERE s.v IS NOT NULL)
         SELECT v FROM s WHERE v IS NOT NULL"
    };
    format!(
        "WITH areas AS ({areas})
SELECT
    ARRAY(SELECT year FROM entry_cohorts ORDER BY year DESC),
    COALESCE(l.ids, '{{}}'),
    COALESCE(l.names, '{{}}'),
    ARRAY({subjects}),
    ARRAY(SELECT code FROM programmes WHERE active ORDER BY id),
    ARRAY(SELECT name FROM programmes WHERE active ORDER BY id),
    ARRAY(SELECT name_en FROM programmes WHERE active ORDER BY id),
    ARRAY(SELECT area FROM areas ORDER BY area)
FROM (SELECT array_agg(id ORDER BY code), array_agg(name ORDER BY code) FROM schools WHERE {listed}) l(ids, names)"
    )
}

/// Active teachers behind on hours, the 500 most behind (fewest counted hours) first, with
/// their counted hours, from the base tables: the hours rollup's index of teachers behind is
/// walked in that order until 500 match the filters (the reference for
/// [`Scope::behind_on_hours`]).
const BEHIND_ON_HOURS_RAW: &str = "SELECT f.id, f.name, sc.name, s.cycle_tenths
     FROM f JOIN teacher_standing s ON s.teacher_id = f.id AND NOT s.on_track
     JOIN schools sc ON sc.id = f.school_id
     WHERE f.active ORDER BY s.cycle_tenths, s.teacher_id LIMIT 500";

/// 党员骨干双培养 per school: new Party members (预备党员 from $8) and how many are 名师/骨干
/// (rank ≥ $7) today; newly named 名师/骨干 (first reached rank $7 from $8) and how many are
/// members today.
pub const DUAL_BY_SCHOOL: &str = ", tier AS (SELECT tp.teacher_id, max(l.rank) AS rank,
                       min(tp.promoted_on) FILTER (WHERE l.rank >= $7) AS backbone_since
                FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id GROUP BY tp.teacher_id),
     joined AS (SELECT DISTINCT teacher_id FROM party_stage_changes
                WHERE stage = 'probationary' AND changed_on >= $8::date)
     SELECT s.id, s.name,
            count(j.teacher_id),
            count(j.teacher_id) FILTER (WHERE tr.rank >= $7),
            count(*) FILTER (WHERE tr.backbone_since >= $8::date),
            count(*) FILTER (WHERE tr.backbone_since >= $8::date AND t.party_stage IN ('probationary', 'member'))
     FROM f JOIN teachers t ON t.id = f.id JOIN schools s ON s.id = f.school_id
     LEFT JOIN tier tr ON tr.teacher_id = f.id
     LEFT JOIN joined j ON j.teacher_id = f.id
     WHERE f.active GROUP BY s.id, s.name ORDER BY s.name";

/// How many teachers are behind a number (after `Scope::sql`), as the one `Cell` of [`COUNT`].
pub const COUNT_TEACHERS: &str =
    "SELECT 0::int4 AS ask, 0::int4 AS key, '' AS key_text, 1::int2 AS measure,
            0::int4 AS k, count(*)::int8 AS n FROM f WHERE f.active";

/// The teachers behind a number: active, by staff number, with their highest tier; a page of
/// $7 rows from row $8.
pub const TEACHERS: &str = "SELECT f.id, f.staff_no, f.name, sc.name, f.cohort_year, f.subject, top.name, top.name_en
     FROM f JOIN schools sc ON sc.id = f.school_id
     LEFT JOIN LATERAL (SELECT l.name, l.name_en FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id
                        WHERE tp.teacher_id = f.id ORDER BY l.rank DESC LIMIT 1) top ON true
     WHERE f.active ORDER BY f.staff_no LIMIT $7 OFFSET $8";

/// The attention list's pairs: open pairings behind their quotas whose mentee is among the
/// filtered active teachers, most behind first (500), with the short kinds; the fact
/// parameters from $7 (`FactParams`). The facts pick the 500 mentees most behind first (a
/// mentee has one open pairing), so only their quotas are counted again.
pub fn pairs_behind_list() -> String {
    format!(
        ", a AS (SELECT f.id, f.name, f.school_id FROM f
                JOIN teacher_facts tf ON tf.teacher_id = f.id AND tf.measure = {behind}
                JOIN mentor_pairings p ON p.mentee_id = f.id AND p.ended_on IS NULL
                WHERE f.active ORDER BY tf.n DESC, p.id LIMIT 500),
     {pairs}
     SELECT b.pairing_id, a.id, a.name, sc.name, m.name, b.kinds, b.done, b.required
     FROM behind b JOIN a ON a.id = b.mentee_id JOIN schools sc ON sc.id = a.school_id
     JOIN teachers m ON m.id = b.mentor_id
     ORDER BY b.shortfall DESC, b.pairing_id LIMIT 500",
        behind = Measure::PairShortfall as i16,
        pairs = BEHIND_PAIRS
            .replace("{ts}", "$8::date")
            .replace("{te}", "$9::date")
            .replace("{pm}", "$10::int8"),
    )
}

/// Whether the schools lie in several named areas (a province); an index on `schools.area`
/// answers it with two probes. NULL when no school has an area.
pub const SEVERAL_AREAS: &str = "(SELECT min(area) FROM schools WHERE area <> '')
                                 < (SELECT max(area) FROM schools WHERE area <> '')";

/// The request index of the first row of [`Scope::fresh_cells_sql`].
pub const WAITING_ASK: i32 = -1;

/// A request (for the tables of `asks`).
const fn ask(by: By, measures: &'static [Measure]) -> Ask {
    Ask { by, measures }
}

/// The count of active teachers matching the scope.
pub const COUNT: Ask = ask(By::All, &[Measure::Active]);

/// What each view asks of the rollup; the first request is the count of active teachers
/// every view shows.
pub fn asks(view: &str) -> Option<&'static [Ask]> {
    use Measure::*;
    const HEADCOUNT: &[Ask] = &[
        COUNT,
        ask(By::Cohort, &[Active, Retention]),
        ask(By::School, &[Active]),
        ask(By::Subject, &[Active]),
        ask(By::Stage, &[Active]),
    ];
    const HOURS: &[Ask] = &[
        COUNT,
        ask(By::All, &[HoursBin]),
        ask(By::Cohort, &[Active, OnTrack]),
    ];
    const MENTORING: &[Ask] = &[
        COUNT,
        ask(By::Cohort, &[Active, MentoredFirstYear, PairedNow]),
        ask(By::All, &[Sessions, PairsOpen]),
        ask(By::School, &[PairsBehind]),
    ];
    const TIERS: &[Ask] = &[
        COUNT,
        ask(By::Cohort, &[TopRank, TierFlow]),
        ask(By::All, &[Promotions]),
    ];
    const DUAL: &[Ask] = &[
        COUNT,
        ask(
            By::School,
            &[
                Active,
                DualNewMember,
                DualNewMemberBackbone,
                DualNewBackbone,
                DualNewBackboneMember,
            ],
        ),
    ];
    Some(match view {
        "headcount" => HEADCOUNT,
        "hours" => HOURS,
        "mentoring" => MENTORING,
        "tiers" => TIERS,
        "attention" => &[COUNT],
        "dual" => DUAL,
        _ => return None,
    })
}

impl Scope {
    /// [`BEHIND_ON_HOURS_RAW`] from the rollup: the statistics keys carry each active teacher
    /// behind on hours with their counted hours, indexed under each selective filter (school,
    /// area, cohort, subject), so the list reads its rows in order rather than walking every
    /// teacher behind until 500 match (a large subject at province scale read thousands).
    pub fn behind_on_hours(&self, source: Source) -> String {
        if source == Source::Raw {
            return self.sql(BEHIND_ON_HOURS_RAW);
        }
        let mut conditions = vec!["k.behind_tenths IS NOT NULL".to_string()];
        conditions.extend(self.conditions(|c| format!("k.{c}"), "$5::text = ANY(k.programmes)"));
        format!(
            "SELECT k.teacher_id, t.name, sc.name, k.behind_tenths
             FROM teacher_fact_keys k JOIN teachers t ON t.id = k.teacher_id
             JOIN schools sc ON sc.id = k.school_id
             WHERE {} ORDER BY k.behind_tenths, k.teacher_id LIMIT 500",
            conditions.join(" AND ")
        )
    }

    /// The statements of the lists a view reads besides the sums: the attention list's two;
    /// and for any view the drill-down list behind its numbers is `teachers`.
    pub fn lists(&self, view: &str) -> Vec<String> {
        match view {
            "attention" => vec![
                self.behind_on_hours(Source::Rollup),
                self.sql(&pairs_behind_list()),
            ],
            "teachers" => vec![self.sql(TEACHERS)],
            _ => vec![],
        }
    }
}

/// The statements a view runs for center staff without filters, as a pgbench script (the
/// server's parameters as pgbench variables `:pN`, sent as parameters of prepared statements
/// as the server's are), and the variables' values (`-D` arguments): from the rollup, as the
/// server function runs them, or (`raw`) the same sums aggregated from the base tables.
pub fn statements(view: &str, raw: bool, params: &FactParams) -> Option<(String, Vec<String>)> {
    let asks = asks(view)?;
    let district = Scope {
        schools: None,
        filters: Filters::default(),
    };
    let mut list = Vec::new();
    if raw {
        list.push(packed(&district.cells_sql(Source::Raw, asks)));
    } else {
        list.push(options(false, &district.filters));
        list.push(packed(&district.fresh_cells_sql(asks)));
        // What the view reads besides the sums to label and judge them.
        match view {
            "tiers" => list.push(super::db::growth::LADDER.into()),
            "dual" => {
                let keys: Vec<&str> = super::dual::SETTINGS.iter().map(|(k, _)| *k).collect();
                let keys = format!("'{{{}}}'::text[]", keys.join(","));
                list.push(super::db::settings::GET_MANY.replace("$1", &keys));
            }
            _ => {}
        }
    }
    list.extend(district.lists(view));
    let mut script = String::new();
    for sql in list {
        let mut sql = sql.trim().to_string();
        for n in (7..=12).rev() {
            sql = sql.replace(&format!("${n}"), &format!(":p{n}"));
        }
        script.push_str(&sql);
        script.push_str(";\n");
    }
    let defines = params
        .values()
        .into_iter()
        .enumerate()
        .map(|(i, v)| format!("p{}={v}", i + 7))
        .filter(|d| script.contains(&format!(":{}", d.split('=').next().unwrap_or_default())))
        .collect();
    Some((script, defines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn params() -> FactParams {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        FactParams {
            today,
            term: Some((
                today - chrono::Days::new(80),
                today + chrono::Days::new(60),
                571,
            )),
            dual_rank: 2,
            dual_from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        }
    }

    #[test]
    fn baseline_scripts_use_pgbench_variables_for_every_parameter() {
        for view in crate::views::stats::VIEWS {
            for raw in [false, true] {
                let (script, defines) = statements(view, raw, &params()).unwrap();
                assert!(script.ends_with(";\n"), "{view}");
                assert!(!script.contains('$'), "{view}: {script}");
                for d in &defines {
                    let var = d.split('=').next().unwrap();
                    assert!(script.contains(&format!(":{var}")), "{view}: {var}");
                }
            }
        }
        let (_, defines) = statements("hours", true, &params()).unwrap();
        assert!(
            defines.contains(&"p7=2026-11-27".to_string()),
            "{defines:?}"
        );
        assert!(defines.contains(&"p10=571".to_string()), "{defines:?}");
        assert!(statements("nope", false, &params()).is_none());
    }

    #[test]
    fn each_request_reads_the_smallest_rollup_level_that_holds_its_groups() {
        let mut s = Scope {
            schools: None,
            filters: Filters::default(),
        };
        assert_eq!(s.level(By::Cohort), 3);
        assert_eq!(s.level(By::All), 3);
        assert_eq!(s.level(By::School), 2);
        assert_eq!(s.level(By::Area), 4);
        s.filters.subject = Some("语文".into());
        assert_eq!(s.level(By::Area), 1);
        assert_eq!(s.level(By::School), 0);
        assert_eq!(s.level(By::Stage), 3);
        s.filters.area = Some("湖东".into());
        assert_eq!(s.level(By::Stage), 1);
        s.filters.subject = None;
        s.filters.area = None;
        s.schools = Some(vec![3]);
        assert_eq!(s.level(By::All), 2);
        assert_eq!(s.level(By::Cohort), 0);
        s.filters.area = Some("吴中区".into());
        let sql = s.cells_sql(Source::Rollup, asks("headcount").unwrap());
        assert!(sql.contains("c.level = 2") && sql.contains("c.level = 0"));
        assert!(sql.contains("c.area = $6::text") && sql.contains("c.programme = ''"));
    }

    #[test]
    fn per_school_sums_of_the_whole_district_let_the_statement_choose_schools_or_areas() {
        let mut s = Scope {
            schools: None,
            filters: Filters::default(),
        };
        let sql = s.cells_sql(Source::Rollup, asks("dual").unwrap());
        assert!(sql.contains("c.school_id AS key") && sql.contains("c.area AS key_text"));
        assert!(sql.contains(") IS NOT TRUE") && sql.contains(") IS TRUE"));
        assert!(sql.contains("c.level = 2") && sql.contains("c.level = 4"));
        // A school or an area chosen: per school, nothing to choose.
        for narrowed in [Some(vec![3]), None] {
            s.schools = narrowed.clone();
            s.filters.area = narrowed.is_none().then(|| "湖东".to_string());
            let sql = s.cells_sql(Source::Rollup, asks("dual").unwrap());
            assert!(sql.contains("c.school_id AS key") && !sql.contains("c.area AS key_text"));
            assert!(!sql.contains("IS TRUE"), "{sql}");
        }
    }

    #[test]
    fn the_rollup_read_counts_the_teachers_waiting_in_its_first_row() {
        let s = Scope {
            schools: None,
            filters: Filters::default(),
        };
        let sql = s.fresh_cells_sql(asks("hours").unwrap());
        assert!(sql.starts_with(&format!("SELECT {WAITING_ASK}::int4 AS ask")));
        assert!(sql.contains("FROM stat_dirty LIMIT 5001") && sql.contains("standing_dirty"));
        assert!(sql.ends_with(&s.cells_sql(Source::Rollup, asks("hours").unwrap())));
    }

    #[test]
    fn only_the_filters_that_are_set_become_conditions() {
        let mut s = Scope {
            schools: None,
            filters: Filters::default(),
        };
        assert!(s.sql("SELECT 1").contains("WHERE true)"));
        assert!(s
            .cells_sql(Source::Raw, asks("tiers").unwrap())
            .contains("WHERE true)"));
        s.schools = Some(vec![3]);
        s.filters.stage = Some("junior".into());
        let sql = s.sql("SELECT 1");
        assert!(sql.contains("t.school_id = ANY($1::int4[]) AND t.stage = $4::text"));
        assert!(!sql.contains("$2") && !sql.contains("$5"));
    }
}
