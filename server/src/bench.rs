//! Baselines for `server/scripts/bench-stats.sh`: the statistics SQL as pgbench scripts, and a
//! bare axum server whose handlers call the same data functions as the statistics page and a
//! growth page, for a fixed center-staff user, and answer with a body as large as the rendered
//! page — no Leptos rendering, sessions, security headers or compression — and each statistics
//! view's data function alone, as JSON (`/views/{view}`).
use crate::startup::BoxError;
use app::backend::caller::Caller;
use app::backend::{ctx::today, db, growth, stat_facts, stat_queries, stats};
use app::domain::stats::StatsFilter;
use app::views::auth::UserView;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{routing::get, Router};
use sqlx::PgPool;
use std::net::SocketAddr;
use std::sync::Arc;

/// The statements the statistics `view` runs for center staff (or, `raw`, the same sums from
/// the base tables), as a pgbench script, and the `-D name=value` arguments that give its
/// variables the values the server binds.
pub async fn stats_sql(
    pool: &PgPool,
    view: &str,
    raw: bool,
) -> Result<(String, Vec<String>), BoxError> {
    let params = stat_facts::FactParams::load(pool, today())
        .await
        .map_err(|e| format!("{e:?}"))?;
    stat_queries::statements(view, raw, &params)
        .ok_or_else(|| format!("unknown view {view}").into())
}

/// The query plans (EXPLAIN ANALYZE) of the drill-down list and of `view`'s lists for one
/// school, with the values the server binds.
pub async fn explain_lists(pool: &PgPool, view: &str, school: i32) -> Result<String, BoxError> {
    let params = stat_facts::FactParams::load(pool, today())
        .await
        .map_err(|e| format!("{e:?}"))?;
    let scope = stat_queries::Scope {
        schools: Some(vec![school]),
        filters: Default::default(),
    };
    let mut out = String::new();
    for sql in scope.lists(view) {
        // The drill-down's first page.
        let sql = sql.replace("LIMIT $7 OFFSET $8", "LIMIT 100 OFFSET 0");
        let sql = format!("EXPLAIN (ANALYZE, COSTS OFF) {sql}");
        let mut args = scope.arguments()?;
        params.add_to(&mut args)?;
        let plan: Vec<(String,)> = sqlx::query_as_with(&sql, args).fetch_all(pool).await?;
        for (line,) in plan {
            out.push_str(&line);
            out.push('\n');
        }
    }
    Ok(out)
}

struct Bare {
    pool: PgPool,
    user: UserView,
    stats_body: String,
    growth_body: String,
}

/// Serves `/stats` and `/teachers/{id}/growth` as bare handlers until the process is killed.
pub async fn serve_bare(
    pool: PgPool,
    addr: SocketAddr,
    username: &str,
    stats_bytes: usize,
    growth_bytes: usize,
) -> Result<(), BoxError> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&pool)
        .await?;
    let user = db::users::load_view(&pool, id)
        .await?
        .ok_or("no such user")?;
    let state = Arc::new(Bare {
        pool,
        user,
        stats_body: "x".repeat(stats_bytes),
        growth_body: "x".repeat(growth_bytes),
    });
    let router = Router::new()
        .route("/stats", get(stats_page))
        .route("/teachers/{id}/growth", get(growth_page))
        .route("/views/{view}", get(stats_view))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router).await?;
    Ok(())
}

impl Bare {
    fn caller(&self) -> Caller {
        Caller::direct(self.pool.clone(), self.user.clone(), today())
    }
}

async fn stats_page(State(b): State<Arc<Bare>>) -> Result<String, StatusCode> {
    stats::view(&b.caller(), "", &StatsFilter::default())
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(b.stats_body.clone())
}

/// A statistics view's data function alone, answered as the server function's JSON: what
/// the function costs without the app's HTTP stack, session and Leptos.
async fn stats_view(
    State(b): State<Arc<Bare>>,
    Path(view): Path<String>,
) -> Result<String, StatusCode> {
    let view = stats::view(&b.caller(), &view, &StatsFilter::default())
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    serde_json::to_string(&view).map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

async fn growth_page(
    State(b): State<Arc<Bare>>,
    Path(id): Path<i64>,
) -> Result<String, StatusCode> {
    growth::view(&b.caller(), Some(id))
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(b.growth_body.clone())
}
