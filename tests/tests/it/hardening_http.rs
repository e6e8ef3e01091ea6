//! Issue 11, defects 5, 7 and 8 over HTTP: a newly paired mentor mentors at once and a mentor
//! without the role or the pairing no longer comments; a confirmation can be disputed only
//! for a while; a school without a coordinator still gets its claims decided; staging an
//! import is audited; a teacher who has left is never credited; two promotions of one teacher
//! at once cannot both pass the ladder-order check.
use serde_json::Value;
use tests::{Client, StatusCode, TestApp, DEMO_PASSWORD};

fn yesterday() -> String {
    (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string()
}

async fn text(app: &TestApp, sql: &str) -> String {
    sqlx::query_scalar(sql)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap()
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&mut app.db().await).await.unwrap();
    app.sessions_notified().await;
}

fn problem(body: &Value) -> (String, String) {
    let e = &body["Invalid"][0];
    (
        e["field"].as_str().unwrap_or_default().to_string(),
        e["problem"].to_string(),
    )
}

/// A teacher with a login who has never been a mentor, and a newcomer without a mentor.
async fn first_time_mentor_and_mentee(app: &TestApp) -> (String, String) {
    let mentor = text(
        app,
        "SELECT t.staff_no FROM teachers t JOIN users u ON u.teacher_id = t.id
         WHERE t.active AND t.cohort_year IS NULL AND NOT u.disabled
           AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role <> 'teacher')
           AND NOT EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentor_id = t.id)
         ORDER BY t.id LIMIT 1",
    )
    .await;
    let mentee = text(
        app,
        "SELECT staff_no FROM teachers t WHERE cohort_year = (SELECT max(cohort_year) FROM teachers)
         AND NOT EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentee_id = t.id AND p.ended_on IS NULL)
         ORDER BY id LIMIT 1",
    )
    .await;
    (mentor, mentee)
}

