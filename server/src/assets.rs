//! The built browser files (`/pkg`): the island's wasm and JS glue and the stylesheet.
//! `build-site.sh` names each after a hash of its content and writes brotli (q11) and gzip
//! copies beside it, so they are served as built, never compressed per request, and kept by
//! browsers for a year (`immutable`): a new build has new names.
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

/// The file listing the built files' hashes, beside `pkg/`.
pub fn hash_file(site_root: &str) -> PathBuf {
    let root = Path::new(site_root);
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    root.join("hash.txt")
}

/// `/pkg/*` from `<site_root>/pkg`, precompressed when the browser takes it.
pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    let hashed = hash_file(site_root).exists();
    let files = ServeDir::new(Path::new(site_root).join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .nest_service("/pkg", files)
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            cache_for(req, next, hashed)
        }))
}

async fn cache_for(req: Request, next: Next, hashed: bool) -> Response {
    let mut res = next.run(req).await;
    // A name with a hash never changes content; without hashes (a site built by hand) the
    // browser asks again each time. A missing file is never cached.
    let value = match (res.status(), hashed) {
        (StatusCode::OK, true) => "public, max-age=31536000, immutable",
        _ => "no-cache",
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}
