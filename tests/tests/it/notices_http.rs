//! Reminders over HTTP and against the database: a write that causes one tells its person at
//! once; the daily run tells each kind to whom it concerns and never the same fact twice; a
//! person follows theirs (only theirs), reads them, and turns kinds off.
use app::backend::notices;
use app::domain::notices::NoticeKind;
use serde_json::Value;
use tests::{ok_json, without_jobs, Client, StatusCode, TestApp};

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

async fn log_session(app: &TestApp, mentor: &Client) {
    let pairing = app
        .scalar(
            "SELECT p.id FROM mentor_pairings p JOIN users m ON m.teacher_id = p.mentor_id
             JOIN users e ON e.teacher_id = p.mentee_id
             WHERE m.username = 'mentor' AND e.username = 'teacher' AND p.ended_on IS NULL",
        )
        .await;
    let res = mentor
        .call(
            "log_session",
            &[
                ("input[pairing_id]", &pairing.to_string()),
                ("input[kind]", "observe_mentee"),
                ("input[held_on]", &today().format("%Y-%m-%d").to_string()),
                ("input[minutes]", "45"),
                ("input[topic]", "课堂提问"),
                ("input[notes]", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn count(app: &TestApp, login: &str, kind: &str) -> i64 {
    app.scalar(&format!(
        "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
         WHERE u.username = '{login}' AND n.kind = '{kind}'"
    ))
    .await
}

async fn pool(app: &TestApp) -> sqlx::PgPool {
    sqlx::PgPool::connect(&app.database_url).await.unwrap()
}

#[tokio::test]
async fn a_logged_session_reminds_its_mentee_who_follows_it_and_the_bell_counts_it() {
    let app = without_jobs().await;
    let mentor = app.logged_in("mentor").await;
    let teacher = app.logged_in("teacher").await;
    // Today's run first (it tells of the demo's older unconfirmed sessions too).
    let db = pool(&app).await;
    notices::refresh(&db, today(), NoticeKind::ALL)
        .await
        .unwrap();
    let before = count(&app, "teacher", "session_to_confirm").await;
    log_session(&app, &mentor).await;
    assert_eq!(
        count(&app, "teacher", "session_to_confirm").await,
        before + 1
    );
    // The daily run tells nothing twice.
    notices::refresh(&db, today(), NoticeKind::ALL)
        .await
        .unwrap();
    let settled = app.scalar("SELECT count(*) FROM notifications").await;
    assert_eq!(
        notices::refresh(&db, today(), NoticeKind::ALL)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        app.scalar("SELECT count(*) FROM notifications").await,
        settled
    );

    let list = ok_json(teacher.call("notices", &[]).await).await;
    let unread = list["unread"].as_i64().unwrap();
    assert!(unread >= 1);
    let newest: &Value = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "session_to_confirm")
        .unwrap();
    let id = newest["id"].as_i64().unwrap().to_string();
    // The bell on every page shows the count.
    let home = teacher.get("/").await.text().await.unwrap();
    assert!(
        home.contains(r#"data-testid="bell-count""#),
        "the bell shows unread reminders"
    );
    // Someone else cannot open it; its person follows it and it is read.
    let other = mentor.call("open_notice", &[("id", &id)]).await;
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    let res = teacher.call("open_notice", &[("id", &id)]).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let after = ok_json(teacher.call("notices", &[]).await).await;
    assert_eq!(after["unread"].as_i64().unwrap(), unread - 1);
    assert_eq!(
        ok_json(teacher.call("read_all_notices", &[]).await).await,
        Value::Null
    );
    assert_eq!(
        ok_json(teacher.call("notices", &[]).await).await["unread"],
        0
    );
}

#[tokio::test]
async fn a_kind_turned_off_is_not_told() {
    let app = without_jobs().await;
    let mentor = app.logged_in("mentor").await;
    let teacher = app.logged_in("teacher").await;
    // Everything on but sessions to confirm.
    let keep: Vec<String> = NoticeKind::ALL
        .iter()
        .filter(|k| **k != NoticeKind::SessionToConfirm)
        .map(|k| format!("on[{}]", k.code()))
        .collect();
    let form: Vec<(&str, &str)> = keep.iter().map(|k| (k.as_str(), "on")).collect();
    assert_eq!(
        teacher.call("notice_kinds", &form).await.status(),
        StatusCode::OK
    );
    let before = count(&app, "teacher", "session_to_confirm").await;
    log_session(&app, &mentor).await;
    assert_eq!(count(&app, "teacher", "session_to_confirm").await, before);
    let bad = teacher
        .call("notice_kinds", &[("on[everything]", "on")])
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_daily_run_tells_each_kind_to_whom_it_concerns() {
    let app = without_jobs().await;
    let center = app.logged_in("center").await;
    let db = pool(&app).await;
    let school: i32 = sqlx::query_scalar(
        "SELECT t.school_id FROM teachers t JOIN users u ON u.teacher_id = t.id WHERE u.username = 'teacher'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    // A survey for the 2026 cohort closing tomorrow.
    center
        .call(
            "create_survey",
            &[("title", "需求调研"), ("template", "on")],
        )
        .await;
    let survey = app.scalar("SELECT max(id) FROM surveys").await;
    let t = today();
    let res = center
        .call(
            "publish_survey",
            &[
                ("id", &survey.to_string()),
                ("opens_on", &t.to_string()),
                ("closes_on", &(t + chrono::Duration::days(1)).to_string()),
                ("targets[cohort_2026]", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Two items of the teacher's school: due in three days, and overdue.
    for (title, due) in [("听课制度", 3), ("教研组建设", -2)] {
        let res = center
            .call(
                "create_item",
                &[
                    ("form[kind]", "task"),
                    ("form[title]", title),
                    (
                        "form[due_on]",
                        &(t + chrono::Duration::days(due)).to_string(),
                    ),
                    ("form[owner_school]", &school.to_string()),
                ],
            )
            .await;
        assert!(res.status().is_success() || res.status().is_redirection());
    }
    notices::refresh(&db, t, NoticeKind::ALL).await.unwrap();
    assert_eq!(count(&app, "teacher", "survey_open").await, 1);
    assert_eq!(count(&app, "teacher", "survey_closing").await, 1);
    assert_eq!(
        count(&app, "mentor", "survey_open").await,
        0,
        "not in the targets"
    );
    assert_eq!(count(&app, "coordinator", "item_due").await, 1);
    assert_eq!(count(&app, "coordinator", "item_overdue").await, 1);
    assert_eq!(
        count(&app, "teacher", "item_due").await,
        0,
        "the school's coordinator owns it"
    );
    // Each reminder links to where its person acts.
    let link: String = sqlx::query_scalar(
        "SELECT n.link FROM notifications n JOIN users u ON u.id = n.user_id
         WHERE u.username = 'teacher' AND n.kind = 'survey_open'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(link, format!("/surveys/{survey}"));
    // Pending claims and achievements reach their reviewers as one daily count.
    let pending: i64 = app
        .scalar(&format!(
            "SELECT count(*) FROM hour_claims c JOIN teachers t ON t.id = c.teacher_id
             WHERE c.status = 'submitted' AND t.school_id = {school}"
        ))
        .await;
    assert_eq!(
        count(&app, "coordinator", "claims_to_review").await,
        (pending > 0) as i64
    );
    // Once answered, a survey is not told again (a new day's run adds no survey reminder).
    let before = app
        .scalar("SELECT count(*) FROM notifications WHERE kind LIKE 'survey%'")
        .await;
    notices::refresh(&db, t, &[NoticeKind::SurveyOpen, NoticeKind::SurveyClosing])
        .await
        .unwrap();
    assert_eq!(
        app.scalar("SELECT count(*) FROM notifications WHERE kind LIKE 'survey%'")
            .await,
        before
    );
}
