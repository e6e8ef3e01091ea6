//! Failed-login throttling per account and per client address, in memory (one server process).
//! A fixed window per key: after `limit` failures the key is refused until the window ends.
use crate::error::AppError;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Throttle {
    windows: Mutex<HashMap<String, Window>>,
    per_account: u32,
    per_ip: u32,
    window: Duration,
}

#[derive(Clone, Copy)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Keys kept before expired windows are swept, bounding memory under a spraying attack.
const SWEEP_AT: usize = 10_000;

impl Throttle {
    pub fn new(per_account: u32, per_ip: u32, window: Duration) -> Self {
        Throttle {
            windows: Mutex::new(HashMap::new()),
            per_account,
            per_ip,
            window,
        }
    }

    /// 5 failures per account and 50 per address in 15 minutes.
    pub fn standard() -> Self {
        Throttle::new(5, 50, Duration::from_secs(15 * 60))
    }

    fn keys(account: &str, ip: Option<IpAddr>) -> [(String, bool); 2] {
        [
            (format!("account:{account}"), true),
            (
                format!("ip:{}", ip.map(|i| i.to_string()).unwrap_or_default()),
                false,
            ),
        ]
    }

    /// Refuses when either the account or the address has used up its failures.
    pub fn check(&self, account: &str, ip: Option<IpAddr>, now: Instant) -> Result<(), AppError> {
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        for (key, is_account) in Self::keys(account, ip) {
            let limit = if is_account {
                self.per_account
            } else {
                self.per_ip
            };
            if let Some(w) = windows.get(&key) {
                let age = now.saturating_duration_since(w.started);
                if age < self.window && w.failures >= limit {
                    let left = (self.window - age).as_secs().max(1);
                    return Err(AppError::TooManyAttempts {
                        retry_after_secs: left as i64,
                    });
                }
            }
        }
        Ok(())
    }

    pub fn record_failure(&self, account: &str, ip: Option<IpAddr>, now: Instant) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= SWEEP_AT {
            let window = self.window;
            windows.retain(|_, w| now.saturating_duration_since(w.started) < window);
        }
        for (key, _) in Self::keys(account, ip) {
            let w = windows.entry(key).or_insert(Window {
                started: now,
                failures: 0,
            });
            if now.saturating_duration_since(w.started) >= self.window {
                *w = Window {
                    started: now,
                    failures: 0,
                };
            }
            w.failures += 1;
        }
    }

    /// A successful login clears the account's count (not the address's).
    pub fn clear_account(&self, account: &str) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        windows.remove(&format!("account:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    #[test]
    fn account_is_refused_after_its_limit_until_the_window_ends() {
        let t = Throttle::new(3, 100, Duration::from_secs(60));
        let now = Instant::now();
        for _ in 0..3 {
            assert!(t.check("a", ip(1), now).is_ok());
            t.record_failure("a", ip(1), now);
        }
        // A different address does not help: the account itself is locked.
        assert!(matches!(
            t.check("a", ip(2), now),
            Err(AppError::TooManyAttempts {
                retry_after_secs: 60
            })
        ));
        assert!(t.check("b", ip(1), now).is_ok());
        assert!(t.check("a", ip(2), now + Duration::from_secs(61)).is_ok());
    }

    #[test]
    fn address_is_refused_after_failures_across_accounts() {
        let t = Throttle::new(100, 2, Duration::from_secs(60));
        let now = Instant::now();
        t.record_failure("a", ip(1), now);
        t.record_failure("b", ip(1), now);
        assert!(t.check("c", ip(1), now).is_err());
        assert!(t.check("c", ip(2), now).is_ok());
    }

    #[test]
    fn success_clears_the_account_count() {
        let t = Throttle::new(2, 100, Duration::from_secs(60));
        let now = Instant::now();
        t.record_failure("a", ip(1), now);
        t.clear_account("a");
        t.record_failure("a", ip(1), now);
        assert!(t.check("a", ip(1), now).is_ok());
    }
}
