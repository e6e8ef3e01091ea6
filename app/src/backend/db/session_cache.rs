//! Loaded sessions, kept in memory while the database says nothing changed them. A signed-in
//! request then starts its own work without a round trip for its session (about a fifth of a
//! statistics view's time at district scale).
//!
//! Whatever a loaded session holds can change: the session row (saved, signed out), the
//! account (disabled, password reset, renamed), its role grants, a school's name. Triggers on
//! those tables (migration 19) send `NOTIFY session_cache` with what changed, to every app
//! server; `listen` drops the entries it names. The server that ends or narrows an account's
//! access (a password change or reset, a departure, a role granted or revoked) also drops its
//! sessions itself before answering (`forget_user`; the store its own writes), so its next
//! request sees the change even before the notification arrives; renames and other changes
//! arrive with the notification.
//!
//! Nothing is kept while the listener is not connected: notifications missed while it was
//! away cannot be replayed, so the cache is emptied whenever it (re)connects. An entry also
//! ends after `KEEP` in any case, and with its session's expiry.
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tower_sessions::session::{Id, Record};

/// The channel the triggers notify on. Payloads: `s<session id>`, `u<user id>`, `*` (all).
const CHANNEL: &str = "session_cache";
/// How long an entry is used at most.
const KEEP: Duration = Duration::from_secs(30);
/// At most this many entries; past it the expired ones go, or all of them.
const MOST: usize = 50_000;
/// The pause before listening again after a failure; it doubles with each failure in a row up
/// to [`RETRY_MOST`], so a primary down for an hour logs a few warnings a minute, not one a
/// second. (The cache keeps nothing meanwhile: sessions load from the database.)
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_MOST: Duration = Duration::from_secs(16);

/// The pause after `pause` when listening failed again.
fn next_pause(pause: Duration) -> Duration {
    (pause * 2).min(RETRY_MOST)
}

struct Entry {
    record: Record,
    user: Option<i64>,
    loaded: Instant,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<Id, Entry>,
    /// Bumped by every change, so a load that read the database before the change does not
    /// keep what it read.
    generation: u64,
    /// Whether the listener is connected (nothing is kept otherwise).
    live: bool,
}

impl Inner {
    fn clear(&mut self) {
        self.entries.clear();
        self.generation += 1;
    }
}

/// One server's loaded sessions (clones share them). Keeps nothing until `listen` runs.
#[derive(Clone, Default)]
pub struct SessionCache(Arc<Mutex<Inner>>);

impl std::fmt::Debug for SessionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionCache")
    }
}

