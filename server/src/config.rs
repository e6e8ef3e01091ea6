//! Configuration from the environment, with defaults that work on a developer's machine.
use std::net::SocketAddr;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub addr: SocketAddr,
    /// Where the built site lives: `hash.txt` and `pkg/app.<hash>.{js,wasm,css}` (with `.br`, `.gz`).
    pub site_root: String,
    /// Mark cookies `Secure`: on whenever the app is served over https.
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-For` for the client address (only behind a proxy that sets it).
    pub trust_forwarded: bool,
    /// A hot standby for statistics, drill-downs and exports (`DATABASE_READ_URL`).
    pub read_database_url: Option<String>,
    /// The standby is used while its replay lag is at most this (`READ_MAX_LAG_SECS`, 30).
    pub read_max_lag_secs: u64,
    /// After SIGTERM, answer `/readyz` with 503 this long before closing (`DRAIN_SECS`, 5).
    pub drain_secs: u64,
    /// Daily e-mail digests of reminders: the SMTP server (`SMTP_URL`, e.g.
    /// `smtps://user:pass@mail.example.org`) and the sender (`SMTP_FROM`). Unset: no e-mail.
    pub smtp: Option<(String, String)>,
    /// Take part in running the scheduled jobs (`RUN_JOBS`, default on; an instance that should
    /// only serve requests sets 0). Tests that drive the jobs themselves turn it off.
    pub run_jobs: bool,
}

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/teacher_growth";

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let flag =
            |name: &str| var(name).is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        let addr = var("BIND_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| format!("BIND_ADDR: {e}"))?;
        let number = |name: &str, default: u64| -> Result<u64, String> {
            var(name).map_or(Ok(default), |v| {
                v.parse().map_err(|e| format!("{name}: {e}"))
            })
        };
        let public_https = var("PUBLIC_URL").is_some_and(|u| u.starts_with("https://"));
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            addr,
            site_root: var("SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            secure_cookies: public_https || flag("COOKIE_SECURE"),
            trust_forwarded: flag("TRUST_FORWARDED"),
            read_database_url: var("DATABASE_READ_URL"),
            read_max_lag_secs: number("READ_MAX_LAG_SECS", 30)?,
            drain_secs: number("DRAIN_SECS", 5)?,
            smtp: match (var("SMTP_URL"), var("SMTP_FROM")) {
                (Some(url), Some(from)) => Some((url, from)),
                (None, None) => None,
                _ => return Err("SMTP_URL and SMTP_FROM are set together".into()),
            },
            run_jobs: var("RUN_JOBS").is_none_or(|v| v != "0"),
        })
    }
}
