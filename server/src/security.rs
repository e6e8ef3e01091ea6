//! Cross-site request refusal and security headers.
use app::i18n::Locale;
use axum::{
    extract::Request,
    http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Leptos adds no CSRF protection to server functions, so a state-changing request that a
/// browser marks as coming from another site is refused. Non-browser clients send neither header.
pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && is_cross_site(req.headers())
    {
        tracing::warn!(uri = %req.uri(), "refused cross-site request");
        let locale = req
            .headers()
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .map(Locale::from_cookie_header)
            .unwrap_or_default();
        return (StatusCode::FORBIDDEN, locale.texts().err_cross_site).into_response();
    }
    next.run(req).await
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    let get = |name: HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get(HeaderName::from_static("sec-fetch-site")) {
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    match (get(header::ORIGIN), get(header::HOST)) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Headers added to every response.
pub fn security_headers(secure: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        // Same-origin referers let plain form posts (no JavaScript) return to their page.
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            // Leptos' hydration bootstrap is an inline module script; wasm needs wasm-unsafe-eval.
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
                 style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
                 frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
            ),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ),
    ];
    if secure {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_requests_pass() {
        assert!(!is_cross_site(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!is_cross_site(&headers(&[])));
    }

    #[test]
    fn foreign_origin_or_fetch_site_is_refused() {
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(is_cross_site(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
    }
}
