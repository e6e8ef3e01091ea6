//! Mentoring rules over HTTP: who may log, confirm, dispute and read; every refusal writes nothing.
use serde_json::Value;
use tests::{Client, StatusCode, TestApp};

/// The demo mentor's first active pairing (with the demo teacher as mentee).
async fn demo_pairing(app: &TestApp) -> i64 {
    app.scalar(
        "SELECT p.id FROM mentor_pairings p JOIN users m ON m.teacher_id = p.mentor_id
         JOIN users e ON e.teacher_id = p.mentee_id
         WHERE m.username = 'mentor' AND e.username = 'teacher' AND p.ended_on IS NULL",
    )
    .await
}

async fn sessions(app: &TestApp) -> i64 {
    app.scalar("SELECT count(*) FROM mentor_sessions").await
}

async fn log(client: &Client, pairing: i64, date: &str, minutes: &str) -> reqwest::Response {
    client
        .call(
            "log_session",
            &[
                ("input[pairing_id]", &pairing.to_string()),
                ("input[kind]", "observe_mentee"),
                ("input[held_on]", date),
                ("input[minutes]", minutes),
                ("input[topic]", "课堂提问"),
                ("input[notes]", ""),
            ],
        )
        .await
}

/// Logs yesterday's session and returns its id.
async fn log_new(client: &Client, pairing: i64) -> i64 {
    let res = log(client, pairing, yesterday(), "45").await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// Yesterday in Asia/Shanghai: always inside the demo's current pairings, never in the future.
fn yesterday() -> &'static str {
    let day =
        (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive() - chrono::Duration::days(1);
    Box::leak(day.format("%Y-%m-%d").to_string().into_boxed_str())
}

#[tokio::test]
async fn a_mentor_logs_a_session_for_their_mentee_and_it_is_audited() {
    let app = TestApp::spawn().await;
    let pairing = demo_pairing(&app).await;
    let mentor = app.logged_in("mentor").await;
    let before = sessions(&app).await;
    let res = log(&mentor, pairing, yesterday(), "45").await;
    assert_eq!(res.status(), StatusCode::OK);
    let s: Value = res.json().await.unwrap();
    assert_eq!(s["status"], "Pending");
    assert_eq!(s["editable"], true);
    assert_eq!(sessions(&app).await, before + 1);
    let audited = app
        .scalar(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'log_session' AND entity_id = '{}'",
            s["id"]
        ))
        .await;
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn a_mentor_cannot_log_for_someone_elses_mentee() {
    let app = TestApp::spawn().await;
    let other = app
        .scalar(
            "SELECT p.id FROM mentor_pairings p WHERE p.ended_on IS NULL
         AND p.mentor_id <> (SELECT teacher_id FROM users WHERE username = 'mentor') LIMIT 1",
        )
        .await;
    let mentor = app.logged_in("mentor").await;
    let before = sessions(&app).await;
    assert_eq!(
        log(&mentor, other, yesterday(), "45").await.status(),
        StatusCode::FORBIDDEN
    );
    // A teacher who mentors nobody is refused outright.
    let teacher = app.logged_in("teacher").await;
    assert_eq!(
        log(&teacher, other, yesterday(), "45").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(sessions(&app).await, before);
}

#[tokio::test]
async fn future_dates_and_minutes_outside_1_to_600_are_refused_and_write_nothing() {
    let app = TestApp::spawn().await;
    let pairing = demo_pairing(&app).await;
    let mentor = app.logged_in("mentor").await;
    let before = sessions(&app).await;
    for (date, minutes, field) in [
        ("2099-01-01", "45", "held_on"),
        (yesterday(), "0", "minutes"),
        (yesterday(), "601", "minutes"),
    ] {
        let res = log(&mentor, pairing, date, minutes).await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{date} {minutes}"
        );
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["Invalid"][0]["field"], field);
    }
    assert_eq!(sessions(&app).await, before);
}

