//! The pages post plain HTML forms (islands mode: no page code runs in the browser), so a form
//! post's result reaches its page in the redirect: which form (`form=`), what went wrong
//! (`error=`, `fields=`) or that it worked (`done=`, a short outcome in `out=`), the page's own
//! query kept. Secrets never travel in a URL.
use tests::{Client, StatusCode, TestApp, DEMO_PASSWORD};

/// Posts a server function as a browser form without JavaScript does, from the page `from`.
async fn post_form(
    app: &TestApp,
    client: &Client,
    endpoint: &str,
    from: &str,
    form: &[(impl AsRef<str>, impl AsRef<str>)],
) -> reqwest::Response {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    client
        .http
        .post(format!("{}/api/{endpoint}", app.address))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{}{from}", app.address))
        .form(&form)
        .send()
        .await
        .expect("request")
}

fn location(res: &reqwest::Response) -> String {
    assert!(
        res.status().is_redirection(),
        "a plain form is answered by a redirect: {}",
        res.status()
    );
    res.headers()["location"].to_str().unwrap().to_string()
}

async fn page(client: &Client, path: &str) -> String {
    let res = client.get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.unwrap()
}

async fn mentor_and_pairing(app: &TestApp) -> (Client, i64) {
    let client = app.client();
    client.login("mentor", DEMO_PASSWORD).await;
    let pairing = app
        .scalar(
            "SELECT p.id FROM mentor_pairings p JOIN users m ON m.teacher_id = p.mentor_id
             WHERE m.username = 'mentor' AND p.ended_on IS NULL ORDER BY p.id LIMIT 1",
        )
        .await;
    (client, pairing)
}

fn session_form(pairing: &str, minutes: &'static str) -> Vec<(&'static str, String)> {
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    vec![
        ("input[pairing_id]", pairing.to_string()),
        ("input[kind]", "observe_mentee".to_string()),
        ("input[held_on]", today.format("%Y-%m-%d").to_string()),
        ("input[minutes]", minutes.to_string()),
        ("input[topic]", String::new()),
        ("input[notes]", String::new()),
    ]
}

