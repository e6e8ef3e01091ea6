//! What every visitor's browser asks of the site itself: the icon, and download links that
//! are plain downloads.
use tests::{StatusCode, TestApp};

#[tokio::test]
async fn the_site_icon_is_served_at_favicon_ico_and_linked_from_every_page() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = client.get("/favicon.ico").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/x-icon");
    let body = res.bytes().await.unwrap();
    assert_eq!(&body[..4], &[0, 0, 1, 0], "an ICO header");

    let res = client.get("/favicon.svg").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");

    let html = client.get("/login").await.text().await.unwrap();
    assert!(
        html.contains(r#"<link rel="icon" href="/favicon.svg""#),
        "{html}"
    );
}

/// A site built by `build-site.sh`: hashed names, brotli and gzip copies, `hash.txt`.
fn built_site() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tg_site_{}", std::process::id()));
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("app.0123456789abcdef.js"), "export default 1;").unwrap();
    std::fs::write(pkg.join("app.0123456789abcdef.js.br"), "brotli bytes").unwrap();
    std::fs::write(pkg.join("app.0123456789abcdef.js.gz"), "gzip bytes").unwrap();
    std::fs::write(
        dir.join("hash.txt"),
        "js: 0123456789abcdef\nwasm: fedcba9876543210\ncss: 00ff00ff00ff00ff\n",
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn built_files_go_out_precompressed_and_kept_for_a_year_and_pages_are_asked_for_again() {
    let site = built_site();
    let root = site.to_string_lossy().to_string();
    let app = TestApp::spawn_configured(|c| c.site_root = root).await;
    let client = app.client();
    let get = |encoding: &'static str| {
        client
            .http
            .get(format!("{}/pkg/app.0123456789abcdef.js", app.address))
            .header("accept-encoding", encoding)
            .send()
    };
    let res = get("gzip, deflate, br").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.bytes().await.unwrap(), "brotli bytes");
    let res = get("gzip").await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(res.bytes().await.unwrap(), "gzip bytes");

    let missing = client.get("/pkg/app.ffffffffffffffff.js").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.headers()["cache-control"],
        "no-cache",
        "a miss is never kept"
    );

    let res = client.get("/login").await;
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let html = res.text().await.unwrap();
    assert!(html.contains("/pkg/app.0123456789abcdef.js"), "{html}");
    assert!(
        html.contains("app.fedcba9876543210"),
        "the wasm by its hash"
    );
    std::fs::remove_dir_all(site).ok();
}
