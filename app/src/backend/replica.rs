//! A hot standby (a streaming replica) for reads that may be a little behind: statistics,
//! drill-downs and exports. Watched every few seconds; used only while it answers and its
//! replay lag is within the bound, else the primary serves the read. Writes and the pages that
//! show a user's own writes always use the primary.
use chrono::{DateTime, Duration as Age, Utc};
use sqlx::PgPool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const WATCH_EVERY: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct Replica {
    pub pool: PgPool,
    max_lag: Age,
    /// The moment the standby's data is current to, while it is usable.
    as_of: Arc<Mutex<Option<DateTime<Utc>>>>,
}

/// Where a read goes, and how current its data is when that is not the primary.
pub struct ReadDb {
    pub pool: PgPool,
    pub as_of: Option<DateTime<Utc>>,
}

/// What the standby reports of itself.
#[derive(Debug, Clone, Copy)]
pub struct StandbyState {
    pub in_recovery: bool,
    /// Everything received has been replayed.
    pub caught_up: bool,
    pub last_replay: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

/// How current the standby's data is, or `None` when it is too far behind to use.
pub fn current_to(state: StandbyState, max_lag: Age) -> Option<DateTime<Utc>> {
    if !state.in_recovery || state.caught_up {
        return Some(state.now);
    }
    let replayed = state.last_replay?;
    (state.now - replayed <= max_lag).then_some(replayed)
}

impl Replica {
    pub fn new(pool: PgPool, max_lag_secs: u64) -> Self {
        Replica {
            pool,
            max_lag: Age::seconds(max_lag_secs as i64),
            as_of: Arc::new(Mutex::new(None)),
        }
    }

    pub fn usable_as_of(&self) -> Option<DateTime<Utc>> {
        *self.as_of.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A read failed on the standby: no more reads go there until the watcher sees it answer.
    pub fn mark_unusable(&self) {
        *self.as_of.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    async fn state(&self) -> Result<StandbyState, sqlx::Error> {
        let (in_recovery, caught_up, last_replay, now) = sqlx::query_as(
            "SELECT pg_is_in_recovery(),
                    coalesce(pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), false),
                    pg_last_xact_replay_timestamp(), now()",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(StandbyState {
            in_recovery,
            caught_up,
            last_replay,
            now,
        })
    }

    /// Watches the standby until the process ends.
    pub async fn watch(self) {
        let mut was_usable = None;
        loop {
            let as_of = match tokio::time::timeout(WATCH_EVERY, self.state()).await {
                Ok(Ok(state)) => current_to(state, self.max_lag),
                Ok(Err(err)) => {
                    tracing::debug!(error = %err, "standby unreachable");
                    None
                }
                Err(_) => None,
            };
            if was_usable != Some(as_of.is_some()) {
                tracing::warn!(usable = as_of.is_some(), "standby for reads");
                was_usable = Some(as_of.is_some());
            }
            *self.as_of.lock().unwrap_or_else(|e| e.into_inner()) = as_of;
            tokio::time::sleep(WATCH_EVERY).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(caught_up: bool, lag_secs: Option<i64>) -> StandbyState {
        let now = Utc::now();
        StandbyState {
            in_recovery: true,
            caught_up,
            last_replay: lag_secs.map(|s| now - Age::seconds(s)),
            now,
        }
    }

    #[test]
    fn a_standby_is_used_while_caught_up_or_within_the_lag_bound() {
        let bound = Age::seconds(30);
        let s = state(true, Some(3600));
        assert_eq!(current_to(s, bound), Some(s.now));
        let s = state(false, Some(10));
        assert_eq!(current_to(s, bound), s.last_replay);
        assert_eq!(current_to(state(false, Some(31)), bound), None);
        assert_eq!(current_to(state(false, None), bound), None);
    }
}
