//! Pairing management over HTTP: capacity, overlaps, scope, bulk import, files and quotas.
use serde_json::Value;
use tests::{Client, StatusCode, TestApp};

async fn staff_no(app: &TestApp, sql: &str) -> String {
    sqlx::query_scalar(sql)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap()
}

/// A 2026 newcomer without a mentor, and an experienced teacher at the same school with no mentees.
async fn free_pair(app: &TestApp) -> (String, String) {
    let mentee = staff_no(
        app,
        "SELECT staff_no FROM teachers t WHERE cohort_year = 2026
         AND NOT EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentee_id = t.id AND p.ended_on IS NULL) LIMIT 1",
    )
    .await;
    let mentor = staff_no(
        app,
        &format!(
            "SELECT staff_no FROM teachers t WHERE cohort_year IS NULL AND active
             AND school_id = (SELECT school_id FROM teachers WHERE staff_no = '{mentee}')
             AND NOT EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentor_id = t.id AND p.ended_on IS NULL)
             ORDER BY id LIMIT 1"
        ),
    )
    .await;
    (mentor, mentee)
}

async fn create(
    client: &Client,
    mentor: &str,
    mentee: &str,
    override_capacity: bool,
) -> reqwest::Response {
    let mut form = vec![
        ("form[mentor_staff_no]", mentor),
        ("form[mentee_staff_no]", mentee),
        ("form[programme]", "mentoring"),
        ("form[started_on]", "2026-09-10"),
        ("form[ended_on]", ""),
    ];
    if override_capacity {
        form.push(("form[override_capacity]", "on"));
    }
    client.call("create_pairing", &form).await
}

fn problem(body: &Value) -> (String, String) {
    let e = &body["Invalid"][0];
    (
        e["field"].as_str().unwrap().to_string(),
        e["problem"].to_string(),
    )
}

#[tokio::test]
async fn center_staff_pair_a_new_teacher_and_a_second_mentor_in_the_same_programme_is_refused() {
    let app = TestApp::spawn().await;
    let (mentor, mentee) = free_pair(&app).await;
    let center = app.logged_in("center").await;
    let res = create(&center, &mentor, &mentee, false).await;
    assert_eq!(res.status(), StatusCode::OK);
    let row: Value = res.json().await.unwrap();
    assert_eq!(row["mentee_staff_no"], mentee.as_str());
    assert_eq!(row["over_capacity"], false);

    let other = staff_no(&app, &format!("SELECT staff_no FROM teachers WHERE cohort_year IS NULL AND active AND staff_no <> '{mentor}' ORDER BY id DESC LIMIT 1")).await;
    let res = create(&center, &other, &mentee, true).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem(&res.json().await.unwrap()),
        ("mentee_staff_no".into(), "\"AlreadyPaired\"".into())
    );
}

#[tokio::test]
async fn going_over_capacity_needs_the_override_and_is_flagged() {
    let app = TestApp::spawn().await;
    let (mentor, mentee) = free_pair(&app).await;
    sqlx::query("UPDATE teachers SET mentor_capacity = 0 WHERE staff_no = $1")
        .bind(&mentor)
        .execute(&mut app.db().await)
        .await
        .unwrap();
    let center = app.logged_in("center").await;
    let res = create(&center, &mentor, &mentee, false).await;
    assert_eq!(
        problem(&res.json().await.unwrap()),
        ("mentor_staff_no".into(), "\"OverCapacity\"".into())
    );
    let res = create(&center, &mentor, &mentee, true).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["over_capacity"], true);
}

#[tokio::test]
async fn unknown_staff_numbers_and_self_pairing_are_field_errors() {
    let app = TestApp::spawn().await;
    let (mentor, _) = free_pair(&app).await;
    let center = app.logged_in("center").await;
    let res = create(&center, &mentor, "T99999999", false).await;
    assert_eq!(
        problem(&res.json().await.unwrap()),
        ("mentee_staff_no".into(), "\"UnknownStaffNo\"".into())
    );
    let res = create(&center, &mentor, &mentor, false).await;
    assert_eq!(
        problem(&res.json().await.unwrap()),
        ("mentee_staff_no".into(), "\"SamePerson\"".into())
    );
}

