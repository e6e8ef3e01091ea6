//! Who logs in with what: every teacher's account with the teacher's staff number in any case;
//! the named demo logins are aliases of staff-number accounts.
use serde_json::Value;
use tests::{StatusCode, TestApp, DEMO_PASSWORD};

async fn logged_in_user(app: &TestApp, username: &str) -> Value {
    let res = app.client().login(username, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK, "{username} logs in");
    res.json().await.unwrap()
}

#[tokio::test]
async fn every_named_demo_teacher_login_also_logs_in_with_its_staff_number_in_any_case() {
    let app = TestApp::spawn().await;
    for alias in ["teacher", "mentor", "coordinator"] {
        let staff_no: String = sqlx::query_scalar(
            "SELECT t.staff_no FROM users u JOIN teachers t ON t.id = u.teacher_id WHERE u.username = $1",
        )
        .bind(alias)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
        let by_alias = logged_in_user(&app, alias).await;
        for typed in [staff_no.to_uppercase(), staff_no.to_lowercase()] {
            let by_staff_no = logged_in_user(&app, &typed).await;
            assert_eq!(by_staff_no["id"], by_alias["id"], "{typed} is {alias}");
        }
    }
}

#[tokio::test]
async fn any_demo_teacher_logs_in_with_the_staff_number_as_printed() {
    let app = TestApp::spawn().await;
    let (staff_no, teacher_id): (String, i64) = sqlx::query_as(
        "SELECT t.staff_no, t.id FROM teachers t JOIN users u ON u.teacher_id = t.id
         WHERE t.active AND u.username NOT IN ('teacher', 'mentor', 'coordinator')
         ORDER BY t.id DESC LIMIT 1",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    assert!(
        staff_no.chars().any(|c| c.is_ascii_uppercase()),
        "{staff_no}"
    );
    let user = logged_in_user(&app, &staff_no).await;
    assert_eq!(user["teacher_id"].as_i64(), Some(teacher_id));
}

#[tokio::test]
async fn a_staff_number_with_the_wrong_password_is_refused() {
    let app = TestApp::spawn().await;
    let staff_no: String = sqlx::query_scalar(
        "SELECT t.staff_no FROM users u JOIN teachers t ON t.id = u.teacher_id WHERE u.username = 'teacher'",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    let res = app.client().login(&staff_no, "not-the-password").await;
    assert_ne!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn guesses_at_an_alias_and_at_its_staff_number_count_against_one_account() {
    let app = TestApp::spawn().await;
    let staff_no: String = sqlx::query_scalar(
        "SELECT t.staff_no FROM users u JOIN teachers t ON t.id = u.teacher_id WHERE u.username = 'mentor'",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    let client = app.client();
    for attempt in 1..=5 {
        let name = if attempt % 2 == 0 {
            "mentor"
        } else {
            staff_no.as_str()
        };
        let res = client.login(name, "wrong").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    for name in ["mentor", staff_no.as_str()] {
        let res = client.login(name, DEMO_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{name}");
    }
}
