//! Accounts and sessions over real HTTP against the running server.
use serde_json::Value;
use tests::{StatusCode, TestApp, DEMO_PASSWORD};

#[tokio::test]
async fn each_demo_role_logs_in_and_gets_its_own_home() {
    let app = TestApp::spawn().await;
    for (user, part) in [
        ("center", "center"),
        ("coordinator", "schools"),
        ("mentor", "mentees"),
        ("teacher", "teacher"),
    ] {
        let client = app.client();
        let res = client.login(user, DEMO_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "{user} logs in");
        let home: Value = client.call("home", &[]).await.json().await.unwrap();
        assert_eq!(home["user"]["username"], user);
        let shown = &home[part];
        assert!(
            !shown.is_null() && shown != &Value::Array(vec![]),
            "{user} sees {part}: {home}"
        );
    }
}

#[tokio::test]
async fn a_teacher_home_has_no_school_list_and_no_district_counts() {
    let app = TestApp::spawn().await;
    let client = app.client();
    client.login("teacher", DEMO_PASSWORD).await;
    let home: Value = client.call("home", &[]).await.json().await.unwrap();
    assert!(home["center"].is_null());
    assert_eq!(home["schools"], Value::Array(vec![]));
    assert!(home["mentees"].is_null());
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_starts_no_session() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = client.login("teacher", "wrong-password").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        Value::from("BadCredentials")
    );
    let me: Value = client.call("me", &[]).await.json().await.unwrap();
    assert!(me.is_null());
}

#[tokio::test]
async fn an_unknown_user_gets_the_same_answer_as_a_wrong_password() {
    let app = TestApp::spawn().await;
    let res = app.client().login("nobody-here", "whatever").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        Value::from("BadCredentials")
    );
}

#[tokio::test]
async fn an_empty_username_is_a_field_error_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let res = app.client().login("  ", "x").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["Invalid"][0]["field"], "username");
    let logins: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'login'")
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    assert_eq!(logins, 0);
}

