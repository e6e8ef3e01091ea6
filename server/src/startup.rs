//! Builds the application: database, migrations, sessions, routes, middleware.
use crate::config::Config;
use crate::health::Draining;
use crate::metrics::Metrics;
use crate::overload::{shed_load, Gate};
use crate::security;
use app::backend::{ctx::ServerCtx, throttle};
use app::{shell, App};
use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderName;
use axum::routing::get;
use axum::{middleware, Router};
use hyper::body::Incoming;
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use sqlx::{postgres::PgPoolOptions, PgPool};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::{
    compression::CompressionLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A session ends after this long without a request (the absolute limit is in `ctx`).
const IDLE_TIMEOUT_MINUTES: i64 = 120;

/// Leptos' server rendering of deeply nested views is recursive; debug builds need more stack
/// than tokio's 2 MiB default per worker.
pub const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK_BYTES)
        .build()
        .expect("tokio runtime")
}

/// How long start-up keeps trying to reach the database (it may be starting too, or failing
/// over) before giving up.
const CONNECT_PATIENCE: Duration = Duration::from_secs(60);

/// Connects, creating the database first when the server is there but the database is not.
/// While Postgres cannot be reached, tries again with a growing pause, for `CONNECT_PATIENCE`.
pub async fn connect(database_url: &str) -> Result<PgPool, BoxError> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(250);
    loop {
        match try_connect(database_url).await {
            Ok(pool) => return Ok(pool),
            Err(err) if unreachable(&err) && started.elapsed() + pause < CONNECT_PATIENCE => {
                tracing::warn!(error = %err, retry_in = ?pause, "database not reachable yet");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(5));
            }
            Err(err) => return Err(err),
        }
    }
}

/// A database that is down or starting (not a bad URL or a refused login).
fn unreachable(err: &BoxError) -> bool {
    match err.downcast_ref::<sqlx::Error>() {
        Some(sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut) => true,
        // "the database system is starting up" / "shutting down"
        Some(sqlx::Error::Database(e)) => e.code().is_some_and(|c| c == "57P03"),
        _ => false,
    }
}

async fn try_connect(database_url: &str) -> Result<PgPool, BoxError> {
    ensure_database(database_url).await?;
    let options: sqlx::postgres::PgConnectOptions = database_url.parse()?;
    let pool = pool_options()
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options.options(SESSION_SETTINGS))
        .await?;
    Ok(pool)
}

/// Every connection's settings (the benchmarks' `PGOPTIONS` repeat them, to time the same):
/// - no JIT: the app's statements are short, and a misestimated cost (a correlated count over
///   a generated month series) made Postgres spend 0.4 s compiling a 20 ms query;
/// - parallel workers only for large statements: starting them takes milliseconds on these
///   machines, and small rollup reads planned in parallel (the hours and tiers views at
///   district scale) took 6 ms instead of 1.
const SESSION_SETTINGS: [(&str, &str); 2] = [("jit", "off"), ("parallel_setup_cost", "10000")];

/// A connection idle longer than this is pinged before use; one used more recently is not.
const PING_IF_IDLE: Duration = Duration::from_secs(1);

/// The pools' shared options. sqlx pings every connection it hands out by default: a round trip
/// per query, about as many as a request's own (a statistics view ran seven queries and seven
/// pings). A connection that answered within the last second is taken as alive; one that sat
/// idle longer (the database may have restarted meanwhile) is still checked, and replaced if dead.
fn pool_options() -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(10)
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_IF_IDLE {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
}

async fn ensure_database(database_url: &str) -> Result<(), BoxError> {
    use sqlx::{postgres::PgConnectOptions, ConnectOptions};
    let options: PgConnectOptions = database_url.parse()?;
    let Some(name) = options.get_database().map(str::to_string) else {
        return Ok(());
    };
    let mut conn = options.clone().database("postgres").connect().await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        tracing::info!(database = %name, "creating database");
        sqlx::query(&format!(
            "CREATE DATABASE \"{}\"",
            name.replace('"', "\"\"")
        ))
        .execute(&mut conn)
        .await?;
    }
    Ok(())
}

