//! Server-rendered pages: language, redirects, headers.
use tests::{StatusCode, TestApp, DEMO_PASSWORD};

#[tokio::test]
async fn pages_render_in_chinese_by_default_and_english_after_switching() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let html = client.get("/login").await.text().await.unwrap();
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    assert!(html.contains("登录"));

    let res = client.call("set_locale", &[("lang", "en")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = client.get("/login").await.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("Log in"));
}

#[tokio::test]
async fn the_home_page_sends_anonymous_visitors_to_login() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .http
        .get(format!("{}/", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/login");
}

#[tokio::test]
async fn a_logged_in_coordinator_gets_the_school_list_rendered_on_the_server() {
    let app = TestApp::spawn().await;
    let client = app.client();
    client.login("coordinator", DEMO_PASSWORD).await;
    let html = client.get("/").await.text().await.unwrap();
    assert!(html.contains(r#"data-testid="school-table""#), "{html}");
    assert!(html.contains("本校教师"));
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = TestApp::spawn().await;
    let res = app.client().get("/login").await;
    let h = res.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn an_unknown_page_is_a_404_in_the_users_language() {
    let app = TestApp::spawn().await;
    let res = app.client().get("/no-such-page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("页面不存在"));
}