#[tokio::test]
async fn an_ended_pairing_takes_no_more_sessions() {
    let app = TestApp::spawn().await;
    let pairing = demo_pairing(&app).await;
    let center = app.logged_in("center").await;
    let res = center
        .call(
            "end_pairing",
            &[
                ("id", &pairing.to_string()),
                ("ended_on", "2026-11-01"),
                ("reason", "调动"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let mentor = app.logged_in("mentor").await;
    let before = sessions(&app).await;
    for date in [yesterday(), "2026-10-20"] {
        let res = log(&mentor, pairing, date, "45").await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{date}");
        assert_eq!(
            res.json::<Value>().await.unwrap()["Invalid"][0]["problem"],
            "PairingEnded"
        );
    }
    assert_eq!(sessions(&app).await, before);
}

#[tokio::test]
async fn the_mentee_confirms_and_reflects_but_cannot_touch_anyone_elses_session() {
    let app = TestApp::spawn().await;
    let pairing = demo_pairing(&app).await;
    let mentor = app.logged_in("mentor").await;
    let id = log_new(&mentor, pairing).await;

    let teacher = app.logged_in("teacher").await;
    let res = teacher
        .call(
            "confirm_session",
            &[("id", &id.to_string()), ("reflection", "问题设计要更开放")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let s: Value = res.json().await.unwrap();
    assert_eq!(s["status"], "Confirmed");
    assert_eq!(s["reflection"], "问题设计要更开放");
    assert_eq!(s["editable"], false);

    // Confirmed: the mentor can no longer change it.
    let res = mentor
        .call("delete_session", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    let other = app
        .scalar(
            "SELECT s.id FROM mentor_sessions s JOIN mentor_pairings p ON p.id = s.pairing_id
         WHERE p.mentee_id <> (SELECT teacher_id FROM users WHERE username = 'teacher') LIMIT 1",
        )
        .await;
    let res = teacher
        .call(
            "confirm_session",
            &[("id", &other.to_string()), ("reflection", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = teacher
        .call(
            "dispute_session",
            &[("id", &other.to_string()), ("reason", "没有这次听课")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_dispute_needs_a_reason_and_is_shown_to_the_coordinator() {
    let app = TestApp::spawn().await;
    let pairing = demo_pairing(&app).await;
    let mentor = app.logged_in("mentor").await;
    let id = log_new(&mentor, pairing).await;
    let teacher = app.logged_in("teacher").await;
    let res = teacher
        .call(
            "dispute_session",
            &[("id", &id.to_string()), ("reason", "  ")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = teacher
        .call(
            "dispute_session",
            &[("id", &id.to_string()), ("reason", "当天没有听课")],
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "Disputed");

    let coordinator = app.logged_in("coordinator").await;
    let list: Value = coordinator
        .call("pairing_sessions", &[("pairing_id", &pairing.to_string())])
        .await
        .json()
        .await
        .unwrap();
    let disputed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap();
    assert_eq!(disputed["dispute_reason"], "当天没有听课");
}

#[tokio::test]
async fn a_coordinator_cannot_read_another_schools_pairs() {
    let app = TestApp::spawn().await;
    let other = app.scalar(
        "SELECT p.id FROM mentor_pairings p JOIN teachers t ON t.id = p.mentee_id
         WHERE t.school_id NOT IN (SELECT school_id FROM user_roles r JOIN users u ON u.id = r.user_id
                                   WHERE u.username = 'coordinator' AND r.school_id IS NOT NULL) LIMIT 1",
    )
    .await;
    let coordinator = app.logged_in("coordinator").await;
    let res = coordinator
        .call("pairing_sessions", &[("pairing_id", &other.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = coordinator
        .call(
            "end_pairing",
            &[
                ("id", &other.to_string()),
                ("ended_on", "2026-11-01"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let school: String = sqlx::query_scalar(
        "SELECT s.name FROM schools s JOIN user_roles r ON r.school_id = s.id JOIN users u ON u.id = r.user_id WHERE u.username = 'coordinator'",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    let behind: Value = coordinator
        .call("behind_pairs", &[("sort", "")])
        .await
        .json()
        .await
        .unwrap();
    for row in behind["rows"].as_array().unwrap() {
        assert_eq!(row["school_name"], school.as_str());
    }
    let all: Value = coordinator
        .call("list_pairings", &[("show_ended", "true")])
        .await
        .json()
        .await
        .unwrap();
    for row in all["pairings"].as_array().unwrap() {
        assert_eq!(row["school_name"], school.as_str());
    }
    // Teachers and mentors have no pairing lists at all.
    let mentor = app.logged_in("mentor").await;
    assert_eq!(
        mentor.call("behind_pairs", &[("sort", "")]).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn sessions_lock_after_the_edit_window() {
    let app = TestApp::spawn().await;
    let pairing = demo_pairing(&app).await;
    let mentor = app.logged_in("mentor").await;
    let id = log_new(&mentor, pairing).await;
    let id_text = id.to_string();
    let edit = |minutes: &'static str| {
        let form = [
            ("id", id_text.clone()),
            ("input[pairing_id]", "0".to_string()),
            ("input[kind]", "debrief".to_string()),
            ("input[held_on]", yesterday().to_string()),
            ("input[minutes]", minutes.to_string()),
            ("input[topic]", String::new()),
            ("input[notes]", String::new()),
        ];
        let mentor = &mentor;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            mentor.call("update_session", &form).await
        }
    };
    let res = edit("30").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["kind"], "Debrief");
    sqlx::query("UPDATE mentor_sessions SET created_at = now() - interval '8 days' WHERE id = $1")
        .bind(id)
        .execute(&mut app.db().await)
        .await
        .unwrap();
    assert_eq!(edit("20").await.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_confirmed_session_moves_the_quota_progress() {
    let app = TestApp::spawn().await;
    let pairing = demo_pairing(&app).await;
    let mentor = app.logged_in("mentor").await;
    let done = |v: &Value| {
        v["mentees"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["pairing_id"] == pairing)
            .unwrap()["quotas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["kind"] == "ObserveMentee")
            .map(|q| q["done"].as_i64().unwrap())
            .unwrap()
    };
    let before = done(&mentor.call("my_mentees", &[]).await.json().await.unwrap());
    let id = log_new(&mentor, pairing).await;
    // Logged but not confirmed: does not count yet.
    assert_eq!(
        done(&mentor.call("my_mentees", &[]).await.json().await.unwrap()),
        before
    );
    let teacher = app.logged_in("teacher").await;
    teacher
        .call(
            "confirm_session",
            &[("id", &id.to_string()), ("reflection", "")],
        )
        .await;
    assert_eq!(
        done(&mentor.call("my_mentees", &[]).await.json().await.unwrap()),
        before + 1
    );
}
