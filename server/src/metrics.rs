//! Prometheus-format `/metrics`: requests by route (count and latency), the database pool, the
//! hours rollup's age and whether some instance runs the scheduled jobs.
use axum::{
    extract::{MatchedPath, Request, State},
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus_client::encoding::{text::encode, EncodeLabelSet};
use prometheus_client::metrics::{
    counter::Counter, family::Family, gauge::Gauge, histogram::Histogram,
};
use prometheus_client::registry::Registry;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteOnly {
    route: String,
}

#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    requests: Family<RouteLabels, Counter>,
    latency: Family<RouteOnly, Histogram>,
    pool_size: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    rollup_age: Gauge,
    jobs_leader: Gauge,
    pool: PgPool,
}

impl Metrics {
    pub fn new(pool: PgPool) -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RouteLabels, Counter>::default();
        let latency = Family::<RouteOnly, Histogram>::new_with_constructor(|| {
            Histogram::new(
                [
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ]
                .into_iter(),
            )
        });
        let (pool_size, pool_idle, pool_max) =
            (Gauge::default(), Gauge::default(), Gauge::default());
        let (rollup_age, jobs_leader) = (Gauge::default(), Gauge::default());
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to the response head, by route",
            latency.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Open database connections",
            pool_size.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Idle database connections",
            pool_idle.clone(),
        );
        registry.register(
            "db_pool_max_connections",
            "The pool's limit",
            pool_max.clone(),
        );
        registry.register(
            "rollup_age_seconds",
            "Age of the oldest active teacher's hours-rollup row",
            rollup_age.clone(),
        );
        registry.register(
            "scheduled_jobs_leader_present",
            "1 when some instance holds the scheduled-jobs lock",
            jobs_leader.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            requests,
            latency,
            pool_size,
            pool_idle,
            pool_max,
            rollup_age,
            jobs_leader,
            pool,
        }
    }
}

/// Counts and times every request. The route is the router's pattern (never the raw path, so
/// ids and junk paths cannot grow the label set); server functions are named by their path
/// only when one answered.
pub async fn record(State(m): State<Metrics>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let matched = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string());
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    let status = response.status().as_u16();
    let route = match matched {
        Some(m) if m.contains("{*") && path.starts_with("/api/") && status != 404 => path,
        Some(m) => m,
        None if path.starts_with("/pkg/") => "/pkg/*".into(),
        None => "unmatched".into(),
    };
    m.latency
        .get_or_create(&RouteOnly {
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    m.requests
        .get_or_create(&RouteLabels {
            method,
            route,
            status,
        })
        .inc();
    response
}

pub async fn render(State(m): State<Metrics>) -> Response {
    m.pool_size.set(m.pool.size() as i64);
    m.pool_idle.set(m.pool.num_idle() as i64);
    m.pool_max
        .set(m.pool.options().get_max_connections() as i64);
    let age: Result<Option<f64>, _> = sqlx::query_scalar(
        "SELECT extract(epoch FROM now() - min(s.computed_at))::float8
         FROM teachers t JOIN teacher_standing s ON s.teacher_id = t.id WHERE t.active",
    )
    .fetch_one(&m.pool)
    .await;
    if let Ok(age) = age {
        m.rollup_age.set(age.unwrap_or(0.0) as i64);
    }
    if let Ok(leader) = crate::jobs::leader_present(&m.pool).await {
        m.jobs_leader.set(leader as i64);
    }
    let mut body = String::new();
    if encode(&mut body, &m.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
