//! Statistics over the teachers a user may see (center: the district or province;
//! coordinator: their school), filtered by cohort, school, area, subject, stage and programme.
//! Each view asks the group rollup for sums (`stat_queries`, `stat_facts`) and turns them into
//! labelled tables; the attention list reads the base tables.
use super::caller::Caller;
use super::replica::ReadDb;
use super::stat_facts::{self, FactParams, Measure, HOURS_BIN, HOURS_TOP};
use super::stat_queries::{self as q, Cell, Scope, Source};
use super::{db, dual, policy};
use crate::domain::codes::Role;
use crate::domain::hours::format_tenths;
use crate::domain::percent::percent;
use crate::domain::stats::{bins, Filters, StatsFilter};
use crate::error::{AppError, FieldProblem};
use crate::i18n::{Locale, Texts};
use crate::views::hours::SchoolOption;
use crate::views::ladder::DualSchool;
use crate::views::stats::{StatRow, StatTable, StatTeacher, StatTeacherPage, StatsView};
use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;
use std::collections::BTreeMap;

/// The schools the user may see (`own`, from `policy::managed_schools`; `None`: all),
/// narrowed by the school filter.
fn scope(own: Option<Vec<i32>>, f: &Filters) -> Result<Option<Vec<i32>>, AppError> {
    match (own, f.school) {
        (None, None) => Ok(None),
        (None, Some(s)) => Ok(Some(vec![s])),
        (Some(own), None) => Ok(Some(own)),
        (Some(own), Some(s)) if own.contains(&s) => Ok(Some(vec![s])),
        (Some(_), Some(_)) => Err(AppError::Forbidden),
    }
}

fn row(label: String, value: i64, cells: Vec<String>, drill: Option<(&str, String)>) -> StatRow {
    StatRow {
        label,
        value,
        cells,
        drill: drill.map(|(k, v)| (k.to_string(), v)),
    }
}

