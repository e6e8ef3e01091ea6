//! Scheduled jobs (transfers due today, the full hours-rollup refresh, the day's reminders,
//! expired sessions, old login counts) run in
//! exactly one server process of a cluster: the one holding a Postgres advisory lock. The lock
//! lives on a connection of its own; when its holder dies the connection closes, Postgres
//! releases the lock, and another instance takes the jobs over within `TRY_EVERY`.
use app::backend::channels::{self, Outbox};
use app::backend::db::session_store::Store;
use app::backend::{movements, notices, standing, stat_facts, throttle};
use app::domain::notices::NoticeKind;
use sqlx::{Connection, PgConnection, PgPool};
use std::time::Duration;
use tower_sessions::session_store::ExpiredDeletion;

/// The advisory lock's key ("tgjobs").
pub const LEADER_KEY: i64 = 0x7467_6a6f_6273;
/// How often an instance without the lock tries to take it.
pub const TRY_EVERY: Duration = Duration::from_secs(15);

/// Runs until the process ends.
pub async fn run(pool: PgPool, store: Store, outbox: Outbox) {
    loop {
        match take_lead(&pool).await {
            Ok(Some(lock)) => {
                tracing::info!("this instance runs the scheduled jobs");
                lead(lock, &pool, &store, &outbox).await;
                tracing::warn!("lost the scheduled-jobs lock");
            }
            Ok(None) => {}
            Err(err) => tracing::warn!(error = %err, "cannot try the scheduled-jobs lock"),
        }
        tokio::time::sleep(TRY_EVERY).await;
    }
}

/// A connection holding the lock, or `None` when another instance holds it.
async fn take_lead(pool: &PgPool) -> Result<Option<PgConnection>, sqlx::Error> {
    let mut conn = PgConnection::connect_with(&pool.connect_options()).await?;
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(LEADER_KEY)
        .fetch_one(&mut conn)
        .await?;
    Ok(got.then_some(conn))
}

/// Runs the jobs every `standing::FULL_REFRESH` while the lock's connection is alive, checking
/// it every `TRY_EVERY` (so a lost connection, as when Postgres restarts, is noticed and the
/// lock taken again within that time, by this instance or another).
async fn lead(mut lock: PgConnection, pool: &PgPool, store: &Store, outbox: &Outbox) {
    let mut check = tokio::time::interval(TRY_EVERY);
    let mut last_run: Option<tokio::time::Instant> = None;
    let mut reminded_on: Option<chrono::NaiveDate> = None;
    loop {
        check.tick().await;
        if lock.ping().await.is_err() {
            return;
        }
        // Reminders outside the app go out as soon as they are due (retries included).
        match channels::send_due(pool, outbox).await {
            Ok((0, 0)) => {}
            Ok((sent, failed)) => tracing::info!(sent, failed, "reminder deliveries"),
            Err(err) => tracing::warn!(error = %err, "sending reminder deliveries failed"),
        }
        if last_run.is_some_and(|at| at.elapsed() < standing::FULL_REFRESH) {
            continue;
        }
        // Transfers whose day has come, before the rollup counts each school's teachers.
        match movements::apply_due(pool).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(teachers = n, "applied transfers due today"),
            Err(err) => tracing::warn!(error = %err, "applying due transfers failed"),
        }
        standing::scheduled_refresh(pool, last_run.is_none()).await;
        last_run = Some(tokio::time::Instant::now());
        // Reminders once a Shanghai day (after the rollup, which `hours_behind` reads).
        let today = app::backend::ctx::today();
        // The statistics rollup: the day's pace, and writes no statistics read has caught up.
        match stat_facts::scheduled(pool, today).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(teachers = n, "statistics rollup brought up to date"),
            Err(err) => tracing::warn!(error = ?err, "statistics rollup refresh failed"),
        }
        if reminded_on != Some(today) {
            match notices::refresh(pool, today, NoticeKind::ALL).await {
                Ok(n) => tracing::info!(new = n, "computed today's reminders"),
                Err(err) => tracing::warn!(error = %err, "computing reminders failed"),
            }
            if let Err(err) = channels::enqueue_digests(pool, today, outbox.sends_mail()).await {
                tracing::warn!(error = %err, "making today's reminder digests failed");
            }
            reminded_on = Some(today);
        }
        if let Err(err) = store.delete_expired().await {
            tracing::warn!(error = %err, "expired-session sweep failed");
        }
        if let Err(err) = throttle::sweep(pool).await {
            tracing::warn!(error = %err, "login-throttle sweep failed");
        }
    }
}

/// Whether some instance holds the jobs lock (for `/metrics` and tests).
pub async fn leader_present(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                        AND ((classid::bigint << 32) | objid::bigint) = $1)",
    )
    .bind(LEADER_KEY)
    .fetch_one(pool)
    .await
}
