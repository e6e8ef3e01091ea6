//! Statistics over the teachers a user may see (center: the district; coordinator: their
//! school), filtered by cohort, school, subject, stage and programme. Postgres aggregates
//! (`stat_queries`); this module turns the grouped rows into labelled tables, with the hours
//! rollup (`standing`) and the mentoring quota engine where a rule decides.
use super::caller::Caller;
use super::replica::ReadDb;
use super::stat_queries::{self as q, Scope};
use super::{db, dual, pairings, policy};
use crate::domain::codes::Role;
use crate::domain::hours::format_tenths;
use crate::domain::percent::percent;
use crate::domain::stats::{bins, Filters, StatsFilter};
use crate::error::{AppError, FieldProblem};
use crate::i18n::{Locale, Texts};
use crate::views::auth::UserView;
use crate::views::hours::SchoolOption;
use crate::views::mentoring::PairProgress;
use crate::views::stats::{StatRow, StatTable, StatTeacher, StatsView};
use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;
use std::collections::{BTreeMap, HashSet};

/// The schools the user may see (`None`: all), narrowed by the school filter.
fn scope(user: &UserView, f: &Filters) -> Result<Option<Vec<i32>>, AppError> {
    let own = policy::managed_schools(user)?;
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

type HeadcountRow = (
    Option<i32>,
    Option<i32>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

async fn headcount(
    pool: &PgPool,
    s: &Scope,
    t: &'static Texts,
) -> Result<Vec<StatTable>, AppError> {
    let groups: Vec<HeadcountRow> = s.query(&s.sql(q::HEADCOUNT)).fetch_all(pool).await?;
    let (mut cohorts, mut schools, mut subjects, mut stages) = (vec![], vec![], vec![], vec![]);
    for (cohort, school, school_name, subject, stage, n) in groups {
        match (cohort, school, subject, stage) {
            (Some(y), ..) => {
                cohorts.push(count_row(cohort_label(t, &y), n, ("cohort", y.to_string())))
            }
            (_, Some(id), ..) => schools.push(count_row(
                school_name.unwrap_or_default(),
                n,
                ("school", id.to_string()),
            )),
            (_, _, Some(x), _) => subjects.push(count_row(x.clone(), n, ("subject", x))),
            (_, _, _, Some(x)) => {
                stages.push(count_row(Texts::label(t.stages, &x), n, ("stage", x)))
            }
            _ => {}
        }
    }
    let mut out = vec![table("by_cohort", &["cohort", "teachers"], cohorts)];
    if schools.len() > 1 {
        out.push(table("by_school", &["school", "teachers"], schools));
    }
    out.push(table("by_subject", &["subject", "teachers"], subjects));
    out.push(table("by_stage", &["stage", "teachers"], stages));
    // Retention of each entry cohort: still at the first school, moved to another, or gone.
    let cohorts: Vec<(i32, i64, i64, i64, i64)> =
        s.query(&s.sql(q::RETENTION)).fetch_all(pool).await?;
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
        cohorts
            .into_iter()
            .map(|(y, hired, stayed, moved, left)| {
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
    Ok(out)
}

/// Brings the hours rollup up to today for the scope's active teachers whose row is missing
/// or from an earlier day (the background refresh normally leaves none).
async fn fresh_standing(pool: &PgPool, s: &Scope, today: NaiveDate) -> Result<(), AppError> {
    let stale: Vec<(i64,)> = s
        .query(&s.sql(q::STALE_STANDING))
        .bind(today)
        .fetch_all(pool)
        .await?;
    if !stale.is_empty() {
        let ids: Vec<i64> = stale.into_iter().map(|(id,)| id).collect();
        super::standing::refresh(pool, Some(&ids), today).await?;
    }
    Ok(())
}

async fn hours(pool: &PgPool, s: &Scope, t: &'static Texts) -> Result<Vec<StatTable>, AppError> {
    let counts: Vec<(i64, i64)> = s
        .query(&s.sql(q::HOURS_BINS))
        .bind(q::HOURS_BIN)
        .bind(q::HOURS_TOP / q::HOURS_BIN)
        .fetch_all(pool)
        .await?;
    let histogram = bins(&counts, q::HOURS_BIN, q::HOURS_TOP)
        .into_iter()
        .map(|(from, to, n)| {
            let label = match to {
                Some(to) => format!("{}–{}", format_tenths(from), format_tenths(to)),
                None => format!("≥{}", format_tenths(from)),
            };
            row(label, n, vec![n.to_string()], None)
        })
        .collect();
    let by: Vec<(i32, i64, i64)> = s.query(&s.sql(q::ON_TRACK)).fetch_all(pool).await?;
    let on_track = by
        .into_iter()
        .map(|(y, n, ok)| {
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
    Ok(vec![
        table("hours_histogram", &["hours_bin", "teachers"], histogram),
        table(
            "on_track_by_cohort",
            &["cohort", "teachers", "on_track", "behind", "share"],
            on_track,
        ),
    ])
}

/// The pairs behind quota whose mentee is among the filtered active teachers (sorted as
/// `sort` asks). Behind is the mentoring rules' pace, computed by their engine over the user's
/// own scope; the ids narrow it only when a filter is set.
async fn pairs_behind(
    pool: &PgPool,
    c: &Caller,
    s: &Scope,
    sort: &str,
) -> Result<Vec<PairProgress>, AppError> {
    let only: Option<HashSet<i64>> = if s.filters == Filters::default() {
        None
    } else {
        let ids: Vec<(i64,)> = s.query(&s.sql(q::ACTIVE_IDS)).fetch_all(pool).await?;
        Some(ids.into_iter().map(|(id,)| id).collect())
    };
    let behind = pairings::behind_on(pool, c, sort, false).await?;
    Ok(behind
        .rows
        .into_iter()
        .filter(|p| p.behind && only.as_ref().is_none_or(|ids| ids.contains(&p.teacher_id)))
        .collect())
}

async fn mentoring(
    pool: &PgPool,
    c: &Caller,
    s: &Scope,
    t: &'static Texts,
    today: NaiveDate,
) -> Result<Vec<StatTable>, AppError> {
    let by: Vec<(i32, i64, i64, i64)> = s
        .query(&s.sql(q::MENTOR_COVERAGE))
        .bind(today.year() - 2)
        .fetch_all(pool)
        .await?;
    let coverage = by
        .into_iter()
        .map(|(y, n, m, now)| {
            row(
                cohort_label(t, &y),
                percent(m, n),
                vec![
                    n.to_string(),
                    m.to_string(),
                    format!("{}%", percent(m, n)),
                    now.to_string(),
                ],
                Some(("cohort", y.to_string())),
            )
        })
        .collect();
    let months: Vec<(String, i64, i64)> = s
        .query(&s.sql(q::SESSIONS_PER_MONTH))
        .bind(today)
        .fetch_all(pool)
        .await?;
    let sessions = months
        .into_iter()
        .map(|(m, sessions, pairs)| {
            let per = if pairs > 0 { sessions * 10 / pairs } else { 0 };
            row(
                m,
                per,
                vec![sessions.to_string(), pairs.to_string(), format_tenths(per)],
                None,
            )
        })
        .collect();
    let mut by_school: BTreeMap<String, i64> = BTreeMap::new();
    for p in pairs_behind(pool, c, s, "school").await? {
        *by_school.entry(p.school_name).or_insert(0) += 1;
    }
    Ok(vec![
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
            "pairs_behind",
            &["school", "pairs_behind"],
            by_school
                .into_iter()
                .map(|(s, n)| row(s, n, vec![n.to_string()], None))
                .collect(),
        ),
    ])
}

/// Rows of tier counts: `(key, rank, n)` grouped by key into one count per ladder column.
fn tier_rows<K: Ord>(
    ladder: &[db::growth::LadderLevel],
    groups: Vec<(K, i32, i64)>,
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

async fn tiers(
    pool: &PgPool,
    s: &Scope,
    t: &'static Texts,
    locale: Locale,
    today: NaiveDate,
) -> Result<Vec<StatTable>, AppError> {
    let ladder = db::growth::ladder(pool).await?;
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
    let by_cohort: Vec<(i32, i32, i64)> =
        s.query(&s.sql(q::TIER_BY_COHORT)).fetch_all(pool).await?;
    let rows = tier_rows(&ladder, by_cohort)
        .into_iter()
        .map(|(y, counts)| tier_row(cohort_label(t, &y), counts, y))
        .collect();
    let flow: Vec<(i32, i32, i32, i64)> = s
        .query(&s.sql(q::TIER_FLOW))
        .bind(today.year())
        .fetch_all(pool)
        .await?;
    let flow_rows = tier_rows(
        &ladder,
        flow.into_iter()
            .map(|(c, y, r, n)| ((c, y), r, n))
            .collect(),
    )
    .into_iter()
    .map(|((c, y), counts)| tier_row((t.cohort_in_year)(c, y), counts, c))
    .collect();
    let years: Vec<(i32, i64)> = s
        .query(&s.sql(q::PROMOTIONS_BY_YEAR))
        .fetch_all(pool)
        .await?;
    let mut flow_columns = columns.clone();
    flow_columns[0] = "cohort_year".into();
    Ok(vec![
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
    ])
}

async fn attention(
    pool: &PgPool,
    c: &Caller,
    s: &Scope,
    t: &'static Texts,
    _today: NaiveDate,
) -> Result<Vec<StatTable>, AppError> {
    let behind_hours: Vec<(i64, String, String, i64)> =
        s.query(&s.sql(q::BEHIND_ON_HOURS)).fetch_all(pool).await?;
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
    rows.extend(pairs_behind(pool, c, s, "").await?.into_iter().map(|p| {
        let short: Vec<String> = p
            .quotas
            .iter()
            .filter(|q| q.done < q.expected)
            .map(|q| {
                format!(
                    "{} {}/{}",
                    Texts::label(t.session_kinds, q.kind.code()),
                    q.done,
                    q.required
                )
            })
            .collect();
        row(
            p.name.clone(),
            p.teacher_id,
            vec![
                p.school_name.clone(),
                (t.attention_pair)(&p.mentor_name, &short.join("，")),
            ],
            Some(("teacher", p.teacher_id.to_string())),
        )
    }));
    rows.truncate(500);
    Ok(vec![table(
        "attention",
        &["teacher", "school", "reason"],
        rows,
    )])
}

/// 双培养 per school against the targets, with the filtered teachers as the population.
async fn dual_ratios(
    pool: &PgPool,
    s: &Scope,
    t: &'static Texts,
    today: NaiveDate,
) -> Result<Vec<StatTable>, AppError> {
    let d = dual::settings(pool, today).await?;
    let schools = dual::per_school(pool, s, &d).await?;
    let total = dual::total(&schools);
    let cells = |x: &crate::views::ladder::DualSchool| {
        vec![
            x.new_members.to_string(),
            x.new_members_backbone.to_string(),
            format!("{}%", percent(x.new_members_backbone, x.new_members)),
            x.new_backbone.to_string(),
            x.new_backbone_members.to_string(),
            format!("{}%", percent(x.new_backbone_members, x.new_backbone)),
        ]
    };
    let mut rows: Vec<StatRow> = schools
        .iter()
        .map(|x| {
            row(
                x.school_name.clone(),
                percent(x.new_members_backbone, x.new_members),
                cells(x),
                Some(("school", x.school_id.to_string())),
            )
        })
        .collect();
    if schools.len() > 1 {
        rows.push(row(
            t.district_total.to_string(),
            percent(total.new_members_backbone, total.new_members),
            cells(&total),
            None,
        ));
    }
    let target = |name: &str, pct: i64| format!("={name} ({})", (t.target_pct)(pct));
    Ok(vec![StatTable {
        id: "dual_ratios".into(),
        columns: vec![
            "school".into(),
            "new_members".into(),
            "members_backbone".into(),
            target(t.dual_members_from_backbone, d.target_members_from_backbone),
            "new_backbone".into(),
            "backbone_members".into(),
            target(t.dual_backbone_are_members, d.target_backbone_are_members),
        ],
        rows,
    }])
}

/// A statistics view. The rollup is brought up to today on the primary; the figures are read
/// from `read` (the standby while it is usable).
async fn view_on(
    c: &Caller,
    read: &ReadDb,
    view: &str,
    filter: &StatsFilter,
) -> Result<StatsView, AppError> {
    let (primary, user, today, locale) = (c.pool(), &c.user, c.today, c.locale);
    let filters = filter.parse()?;
    let s = Scope {
        schools: scope(user, &filters)?,
        filters,
    };
    let t = locale.texts();
    let view = match view {
        "" => "headcount",
        v => v,
    };
    if matches!(view, "hours" | "attention") {
        fresh_standing(primary, &s, today).await?;
    }
    let pool = &read.pool;
    let tables = match view {
        "headcount" => headcount(pool, &s, t).await?,
        "hours" => hours(pool, &s, t).await?,
        "mentoring" => mentoring(pool, c, &s, t, today).await?,
        "tiers" => tiers(pool, &s, t, locale, today).await?,
        "attention" => attention(pool, c, &s, t, today).await?,
        "dual" => dual_ratios(pool, &s, t, today).await?,
        _ => return Err(AppError::field("view", FieldProblem::Invalid)),
    };
    type Options = (
        Vec<i32>,
        Vec<i32>,
        Vec<String>,
        Vec<String>,
        Vec<String>,
        Vec<String>,
        Vec<String>,
    );
    let own = policy::managed_schools(user)?;
    let options = q::options(own.is_some());
    let mut query = sqlx::query_as(&options);
    if let Some(own) = own {
        query = query.bind(own);
    }
    let (cohorts, ids, names, subjects, codes, p_names, p_names_en): Options =
        query.fetch_one(pool).await?;
    let total: (i64,) = s.query(&s.sql(q::ACTIVE_COUNT)).fetch_one(pool).await?;
    Ok(StatsView {
        view: view.to_string(),
        filter: filter.clone(),
        is_center: user.has(Role::CenterStaff),
        cohorts,
        schools: ids
            .into_iter()
            .zip(names)
            .map(|(id, name)| SchoolOption { id, name })
            .collect(),
        subjects,
        programmes: codes
            .into_iter()
            .zip(p_names)
            .zip(p_names_en)
            .map(|((c, n), e)| (c, n, e))
            .collect(),
        total: total.0,
        tables,
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
    let db = c.state.read_db();
    match view_on(c, &db, view, filter).await {
        Err(err) if c.state.standby_failed(&db, &err) => {
            view_on(c, &c.state.read_db(), view, filter).await
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

pub async fn teachers(c: &Caller, filter: &StatsFilter) -> Result<Vec<StatTeacher>, AppError> {
    let filters = filter.parse()?;
    let s = Scope {
        schools: scope(&c.user, &filters)?,
        filters,
    };
    let (state, sql) = (&c.state, s.sql(q::TEACHERS));
    let db = state.read_db();
    let rows: Vec<TeacherRow> = match s
        .query(&sql)
        .fetch_all(&db.pool)
        .await
        .map_err(AppError::from)
    {
        Err(err) if state.standby_failed(&db, &err) => s.query(&sql).fetch_all(&state.pool).await?,
        done => done?,
    };
    Ok(rows
        .into_iter()
        .map(
            |(id, staff_no, name, school_name, cohort_year, subject, tier, tier_en)| StatTeacher {
                id,
                staff_no,
                name,
                school_name,
                cohort_year,
                subject,
                tier: tier.zip(tier_en),
            },
        )
        .collect())
}