fn table(id: &str, columns: &[&str], rows: Vec<StatRow>) -> StatTable {
    StatTable {
        id: id.into(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

/// A one-number row: label, count, drill-down.
fn count_row(label: String, n: i64, drill: (&str, String)) -> StatRow {
    row(label, n, vec![n.to_string()], Some(drill))
}

fn cohort_label(t: &'static Texts, year: &i32) -> String {
    if *year == 0 {
        t.no_cohort.to_string()
    } else {
        (t.cohort_name)(*year)
    }
}

/// The sums of one request of a view.
fn asked(cells: &[Cell], ask: i32) -> impl Iterator<Item = &Cell> {
    cells.iter().filter(move |c| c.ask == ask)
}

/// The sums of one measure of one request.
fn sums(cells: &[Cell], ask: i32, m: Measure) -> impl Iterator<Item = &Cell> {
    asked(cells, ask).filter(move |c| c.measure == m as i16)
}

/// A measure of one request, keyed by the group (cohort or school) and added over `k`.
fn by_key(cells: &[Cell], ask: i32, m: Measure) -> BTreeMap<i32, i64> {
    let mut out = BTreeMap::new();
    for c in sums(cells, ask, m) {
        *out.entry(c.key).or_insert(0) += c.n;
    }
    out
}

/// Where per-place tables break the figures down: the schools the user may see (in the
/// options' order, by code), or — across several areas, a province — the areas.
enum Places<'a> {
    Schools(&'a [SchoolOption]),
    Areas,
}

/// A place's label, its drill-down and its sums.
type PlaceSums<const N: usize> = (String, (&'static str, String), [i64; N]);

impl Places<'_> {
    /// Per place, the sums of `measures` of one request (the cells of a per-school request
    /// are keyed by school id, of a per-area one by the area's name); the places with a sum
    /// of the first measure only, in the places' order. `cells` are in order (as
    /// `stat_queries::fetch_cells` gives them), so a place's cells are side by side.
    fn sums<const N: usize>(
        &self,
        cells: &[Cell],
        ask: i32,
        measures: [Measure; N],
    ) -> Vec<PlaceSums<N>> {
        debug_assert!(cells.is_sorted());
        // (the group's first cell, has a sum of the first measure, the sums), in group order.
        let mut by: Vec<(&Cell, bool, [i64; N])> = Vec::new();
        for c in asked(cells, ask) {
            let Some(i) = measures.iter().position(|m| *m as i16 == c.measure) else {
                continue;
            };
            if by.last().is_none_or(|(g, ..)| g.cmp_group(c).is_ne()) {
                by.push((c, false, [0; N]));
            }
            let (_, first, sums) = by.last_mut().expect("pushed above");
            *first |= i == 0;
            sums[i] += c.n;
        }
        match self {
            Places::Schools(schools) => schools
                .iter()
                .filter_map(|s| {
                    // Per-school cells have no key text.
                    let at = by.binary_search_by_key(&s.id, |(g, ..)| g.key).ok()?;
                    let (_, first, sums) = by[at];
                    first.then(|| (s.name.clone(), ("school", s.id.to_string()), sums))
                })
                .collect(),
            Places::Areas => by
                .into_iter()
                .filter(|(_, first, _)| *first)
                .map(|(g, _, sums)| (g.key_text.clone(), ("area", g.key_text.clone()), sums))
                .collect(),
        }
    }

    /// A table's id (per school, per area) and first column for these places.
    fn table(
        &self,
        by_school: &'static str,
        by_area: &'static str,
    ) -> (&'static str, &'static str) {
        match self {
            Places::Schools(_) => (by_school, "school"),
            Places::Areas => (by_area, "area"),
        }
    }
}

fn headcount(cells: &[Cell], places: &Places, t: &'static Texts) -> Vec<StatTable> {
    let cohorts = by_key(cells, 1, Measure::Active)
        .into_iter()
        .map(|(y, n)| count_row(cohort_label(t, &y), n, ("cohort", y.to_string())))
        .collect();
    let place_rows: Vec<StatRow> = places
        .sums(cells, 2, [Measure::Active])
        .into_iter()
        .map(|(label, drill, [n])| count_row(label, n, drill))
        .collect();
    let texts = |ask: i32, f: &dyn Fn(&str) -> String, key: &str| -> Vec<StatRow> {
        sums(cells, ask, Measure::Active)
            .map(|c| count_row(f(&c.key_text), c.n, (key, c.key_text.clone())))
            .collect()
    };
    let mut out = vec![table("by_cohort", &["cohort", "teachers"], cohorts)];
    if place_rows.len() > 1 {
        let (id, column) = places.table("by_school", "by_area");
        out.push(table(id, &[column, "teachers"], place_rows));
    }
    out.push(table(
        "by_subject",
        &["subject", "teachers"],
        texts(3, &|x| x.to_string(), "subject"),
    ));
    out.push(table(
        "by_stage",
        &["stage", "teachers"],
        texts(4, &|x| Texts::label(t.stages, x), "stage"),
    ));
    // Retention of each entry cohort: still at the first school, moved to another, or gone.
    let mut retention: BTreeMap<i32, [i64; 3]> = BTreeMap::new();
    for c in sums(cells, 1, Measure::Retention) {
        retention.entry(c.key).or_default()[(c.k.clamp(1, 3) - 1) as usize] += c.n;
    }
    out.push(table(
        "retention",
        &[
            "cohort",
            "hired",
            "stayed",
            "transferred",
            "left",
            "retained",
        ],
        retention
            .into_iter()
            .map(|(y, [stayed, moved, left])| {
                let hired = stayed + moved + left;
                row(
                    cohort_label(t, &y),
                    stayed + moved,
                    vec![
                        hired.to_string(),
                        stayed.to_string(),
                        moved.to_string(),
                        left.to_string(),
                        format!("{}%", percent(stayed + moved, hired)),
                    ],
                    Some(("cohort", y.to_string())),
                )
            })
            .collect(),
    ));
    out
}

fn hours(cells: &[Cell], t: &'static Texts) -> Vec<StatTable> {
    let counts: Vec<(i64, i64)> = sums(cells, 1, Measure::HoursBin)
        .map(|c| (c.k as i64, c.n))
        .collect();
    let histogram = bins(&counts, HOURS_BIN, HOURS_TOP)
        .into_iter()
        .map(|(from, to, n)| {
            let label = match to {
                Some(to) => format!("{}–{}", format_tenths(from), format_tenths(to)),
                None => format!("≥{}", format_tenths(from)),
            };
            row(label, n, vec![n.to_string()], None)
        })
        .collect();
    let on_track = by_key(cells, 2, Measure::OnTrack);
    let rows = by_key(cells, 2, Measure::Active)
        .into_iter()
        .map(|(y, n)| {
            let ok = on_track.get(&y).copied().unwrap_or(0);
            row(
                cohort_label(t, &y),
                percent(ok, n),
                vec![
                    n.to_string(),
                    ok.to_string(),
                    (n - ok).to_string(),
                    format!("{}%", percent(ok, n)),
                ],
                Some(("cohort", y.to_string())),
            )
        })
        .collect();
    vec![
        table("hours_histogram", &["hours_bin", "teachers"], histogram),
        table(
            "on_track_by_cohort",
            &["cohort", "teachers", "on_track", "behind", "share"],
            rows,
        ),
    ]
}

/// The six months to `today`, as (yyyymm, "YYYY-MM").
fn last_six_months(today: NaiveDate) -> Vec<(i32, String)> {
    let at = today.year() * 12 + today.month0() as i32;
    (at - 5..=at)
        .map(|m| {
            let (y, m) = (m / 12, m % 12 + 1);
            (y * 100 + m, format!("{y:04}-{m:02}"))
        })
        .collect()
}

fn mentoring(
    cells: &[Cell],
    places: &Places,
    t: &'static Texts,
    today: NaiveDate,
) -> Vec<StatTable> {
    let (mentored, now) = (
        by_key(cells, 1, Measure::MentoredFirstYear),
        by_key(cells, 1, Measure::PairedNow),
    );
    let coverage = by_key(cells, 1, Measure::Active)
        .into_iter()
        .filter(|(y, _)| *y >= today.year() - 2)
        .map(|(y, n)| {
            let m = mentored.get(&y).copied().unwrap_or(0);
            row(
                cohort_label(t, &y),
                percent(m, n),
                vec![
                    n.to_string(),
                    m.to_string(),
                    format!("{}%", percent(m, n)),
                    now.get(&y).copied().unwrap_or(0).to_string(),
                ],
                Some(("cohort", y.to_string())),
            )
        })
        .collect();
    let month =
        |m: Measure| -> BTreeMap<i32, i64> { sums(cells, 2, m).map(|c| (c.k, c.n)).collect() };
    let (held, open) = (month(Measure::Sessions), month(Measure::PairsOpen));
    let sessions = last_six_months(today)
        .into_iter()
        .map(|(k, label)| {
            let (sessions, pairs) = (
                held.get(&k).copied().unwrap_or(0),
                open.get(&k).copied().unwrap_or(0),
            );
            let per = if pairs > 0 { sessions * 10 / pairs } else { 0 };
            row(
                label,
                per,
                vec![sessions.to_string(), pairs.to_string(), format_tenths(per)],
                None,
            )
        })
        .collect();
    let mut behind = places.sums(cells, 3, [Measure::PairsBehind]);
    behind.sort();
    let (behind_id, place) = places.table("pairs_behind", "pairs_behind_by_area");
    vec![
        table(
            "mentor_coverage",
            &[
                "cohort",
                "new_teachers",
                "mentor_first_year",
                "share",
                "paired_now",
            ],
            coverage,
        ),
        table(
            "sessions_per_pair",
            &["month", "sessions", "pairs", "per_pair"],
            sessions,
        ),
        table(
            behind_id,
            &[place, "pairs_behind"],
            behind
                .into_iter()
                .map(|(label, _, [n])| row(label, n, vec![n.to_string()], None))
                .collect(),
        ),
    ]
}

/// Rows of tier counts: `(key, rank, n)` grouped by key into one count per ladder column.
fn tier_rows<K: Ord>(
    ladder: &[db::growth::LadderLevel],
    groups: impl Iterator<Item = (K, i32, i64)>,
) -> BTreeMap<K, Vec<i64>> {
    let mut by: BTreeMap<K, Vec<i64>> = BTreeMap::new();
    for (key, rank, n) in groups {
        let i = ladder
            .iter()
            .position(|l| l.rank == rank)
            .map_or(0, |i| i + 1);
        by.entry(key).or_insert_with(|| vec![0; ladder.len() + 1])[i] += n;
    }
    by
}

fn tiers(
    cells: &[Cell],
    ladder: &[db::growth::LadderLevel],
    t: &'static Texts,
    locale: Locale,
) -> Vec<StatTable> {
    let mut columns: Vec<String> = vec!["cohort".into(), "no_tier".into()];
    columns.extend(ladder.iter().map(|l| {
        format!(
            "={}",
            if locale == Locale::En {
                &l.name_en
            } else {
                &l.name
            }
        )
    }));
    let tier_row = |label: String, counts: Vec<i64>, cohort: i32| {
        let on_ladder: i64 = counts[1..].iter().sum();
        row(
            label,
            on_ladder,
            counts.iter().map(|c| c.to_string()).collect(),
            Some(("cohort", cohort.to_string())),
        )
    };
    let rows = tier_rows(
        ladder,
        sums(cells, 1, Measure::TopRank).map(|c| (c.key, c.k, c.n)),
    )
    .into_iter()
    .map(|(y, counts)| tier_row(cohort_label(t, &y), counts, y))
    .collect();
    let flow_rows = tier_rows(
        ladder,
        sums(cells, 1, Measure::TierFlow).map(|c| ((c.key, c.k / 100), c.k % 100, c.n)),
    )
    .into_iter()
    .map(|((c, y), counts)| tier_row((t.cohort_in_year)(c, y), counts, c))
    .collect();
    let years: BTreeMap<i32, i64> = sums(cells, 2, Measure::Promotions)
        .map(|c| (c.k, c.n))
        .collect();
    let mut flow_columns = columns.clone();
    flow_columns[0] = "cohort_year".into();
    vec![
        StatTable {
            id: "tier_by_cohort".into(),
            columns,
            rows,
        },
        table(
            "promotions_by_year",
            &["year", "promotions"],
            years
                .into_iter()
                .map(|(y, n)| row(y.to_string(), n, vec![n.to_string()], None))
                .collect(),
        ),
        StatTable {
            id: "tier_flow".into(),
            columns: flow_columns,
            rows: flow_rows,
        },
    ]
}

type PairRow = (
    i64,
    i64,
    String,
    String,
    String,
    Vec<String>,
    Vec<i64>,
    Vec<i64>,
);

/// Teachers behind on hours, then pairs behind their quotas: lists from the base tables.
async fn attention(
    pool: &PgPool,
    s: &Scope,
    source: Source,
    t: &'static Texts,
    params: &FactParams,
) -> Result<Vec<StatTable>, AppError> {
    let behind_hours: Vec<(i64, String, String, i64)> =
        s.query(&s.behind_on_hours(source))?.fetch_all(pool).await?;
    let mut rows: Vec<StatRow> = behind_hours
        .into_iter()
        .map(|(id, name, school, hours)| {
            row(
                name,
                id,
                vec![school, (t.attention_hours)(&format_tenths(hours))],
                Some(("teacher", id.to_string())),
            )
        })
        .collect();
    if rows.len() < 500 {
        let sql = s.sql(&q::pairs_behind_list());
        let mut args = s.arguments()?;
        params.add_to(&mut args)?;
        let pairs: Vec<PairRow> = sqlx::query_as_with(&sql, args).fetch_all(pool).await?;
        rows.extend(pairs.into_iter().map(
            |(_, id, name, school, mentor, kinds, done, required)| {
                let short: Vec<String> = kinds
                    .iter()
                    .zip(done.iter().zip(&required))
                    .map(|(k, (d, r))| format!("{} {d}/{r}", Texts::label(t.session_kinds, k)))
                    .collect();
                row(
                    name,
                    id,
                    vec![school, (t.attention_pair)(&mentor, &short.join("，"))],
                    Some(("teacher", id.to_string())),
                )
            },
        ));
    }
    rows.truncate(500);
    Ok(vec![table(
        "attention",
        &["teacher", "school", "reason"],
        rows,
    )])
}

/// 双培养 per school (or area) against the targets, with the filtered teachers as the population.
fn dual_ratios(
    cells: &[Cell],
    places: &Places,
    t: &'static Texts,
    d: &dual::DualSettings,
) -> Vec<StatTable> {
    use Measure::*;
    let measures = [
        Active,
        DualNewMember,
        DualNewMemberBackbone,
        DualNewBackbone,
        DualNewBackboneMember,
    ];
    let mut per: Vec<(DualSchool, (&str, String))> = places
        .sums(cells, 1, measures)
        .into_iter()
        .map(|(label, drill, [_, a, b, c, e])| {
            let counts = DualSchool {
                school_id: 0,
                school_name: label,
                new_members: a,
                new_members_backbone: b,
                new_backbone: c,
                new_backbone_members: e,
            };
            (counts, drill)
        })
        .collect();
    per.sort_by(|x, y| x.0.school_name.cmp(&y.0.school_name));
    let (id, place) = places.table("dual_ratios", "dual_ratios_by_area");
    let (per, drills): (Vec<DualSchool>, Vec<(&str, String)>) = per.into_iter().unzip();
    let total = dual::total(&per);
    let cells = |x: &DualSchool| {
        vec![
            x.new_members.to_string(),
            x.new_members_backbone.to_string(),
            format!("{}%", percent(x.new_members_backbone, x.new_members)),
            x.new_backbone.to_string(),
            x.new_backbone_members.to_string(),
            format!("{}%", percent(x.new_backbone_members, x.new_backbone)),
        ]
    };
    let mut rows: Vec<StatRow> = per
        .iter()
        .zip(drills)
        .map(|(x, drill)| {
            row(
                x.school_name.clone(),
                percent(x.new_members_backbone, x.new_members),
                cells(x),
                Some(drill),
            )
        })
        .collect();
    if per.len() > 1 {
        rows.push(row(
            t.district_total.to_string(),
            percent(total.new_members_backbone, total.new_members),
            cells(&total),
            None,
        ));
    }
    let target = |name: &str, pct: i64| format!("={name} ({})", (t.target_pct)(pct));
    vec![StatTable {
        id: id.into(),
        columns: vec![
            place.into(),
            "new_members".into(),
            "members_backbone".into(),
            target(t.dual_members_from_backbone, d.target_members_from_backbone),
            "new_backbone".into(),
            "backbone_members".into(),
            target(t.dual_backbone_are_members, d.target_backbone_are_members),
        ],
        rows,
    }]
}

type Options = (
    Vec<i32>,
    Vec<i32>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
);

/// The sums of `asks` from `source`, current, and whether they are still being updated. The
/// rollup's statement counts the teachers waiting for a catch-up in its first row, from the
/// same snapshot as the sums: none waiting (nearly always) means the sums are current; else
/// they are caught up on the `primary` and the sums read again — or, too many for a read,
/// counted in the background while these sums answer. The raw reference reads the hours
/// rollup, so it is brought up to date first.
async fn current_cells(
    primary: &PgPool,
    pool: &PgPool,
    s: &Scope,
    source: Source,
    asks: &[q::Ask],
    params: Option<&FactParams>,
    today: NaiveDate,
) -> Result<(Vec<Cell>, bool), AppError> {
    let limit = stat_facts::READ_CATCH_UP;
    if source == Source::Raw {
        let updating = stat_facts::catch_up_for_read(primary, today, limit).await?;
        return Ok((s.cells(pool, source, asks, params).await?, updating));
    }
    let cells = s.cells(pool, source, asks, params).await?;
    let waiting = cells
        .first()
        .filter(|c| c.ask == q::WAITING_ASK)
        .map_or(0, |c| c.n);
    if waiting == 0 {
        return Ok((cells, false));
    }
    if stat_facts::catch_up_counted(primary, today, waiting, limit).await? {
        return Ok((cells, true));
    }
    Ok((s.cells(pool, source, asks, params).await?, false))
}

/// A statistics view from `source`. Writes committed before it are brought into the rollup
/// on the primary first; the figures are read from `read` (the standby while it is usable).
async fn view_on(
    c: &Caller,
    read: &ReadDb,
    view: &str,
    filter: &StatsFilter,
    source: Source,
) -> Result<StatsView, AppError> {
    let (primary, user, today, locale) = (c.pool(), &c.user, c.today, c.locale);
    let filters = filter.parse()?;
    let own = policy::managed_schools(user)?;
    let s = Scope {
        schools: scope(own.clone(), &filters)?,
        filters,
    };
    let t = locale.texts();
    let view = match view {
        "" => "headcount",
        v => v,
    };
    let asks = q::asks(view).ok_or_else(|| AppError::field("view", FieldProblem::Invalid))?;
    let pool = &read.pool;
    let coordinator = own.is_some();
    let options = q::options(coordinator, &s.filters);
    let choices = async {
        let query = match own {
            Some(own) => sqlx::query_as(&options).bind(own),
            None => sqlx::query_as(&options)
                .bind(&s.filters.area)
                .bind(s.filters.school),
        };
        let choices: Options = query.fetch_one(pool).await?;
        Ok::<_, AppError>(choices)
    };
    // Pace and the 双培养 window are needed by the raw aggregate and the attention list only.
    let params = match (source, view) {
        (Source::Raw, _) | (_, "attention") => Some(FactParams::load(pool, today).await?),
        _ => None,
    };
    let read_cells = current_cells(primary, pool, &s, source, asks, params.as_ref(), today);
    let ladder = async {
        match view {
            "tiers" => Ok::<_, AppError>(Some(db::growth::ladder(pool).await?)),
            _ => Ok(None),
        }
    };
    let targets = async {
        match view {
            "dual" => Ok::<_, AppError>(Some(dual::settings(pool, today).await?)),
            _ => Ok(None),
        }
    };
    // Independent reads go out at once, each on its own connection.
    let (choices, (cells, updating), ladder, targets) =
        tokio::try_join!(choices, read_cells, ladder, targets)?;
    let (cohorts, ids, names, subjects, codes, p_names, p_names_en, areas) = choices;
    let schools: Vec<SchoolOption> = ids
        .into_iter()
        .zip(names)
        .map(|(id, name)| SchoolOption { id, name })
        .collect();
    // Across several areas (a province) per-school tables would list thousands of schools:
    // they break down by area instead (as the sums did: `Scope::parts`), and by school once
    // an area or school is chosen.
    let f = &s.filters;
    let places = if s.schools.is_none() && f.area.is_none() && areas.len() > 1 {
        Places::Areas
    } else {
        Places::Schools(&schools)
    };
    let tables = match view {
        "headcount" => headcount(&cells, &places, t),
        "hours" => hours(&cells, t),
        "mentoring" => mentoring(&cells, &places, t, today),
        "tiers" => tiers(&cells, &ladder.ok_or(AppError::Internal)?, t, locale),
        "attention" => {
            attention(pool, &s, source, t, params.as_ref().expect("loaded above")).await?
        }
        _ => dual_ratios(&cells, &places, t, &targets.ok_or(AppError::Internal)?),
    };
    Ok(StatsView {
        view: view.to_string(),
        filter: filter.clone(),
        is_center: user.has(Role::CenterStaff),
        cohorts,
        schools,
        subjects,
        programmes: codes
            .into_iter()
            .zip(p_names)
            .zip(p_names_en)
            .map(|((c, n), e)| (c, n, e))
            .collect(),
        areas,
        total: sums(&cells, 0, Measure::Active).map(|c| c.n).sum(),
        tables,
        updating,
        as_of: read.as_of.map(|at| {
            at.with_timezone(&super::ctx::shanghai())
                .format("%H:%M")
                .to_string()
        }),
    })
}

/// A statistics view for the page and its exports; read from the standby while it is usable,
/// again from the primary if the standby fails mid-read.
pub async fn view(c: &Caller, view: &str, filter: &StatsFilter) -> Result<StatsView, AppError> {
    view_from(c, view, filter, Source::Rollup).await
}

/// `view` from a chosen source: the rollup, or the same sums aggregated from the base tables
/// (the reference the tests compare the rollup with).
pub async fn view_from(
    c: &Caller,
    view: &str,
    filter: &StatsFilter,
    source: Source,
) -> Result<StatsView, AppError> {
    let db = c.state.read_db();
    match view_on(c, &db, view, filter, source).await {
        Err(err) if c.state.standby_failed(&db, &err) => {
            view_on(c, &c.state.read_db(), view, filter, source).await
        }
        done => done,
    }
}

type TeacherRow = (
    i64,
    String,
    String,
    String,
    Option<i32>,
    String,
    Option<String>,
    Option<String>,
);

/// Rows per page of the drill-down list.
const PER_PAGE: i64 = 100;

/// The teachers behind a number, a page at a time by staff number, with their exact count
/// (from the rollup, current as for a view; from the base tables while it is updated).
pub async fn teachers(
    c: &Caller,
    filter: &StatsFilter,
    page: i64,
) -> Result<StatTeacherPage, AppError> {
    let filters = filter.parse()?;
    let s = Scope {
        schools: scope(policy::managed_schools(&c.user)?, &filters)?,
        filters,
    };
    let (state, sql) = (&c.state, s.sql(q::TEACHERS));
    let db = state.read_db();
    let read = |pool: PgPool| {
        let (s, sql) = (&s, &sql);
        async move {
            let count = std::slice::from_ref(&q::COUNT);
            let (cells, updating) =
                current_cells(c.pool(), &pool, s, Source::Rollup, count, None, c.today).await?;
            // While the rollup is being updated its count may be behind: count the base tables.
            let total: Vec<Cell> = if updating {
                q::fetch_cells(&pool, &s.sql(q::COUNT_TEACHERS), s.arguments()?).await?
            } else {
                cells
            };
            let total: i64 = sums(&total, 0, Measure::Active).map(|c| c.n).sum();
            let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
            let page = page.clamp(1, pages);
            let rows: Vec<TeacherRow> = s
                .query(sql)?
                .bind(PER_PAGE)
                .bind((page - 1) * PER_PAGE)
                .fetch_all(&pool)
                .await?;
            Ok::<_, AppError>((total, page, pages, rows))
        }
    };
    let (total, page, pages, rows) = match read(db.pool.clone()).await {
        Err(err) if state.standby_failed(&db, &err) => read(state.pool.clone()).await?,
        done => done?,
    };
    Ok(StatTeacherPage {
        total,
        page,
        pages,
        rows: rows
            .into_iter()
            .map(
                |(id, staff_no, name, school_name, cohort_year, subject, tier, tier_en)| {
                    StatTeacher {
                        id,
                        staff_no,
                        name,
                        school_name,
                        cohort_year,
                        subject,
                        tier: tier.zip(tier_en),
                    }
                },
            )
            .collect(),
    })
}