/// Applies the schema migrations.
pub async fn migrate(pool: &PgPool) -> Result<(), BoxError> {
    sqlx::migrate!("../migrations").run(pool).await?;
    Ok(())
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    draining: Draining,
    drain: Duration,
}

impl Application {
    /// Connects, migrates and binds. A port of 0 picks a free one (tests).
    pub async fn build(config: &Config) -> Result<Self, BoxError> {
        let pool = connect(&config.database_url).await?;
        migrate(&pool).await?;
        Self::build_with_pool(config, pool).await
    }

    pub async fn build_with_pool(config: &Config, pool: PgPool) -> Result<Self, BoxError> {
        let listener = TcpListener::bind(config.addr).await?;
        let draining = Draining::default();
        let smtp = config
            .smtp
            .as_ref()
            .map(|(url, from)| (url.as_str(), from.as_str()));
        let outbox = app::backend::channels::Outbox::new(smtp)?;
        let router = router(
            config,
            pool,
            listener.local_addr()?,
            draining.clone(),
            outbox,
        );
        Ok(Application {
            listener,
            router,
            draining,
            drain: Duration::from_secs(config.drain_secs),
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until Ctrl-C or SIGTERM; then answers `/readyz` with 503 for `DRAIN_SECS` while
    /// still serving (the balancer moves new requests elsewhere), stops accepting, and finishes
    /// the requests in flight. A client gets `HEADER_READ_TIMEOUT` to send its request head, so
    /// slow connections cannot pile up.
    pub async fn run_until_stopped(self) -> Result<(), BoxError> {
        use hyper_util::rt::{TokioIo, TokioTimer};
        use hyper_util::service::TowerToHyperService;
        use tower::ServiceExt;
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let (open_tx, open_rx) = tokio::sync::watch::channel(());
        let (draining, drain) = (self.draining.clone(), self.drain);
        let mut shutdown = std::pin::pin!(async move {
            shutdown_signal().await;
            draining.start();
            tracing::info!(secs = drain.as_secs(), "draining before stopping");
            tokio::time::sleep(drain).await;
        });
        loop {
            let (stream, peer) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(err) => {
                        // Out of file descriptors and the like: pause rather than spin.
                        tracing::warn!(error = %err, "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
                _ = &mut shutdown => break,
            };
            let service = self
                .router
                .clone()
                .map_request(move |req: Request<Incoming>| {
                    let mut req = req.map(axum::body::Body::new);
                    req.extensions_mut().insert(ConnectInfo(peer));
                    req
                });
            let (mut stop_rx, open_rx) = (stop_rx.clone(), open_rx.clone());
            tokio::spawn(async move {
                let mut http = hyper::server::conn::http1::Builder::new();
                http.timer(TokioTimer::new())
                    .header_read_timeout(HEADER_READ_TIMEOUT);
                let conn = http
                    .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service))
                    .with_upgrades();
                let mut conn = std::pin::pin!(conn);
                let stopping = async move {
                    let _ = stop_rx.wait_for(|stop| *stop).await;
                };
                tokio::select! {
                    _ = conn.as_mut() => {}
                    _ = stopping => {
                        conn.as_mut().graceful_shutdown();
                        let _ = conn.await;
                    }
                }
                drop(open_rx);
            });
        }
        let _ = stop_tx.send(true);
        drop(open_rx);
        open_tx.closed().await;
        Ok(())
    }
}

/// How long a client may take to send a request's head (slowloris).
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole request may take, body upload included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

fn router(
    config: &Config,
    pool: PgPool,
    addr: SocketAddr,
    draining: Draining,
    outbox: app::backend::channels::Outbox,
) -> Router {
    // The built files' names carry their hashes when `build-site.sh` made them (hash.txt).
    let hash_file = crate::assets::hash_file(&config.site_root);
    let options = LeptosOptions::builder()
        .output_name("app")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(Env::PROD)
        .hash_files(hash_file.exists())
        .hash_file(std::sync::Arc::from(hash_file.to_string_lossy().as_ref()))
        .build();

    let store = app::backend::db::session_store::Store::new(pool.clone());
    // The session cache's listener holds a connection of its own, outside the pool.
    let listen_pool = pool_options()
        .max_connections(1)
        .connect_lazy_with((*pool.connect_options()).clone());
    let session_cache = store.cache();
    tokio::spawn(session_cache.clone().listen(listen_pool));
    if config.run_jobs {
        tokio::spawn(crate::jobs::run(pool.clone(), store.clone(), outbox));
    }
    let sessions = SessionManagerLayer::new(store)
        .with_name("tg_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        // Saved when changed: at login, and every few minutes of activity (`ctx::SEEN_AT`), so
        // the idle timeout counts from recent use without a write per request.
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            IDLE_TIMEOUT_MINUTES,
        )));

