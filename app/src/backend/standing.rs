//! The `teacher_standing` rollup: each teacher's counted cycle hours and pace from the rules
//! engine, for statistics over many teachers. Hours writes refresh their teachers at once; a
//! background task refreshes everyone every `FULL_REFRESH` (rule changes, a new day, writes
//! made outside the app), so a figure is at most that old.
use super::db;
use crate::domain::requirements::progress;
use crate::error::AppError;
use chrono::NaiveDate;
use sqlx::PgPool;
use std::time::Duration;

pub const FULL_REFRESH: Duration = Duration::from_secs(600);

/// Teachers per batch of a full refresh: bounds its memory (a province's records do not fit
/// comfortably at once) while keeping the batches few.
const BATCH: usize = 20_000;

/// Recomputes and stores the standing of the given teachers (or of every active teacher), a
/// batch at a time: a bulk load of hours from outside the app can mark a province's teachers.
pub async fn refresh(
    pool: &PgPool,
    only: Option<&[i64]>,
    today: NaiveDate,
) -> Result<usize, AppError> {
    let active: Vec<i64>;
    let ids = match only {
        Some(ids) => ids,
        None => {
            active = sqlx::query_scalar("SELECT id FROM teachers WHERE active ORDER BY id")
                .fetch_all(pool)
                .await?;
            &active
        }
    };
    let mut done = 0;
    for batch in ids.chunks(BATCH) {
        done += refresh_batch(pool, batch, today).await?;
    }
    Ok(done)
}

async fn refresh_batch(pool: &PgPool, only: &[i64], today: NaiveDate) -> Result<usize, AppError> {
    // Hours written after this are marked again (migration `statistics_rollups`).
    sqlx::query("DELETE FROM standing_dirty WHERE teacher_id = ANY($1)")
        .bind(only)
        .execute(pool)
        .await?;
    let only = Some(only);
    // Rows written by a newer refresh (a write's own, during a long full refresh) are kept.
    let started = chrono::Utc::now();
    let rules = db::hours::rules(pool).await?;
    let all = db::hours::entries_by_teacher(pool, &rules, only, today).await?;
    let mut ids = Vec::with_capacity(all.len());
    let mut cycle = Vec::with_capacity(all.len());
    let mut district = Vec::with_capacity(all.len());
    let mut on_track = Vec::with_capacity(all.len());
    for (id, hired, entries) in &all {
        let p = progress(entries, &rules, *hired, today);
        let c = p.cycle();
        ids.push(*id);
        cycle.push(c.as_ref().map_or(0, |c| c.total_tenths));
        district.push(c.as_ref().map_or(0, |c| c.district_tenths));
        on_track.push(p.on_track);
    }
    for chunk in 0..ids.len().div_ceil(5000) {
        let r = chunk * 5000..((chunk + 1) * 5000).min(ids.len());
        sqlx::query(
            "INSERT INTO teacher_standing (teacher_id, cycle_tenths, district_tenths, on_track, as_of, computed_at)
             SELECT t, c, d, o, $5, $6 FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::bool[]) AS u(t, c, d, o)
             ON CONFLICT (teacher_id) DO UPDATE SET cycle_tenths = EXCLUDED.cycle_tenths,
                 district_tenths = EXCLUDED.district_tenths, on_track = EXCLUDED.on_track,
                 as_of = EXCLUDED.as_of, computed_at = EXCLUDED.computed_at
             WHERE teacher_standing.computed_at < EXCLUDED.computed_at",
        )
        .bind(&ids[r.clone()])
        .bind(&cycle[r.clone()])
        .bind(&district[r.clone()])
        .bind(&on_track[r.clone()])
        .bind(today)
        .bind(started)
        .execute(pool)
        .await?;
    }
    Ok(ids.len())
}

/// After an hours write has committed: its teachers' standing now. A failure is logged, not
/// shown: the write itself succeeded and the full refresh will catch up.
pub async fn touched(pool: &PgPool, teachers: &[i64], today: NaiveDate) {
    if let Err(err) = refresh(pool, Some(teachers), today).await {
        tracing::error!(error = ?err, "standing refresh after a write");
    }
}

/// Is every active teacher's row from today and younger than `FULL_REFRESH`?
async fn current(pool: &PgPool, today: NaiveDate) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM teachers t LEFT JOIN teacher_standing s ON s.teacher_id = t.id
                            WHERE t.active AND (s.as_of IS DISTINCT FROM $1 OR s.computed_at < now() - make_interval(secs => $2)))",
    )
    .bind(today)
    .bind(FULL_REFRESH.as_secs_f64())
    .fetch_one(pool)
    .await
}

/// The full refresh, as the scheduled job runs it every `FULL_REFRESH`. `first`: the job just
/// started in this process; then a recent refresh that left every row current (as after a
/// quick restart, or another instance's run) is enough.
pub async fn scheduled_refresh(pool: &PgPool, first: bool) {
    if first && current(pool, super::ctx::today()).await.unwrap_or(false) {
        return;
    }
    refresh_logged(pool).await;
}

async fn refresh_logged(pool: &PgPool) {
    let started = std::time::Instant::now();
    match refresh(pool, None, super::ctx::today()).await {
        Ok(n) => tracing::info!(
            teachers = n,
            ms = started.elapsed().as_millis() as u64,
            "standing refreshed"
        ),
        Err(err) => tracing::error!(error = ?err, "standing refresh"),
    }
}
