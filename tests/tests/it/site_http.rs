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
