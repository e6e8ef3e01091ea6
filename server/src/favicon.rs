//! The site icon, built into the binary so that `/favicon.ico` answers whatever `SITE_ROOT` holds
//! (browsers ask for it on every first visit; a 404 there is a console error).
use axum::{
    http::{header, HeaderValue},
    response::IntoResponse,
    routing::get,
    Router,
};

const ICO: &[u8] = include_bytes!("../assets/favicon.ico");
const SVG: &[u8] = include_bytes!("../assets/favicon.svg");

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/favicon.ico", get(|| async { icon("image/x-icon", ICO) }))
        .route("/favicon.svg", get(|| async { icon("image/svg+xml", SVG) }))
}

fn icon(content_type: &'static str, body: &'static [u8]) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        body,
    )
}
