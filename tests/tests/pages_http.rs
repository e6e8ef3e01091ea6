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

#[tokio::test]
async fn text_from_a_link_is_escaped_inside_form_textareas() {
    let app = TestApp::spawn().await;
    let client = app.logged_in("teacher").await;
    let payload = "%3C%2Ftextarea%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    for path in [
        format!("/growth/achievement?error=invalid&detail={payload}"),
        format!("/hours/claim?error=invalid&note={payload}"),
    ] {
        let html = client.get(&path).await.text().await.unwrap();
        assert!(!html.contains("<script>alert(1)"), "{path}: {html}");
        assert!(
            html.contains("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn pages_allow_only_their_own_nonced_inline_scripts() {
    let app = TestApp::spawn().await;
    let res = app.client().get("/login").await;
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let html = res.text().await.unwrap();
    let scripts = csp.split(';').find(|d| d.contains("script-src")).unwrap();
    assert!(!scripts.contains("unsafe-inline"), "{csp}");
    let nonce = scripts
        .split_whitespace()
        .find_map(|s| s.strip_prefix("'nonce-"))
        .and_then(|s| s.strip_suffix('\''))
        .expect("a nonce in the policy");
    assert!(nonce.len() >= 16);
    let tags: Vec<&str> = html
        .match_indices("<script")
        .map(|(i, _)| &html[i..])
        .collect();
    assert!(!tags.is_empty());
    for tag in tags {
        let open = &tag[..tag.find('>').unwrap()];
        assert!(open.contains(&format!("nonce=\"{nonce}\"")), "{open}");
    }
    // A second page view gets another nonce.
    let again = app.client().get("/login").await;
    assert!(!again.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains(nonce));
}
