//! Who may read whose data, checked on the server.
use serde_json::Value;
use tests::{StatusCode, TestApp, DEMO_PASSWORD};

#[tokio::test]
async fn a_teacher_reads_their_own_summary_but_not_another_teachers() {
    let app = TestApp::spawn().await;
    let own = app.teacher_id_of("teacher").await;
    let mentor = app.teacher_id_of("mentor").await;
    let client = app.client();
    client.login("teacher", DEMO_PASSWORD).await;

    let res = client
        .call("teacher_summary", &[("teacher_id", &own.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["id"], own);

    let res = client
        .call("teacher_summary", &[("teacher_id", &mentor.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A missing id answers the same: ids cannot be probed.
    let res = client
        .call("teacher_summary", &[("teacher_id", "999999")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_mentor_reads_an_active_mentee_but_not_other_teachers() {
    let app = TestApp::spawn().await;
    let mentee = app.teacher_id_of("teacher").await;
    let coordinator = app.teacher_id_of("coordinator").await;
    let client = app.client();
    client.login("mentor", DEMO_PASSWORD).await;
    let ok = client
        .call("teacher_summary", &[("teacher_id", &mentee.to_string())])
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let no = client
        .call(
            "teacher_summary",
            &[("teacher_id", &coordinator.to_string())],
        )
        .await;
    assert_eq!(no.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_coordinator_reads_teachers_of_their_school_only() {
    let app = TestApp::spawn().await;
    let mut db = app.db().await;
    let (same, other): (i64, i64) = sqlx::query_as(
        "SELECT
           (SELECT t.id FROM teachers t JOIN user_roles r ON r.school_id = t.school_id
             JOIN users u ON u.id = r.user_id WHERE u.username = 'coordinator' LIMIT 1),
           (SELECT t.id FROM teachers t WHERE t.school_id NOT IN (
              SELECT r.school_id FROM user_roles r JOIN users u ON u.id = r.user_id
              WHERE u.username = 'coordinator' AND r.school_id IS NOT NULL) LIMIT 1)",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    let client = app.client();
    client.login("coordinator", DEMO_PASSWORD).await;
    let ok = client
        .call("teacher_summary", &[("teacher_id", &same.to_string())])
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let no = client
        .call("teacher_summary", &[("teacher_id", &other.to_string())])
        .await;
    assert_eq!(no.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn center_staff_read_any_teacher_and_get_not_found_for_missing_ones() {
    let app = TestApp::spawn().await;
    let client = app.client();
    client.login("center", DEMO_PASSWORD).await;
    assert_eq!(
        client
            .call("teacher_summary", &[("teacher_id", "1")])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        client
            .call("teacher_summary", &[("teacher_id", "999999")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_malformed_argument_is_a_client_error_not_a_server_error() {
    let app = TestApp::spawn().await;
    let client = app.client();
    client.login("center", DEMO_PASSWORD).await;
    let res = client
        .call("teacher_summary", &[("teacher_id", "abc")])
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
}
