//! Load shedding: a bounded number of requests work at once; the next few wait briefly; the rest
//! are told at once that the server is busy (503 with Retry-After) rather than queueing until
//! the database pool times out and answering an empty 500.
use app::error::{AppError, BUSY_RETRY_SECS};
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Gate {
    working: Arc<Semaphore>,
    waiting: Arc<Semaphore>,
    wait: Duration,
}

impl Gate {
    /// `working` requests at once (about the pool's size: a page's queries run one after
    /// another), up to `waiting` more queued for at most `wait` (well under the pool's own
    /// acquire timeout).
    pub fn new(working: usize, waiting: usize, wait: Duration) -> Self {
        Gate {
            working: Arc::new(Semaphore::new(working)),
            waiting: Arc::new(Semaphore::new(waiting)),
            wait,
        }
    }
}

/// Static files (the wasm, CSS, icons) need no database, and a balancer's health checks and
/// the metrics scrape must answer under load: never held back.
fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/favicon")
        || matches!(path, "/healthz" | "/readyz" | "/metrics")
}

pub async fn shed_load(State(gate): State<Gate>, req: Request, next: Next) -> Response {
    if is_static(req.uri().path()) {
        return next.run(req).await;
    }
    let permit = match gate.working.clone().try_acquire_owned() {
        Ok(permit) => permit,
        Err(_) => {
            let Ok(_queued) = gate.waiting.clone().try_acquire_owned() else {
                return busy(&req);
            };
            match tokio::time::timeout(gate.wait, gate.working.clone().acquire_owned()).await {
                Ok(Ok(permit)) => permit,
                _ => return busy(&req),
            }
        }
    };
    let response = next.run(req).await;
    drop(permit);
    response
}

fn busy(req: &Request) -> Response {
    tracing::warn!(uri = %req.uri(), "shedding load: answering 503");
    let locale = crate::responses::locale(req.headers());
    let mut res = (
        StatusCode::SERVICE_UNAVAILABLE,
        AppError::Busy {
            retry_after_secs: BUSY_RETRY_SECS,
        }
        .message(locale.texts()),
    )
        .into_response();
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(BUSY_RETRY_SECS));
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, middleware, routing::get, Router};
    use tower::ServiceExt;

    #[tokio::test]
    async fn requests_beyond_the_queue_get_503_with_retry_after_while_static_files_pass() {
        let gate = Gate::new(1, 1, Duration::from_millis(200));
        let app = Router::new()
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    "done"
                }),
            )
            .route("/pkg/app.css", get(|| async { "css" }))
            .layer(middleware::from_fn_with_state(gate, shed_load));
        let call = |path: &'static str| {
            let app = app.clone();
            async move {
                app.oneshot(Request::get(path).body(Body::empty()).unwrap())
                    .await
                    .unwrap()
            }
        };
        let (a, b, c, css) = tokio::join!(call("/slow"), call("/slow"), call("/slow"), async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            call("/pkg/app.css").await
        });
        let mut statuses = [a.status(), b.status(), c.status()];
        statuses.sort();
        // One works, one waits 200 ms and gives up, one finds the queue full.
        assert_eq!(
            statuses,
            [
                StatusCode::OK,
                StatusCode::SERVICE_UNAVAILABLE,
                StatusCode::SERVICE_UNAVAILABLE
            ]
        );
        let refused = [a, b, c]
            .into_iter()
            .find(|r| r.status() == StatusCode::SERVICE_UNAVAILABLE)
            .unwrap();
        assert_eq!(refused.headers()[header::RETRY_AFTER], "5");
        assert_eq!(css.status(), StatusCode::OK);
    }
}
