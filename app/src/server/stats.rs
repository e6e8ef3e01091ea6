//! Statistics over the teachers a user may see (center: the district; coordinator: their
//! school), filtered by cohort, school, subject, stage and programme. One query loads the
//! filtered teachers; each view groups them, with the rules engine for hours.
use super::ctx::{current_user, pool, request_locale, today};
use super::{db, pairings};
use crate::api::auth::UserView;
use crate::api::hours::SchoolOption;
use crate::api::stats::{StatRow, StatTable, StatTeacher, StatsView};
use crate::domain::codes::Role;
use crate::domain::hours::format_tenths;
use crate::domain::stats::{histogram, percent, Filters, StatsFilter};
use crate::error::{AppError, FieldProblem};
use crate::i18n::Texts;
use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;
use std::collections::{BTreeMap, HashMap};

#[derive(sqlx::FromRow, Clone)]
pub struct T {
    pub id: i64,
    pub staff_no: String,
    pub name: String,
    pub school_id: i32,
    pub school_name: String,
    pub cohort_year: Option<i32>,
    pub subject: String,
    pub stage: String,
    pub active: bool,
    pub first_school: Option<i32>,
    pub rank: i32,
    pub tier: Option<String>,
    pub tier_en: Option<String>,
}

/// The schools the user may see (`None`: all), narrowed by the school filter.
fn scope(user: &UserView, f: &Filters) -> Result<Option<Vec<i32>>, AppError> {
    let own = if user.has(Role::CenterStaff) {
        None
    } else {
        let s = user.coordinated_schools();
        if s.is_empty() {
            return Err(AppError::Forbidden);
        }
        Some(s)
    };
    match (own, f.school) {
        (None, None) => Ok(None),
        (None, Some(s)) => Ok(Some(vec![s])),
        (Some(own), None) => Ok(Some(own)),
        (Some(own), Some(s)) if own.contains(&s) => Ok(Some(vec![s])),
        (Some(_), Some(_)) => Err(AppError::Forbidden),
    }
}

/// Every teacher (active or not) matching the filters within `schools`.
pub async fn filtered(
    pool: &PgPool,
    schools: &Option<Vec<i32>>,
    f: &Filters,
) -> Result<Vec<T>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.staff_no, t.name, t.school_id, s.name AS school_name, t.cohort_year, t.subject, t.stage, t.active,
                (SELECT h.school_id FROM teacher_school_history h WHERE h.teacher_id = t.id ORDER BY h.from_date LIMIT 1) AS first_school,
                COALESCE(top.rank, 0) AS rank, top.name AS tier, top.name_en AS tier_en
         FROM teachers t JOIN schools s ON s.id = t.school_id
         LEFT JOIN LATERAL (SELECT l.rank, l.name, l.name_en FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id
                            WHERE tp.teacher_id = t.id ORDER BY l.rank DESC LIMIT 1) top ON true
         WHERE ($1::int4[] IS NULL OR t.school_id = ANY($1))
           AND ($2::int4 IS NULL OR t.cohort_year = $2)
           AND ($3::text IS NULL OR t.subject = $3)
           AND ($4::text IS NULL OR t.stage = $4)
           AND ($5::text IS NULL OR EXISTS (
                SELECT 1 FROM programme_enrolments e JOIN programmes p ON p.id = e.programme_id
                WHERE e.teacher_id = t.id AND e.ended_on IS NULL AND p.code = $5))
         ORDER BY t.staff_no",
    )
    .bind(schools)
    .bind(f.cohort)
    .bind(&f.subject)
    .bind(&f.stage)
    .bind(&f.programme)
    .fetch_all(pool)
    .await
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

