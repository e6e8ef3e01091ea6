//! Server-rendered pages: language, redirects, headers.
use std::time::Duration;
use tests::{eventually, StatusCode, TestApp, DEMO_PASSWORD};

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

#[tokio::test]
async fn health_readiness_metrics_and_request_ids_answer_for_a_balancer() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let health = client.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.text().await.unwrap(), "ok");
    assert_eq!(client.get("/readyz").await.status(), StatusCode::OK);

    // A request id from the proxy is kept; without one the server makes one.
    let res = client
        .http
        .get(format!("{}/login", app.address))
        .header("x-request-id", "req-from-nginx-1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "req-from-nginx-1");
    let made = client.get("/login").await;
    assert!(made.headers()["x-request-id"].len() >= 32);

    // Routes are labelled by pattern, never by raw path.
    client.get("/teachers/12345/growth").await;
    let metrics = client.get("/metrics").await.text().await.unwrap();
    for needle in [
        "http_requests_total{",
        "route=\"/login\"",
        "route=\"/teachers/{id}/growth\"",
        "http_request_duration_seconds_bucket",
        "db_pool_max_connections 10",
        "rollup_age_seconds",
    ] {
        assert!(metrics.contains(needle), "{needle} in {metrics}");
    }
    assert!(!metrics.contains("12345"));
    // The scheduled jobs run in one instance: this one takes the lock at start.
    let leader = eventually(50, Duration::from_millis(100), || async {
        let m = client.get("/metrics").await.text().await.unwrap();
        m.contains("scheduled_jobs_leader_present 1")
    })
    .await;
    assert!(leader, "no instance holds the scheduled-jobs lock");
}

#[tokio::test]
async fn statistics_read_from_a_usable_standby_say_how_current_they_are_and_fall_back_when_it_is_down(
) {
    // A "standby" that is the primary itself is always current: the page says so.
    let app =
        TestApp::spawn_configured(|c| c.read_database_url = Some(c.database_url.clone())).await;
    let center = app.logged_in("center").await;
    // The watcher checks the standby every 2 s.
    let shown = eventually(30, Duration::from_millis(200), || async {
        let html = center
            .get("/stats?view=headcount")
            .await
            .text()
            .await
            .unwrap();
        let as_of = html.contains(r#"data-testid="stat-as-of""#);
        assert!(!as_of || html.contains("数据截至"));
        as_of
    })
    .await;
    assert!(shown, "statistics never came from the standby");

    // A standby that cannot be reached: the primary answers, without the note.
    let app = TestApp::spawn_configured(|c| {
        c.read_database_url = Some("postgres://postgres@127.0.0.1:9/none".into())
    })
    .await;
    let center = app.logged_in("center").await;
    let res = center.get("/stats?view=hours").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"data-testid="stat-total""#));
    assert!(!html.contains(r#"data-testid="stat-as-of""#));
}

#[tokio::test]
async fn the_scheduled_jobs_lock_is_held_by_one_process_and_taken_over_when_its_holder_dies() {
    use server::jobs::{LEADER_KEY, TRY_EVERY};
    let app = TestApp::spawn().await;
    let mut other = app.db().await;
    let try_lock = "SELECT pg_try_advisory_lock($1)";
    let holder = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((classid::bigint << 32) | objid::bigint) = $1";
    // The app takes the lock at start; a second process cannot.
    let mut app_pid: Option<i32> = None;
    for _ in 0..50 {
        app_pid = sqlx::query_scalar(holder)
            .bind(LEADER_KEY)
            .fetch_optional(&mut other)
            .await
            .unwrap();
        if app_pid.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let app_pid = app_pid.expect("the app holds the jobs lock");
    let got: bool = sqlx::query_scalar(try_lock)
        .bind(LEADER_KEY)
        .fetch_one(&mut other)
        .await
        .unwrap();
    assert!(!got, "two holders of the jobs lock");
    // The holder's connection dies (as when its process is killed): the lock is free at once...
    sqlx::query("SELECT pg_terminate_backend($1)")
        .bind(app_pid)
        .execute(&mut other)
        .await
        .unwrap();
    let mut freed = false;
    for _ in 0..50 {
        if sqlx::query_scalar::<_, bool>(try_lock)
            .bind(LEADER_KEY)
            .fetch_one(&mut other)
            .await
            .unwrap()
        {
            freed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(freed, "the lock outlived its holder's connection");
    // ...and once nobody holds it, a live instance takes it again within TRY_EVERY.
    drop(other);
    let mut check = app.db().await;
    let deadline = std::time::Instant::now() + TRY_EVERY * 2 + Duration::from_secs(5);
    loop {
        let pid: Option<i32> = sqlx::query_scalar(holder)
            .bind(LEADER_KEY)
            .fetch_optional(&mut check)
            .await
            .unwrap();
        if pid.is_some_and(|p| p != app_pid) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no instance took the jobs over"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