#[tokio::test]
async fn repeated_failures_are_throttled_with_429_even_for_the_right_password() {
    let app = TestApp::spawn().await;
    let client = app.client();
    for attempt in 1..=5 {
        let res = client.login("mentor", "wrong").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let res = client.login("mentor", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    let body: Value = res.json().await.unwrap();
    assert!(
        body["TooManyAttempts"]["retry_after_secs"]
            .as_i64()
            .unwrap()
            > 0
    );
    // Another account from the same address is not locked by these five.
    assert_eq!(
        client.login("teacher", DEMO_PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn anonymous_calls_to_protected_functions_are_refused() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = client.call("home", &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = client.call("teacher_summary", &[("teacher_id", "1")]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_lax() {
    let app = TestApp::spawn().await;
    let res = app.client().login("teacher", DEMO_PASSWORD).await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("tg_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
}

#[tokio::test]
async fn logout_ends_the_session_and_the_old_cookie_no_longer_works() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = client.login("teacher", DEMO_PASSWORD).await;
    let old = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(client.call("logout", &[]).await.status(), StatusCode::OK);
    assert!(client
        .call("me", &[])
        .await
        .json::<Value>()
        .await
        .unwrap()
        .is_null());

    // Replaying the old cookie from another client does not bring the session back.
    let replay = app
        .client()
        .http
        .post(format!("{}/api/home", app.address))
        .header("cookie", old)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_login_gets_a_new_session_id() {
    let app = TestApp::spawn().await;
    let session_id = |res: &reqwest::Response| {
        res.headers().get_all("set-cookie").iter().find_map(|v| {
            v.to_str()
                .unwrap()
                .strip_prefix("tg_session=")
                .map(|s| s.split(';').next().unwrap().to_string())
        })
    };
    let client = app.client();
    let first = session_id(&client.login("teacher", DEMO_PASSWORD).await).expect("first id");
    let second = session_id(&client.login("teacher", DEMO_PASSWORD).await).expect("second id");
    assert_ne!(first, second);
}

#[tokio::test]
async fn a_foreign_origin_cannot_post_and_gets_no_session() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = client
        .http
        .post(format!("{}/api/login", app.address))
        .header("origin", "https://evil.example")
        .form(&[("username", "teacher"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.headers().get("set-cookie").is_none());

    let res = client
        .http
        .post(format!("{}/api/login", app.address))
        .header("sec-fetch-site", "cross-site")
        .form(&[("username", "teacher"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The same request from the app's own origin goes through.
    let res = client
        .http
        .post(format!("{}/api/login", app.address))
        .header("origin", &app.address)
        .header("sec-fetch-site", "same-origin")
        .form(&[("username", "teacher"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_plain_form_login_redirects_home_and_a_failed_one_back_with_the_reason() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let post = |password: &'static str| {
        client
            .http
            .post(format!("{}/api/login", app.address))
            .header("accept", "text/html")
            .header("referer", format!("{}/login", app.address))
            .form(&[("username", "teacher"), ("password", password)])
            .send()
    };
    let res = post("wrong").await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(
        res.headers()["location"],
        "/login?form=login&error=bad_credentials"
    );
    let res = post(DEMO_PASSWORD).await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/");
}

/// Logs in with each (username, password) at once, each from its own fresh client.
async fn statuses_of_parallel_logins(
    app: &TestApp,
    logins: Vec<(String, &str)>,
) -> Vec<StatusCode> {
    let mut set = tokio::task::JoinSet::new();
    for (username, password) in logins {
        let (client, password) = (app.client(), password.to_string());
        set.spawn(async move { client.login(&username, &password).await.status() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = set.join_next().await {
        statuses.push(status.unwrap());
    }
    statuses
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test]
async fn thirty_wrong_passwords_sent_at_once_get_only_five_password_checks() {
    let app = TestApp::spawn().await;
    let statuses = statuses_of_parallel_logins(
        &app,
        (0..30).map(|_| ("mentor".to_string(), "wrong")).collect(),
    )
    .await;
    assert_eq!(
        count(&statuses, StatusCode::UNAUTHORIZED),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        count(&statuses, StatusCode::TOO_MANY_REQUESTS),
        25,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn a_spray_over_many_unknown_accounts_is_capped_per_address_but_known_browsers_get_in() {
    let app = TestApp::spawn().await;
    // A teacher who logged in from this browser before the spray.
    let regular = app.logged_in("teacher").await;
    let spray = (0..100)
        .map(|i| (format!("nobody{i:03}"), "wrong"))
        .collect();
    let statuses = statuses_of_parallel_logins(&app, spray).await;
    let checked = count(&statuses, StatusCode::UNAUTHORIZED);
    assert!(
        (1..=50).contains(&checked),
        "{checked} checked: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [
            StatusCode::UNAUTHORIZED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::SERVICE_UNAVAILABLE
        ]
        .contains(s)),
        "{statuses:?}"
    );
    // The address is now locked for new browsers, even with the right password...
    let fresh = app.client().login("coordinator", DEMO_PASSWORD).await;
    assert_eq!(fresh.status(), StatusCode::TOO_MANY_REQUESTS);
    // ...but not for a browser that has logged in to its account before.
    assert_eq!(
        regular.login("teacher", DEMO_PASSWORD).await.status(),
        StatusCode::OK
    );
    // Unknown usernames are counted exactly like known ones: five, then refused.
    let unknown = app.client();
    let known = app.client();
    let mut seen = Vec::new();
    for _ in 0..6 {
        seen.push((
            unknown.login("nobody-else", "wrong").await.status(),
            known.login("mentor", "wrong").await.status(),
        ));
    }
    assert!(seen.iter().all(|(u, k)| u == k), "{seen:?}");
}

#[tokio::test]
async fn reading_pages_does_not_rewrite_the_session_row() {
    let app = TestApp::spawn().await;
    let client = app.logged_in("teacher").await;
    assert_eq!(client.get("/").await.status(), StatusCode::OK);
    let expiry = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT expiry_date::text FROM user_sessions ORDER BY expiry_date DESC LIMIT 1",
        )
        .fetch_one(&mut app.db().await)
        .await
        .unwrap()
    };
    let before = expiry().await;
    for path in ["/", "/hours", "/growth"] {
        assert_eq!(client.get(path).await.status(), StatusCode::OK, "{path}");
    }
    assert_eq!(expiry().await, before);
}