/// Active teachers counted by a key, as rows sorted by the key.
fn count_by<K: Ord + ToString>(
    teachers: &[&T],
    key: impl Fn(&T) -> K,
    label: impl Fn(&K) -> String,
    drill: &str,
) -> Vec<StatRow> {
    let mut counts: BTreeMap<K, i64> = BTreeMap::new();
    for t in teachers {
        *counts.entry(key(t)).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .map(|(k, n)| {
            row(
                label(&k),
                n,
                vec![n.to_string()],
                Some((drill, k.to_string())),
            )
        })
        .collect()
}

fn cohort_label(t: &'static Texts, year: &i32) -> String {
    if *year == 0 {
        t.no_cohort.to_string()
    } else {
        (t.cohort_name)(*year)
    }
}

fn headcount(all: &[T], t: &'static Texts) -> Vec<StatTable> {
    let active: Vec<&T> = all.iter().filter(|x| x.active).collect();
    let mut out = vec![
        table(
            "by_cohort",
            &["cohort", "teachers"],
            count_by(
                &active,
                |x| x.cohort_year.unwrap_or(0),
                |y| cohort_label(t, y),
                "cohort",
            ),
        ),
        table(
            "by_subject",
            &["subject", "teachers"],
            count_by(&active, |x| x.subject.clone(), |s| s.clone(), "subject"),
        ),
        table(
            "by_stage",
            &["stage", "teachers"],
            count_by(
                &active,
                |x| x.stage.clone(),
                |s| Texts::label(t.stages, s),
                "stage",
            ),
        ),
    ];
    let schools: HashMap<i32, String> = all
        .iter()
        .map(|x| (x.school_id, x.school_name.clone()))
        .collect();
    if schools.len() > 1 {
        out.insert(
            1,
            table(
                "by_school",
                &["school", "teachers"],
                count_by(&active, |x| x.school_id, |s| schools[s].clone(), "school"),
            ),
        );
    }
    // Retention of each entry cohort: still at the first school, moved to another, or gone.
    let mut cohorts: BTreeMap<i32, (i64, i64, i64, i64)> = BTreeMap::new();
    for x in all.iter().filter(|x| x.cohort_year.is_some()) {
        let c = cohorts.entry(x.cohort_year.unwrap_or(0)).or_default();
        c.0 += 1;
        match (x.active, x.first_school.is_none_or(|s| s == x.school_id)) {
            (false, _) => c.3 += 1,
            (true, true) => c.1 += 1,
            (true, false) => c.2 += 1,
        }
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
        cohorts
            .into_iter()
            .map(|(y, (hired, stayed, moved, left))| {
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

/// Each active teacher's counted cycle hours and whether they are on track (from the rollup).
async fn standings(
    pool: &PgPool,
    active: &[&T],
    today: NaiveDate,
) -> Result<HashMap<i64, (i64, bool)>, AppError> {
    let ids: Vec<i64> = active.iter().map(|x| x.id).collect();
    super::standing::of(pool, &ids, today).await
}

async fn hours(
    pool: &PgPool,
    all: &[T],
    t: &'static Texts,
    today: NaiveDate,
) -> Result<Vec<StatTable>, AppError> {
    let active: Vec<&T> = all.iter().filter(|x| x.active).collect();
    let s = standings(pool, &active, today).await?;
    let values: Vec<i64> = active
        .iter()
        .map(|x| s.get(&x.id).map_or(0, |v| v.0))
        .collect();
    let bins = histogram(&values, 360, 3600)
        .into_iter()
        .map(|(from, to, n)| {
            let label = match to {
                Some(to) => format!("{}–{}", format_tenths(from), format_tenths(to)),
                None => format!("≥{}", format_tenths(from)),
            };
            row(label, n, vec![n.to_string()], None)
        })
        .collect();
    let mut by: BTreeMap<i32, (i64, i64)> = BTreeMap::new();
    for x in &active {
        let e = by.entry(x.cohort_year.unwrap_or(0)).or_default();
        e.0 += 1;
        if s.get(&x.id).is_some_and(|v| v.1) {
            e.1 += 1;
        }
    }
    let on_track = by
        .into_iter()
        .map(|(y, (n, ok))| {
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
        table("hours_histogram", &["hours_bin", "teachers"], bins),
        table(
            "on_track_by_cohort",
            &["cohort", "teachers", "on_track", "behind", "share"],
            on_track,
        ),
    ])
}

async fn mentoring(
    pool: &PgPool,
    user: &UserView,
    all: &[T],
    t: &'static Texts,
    today: NaiveDate,
) -> Result<Vec<StatTable>, AppError> {
    let recent = today.year() - 2;
    let new: Vec<&T> = all
        .iter()
        .filter(|x| x.active && x.cohort_year.is_some_and(|y| y >= recent))
        .collect();
    let ids: Vec<i64> = new.iter().map(|x| x.id).collect();
    let mentored: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT mentee_id FROM mentor_pairings WHERE mentee_id = ANY($1) AND ended_on IS NULL",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let mut by: BTreeMap<i32, (i64, i64)> = BTreeMap::new();
    for x in &new {
        let e = by.entry(x.cohort_year.unwrap_or(0)).or_default();
        e.0 += 1;
        if mentored.contains(&x.id) {
            e.1 += 1;
        }
    }
    let coverage = by
        .into_iter()
        .map(|(y, (n, m))| {
            row(
                cohort_label(t, &y),
                percent(m, n),
                vec![n.to_string(), m.to_string(), format!("{}%", percent(m, n))],
                Some(("cohort", y.to_string())),
            )
        })
        .collect();
    // Sessions per active pair per month, the last six months, for the filtered mentees.
    let all_ids: Vec<i64> = all.iter().filter(|x| x.active).map(|x| x.id).collect();
    let months: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT to_char(m, 'YYYY-MM'),
                (SELECT count(*) FROM mentor_sessions s JOIN mentor_pairings p ON p.id = s.pairing_id
                  WHERE p.mentee_id = ANY($1) AND date_trunc('month', s.held_on) = m),
                (SELECT count(*) FROM mentor_pairings p WHERE p.mentee_id = ANY($1)
                  AND p.started_on < m + interval '1 month' AND (p.ended_on IS NULL OR p.ended_on >= m))
         FROM generate_series(date_trunc('month', $2::date) - interval '5 months', date_trunc('month', $2::date), interval '1 month') m
         ORDER BY m",
    )
    .bind(&all_ids)
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
    let behind = pairings::behind_for(pool, user, "school", false, today).await?;
    let mut by_school: BTreeMap<String, i64> = BTreeMap::new();
    for p in behind
        .rows
        .iter()
        .filter(|p| p.behind && all_ids.contains(&p.teacher_id))
    {
        *by_school.entry(p.school_name.clone()).or_insert(0) += 1;
    }
    Ok(vec![
        table(
            "mentor_coverage",
            &["cohort", "new_teachers", "with_mentor", "share"],
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

async fn tiers(
    pool: &PgPool,
    all: &[T],
    t: &'static Texts,
    locale_en: bool,
) -> Result<Vec<StatTable>, AppError> {
    let ladder = db::growth::ladder(pool).await?;
    let active: Vec<&T> = all.iter().filter(|x| x.active).collect();
    let mut by: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for x in &active {
        let counts = by
            .entry(x.cohort_year.unwrap_or(0))
            .or_insert_with(|| vec![0; ladder.len() + 1]);
        let i = ladder
            .iter()
            .position(|l| l.rank == x.rank)
            .map_or(0, |i| i + 1);
        counts[i] += 1;
    }
    let mut columns: Vec<String> = vec!["cohort".into(), "no_tier".into()];
    columns.extend(
        ladder
            .iter()
            .map(|l| format!("={}", if locale_en { &l.name_en } else { &l.name })),
    );
    let rows = by
        .into_iter()
        .map(|(y, counts)| {
            let on_ladder: i64 = counts[1..].iter().sum();
            row(
                cohort_label(t, &y),
                on_ladder,
                counts.iter().map(|c| c.to_string()).collect(),
                Some(("cohort", y.to_string())),
            )
        })
        .collect();
    let ids: Vec<i64> = active.iter().map(|x| x.id).collect();
    let years: Vec<(i32, i64)> = sqlx::query_as(
        "SELECT EXTRACT(YEAR FROM promoted_on)::int4, count(*) FROM tier_promotions
         WHERE teacher_id = ANY($1) GROUP BY 1 ORDER BY 1",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
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
    ])
}

async fn attention(
    pool: &PgPool,
    user: &UserView,
    all: &[T],
    t: &'static Texts,
    today: NaiveDate,
) -> Result<Vec<StatTable>, AppError> {
    let active: Vec<&T> = all.iter().filter(|x| x.active).collect();
    let s = standings(pool, &active, today).await?;
    let mut rows: Vec<StatRow> = active
        .iter()
        .filter(|x| s.get(&x.id).is_some_and(|v| !v.1))
        .map(|x| {
            let hours = s.get(&x.id).map_or(0, |v| v.0);
            row(
                x.name.clone(),
                x.id,
                vec![
                    x.school_name.clone(),
                    (t.attention_hours)(&format_tenths(hours)),
                ],
                Some(("teacher", x.id.to_string())),
            )
        })
        .collect();
    let ids: Vec<i64> = active.iter().map(|x| x.id).collect();
    let behind = pairings::behind_for(pool, user, "", false, today).await?;
    rows.extend(
        behind
            .rows
            .iter()
            .filter(|p| p.behind && ids.contains(&p.teacher_id))
            .map(|p| {
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
            }),
    );
    rows.truncate(500);
    Ok(vec![table(
        "attention",
        &["teacher", "school", "reason"],
        rows,
    )])
}

pub async fn view_for(
    pool: &PgPool,
    user: &UserView,
    view: &str,
    filter: &StatsFilter,
    today: NaiveDate,
    locale: crate::i18n::Locale,
) -> Result<StatsView, AppError> {
    let f = filter.parse()?;
    let schools = scope(user, &f)?;
    let t = locale.texts();
    let all = filtered(pool, &schools, &f).await?;
    let view = match view {
        "" => "headcount",
        v => v,
    };
    let tables = match view {
        "headcount" => headcount(&all, t),
        "hours" => hours(pool, &all, t, today).await?,
        "mentoring" => mentoring(pool, user, &all, t, today).await?,
        "tiers" => tiers(pool, &all, t, locale == crate::i18n::Locale::En).await?,
        "attention" => attention(pool, user, &all, t, today).await?,
        _ => return Err(AppError::field("view", FieldProblem::Invalid)),
    };
    let own = if user.has(Role::CenterStaff) {
        None
    } else {
        Some(user.coordinated_schools())
    };
    let school_options: Vec<(i32, String)> = sqlx::query_as(
        "SELECT id, name FROM schools WHERE $1::int4[] IS NULL OR id = ANY($1) ORDER BY code",
    )
    .bind(&own)
    .fetch_all(pool)
    .await?;
    let cohorts: Vec<i32> = sqlx::query_scalar("SELECT year FROM entry_cohorts ORDER BY year DESC")
        .fetch_all(pool)
        .await?;
    let subjects: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT subject FROM teachers ORDER BY subject")
            .fetch_all(pool)
            .await?;
    let programmes: Vec<(String, String, String)> =
        sqlx::query_as("SELECT code, name, name_en FROM programmes WHERE active ORDER BY id")
            .fetch_all(pool)
            .await?;
    Ok(StatsView {
        view: view.to_string(),
        filter: filter.clone(),
        is_center: user.has(Role::CenterStaff),
        cohorts,
        schools: school_options
            .into_iter()
            .map(|(id, name)| SchoolOption { id, name })
            .collect(),
        subjects,
        programmes,
        total: all.iter().filter(|x| x.active).count() as i64,
        tables,
    })
}

pub async fn view(view: &str, filter: &StatsFilter) -> Result<StatsView, AppError> {
    let user = current_user().await?;
    view_for(&pool()?, &user, view, filter, today(), request_locale()).await
}

pub async fn teachers(filter: &StatsFilter) -> Result<Vec<StatTeacher>, AppError> {
    let user = current_user().await?;
    let f = filter.parse()?;
    let schools = scope(&user, &f)?;
    Ok(filtered(&pool()?, &schools, &f)
        .await?
        .into_iter()
        .filter(|x| x.active)
        .take(500)
        .map(|x| StatTeacher {
            id: x.id,
            staff_no: x.staff_no,
            name: x.name,
            school_name: x.school_name,
            cohort_year: x.cohort_year,
            subject: x.subject,
            tier: x.tier.zip(x.tier_en),
        })
        .collect())
}