impl SessionCache {
    fn inner(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves nothing half-done worth refusing service for.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether sessions are kept (the listener is connected).
    pub fn listening(&self) -> bool {
        self.inner().live
    }

    /// The session `id` as last loaded, if kept and still current.
    pub fn get(&self, id: &Id) -> Option<Record> {
        let mut inner = self.inner();
        if !inner.live {
            return None;
        }
        let entry = inner.entries.get(id)?;
        let now = time::OffsetDateTime::now_utc();
        if entry.loaded.elapsed() < KEEP && entry.record.expiry_date > now {
            return Some(entry.record.clone());
        }
        inner.entries.remove(id);
        None
    }

    /// Where changes stand before a load: pass it to [`SessionCache::keep`] with what the
    /// load read.
    pub fn generation(&self) -> u64 {
        self.inner().generation
    }

    /// Keeps a session as loaded (with the account it belongs to), unless anything changed
    /// since `generation` was taken.
    pub fn keep(&self, generation: u64, record: &Record, user: Option<i64>) {
        let mut inner = self.inner();
        if !inner.live || inner.generation != generation {
            return;
        }
        if inner.entries.len() >= MOST {
            inner.entries.retain(|_, e| e.loaded.elapsed() < KEEP);
            if inner.entries.len() >= MOST {
                inner.entries.clear();
            }
        }
        let entry = Entry {
            record: record.clone(),
            user,
            loaded: Instant::now(),
        };
        inner.entries.insert(record.id, entry);
    }

    /// The session `id` changed (saved, deleted).
    pub fn forget(&self, id: &Id) {
        let mut inner = self.inner();
        inner.entries.remove(id);
        inner.generation += 1;
    }

    /// The account `user` changed (its roles, whether it may sign in, its sessions'
    /// validity, its name). Call after the change is committed.
    pub fn forget_user(&self, user: i64) {
        let mut inner = self.inner();
        inner.entries.retain(|_, e| e.user != Some(user));
        inner.generation += 1;
    }

    /// Something any session may show changed (a school's name).
    fn forget_all(&self) {
        self.inner().clear();
    }

    /// What a notification names, dropped.
    fn apply(&self, payload: &str) {
        match payload.split_at_checked(1) {
            Some(("s", id)) => match id.parse() {
                Ok(id) => self.forget(&id),
                Err(_) => self.forget_all(),
            },
            Some(("u", user)) => match user.parse() {
                Ok(user) => self.forget_user(user),
                Err(_) => self.forget_all(),
            },
            _ => self.forget_all(),
        }
    }

    fn set_live(&self, live: bool) {
        let mut inner = self.inner();
        inner.clear();
        inner.live = live;
    }

    /// Listens for changes for as long as the server runs, on a connection of `pool` (one
    /// of its own: it is held); sessions are kept only while it listens.
    pub async fn listen(self, pool: PgPool) {
        let mut pause = RETRY_FIRST;
        loop {
            let connected = async {
                let mut listener = PgListener::connect_with(&pool).await?;
                listener.listen(CHANNEL).await?;
                Ok::<_, sqlx::Error>(listener)
            };
            match connected.await {
                Ok(mut listener) => {
                    self.set_live(true);
                    pause = RETRY_FIRST;
                    loop {
                        match listener.try_recv().await {
                            Ok(Some(note)) => self.apply(note.payload()),
                            // The connection was lost and made again: what changed
                            // meanwhile is unknown.
                            Ok(None) => self.set_live(true),
                            Err(err) => {
                                tracing::warn!(error = %err, "session cache: listener lost");
                                break;
                            }
                        }
                    }
                }
                Err(err) => tracing::warn!(error = %err, "session cache: cannot listen"),
            }
            self.set_live(false);
            tokio::time::sleep(pause).await;
            pause = next_pause(pause);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            id: Id::default(),
            data: HashMap::new(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        }
    }

    #[test]
    fn a_listener_failing_again_and_again_waits_twice_as_long_each_time_up_to_16_s() {
        let pauses: Vec<u64> = std::iter::successors(Some(RETRY_FIRST), |p| Some(next_pause(*p)))
            .take(7)
            .map(|p| p.as_secs())
            .collect();
        assert_eq!(pauses, [1, 2, 4, 8, 16, 16, 16]);
    }

    #[test]
    fn kept_sessions_go_when_what_they_show_changes_and_only_while_listening() {
        let cache = SessionCache::default();
        let (a, b) = (record(), record());
        cache.keep(cache.generation(), &a, Some(1));
        assert!(cache.get(&a.id).is_none(), "kept while not listening");

        cache.set_live(true);
        cache.keep(cache.generation(), &a, Some(1));
        cache.keep(cache.generation(), &b, Some(2));
        assert_eq!(cache.get(&a.id), Some(a.clone()));
        cache.apply("u1");
        assert!(cache.get(&a.id).is_none() && cache.get(&b.id).is_some());

        // A load that read before a change does not keep what it read.
        let before = cache.generation();
        cache.apply(&format!("s{}", b.id));
        assert!(cache.get(&b.id).is_none());
        cache.keep(before, &b, Some(2));
        assert!(cache.get(&b.id).is_none());

        cache.keep(cache.generation(), &a, Some(1));
        cache.apply("*");
        assert!(cache.get(&a.id).is_none());

        // An expired session is not handed out; nothing is once the listener is gone.
        let mut old = record();
        old.expiry_date = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
        cache.keep(cache.generation(), &old, Some(3));
        assert!(cache.get(&old.id).is_none());
        cache.keep(cache.generation(), &a, Some(1));
        cache.set_live(false);
        assert!(cache.get(&a.id).is_none());
    }
}
