//! Builds the application: database, migrations, sessions, routes, middleware.
use crate::config::Config;
use crate::security;
use app::server::{ctx::ServerCtx, throttle::Throttle};
use app::{shell, App};
use axum::{middleware, Router};
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use sqlx::{postgres::PgPoolOptions, PgPool};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::{
    compression::CompressionLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

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

/// Connects, creating the database first when the server is there but the database is not.
pub async fn connect(database_url: &str) -> Result<PgPool, BoxError> {
    ensure_database(database_url).await?;
    // No JIT: the app's statements are short, and a misestimated cost (a correlated count
    // over a generated month series) made Postgres spend 0.4 s compiling a 20 ms query.
    let options: sqlx::postgres::PgConnectOptions = database_url.parse()?;
    let pool = PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options.options([("jit", "off")]))
        .await?;
    Ok(pool)
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

/// Applies the schema migrations and the session table.
pub async fn migrate(pool: &PgPool) -> Result<(), BoxError> {
    sqlx::migrate!("../migrations").run(pool).await?;
    PostgresStore::new(pool.clone()).migrate().await?;
    Ok(())
}

pub struct Application {
    listener: TcpListener,
    router: Router,
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
        let router = router(config, pool, listener.local_addr()?);
        Ok(Application { listener, router })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> Result<(), BoxError> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await?;
        Ok(())
    }
}

fn router(config: &Config, pool: PgPool, addr: SocketAddr) -> Router {
    let options = LeptosOptions::builder()
        .output_name("app")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(Env::PROD)
        .build();

    tokio::spawn(app::server::standing::run_refresher(pool.clone()));
    let store = PostgresStore::new(pool.clone());
    tokio::spawn({
        use tower_sessions::session_store::ExpiredDeletion;
        let store = store.clone();
        async move {
            if let Err(err) = store
                .continuously_delete_expired(Duration::from_secs(600))
                .await
            {
                tracing::error!(error = %err, "expired-session sweeper stopped");
            }
        }
    });
    let sessions = SessionManagerLayer::new(store)
        .with_name("tg_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        // Save on every request so that the idle timeout counts from the last request, not from login.
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            IDLE_TIMEOUT_MINUTES,
        )));

    let state = ServerCtx {
        pool,
        throttle: Arc::new(Throttle::standard()),
        trust_forwarded: config.trust_forwarded,
    };
    let files = crate::files::routes().layer(axum::Extension(state.clone()));
    let context = move || provide_context(state.clone());
    let routes = generate_route_list(App);

    let mut router = Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .merge(files)
        .fallback(file_and_error_handler_with_context(context, shell))
        .with_state(options)
        .layer(axum::extract::DefaultBodyLimit::max(3 * 1024 * 1024))
        .layer(sessions)
        .layer(middleware::from_fn(security::refuse_cross_site))
        .layer(CompressionLayer::new());
    for (name, value) in security::security_headers(config.secure_cookies) {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router.layer(TraceLayer::new_for_http())
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
        .merge(crate::favicon::routes())