#[tokio::test]
async fn a_form_that_worked_goes_back_to_its_page_which_says_so() {
    let app = TestApp::spawn().await;
    let (client, pairing) = mentor_and_pairing(&app).await;
    let p = pairing.to_string();
    let form = session_form(&p, "45");
    // An earlier failure in the URL is dropped; the page's own query stays.
    let from = format!(
        "/mentoring/log?pairing={p}&form=log_session&error=invalid&fields=minutes.required"
    );
    let res = post_form(&app, &client, "log_session", &from, &form).await;
    let back = location(&res);
    assert_eq!(back, format!("/mentoring/log?pairing={p}&done=log_session"));
    let html = page(&client, &back).await;
    assert!(html.contains(r#"data-testid="saved""#), "the saved notice");
    assert!(!html.contains("field-error"), "no error left over");
}

#[tokio::test]
async fn a_refused_form_comes_back_with_each_problem_beside_its_field_and_nothing_written() {
    let app = TestApp::spawn().await;
    let (client, pairing) = mentor_and_pairing(&app).await;
    let before = app.scalar("SELECT count(*) FROM mentor_sessions").await;
    let p = pairing.to_string();
    let form = session_form(&p, "0");
    let res = post_form(
        &app,
        &client,
        "log_session",
        &format!("/mentoring/log?pairing={p}"),
        &form,
    )
    .await;
    let back = location(&res);
    assert_eq!(
        back,
        format!(
            "/mentoring/log?pairing={p}&form=log_session&error=invalid&fields=minutes.range.1.600"
        )
    );
    assert_eq!(
        app.scalar("SELECT count(*) FROM mentor_sessions").await,
        before
    );
    let html = page(&client, &back).await;
    assert!(html.contains(r#"data-testid="error-minutes""#), "{html}");
    assert!(
        html.contains("1 到 600"),
        "the problem in the user's language"
    );

    // The same problem named for another form is not this form's to show.
    let other =
        format!("/mentoring/log?pairing={p}&form=login&error=invalid&fields=minutes.range.1.600");
    let html = page(&client, &other).await;
    assert!(!html.contains(r#"data-testid="error-minutes""#));
}

#[tokio::test]
async fn a_password_reset_by_plain_form_shows_the_password_once_and_never_in_a_url() {
    let app = TestApp::spawn().await;
    let center = app.client();
    center.login("center", DEMO_PASSWORD).await;
    let teacher = app.teacher_id_of("teacher").await.to_string();
    let from = format!("/roster/{teacher}");
    let res = post_form(
        &app,
        &center,
        "reset_password",
        &from,
        &[("teacher_id", &teacher)],
    )
    .await;
    let back = location(&res);
    assert_eq!(back, format!("/roster/{teacher}?done=reset_password"));

    let html = page(&center, &back).await;
    let marker = r#"data-testid="otp">"#;
    let at = html.find(marker).expect("the one-time password is shown") + marker.len();
    let password: String = html[at..].chars().take_while(|c| *c != '<').collect();
    assert_eq!(password.len(), 10, "{password}");
    // It works once: the teacher signs in with it.
    let teacher_client = app.client();
    let res = teacher_client.login("teacher", &password).await;
    assert_eq!(res.status(), StatusCode::OK);

    let again = page(&center, &back).await;
    assert!(!again.contains(r#"data-testid="otp""#), "shown once only");
}

#[tokio::test]
async fn an_outcome_with_counts_comes_back_in_the_url_and_a_form_with_its_own_destination_keeps_it()
{
    let app = TestApp::spawn().await;
    let center = app.client();
    center.login("center", DEMO_PASSWORD).await;
    let day = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let day = day.format("%Y-%m-%d").to_string();
    let form = [
        ("form[title]", "信息技术与课堂融合"),
        ("form[organizer]", "区教师发展中心"),
        ("form[level]", "district"),
        ("form[category]", "it"),
        ("form[starts_on]", day.as_str()),
        ("form[ends_on]", day.as_str()),
        ("form[hours]", "3"),
    ];
    let res = post_form(&app, &center, "create_event", "/events?year=2026", &form).await;
    let back = location(&res);
    let id = app
        .scalar("SELECT id FROM training_events WHERE title = '信息技术与课堂融合'")
        .await;
    assert!(
        back.starts_with("/events?year=2026&done=create_event&out=%7B"),
        "{back}"
    );
    let html = page(&center, &back).await;
    assert!(
        html.contains(r#"data-testid="created-event""#),
        "the page says so"
    );
    assert!(
        html.contains(&format!(r#"href="/events/{id}""#)),
        "and links the new event"
    );

    // Logging in sends the browser home, not back to the login page.
    let res = post_form(
        &app,
        &app.client(),
        "login",
        "/login?form=login&error=bad_credentials",
        &[("username", "teacher"), ("password", DEMO_PASSWORD)],
    )
    .await;
    assert_eq!(location(&res), "/");
}

#[tokio::test]
async fn a_form_the_guard_refuses_before_decoding_comes_back_the_same_way() {
    let app = TestApp::spawn().await;
    let (client, pairing) = mentor_and_pairing(&app).await;
    let before = app.scalar("SELECT count(*) FROM mentor_sessions").await;
    let p = pairing.to_string();
    let mut form = session_form(&p, "45");
    form[4].1 = "课堂\u{0}提问".to_string();
    let from = format!("/mentoring/log?pairing={p}");
    let res = post_form(&app, &client, "log_session", &from, &form).await;
    let back = location(&res);
    assert!(
        back.starts_with(&format!(
            "/mentoring/log?pairing={p}&form=log_session&error=invalid&fields=topic."
        )),
        "{back}"
    );
    assert_eq!(
        app.scalar("SELECT count(*) FROM mentor_sessions").await,
        before
    );
    let html = page(&client, &back).await;
    assert!(
        html.contains(r#"data-testid="error-topic""#),
        "beside the field"
    );
}
