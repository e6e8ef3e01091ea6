use tracing_subscriber::EnvFilter;

/// Logs to stderr; `RUST_LOG` overrides the default level. `LOG_FORMAT=json` writes one JSON
/// object per line (with the request's span, so its `request_id`), for a log collector.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    let fmt = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = if std::env::var("LOG_FORMAT").is_ok_and(|f| f == "json") {
        fmt.json().with_current_span(true).try_init()
    } else {
        fmt.try_init()
    };
}