    let replica = config.read_database_url.as_deref().and_then(|url| {
        let options: sqlx::postgres::PgConnectOptions = match url.parse() {
            Ok(options) => options,
            Err(err) => {
                tracing::error!(error = %err, "DATABASE_READ_URL is not a database URL: reads use the primary");
                return None;
            }
        };
        let pool = pool_options()
            // Short: a standby that does not answer is a cue to read from the primary.
            .acquire_timeout(Duration::from_secs(1))
            .connect_lazy_with(options.options(SESSION_SETTINGS));
        let replica = app::backend::replica::Replica::new(pool, config.read_max_lag_secs);
        tokio::spawn(replica.clone().watch());
        Some(replica)
    });
    let metrics = Metrics::new(pool.clone());
    let health = crate::health::routes(pool.clone(), draining);
    let state = ServerCtx {
        pool,
        replica,
        login_limits: throttle::Limits::STANDARD,
        secure_cookies: config.secure_cookies,
        trust_forwarded: config.trust_forwarded,
        sessions: session_cache,
    };
    let files = crate::files::routes().layer(axum::Extension(state.clone()));
    let context = move || {
        provide_context(state.clone());
        security::provide_page_policy();
    };
    let routes = generate_route_list(App);

    let mut router = Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .merge(files)
        .merge(crate::assets::routes(&config.site_root))
        .merge(crate::favicon::routes())
        .route(
            "/metrics",
            get(crate::metrics::render).with_state(metrics.clone()),
        )
        .fallback(file_and_error_handler_with_context(context, shell))
        .with_state(options)
        .layer(axum::extract::DefaultBodyLimit::max(3 * 1024 * 1024))
        .layer(middleware::from_fn(crate::form_guard::check_api_form))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(
            Gate::new(WORKING, WAITING, Duration::from_secs(3)),
            shed_load,
        ))
        .layer(middleware::from_fn(time_limit))
        .layer(middleware::from_fn(security::refuse_cross_site))
        .merge(health)
        .layer(middleware::from_fn_with_state(
            metrics,
            crate::metrics::record,
        ))
        .layer(CompressionLayer::new());
    // Pages are personal and change with every write: the browser asks again each time (the
    // built files say otherwise for themselves, `assets`).
    router = router.layer(SetResponseHeaderLayer::if_not_present(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-cache"),
    ));
    for (name, value) in security::security_headers(config.secure_cookies) {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    // The request id (from nginx's `X-Request-Id`, or made here) is in every log line of the
    // request and in the response.
    let request_id = HeaderName::from_static("x-request-id");
    router
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            tracing::info_span!("request", method = %req.method(), uri = %req.uri(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Requests that work at once, and that may wait for them (see `overload`).
const WORKING: usize = 16;
const WAITING: usize = 64;

async fn time_limit(req: Request, next: middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!("request took longer than {REQUEST_TIMEOUT:?}");
            axum::http::StatusCode::REQUEST_TIMEOUT.into_response()
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
