//! The hours rollup (`teacher_standing`) against the raw records: after random inserts,
//! corrections and deletions of hour records — each followed by the refresh the app's writes
//! make — every stored standing equals the rules engine run over all of the teacher's records,
//! and the statistics histogram equals the one computed from those raw values.
use app::backend::{db, standing, stats};
use app::domain::requirements::progress;
use app::domain::stats::histogram;
use chrono::{Duration, NaiveDate};
use sqlx::PgPool;
use tests::{Rng, TestApp};

/// (cycle tenths, district tenths, on track) from every record the teacher has, unfiltered.
async fn from_raw(pool: &PgPool, teacher: i64, today: NaiveDate) -> (i64, i64, bool) {
    let rules = db::hours::rules(pool).await.unwrap();
    let hired: NaiveDate = sqlx::query_scalar("SELECT hire_date FROM teachers WHERE id = $1")
        .bind(teacher)
        .fetch_one(pool)
        .await
        .unwrap();
    let rows: Vec<(i64, i64, String, String, NaiveDate)> = sqlx::query_as(
        "SELECT id, (hours * 10)::int8, category, level, earned_on FROM hour_records WHERE teacher_id = $1",
    )
    .bind(teacher)
    .fetch_all(pool)
    .await
    .unwrap();
    let entries: Vec<_> = rows
        .iter()
        .filter_map(|(id, t, c, l, on)| db::hours::entry(&rules, *id, *t, c, l, *on))
        .collect();
    let p = progress(&entries, &rules, hired, today);
    let c = p.cycle().unwrap();
    (c.total_tenths, c.district_tenths, p.on_track)
}

async fn stored(pool: &PgPool, teacher: i64) -> (i64, i64, bool) {
    sqlx::query_as(
        "SELECT cycle_tenths, district_tenths, on_track FROM teacher_standing WHERE teacher_id = $1",
    )
    .bind(teacher)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// A correction as the app makes one: the guard lets it through only inside such a transaction.
async fn correct(pool: &PgPool, sql: &str, record: i64, tenths: Option<i64>) {
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("SET LOCAL tg.correction = 'on'")
        .execute(&mut *tx)
        .await
        .unwrap();
    let mut q = sqlx::query(sql).bind(record);
    if let Some(t) = tenths {
        q = q.bind(t);
    }
    q.execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_rollup_equals_the_engine_over_raw_records_after_random_writes() {
    let app = TestApp::spawn().await;
    let pool = PgPool::connect(&app.database_url).await.unwrap();
    let today = app::backend::ctx::today();
    let teachers: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM teachers WHERE active AND hire_date < $1 - 400 ORDER BY id LIMIT 8",
    )
    .bind(today)
    .fetch_all(&pool)
    .await
    .unwrap();
    standing::refresh(&pool, None, today).await.unwrap();
    let categories = ["general", "subject", "moral", "lesson", "competition"];
    let levels = ["school", "district", "city", "provincial"];
    for seed in 1..=3u64 {
        let mut rng = Rng(seed);
        for step in 0..40 {
            let teacher = teachers[rng.below(teachers.len() as u64) as usize];
            let records: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM hour_records WHERE teacher_id = $1 AND NOT EXISTS
                   (SELECT 1 FROM hour_corrections c WHERE c.record_id = hour_records.id) ORDER BY id",
            )
            .bind(teacher)
            .fetch_all(&pool)
            .await
            .unwrap();
            let pick = |rng: &mut Rng| records[rng.below(records.len() as u64) as usize];
            let op = if records.is_empty() { 0 } else { rng.below(3) };
            match op {
                0 => {
                    let on = today - Duration::days(rng.below(6 * 365) as i64);
                    sqlx::query(
                        "INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source)
                         VALUES ($1, $2::numeric / 10, $3, $4, $5, 'import')",
                    )
                    .bind(teacher)
                    .bind(10 + rng.below(300) as i64)
                    .bind(categories[rng.below(5) as usize])
                    .bind(levels[rng.below(4) as usize])
                    .bind(on)
                    .execute(&pool)
                    .await
                    .unwrap();
                }
                1 => {
                    let tenths = 5 + rng.below(400) as i64;
                    correct(
                        &pool,
                        "UPDATE hour_records SET hours = $2::numeric / 10 WHERE id = $1",
                        pick(&mut rng),
                        Some(tenths),
                    )
                    .await;
                }
                _ => {
                    correct(
                        &pool,
                        "DELETE FROM hour_records WHERE id = $1",
                        pick(&mut rng),
                        None,
                    )
                    .await;
                }
            }
            // What every hours write in the app does as it commits.
            standing::touched(&pool, &[teacher], today).await;
            if step % 10 == 9 {
                for t in &teachers {
                    assert_eq!(
                        stored(&pool, *t).await,
                        from_raw(&pool, *t, today).await,
                        "teacher {t}, seed {seed}, step {step}"
                    );
                }
            }
        }
    }

    // The statistics histogram over the rollup equals the histogram of the raw values.
    let center_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'center'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let center = db::users::load_view(&pool, center_id)
        .await
        .unwrap()
        .unwrap();
    let caller = app::backend::caller::Caller::direct(pool.clone(), center, today);
    let view = stats::view(&caller, "hours", &Default::default())
        .await
        .unwrap();
    let active: Vec<i64> = sqlx::query_scalar("SELECT id FROM teachers WHERE active ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let mut values = Vec::new();
    for t in active {
        values.push(from_raw(&pool, t, today).await.0);
    }
    let expected: Vec<i64> = histogram(&values, 360, 3600)
        .into_iter()
        .map(|b| b.2)
        .collect();
    let shown: Vec<i64> = view.tables[0].rows.iter().map(|r| r.value).collect();
    assert_eq!(view.tables[0].id, "hours_histogram");
    assert_eq!(shown, expected);
}