async fn pair(center: &Client, mentor: &str, mentee: &str) -> i64 {
    let res = center
        .call(
            "create_pairing",
            &[
                ("form[mentor_staff_no]", mentor),
                ("form[mentee_staff_no]", mentee),
                ("form[programme]", "mentoring"),
                ("form[started_on]", &yesterday()),
                ("form[ended_on]", ""),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn log_session(client: &Client, pairing: i64) -> reqwest::Response {
    client
        .call(
            "log_session",
            &[
                ("input[pairing_id]", &pairing.to_string()),
                ("input[kind]", "talk"),
                ("input[held_on]", &yesterday()),
                ("input[minutes]", "45"),
                ("input[topic]", ""),
                ("input[notes]", ""),
            ],
        )
        .await
}

#[tokio::test]
async fn a_teacher_paired_as_a_mentor_for_the_first_time_can_mentor_at_once() {
    let app = TestApp::spawn().await;
    let (mentor, mentee) = first_time_mentor_and_mentee(&app).await;
    let center = app.logged_in("center").await;
    // Logged in before the pairing: the role is read on every request, not at login.
    let new_mentor = app.client();
    let login = new_mentor
        .login(&mentor.to_lowercase(), DEMO_PASSWORD)
        .await;
    assert_eq!(login.status(), StatusCode::OK);
    let pairing = pair(&center, &mentor, &mentee).await;
    let res = log_session(&new_mentor, pairing).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let mentee_id = app
        .scalar(&format!(
            "SELECT id FROM teachers WHERE staff_no = '{mentee}'"
        ))
        .await;
    assert_eq!(
        new_mentor
            .call("teacher_summary", &[("teacher_id", &mentee_id.to_string())])
            .await
            .status(),
        StatusCode::OK,
        "the mentee's page opens"
    );
    let mentees: Value = new_mentor
        .call("my_mentees", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mentees["mentees"][0]["teacher_id"], mentee_id, "{mentees}");
}

async fn goal_of_teacher(app: &TestApp) -> i64 {
    let teacher = app.logged_in("teacher").await;
    let res = teacher
        .call(
            "add_goal",
            &[
                ("title", "开设区级公开课"),
                ("measures", ""),
                ("target_on", "2027-06-30"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.scalar("SELECT max(id) FROM growth_goals").await
}

async fn comment(mentor: &Client, goal: i64) -> StatusCode {
    mentor
        .call(
            "goal_note",
            &[("id", &goal.to_string()), ("body", "建议先在校内试讲")],
        )
        .await
        .status()
}

#[tokio::test]
async fn a_mentor_whose_role_was_removed_can_no_longer_comment_on_goals() {
    let app = TestApp::spawn().await;
    let goal = goal_of_teacher(&app).await;
    let mentor = app.logged_in("mentor").await;
    assert_eq!(comment(&mentor, goal).await, StatusCode::OK);
    exec(
        &app,
        "DELETE FROM user_roles WHERE role = 'mentor'
         AND user_id = (SELECT id FROM users WHERE username = 'mentor')",
    )
    .await;
    assert_eq!(comment(&mentor, goal).await, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_mentor_whose_pairing_ended_can_no_longer_comment_on_goals() {
    let app = TestApp::spawn().await;
    let goal = goal_of_teacher(&app).await;
    let mentor = app.logged_in("mentor").await;
    let pairing = app
        .scalar(
            "SELECT p.id FROM mentor_pairings p JOIN users m ON m.teacher_id = p.mentor_id
             JOIN users e ON e.teacher_id = p.mentee_id
             WHERE m.username = 'mentor' AND e.username = 'teacher' AND p.ended_on IS NULL",
        )
        .await;
    let center = app.logged_in("center").await;
    let res = center
        .call(
            "end_pairing",
            &[
                ("id", &pairing.to_string()),
                ("ended_on", &chrono::Utc::now().date_naive().to_string()),
                ("reason", "调动"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    assert_eq!(comment(&mentor, goal).await, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_confirmed_session_can_be_disputed_within_the_edit_window_and_not_after() {
    let app = TestApp::spawn().await;
    let pairing = app
        .scalar(
            "SELECT p.id FROM mentor_pairings p JOIN users m ON m.teacher_id = p.mentor_id
             JOIN users e ON e.teacher_id = p.mentee_id
             WHERE m.username = 'mentor' AND e.username = 'teacher' AND p.ended_on IS NULL",
        )
        .await;
    let mentor = app.logged_in("mentor").await;
    let teacher = app.logged_in("teacher").await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let res = log_session(&mentor, pairing).await;
        ids.push(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    for id in &ids {
        let res = teacher
            .call(
                "confirm_session",
                &[("id", &id.to_string()), ("reflection", "")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let dispute = |id: i64| {
        let teacher = &teacher;
        async move {
            teacher
                .call(
                    "dispute_session",
                    &[("id", &id.to_string()), ("reason", "时长记错了")],
                )
                .await
                .status()
        }
    };
    assert_eq!(dispute(ids[0]).await, StatusCode::OK, "just confirmed");
    exec(
        &app,
        &format!(
            "UPDATE mentor_sessions SET confirmed_at = now() - interval '8 days' WHERE id = {}",
            ids[1]
        ),
    )
    .await;
    assert_eq!(dispute(ids[1]).await, StatusCode::CONFLICT, "8 days after");
    let disputed = app
        .scalar(&format!(
            "SELECT count(*) FROM mentor_sessions WHERE id = {} AND disputed_at IS NOT NULL",
            ids[1]
        ))
        .await;
    assert_eq!(disputed, 0);
}

async fn file_claim(teacher: &Client) -> i64 {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in [
        ("title", "苏州市骨干教师高级研修班".to_string()),
        ("organizer", "苏州市教育科学研究院".to_string()),
        ("level", "city".to_string()),
        ("category", "subject".to_string()),
        ("starts_on", yesterday()),
        ("ends_on", yesterday()),
        ("hours", "6".to_string()),
        ("note", String::new()),
    ] {
        form = form.text(k, v);
    }
    form = form.part(
        "evidence",
        reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("a.pdf"),
    );
    let res = teacher.post_multipart("/hours/claims", form).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn review(client: &Client, claim: i64) -> reqwest::Response {
    client
        .call(
            "review_claim",
            &[
                ("id", &claim.to_string()),
                ("decision", "approve"),
                ("reason", ""),
            ],
        )
        .await
}

#[tokio::test]
async fn center_staff_take_the_school_step_only_for_a_school_without_a_coordinator() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let center = app.logged_in("center").await;
    let claim = file_claim(&teacher).await;
    assert_eq!(
        review(&center, claim).await.status(),
        StatusCode::FORBIDDEN,
        "the school has a coordinator"
    );
    exec(
        &app,
        "DELETE FROM user_roles WHERE role = 'school_coordinator' AND school_id =
           (SELECT t.school_id FROM teachers t JOIN users u ON u.teacher_id = t.id WHERE u.username = 'teacher')",
    )
    .await;
    let res = review(&center, claim).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    assert_eq!(
        text(
            &app,
            &format!("SELECT status FROM hour_claims WHERE id = {claim}")
        )
        .await,
        "school_approved"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'approve_for_school'
             AND entity = 'hour_claim' AND entity_id = '{claim}'"
        ))
        .await,
        1,
        "recorded as taken for the school"
    );
    // The same person cannot also give the center's approval.
    let res = review(&center, claim).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem(&res.json().await.unwrap()),
        ("decision".into(), "\"SecondApproval\"".into())
    );
}

#[tokio::test]
async fn staging_an_import_or_an_award_is_audited() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let part = reqwest::multipart::Part::bytes(b"NOSUCH1,NOSUCH2,mentoring,2026-09-01\n".to_vec())
        .file_name("pairs.csv");
    let res = center
        .http
        .post(format!("{}/pairings/import", app.address))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = app.scalar("SELECT max(id) FROM pairing_imports").await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'stage_import'
             AND entity = 'pairing_import' AND entity_id = '{id}'"
        ))
        .await,
        1
    );
    let event = app.scalar("SELECT max(id) FROM training_events").await;
    let res = center
        .call(
            "stage_award",
            &[("event_id", &event.to_string()), ("staff_nos", "NOSUCH1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let award: i64 = res.json().await.unwrap();
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'stage_award' AND entity_id = '{award}'"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn a_teacher_who_has_left_is_listed_as_left_and_never_credited() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let (left_id, left_no): (i64, String) = sqlx::query_as(
        "SELECT id, staff_no FROM teachers WHERE active AND hire_date < now() - interval '1 year'
         AND id NOT IN (SELECT teacher_id FROM users WHERE username IN ('teacher', 'mentor', 'coordinator', 'center') AND teacher_id IS NOT NULL)
         ORDER BY id LIMIT 1",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    exec(
        &app,
        &format!("UPDATE teachers SET active = false WHERE id = {left_id}"),
    )
    .await;
    let res = center
        .call(
            "create_event",
            &[
                ("form[title]", "新课标背景下的数学教学设计"),
                ("form[organizer]", "园区教师发展中心"),
                ("form[level]", "district"),
                ("form[category]", "subject"),
                ("form[starts_on]", &yesterday()),
                ("form[ends_on]", &yesterday()),
                ("form[hours]", "6"),
            ],
        )
        .await;
    let event = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = center
        .call(
            "stage_award",
            &[("event_id", &event.to_string()), ("staff_nos", &left_no)],
        )
        .await;
    let award: i64 = res.json().await.unwrap();
    let preview: Value = center
        .call("award_preview", &[("id", &award.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(preview["rows"][0]["status"], "Left", "{preview}");
    let outcome: Value = center
        .call("apply_award", &[("id", &award.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outcome["awarded"], 0);
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM hour_records WHERE teacher_id = {left_id} AND event_id = {event}"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn two_promotions_of_one_teacher_at_once_cannot_both_pass_the_order_check() {
    let app = TestApp::spawn().await;
    let (low, high): (i32, i32) = sqlx::query_as(
        "SELECT (SELECT id FROM tier_levels WHERE active ORDER BY rank LIMIT 1),
                (SELECT id FROM tier_levels WHERE active ORDER BY rank LIMIT 1 OFFSET 1)",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    let teachers: Vec<String> = sqlx::query_scalar(
        "SELECT staff_no FROM teachers t WHERE active AND hire_date < '2020-01-01'
         AND NOT EXISTS (SELECT 1 FROM tier_promotions p WHERE p.teacher_id = t.id)
         ORDER BY id LIMIT 6",
    )
    .fetch_all(&mut app.db().await)
    .await
    .unwrap();
    assert!(!teachers.is_empty());
    let a = app.logged_in("center").await;
    let b = app.logged_in("center").await;
    for staff_no in &teachers {
        // Each alone is in order; together the lower tier would come after the higher one.
        let promote = |client: &Client, level: i32, on: &'static str| {
            let form = vec![
                ("staff_no".to_string(), staff_no.clone()),
                ("level_id".to_string(), level.to_string()),
                ("promoted_on".to_string(), on.to_string()),
                ("note".to_string(), String::new()),
            ];
            let http = client.http.clone();
            let url = format!("{}/api/record_promotion", client.address);
            async move { http.post(url).form(&form).send().await.unwrap().status() }
        };
        let (x, y) = tokio::join!(
            promote(&a, high, "2023-09-01"),
            promote(&b, low, "2024-09-01")
        );
        let ok = [x, y].iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(ok, 1, "{staff_no}: {x} and {y}");
    }
}
