//! The statistics group rollup (`stat_cells`, kept by deltas from triggers' marks) against
//! the same sums recomputed from the base tables: after random writes — hours, corrections,
//! sessions, promotions, transfers, departures, enrolments, pairings ended — every view for a
//! set of filters reads the same tables from the rollup as from the raw aggregate. And the
//! mentoring quota arithmetic in SQL against the Rust engine it replaced in statistics.
use app::backend::caller::Caller;
use app::backend::db::mentoring::{pair_progress, PairScope};
use app::backend::stat_queries::Source;
use app::backend::{db, stats};
use app::domain::stats::StatsFilter;
use chrono::{Duration, NaiveDate};
use sqlx::PgPool;
use std::collections::BTreeMap;
use tests::{Rng, TestApp};

async fn ids(pool: &PgPool, sql: &str) -> Vec<i64> {
    sqlx::query_scalar(sql).fetch_all(pool).await.unwrap()
}

async fn run(pool: &PgPool, sql: &str, a: i64, b: i64) {
    sqlx::query(sql)
        .bind(a)
        .bind(b)
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// A confirmed session of a random kind for one of `pairs`, within `days` before `today`.
async fn confirmed_session(
    pool: &PgPool,
    rng: &mut Rng,
    pairs: &[i64],
    today: NaiveDate,
    days: u64,
) {
    let kinds = [
        "observe_mentee",
        "demo_lesson",
        "debrief",
        "lesson_plan",
        "talk",
        "summary",
    ];
    sqlx::query(
        "INSERT INTO mentor_sessions (pairing_id, held_on, minutes, kind, topic, confirmed_at)
         VALUES ($1, $2, 45, $3, '随机', now())",
    )
    .bind(rng.pick(pairs))
    .bind(today - Duration::days(rng.below(days) as i64))
    .bind(rng.pick(&kinds))
    .execute(pool)
    .await
    .unwrap();
}

/// One random write, as the app or someone at the database makes it.
async fn random_write(pool: &PgPool, rng: &mut Rng, today: NaiveDate) {
    let teachers = ids(pool, "SELECT id FROM teachers WHERE active ORDER BY id").await;
    let teacher = rng.pick(&teachers);
    match rng.below(9) {
        0 => {
            sqlx::query(
                "INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source)
                 VALUES ($1, $2::numeric / 10, 'general', 'district', $3, 'import')",
            )
            .bind(teacher)
            .bind(10 + rng.below(900) as i64)
            .bind(today - Duration::days(rng.below(700) as i64))
            .execute(pool)
            .await
            .unwrap();
        }
        1 => {
            let records = ids(
                pool,
                "SELECT id FROM hour_records ORDER BY id DESC LIMIT 50",
            )
            .await;
            let mut tx = pool.begin().await.unwrap();
            sqlx::query("SET LOCAL tg.correction = 'on'")
                .execute(&mut *tx)
                .await
                .unwrap();
            sqlx::query("UPDATE hour_records SET hours = $2::numeric / 10 WHERE id = $1")
                .bind(rng.pick(&records))
                .bind(5 + rng.below(400) as i64)
                .execute(&mut *tx)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
        2 => {
            let pairs = ids(
                pool,
                "SELECT id FROM mentor_pairings WHERE ended_on IS NULL ORDER BY id",
            )
            .await;
            confirmed_session(pool, rng, &pairs, today, 120).await;
        }
        3 => {
            let levels = ids(pool, "SELECT id::int8 FROM tier_levels ORDER BY rank").await;
            run(
                pool,
                "INSERT INTO tier_promotions (teacher_id, level_id, promoted_on)
                 VALUES ($1, $2::int4, CURRENT_DATE - 30) ON CONFLICT DO NOTHING",
                teacher,
                rng.pick(&levels),
            )
            .await;
        }
        4 => {
            let schools = ids(pool, "SELECT id::int8 FROM schools ORDER BY id").await;
            run(
                pool,
                "UPDATE teachers SET school_id = $2::int4 WHERE id = $1",
                teacher,
                rng.pick(&schools),
            )
            .await;
        }
        5 => {
            run(
                pool,
                "UPDATE teachers SET active = false WHERE id = $1 AND $2 = $2",
                teacher,
                0,
            )
            .await
        }
        6 => {
            let programmes = ids(pool, "SELECT id::int8 FROM programmes ORDER BY id").await;
            run(
                pool,
                "INSERT INTO programme_enrolments (programme_id, teacher_id, started_on)
                 VALUES ($2::int4, $1, CURRENT_DATE) ON CONFLICT DO NOTHING",
                teacher,
                rng.pick(&programmes),
            )
            .await;
        }
        7 => {
            let pairs = ids(
                pool,
                "SELECT id FROM mentor_pairings WHERE ended_on IS NULL ORDER BY id",
            )
            .await;
            run(
                pool,
                "UPDATE mentor_pairings SET ended_on = GREATEST(started_on, CURRENT_DATE) WHERE id = $1 AND $2 = $2",
                rng.pick(&pairs),
                0,
            )
            .await;
        }
        _ => {
            run(
                pool,
                "UPDATE teachers SET subject = '科学' WHERE id = $1 AND $2 = $2",
                teacher,
                0,
            )
            .await
        }
    }
}

/// Filters of every kind: none, each dimension, and two at once.
async fn filters(pool: &PgPool) -> Vec<StatsFilter> {
    let (cohort, school, subject, programme): (i32, i32, String, String) = sqlx::query_as(
        "SELECT (SELECT max(cohort_year) FROM teachers), (SELECT min(id) FROM schools),
                (SELECT min(subject) FROM teachers), (SELECT min(code) FROM programmes)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let f = StatsFilter::default();
    vec![
        f.clone(),
        f.with("cohort", &cohort.to_string()),
        f.with("school", &school.to_string()),
        f.with("subject", &subject),
        f.with("stage", "junior"),
        f.with("programme", &programme),
        f.with("area", "东区"),
        f.with("school", &school.to_string())
            .with("cohort", &cohort.to_string()),
        f.with("area", "西区").with("subject", &subject),
    ]
}

async fn center(pool: &PgPool, today: NaiveDate) -> Caller {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'center'")
        .fetch_one(pool)
        .await
        .unwrap();
    let user = db::users::load_view(pool, id).await.unwrap().unwrap();
    Caller::direct(pool.clone(), user, today)
}

/// A demo district whose schools lie in two areas, center staff, and today. No background
/// job: it would catch the marks up with today's pace, not the day a test asks for.
async fn district_in_two_areas() -> (TestApp, PgPool, NaiveDate, Caller) {
    let app = tests::without_jobs().await;
    let pool = PgPool::connect(&app.database_url).await.unwrap();
    let today = app::backend::ctx::today();
    sqlx::query("UPDATE schools SET area = CASE WHEN id % 2 = 0 THEN '东区' ELSE '西区' END")
        .execute(&pool)
        .await
        .unwrap();
    let caller = center(&pool, today).await;
    (app, pool, today, caller)
}

#[tokio::test]
async fn every_view_from_the_rollup_equals_the_raw_aggregate_after_random_writes() {
    let (_app, pool, today, caller) = district_in_two_areas().await;
    let filters = filters(&pool).await;
    for seed in 1..=3u64 {
        let mut rng = Rng(seed);
        for _ in 0..12 {
            random_write(&pool, &mut rng, today).await;
        }
        for view in app::views::stats::VIEWS {
            for filter in &filters {
                let rollup = stats::view_from(&caller, view, filter, Source::Rollup)
                    .await
                    .unwrap();
                let raw = stats::view_from(&caller, view, filter, Source::Raw)
                    .await
                    .unwrap();
                assert_eq!(rollup.total, raw.total, "{view} {filter:?} seed {seed}");
                assert_eq!(rollup.tables, raw.tables, "{view} {filter:?} seed {seed}");
            }
        }
    }
    // Every stored cell equals a rebuild from nothing.
    let cells = "SELECT level::int4, school_id, area, cohort, subject, stage, programme, measure::int4, k, n
                 FROM stat_cells WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9";
    type CellRow = (i32, i32, String, i32, String, String, String, i32, i32, i64);
    let kept: Vec<CellRow> = sqlx::query_as(cells).fetch_all(&pool).await.unwrap();
    for sql in [
        "DELETE FROM stat_cells",
        "DELETE FROM teacher_facts",
        "DELETE FROM teacher_fact_keys",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    app::backend::stat_facts::rebuild(&pool, today)
        .await
        .unwrap();
    let rebuilt: Vec<CellRow> = sqlx::query_as(cells).fetch_all(&pool).await.unwrap();
    assert!(!kept.is_empty());
    assert_eq!(kept, rebuilt);
}

#[tokio::test]
async fn pairs_behind_in_sql_are_the_mentoring_engines_pairs_behind() {
    // No background job: it would catch the marks up with today's pace, not the day asked.
    let app = tests::without_jobs().await;
    let pool = PgPool::connect(&app.database_url).await.unwrap();
    let caller_day = app::backend::ctx::today();
    let mut rng = Rng(7);
    // Sessions at random through the term, then the engine and the SQL on several days of it.
    let pairs = ids(
        &pool,
        "SELECT id FROM mentor_pairings WHERE ended_on IS NULL ORDER BY id",
    )
    .await;
    for _ in 0..150 {
        confirmed_session(&pool, &mut rng, &pairs, caller_day, 100).await;
    }
    let term = db::terms::current(&pool, caller_day)
        .await
        .unwrap()
        .expect("a current term");
    let mut compared = 0;
    for day in [
        term.starts_on,
        caller_day,
        term.ends_on - Duration::days(1),
        term.ends_on,
    ] {
        let engine: BTreeMap<i64, i64> =
            pair_progress(&pool, PairScope::District, Some(&term), day)
                .await
                .unwrap()
                .into_iter()
                .filter(|p| p.behind)
                .fold(BTreeMap::new(), |mut m, p| {
                    *m.entry(p.teacher_id).or_insert(0) += 1;
                    m
                });
        sqlx::query("INSERT INTO stat_dirty SELECT id FROM teachers ON CONFLICT DO NOTHING")
            .execute(&pool)
            .await
            .unwrap();
        app::backend::stat_facts::catch_up(&pool, day)
            .await
            .unwrap();
        let sql: BTreeMap<i64, i64> = sqlx::query_as(
            "SELECT f.teacher_id, f.n FROM teacher_facts f JOIN teachers t ON t.id = f.teacher_id
             WHERE f.measure = 8 AND t.active",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
        let active = ids(&pool, "SELECT id FROM teachers WHERE active").await;
        let engine: BTreeMap<i64, i64> = engine
            .into_iter()
            .filter(|(t, _)| active.contains(t))
            .collect();
        assert_eq!(sql, engine, "day {day}");
        compared += engine.len();
    }
    assert!(compared > 0, "some pairs are behind on some day");
}

#[tokio::test]
async fn across_areas_the_tables_break_down_by_area_and_an_area_lists_its_own_schools() {
    let (_app, pool, _, caller) = district_in_two_areas().await;
    let all = stats::view(&caller, "headcount", &StatsFilter::default())
        .await
        .unwrap();
    assert_eq!(all.areas, ["东区", "西区"]);
    assert!(all.schools.is_empty(), "schools are chosen within an area");
    let by_area = all.tables.iter().find(|t| t.id == "by_area").unwrap();
    assert!(all.tables.iter().all(|t| t.id != "by_school"));
    assert_eq!(
        by_area
            .rows
            .iter()
            .map(|r| r.drill.clone().unwrap())
            .collect::<Vec<_>>(),
        [
            ("area".to_string(), "东区".to_string()),
            ("area".into(), "西区".into())
        ]
    );
    assert_eq!(by_area.rows.iter().map(|r| r.value).sum::<i64>(), all.total);
    let east = stats::view(
        &caller,
        "headcount",
        &StatsFilter::default().with("area", "东区"),
    )
    .await
    .unwrap();
    let even: Vec<i32> =
        sqlx::query_scalar("SELECT id FROM schools WHERE id % 2 = 0 ORDER BY code")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(east.schools.iter().map(|s| s.id).collect::<Vec<_>>(), even);
    assert_eq!(east.total, by_area.rows[0].value);
    let dual = stats::view(&caller, "dual", &StatsFilter::default())
        .await
        .unwrap();
    assert_eq!(dual.tables[0].id, "dual_ratios_by_area");
    assert_eq!(dual.tables[0].columns[0], "area");
}

#[tokio::test]
async fn a_bulk_load_is_counted_in_the_background_while_views_answer_and_say_so() {
    let (app, pool, _today, caller) = district_in_two_areas().await;
    let all = StatsFilter::default();
    let before = stats::view(&caller, "headcount", &all).await.unwrap();
    assert!(!before.updating);
    // More new teachers than a read catches up itself, loaded outside the app.
    let bulk = app::backend::stat_facts::READ_CATCH_UP + 1;
    sqlx::query(
        "INSERT INTO teachers (staff_no, name, gender, school_id, subject, stage, hire_date, cohort_year,
                               title, party_stage, education, active)
         SELECT 'BULK' || g, name, gender, school_id, subject, stage, hire_date, cohort_year,
                title, party_stage, education, true
         FROM teachers CROSS JOIN generate_series(1, $1::int8) g WHERE id = (SELECT min(id) FROM teachers)",
    )
    .bind(bulk)
    .execute(&pool)
    .await
    .unwrap();
    // The first read after it starts the catch-up and says so on the page.
    let page = app.logged_in("center").await.get("/stats").await;
    let page = page.text().await.unwrap();
    assert!(
        page.contains("data-testid=\"stat-updating\"") && page.contains("数据正在更新"),
        "the page does not say the figures are being updated"
    );
    let during = stats::view(&caller, "headcount", &all).await.unwrap();
    assert!(during.updating, "the view waited for the whole catch-up");
    // The exports say so too.
    let center = app.logged_in("center").await;
    let csv = center.get("/stats/export.csv?view=headcount").await;
    let csv = csv.text().await.unwrap();
    assert!(
        csv.trim_start_matches('\u{feff}')
            .starts_with("数据正在更新"),
        "the CSV does not say the figures are being updated"
    );
    let xlsx = center.get("/stats/export.xlsx?view=headcount").await;
    let xlsx = xlsx.bytes().await.unwrap().to_vec();
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let note = sheet
        .rows()
        .next_back()
        .and_then(|r| r.first())
        .map(|c| c.to_string());
    assert!(
        note.unwrap_or_default().starts_with("数据正在更新"),
        "the sheet does not say the figures are being updated"
    );
    let page = stats::teachers(&caller, &all, 1).await.unwrap();
    assert_eq!(
        page.total,
        before.total + bulk,
        "the drill-down counts the base tables meanwhile"
    );
    let caught_up = tests::eventually(600, std::time::Duration::from_millis(200), || async {
        !stats::view(&caller, "headcount", &all)
            .await
            .unwrap()
            .updating
    })
    .await;
    assert!(caught_up, "the background catch-up did not finish");
    let after = stats::view(&caller, "headcount", &all).await.unwrap();
    assert_eq!(after.total, before.total + bulk);
    let raw = stats::view_from(&caller, "headcount", &all, Source::Raw)
        .await
        .unwrap();
    assert_eq!(after.tables, raw.tables);
    // Then the rollup is analysed, so reads are planned for the cells it now holds (the
    // queues empty first; the analysis follows).
    let analysed = "SELECT c.reltuples >= (SELECT count(*) FROM stat_cells) / 2
                    FROM pg_class c WHERE c.relname = 'stat_cells'";
    let is_analysed = tests::eventually(150, std::time::Duration::from_millis(200), || async {
        sqlx::query_scalar(analysed).fetch_one(&pool).await.unwrap()
    })
    .await;
    assert!(
        is_analysed,
        "the rollup was not analysed after the bulk catch-up"
    );
}