#[tokio::test]
async fn a_coordinator_pairs_only_mentees_of_their_school() {
    let app = TestApp::spawn().await;
    let outsider = staff_no(
        &app,
        "SELECT t.staff_no FROM teachers t
         WHERE t.active AND t.school_id NOT IN (SELECT r.school_id FROM user_roles r JOIN users u ON u.id = r.user_id
                                   WHERE u.username = 'coordinator' AND r.school_id IS NOT NULL)
         ORDER BY t.id DESC LIMIT 1",
    )
    .await;
    let mentor = staff_no(
        &app,
        "SELECT staff_no FROM teachers WHERE cohort_year IS NULL AND active ORDER BY id LIMIT 1",
    )
    .await;
    let coordinator = app.logged_in("coordinator").await;
    let res = create(&coordinator, &mentor, &outsider, true).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let teacher = app.logged_in("teacher").await;
    assert_eq!(
        create(&teacher, &mentor, &outsider, true).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn reassigning_ends_the_old_pairing_and_keeps_it_in_history() {
    let app = TestApp::spawn().await;
    let pairing: i64 = sqlx::query_scalar(
        "SELECT p.id FROM mentor_pairings p JOIN users u ON u.teacher_id = p.mentee_id WHERE u.username = 'teacher' AND p.ended_on IS NULL",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    let (new_mentor, _) = free_pair(&app).await;
    let center = app.logged_in("center").await;
    let res = center
        .call(
            "reassign_pairing",
            &[
                ("id", &pairing.to_string()),
                ("mentor_staff_no", &new_mentor),
                ("on_date", "2026-11-02"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let row: Value = res.json().await.unwrap();
    assert_eq!(row["mentor_staff_no"], new_mentor.as_str());
    let ended: Option<chrono::NaiveDate> =
        sqlx::query_scalar("SELECT ended_on FROM mentor_pairings WHERE id = $1")
            .bind(pairing)
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();
    assert_eq!(ended.map(|d| d.to_string()).as_deref(), Some("2026-11-02"));
}

async fn upload(client: &Client, app: &TestApp, name: &str, body: String) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(body.into_bytes()).file_name(name.to_string());
    client
        .http
        .post(format!("{}/pairings/import", app.address))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

fn import_id(res: &reqwest::Response) -> i64 {
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap();
    location
        .strip_prefix("/pairings/import/")
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_bulk_import_previews_every_row_writes_only_on_confirm_and_is_idempotent() {
    let app = TestApp::spawn().await;
    let (mentor, mentee) = free_pair(&app).await;
    let csv = format!(
        "导师工号,徒弟工号,项目,开始日期\n{mentor},{mentee},mentoring,2026/9/10\nT99999999,{mentee},mentoring,2026-09-10\n{mentor},{mentor},mentoring,2026-09-10\n{mentor},{mentee},mentoring,not-a-date\n"
    );
    let center = app.logged_in("center").await;
    let pairings_before: i64 = sqlx::query_scalar("SELECT count(*) FROM mentor_pairings")
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();

    let id = import_id(&upload(&center, &app, "pairs.csv", csv.clone()).await);
    let preview: Value = center
        .call("import_preview", &[("id", &id.to_string())])
        .await
        .json()
        .await
        .unwrap();
    let statuses: Vec<String> = preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].to_string())
        .collect();
    assert_eq!(statuses.len(), 4);
    assert_eq!(statuses[0], "\"Ready\"");
    assert!(statuses[1].contains("UnknownStaffNo"), "{}", statuses[1]);
    assert!(statuses[2].contains("SamePerson"), "{}", statuses[2]);
    assert!(statuses[3].contains("started_on"), "{}", statuses[3]);
    let after_preview: i64 = sqlx::query_scalar("SELECT count(*) FROM mentor_pairings")
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    assert_eq!(
        after_preview, pairings_before,
        "a preview writes no pairing"
    );

    let outcome: Value = center
        .call("apply_import", &[("id", &id.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outcome["created"], 1);
    assert_eq!(outcome["failed"], 3);

    // The same file again: the pair exists, nothing is duplicated.
    let again = import_id(&upload(&center, &app, "pairs.csv", csv).await);
    let outcome: Value = center
        .call("apply_import", &[("id", &again.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outcome["created"], 0);
    assert_eq!(outcome["skipped"], 1);
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM mentor_pairings")
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    assert_eq!(after, pairings_before + 1);

    // Another user cannot see or apply this import.
    let coordinator = app.logged_in("coordinator").await;
    assert_eq!(
        coordinator
            .call("import_preview", &[("id", &id.to_string())])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_unreadable_file_goes_back_with_the_reason() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let res = upload(
        &center,
        &app,
        "pairs.xlsx",
        "this is not a spreadsheet".into(),
    )
    .await;
    // A script is told which field and why; a browser goes back to the page with the reason.
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("file: 无法读取该文件"), "{body}");
    let part = reqwest::multipart::Part::bytes(b"not a spreadsheet".to_vec()).file_name("p.xlsx");
    let res = center
        .http
        .post(format!("{}/pairings/import", app.address))
        .header("accept", "text/html")
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        location,
        "/pairings?error=invalid&fields=file.file_unreadable"
    );
    let page = center.get(&location).await.text().await.unwrap();
    assert!(page.contains("无法读取该文件"), "{page}");
    let teacher = app.logged_in("teacher").await;
    assert_eq!(
        upload(&teacher, &app, "pairs.csv", "a,b".into())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_template_and_the_behind_export_are_real_xlsx_files_for_managers_only() {
    let app = TestApp::spawn().await;
    let coordinator = app.logged_in("coordinator").await;
    for path in ["/pairings/template.xlsx", "/pairings/behind.xlsx"] {
        let res = coordinator.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml"));
        let bytes = res.bytes().await.unwrap();
        assert_eq!(&bytes[..2], b"PK", "{path} is a zip container");
    }
    let teacher = app.logged_in("teacher").await;
    assert_eq!(
        teacher.get("/pairings/behind.xlsx").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.client().get("/pairings/template.xlsx").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn only_center_staff_change_quotas_and_terms() {
    let app = TestApp::spawn().await;
    let programme: i32 = sqlx::query_scalar("SELECT id FROM programmes WHERE code = 'mentoring'")
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    let form = [
        ("programme_id", programme.to_string()),
        ("kind", "lesson_plan".to_string()),
        ("min_count", "5".to_string()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let coordinator = app.logged_in("coordinator").await;
    assert_eq!(
        coordinator.call("set_quota", &form).await.status(),
        StatusCode::FORBIDDEN
    );
    let center = app.logged_in("center").await;
    assert_eq!(
        center.call("set_quota", &form).await.status(),
        StatusCode::OK
    );
    let min: i32 = sqlx::query_scalar(
        "SELECT min_count FROM term_quotas WHERE programme_id = $1 AND kind = 'lesson_plan'",
    )
    .bind(programme)
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    assert_eq!(min, 5);
    let res = center
        .call(
            "set_quota",
            &[
                ("programme_id", &programme.to_string()),
                ("kind", "lesson_plan"),
                ("min_count", "101"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = center
        .call(
            "add_term",
            &[
                ("name", "测试学期"),
                ("starts_on", "2027-02-20"),
                ("ends_on", "2027-02-01"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn suggestions_offer_mentors_of_the_same_subject_and_stage_with_room() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let v: Value = center
        .call("pairing_suggestions", &[])
        .await
        .json()
        .await
        .unwrap();
    let items = v["items"].as_array().unwrap();
    assert!(
        !items.is_empty(),
        "the demo leaves some new teachers unpaired"
    );
    let mut db = app.db().await;
    for item in items.iter().take(10) {
        for c in item["candidates"].as_array().unwrap() {
            let (subject, stage): (String, String) =
                sqlx::query_as("SELECT subject, stage FROM teachers WHERE id = $1")
                    .bind(c["teacher_id"].as_i64().unwrap())
                    .fetch_one(&mut db)
                    .await
                    .unwrap();
            assert_eq!(subject, item["subject"].as_str().unwrap());
            assert_eq!(stage, item["stage"].as_str().unwrap());
            assert!(c["load"].as_i64().unwrap() < c["capacity"].as_i64().unwrap());
        }
    }
}
