//! Training hours over HTTP: claims with evidence through the approval chain, refusals,
//! evidence access, events with bulk award, rule versions and corrections.
use serde_json::Value;
use tests::{Client, StatusCode, TestApp, PDF};

type Fields = Vec<(&'static str, String)>;
type Files<'a> = Vec<(&'a str, Vec<u8>)>;

fn claim_fields(hours: &str, ends_on: &str) -> Fields {
    vec![
        ("title", "苏州市骨干教师高级研修班".into()),
        ("organizer", "苏州市教育科学研究院".into()),
        ("level", "city".into()),
        ("category", "subject".into()),
        ("starts_on", "2026-10-10".into()),
        ("ends_on", ends_on.into()),
        ("hours", hours.into()),
        ("note", String::new()),
    ]
}

/// Posts the claim form as a script would (no `Accept: text/html`): status and JSON come back.
async fn file_claim(client: &Client, fields: Fields, files: Files<'_>) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k, v);
    }
    for (name, bytes) in files {
        form = form.part(
            "evidence",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
    }
    client.post_multipart("/hours/claims", form).await
}

async fn filed(client: &Client) -> i64 {
    let res = file_claim(
        client,
        claim_fields("12", "2026-10-11"),
        vec![("证书.pdf", PDF.to_vec())],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn status_of(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM hour_claims WHERE id = $1")
        .bind(id)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap()
}

async fn review(client: &Client, id: i64, decision: &str, reason: &str) -> reqwest::Response {
    client
        .call(
            "review_claim",
            &[
                ("id", &id.to_string()),
                ("decision", decision),
                ("reason", reason),
            ],
        )
        .await
}

/// The username of another school's coordinator.
async fn other_coordinator(app: &TestApp) -> String {
    sqlx::query_scalar(
        "SELECT u.username FROM user_roles r JOIN users u ON u.id = r.user_id
         WHERE r.role = 'school_coordinator'
           AND r.school_id <> (SELECT t.school_id FROM teachers t JOIN users v ON v.teacher_id = t.id WHERE v.username = 'teacher')
         ORDER BY u.id LIMIT 1",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_claim_is_approved_by_the_school_then_the_center_and_credits_its_hours_once() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let coordinator = app.logged_in("coordinator").await;
    let center = app.logged_in("center").await;
    let id = filed(&teacher).await;
    assert_eq!(status_of(&app, id).await, "submitted");

    // The center cannot skip the school's step.
    assert_eq!(
        review(&center, id, "approve", "").await.status(),
        StatusCode::FORBIDDEN
    );
    // Another school's coordinator is told no more than that there is no such claim.
    let other = app.logged_in(&other_coordinator(&app).await).await;
    assert_eq!(
        review(&other, id, "approve", "").await.status(),
        StatusCode::NOT_FOUND
    );

    assert_eq!(
        review(&coordinator, id, "approve", "").await.status(),
        StatusCode::OK
    );
    assert_eq!(status_of(&app, id).await, "school_approved");
    // Decided steps are locked; the school cannot give the center's approval.
    assert_eq!(
        review(&coordinator, id, "approve", "").await.status(),
        StatusCode::FORBIDDEN
    );
    let withdraw = teacher
        .call("withdraw_claim", &[("id", &id.to_string())])
        .await;
    assert_eq!(
        withdraw.status(),
        StatusCode::OK,
        "still pending: may withdraw"
    );
    assert_eq!(status_of(&app, id).await, "withdrawn");
    assert_eq!(
        review(&center, id, "approve", "").await.status(),
        StatusCode::CONFLICT
    );

    let id = filed(&teacher).await;
    assert_eq!(
        review(&coordinator, id, "approve", "").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        review(&center, id, "approve", "").await.status(),
        StatusCode::OK
    );
    assert_eq!(status_of(&app, id).await, "approved");
    let credited = app
        .scalar(&format!(
            "SELECT (sum(hours) * 10)::int8 FROM hour_records WHERE claim_id = {id}"
        ))
        .await;
    assert_eq!(credited, 120);
    assert_eq!(
        review(&center, id, "approve", "").await.status(),
        StatusCode::CONFLICT
    );
    let late = teacher
        .call("withdraw_claim", &[("id", &id.to_string())])
        .await;
    assert_eq!(
        late.status(),
        StatusCode::CONFLICT,
        "an approved claim cannot be withdrawn"
    );
    let audited = app
        .scalar(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'hour_claim' AND entity_id = '{id}'"
        ))
        .await;
    assert_eq!(audited, 3, "filed, school approval, center approval");
}

#[tokio::test]
async fn a_refusal_needs_a_reason_and_nobody_reviews_their_own_claim() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let coordinator = app.logged_in("coordinator").await;
    let id = filed(&teacher).await;
    let res = review(&coordinator, id, "reject", "  ").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(status_of(&app, id).await, "submitted");
    let res = review(&coordinator, id, "reject", "证书日期与活动不符").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(status_of(&app, id).await, "rejected");

    // The coordinator is a teacher too: their own claim waits for a colleague.
    let own = filed(&coordinator).await;
    let res = review(&coordinator, own, "approve", "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["Invalid"][0]["problem"], "OwnClaim");
    assert_eq!(status_of(&app, own).await, "submitted");
}

#[tokio::test]
async fn bad_claims_are_refused_with_the_reason_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let before = app.scalar("SELECT count(*) FROM hour_claims").await;
    let cases: Vec<(Fields, Files, &str, &str)> = vec![
        (
            claim_fields("25", "2026-10-10"),
            vec![("a.pdf", PDF.to_vec())],
            "hours",
            "OutOfRange",
        ),
        (
            claim_fields("0", "2026-10-11"),
            vec![("a.pdf", PDF.to_vec())],
            "hours",
            "OutOfRange",
        ),
        (
            claim_fields("6", "2099-01-01"),
            vec![("a.pdf", PDF.to_vec())],
            "ends_on",
            "FutureDate",
        ),
        (
            claim_fields("6", "2026-10-01"),
            vec![("a.pdf", PDF.to_vec())],
            "ends_on",
            "DateOrder",
        ),
        (
            claim_fields("6", "2026-10-11"),
            vec![],
            "evidence",
            "Required",
        ),
        (
            claim_fields("6", "2026-10-11"),
            vec![(
                "证书.pdf",
                b"MZ\x90\x00\x03\x00\x00\x00 this is a program".to_vec(),
            )],
            "evidence",
            "FileType",
        ),
        (
            claim_fields("6", "2026-10-11"),
            vec![("scan.pdf", {
                let mut big = PDF.to_vec();
                big.resize(11 * 1024 * 1024, b' ');
                big
            })],
            "evidence",
            "FileTooLarge",
        ),
    ];
    for (fields, files, field, problem) in cases {
        let res = file_claim(&teacher, fields, files).await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field} {problem}"
        );
        let text = res.text().await.unwrap();
        assert!(!text.is_empty(), "a message comes back");
    }
    let mut fields = claim_fields("6", "2026-10-11");
    fields[2].1 = "county".into();
    let res = file_claim(&teacher, fields, vec![("a.pdf", PDF.to_vec())]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.scalar("SELECT count(*) FROM hour_claims").await, before);
    assert_eq!(
        app.scalar("SELECT count(*) FROM claim_evidence e JOIN hour_claims c ON c.id = e.claim_id WHERE c.created_at > now() - interval '1 hour' AND c.title = '苏州市骨干教师高级研修班'").await,
        0
    );
}

#[tokio::test]
async fn a_browser_form_with_a_problem_comes_back_with_it_and_what_was_typed() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in claim_fields("30", "2026-10-10") {
        form = form.text(k, v);
    }
    let res = teacher
        .http
        .post(format!("{}/hours/claims", app.address))
        .header("accept", "text/html")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("/hours/claim?error=invalid"),
        "{location}"
    );
    assert!(location.contains("hours.range.0.24"), "{location}");
    assert!(location.contains("evidence.required"), "{location}");
    let page = teacher.get(&location).await.text().await.unwrap();
    assert!(
        page.contains("data-testid=\"error-hours\""),
        "the hours problem is shown"
    );
    assert!(
        page.contains("苏州市骨干教师高级研修班"),
        "the typed title is kept"
    );
}

#[tokio::test]
async fn evidence_opens_for_its_teacher_and_their_reviewers_only() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let id = filed(&teacher).await;
    let file: i64 = app
        .scalar(&format!(
            "SELECT id FROM claim_evidence WHERE claim_id = {id}"
        ))
        .await;
    let sha: String = sqlx::query_scalar("SELECT sha256 FROM claim_evidence WHERE id = $1")
        .bind(file)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    assert_eq!(sha.len(), 64);
    let path = format!("/hours/evidence/{file}");
    let own = teacher.get(&path).await;
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(own.headers()["content-type"], "application/pdf");
    assert_eq!(own.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(
        app.logged_in("coordinator").await.get(&path).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.logged_in("center").await.get(&path).await.status(),
        StatusCode::OK
    );
    // Another teacher (the mentor is one) and another school's coordinator may not.
    assert_eq!(
        app.logged_in("mentor").await.get(&path).await.status(),
        StatusCode::FORBIDDEN
    );
    let other = app.logged_in(&other_coordinator(&app).await).await;
    assert_eq!(other.get(&path).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.client().get(&path).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Nor may anyone but the teacher withdraw the claim: to them it does not exist.
    let res = app
        .logged_in("mentor")
        .await
        .call("withdraw_claim", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn create_event(client: &Client, hours: &str, ends_on: &str) -> reqwest::Response {
    client
        .call(
            "create_event",
            &[
                ("form[title]", "新课标背景下的数学教学设计"),
                ("form[organizer]", "园区教师发展中心"),
                ("form[level]", "district"),
                ("form[category]", "subject"),
                ("form[starts_on]", "2026-11-02"),
                ("form[ends_on]", ends_on),
                ("form[hours]", hours),
            ],
        )
        .await
}

async fn stage(client: &Client, event: i64, list: &str) -> i64 {
    let res = client
        .call(
            "stage_award",
            &[("event_id", &event.to_string()), ("staff_nos", list)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<i64>().await.unwrap()
}

#[tokio::test]
async fn an_award_previews_each_row_writes_on_confirm_and_never_twice() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let res = create_event(&center, "6", "").await;
    assert_eq!(res.status(), StatusCode::OK);
    let event = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let staff: Vec<String> = sqlx::query_scalar(
        "SELECT staff_no FROM teachers WHERE hire_date < '2026-11-01' ORDER BY id LIMIT 3",
    )
    .fetch_all(&mut app.db().await)
    .await
    .unwrap();
    let list = format!(
        "工号\t姓名\n{}\n{}\n{}\nX9999999\n{}\n",
        staff[0],
        staff[1],
        staff[2],
        staff[0].to_lowercase()
    );
    let id = stage(&center, event, &list).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM hour_records WHERE event_id = {event}"
        ))
        .await,
        0,
        "the preview writes no hours"
    );
    let preview: Value = center
        .call("award_preview", &[("id", &id.to_string())])
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
    assert_eq!(
        statuses,
        vec![
            "\"Ready\"",
            "\"Ready\"",
            "\"Ready\"",
            "\"UnknownStaffNo\"",
            "{\"Duplicate\":{\"first_line\":2}}"
        ]
    );
    let outcome: Value = center
        .call("apply_award", &[("id", &id.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outcome["awarded"], 3);
    assert_eq!(outcome["skipped"], 2);
    // The same list again, and the same preview confirmed twice, award nothing more.
    let again = stage(&center, event, &list).await;
    let preview: Value = center
        .call("award_preview", &[("id", &again.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(preview["rows"][0]["status"], "AlreadyAwarded");
    let outcome: Value = center
        .call("apply_award", &[("id", &again.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outcome["awarded"], 0);
    // The first preview confirmed a second time (a double click) is refused.
    let twice = center.call("apply_award", &[("id", &id.to_string())]).await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM hour_records WHERE event_id = {event}"
        ))
        .await,
        3
    );

    // A sign-in sheet goes through the same preview.
    let csv = format!("序号,姓名,工号\n1,某某,{}\n", staff[0]);
    let part = reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("签到表.csv");
    let res = center
        .http
        .post(format!("{}/events/{event}/award", app.address))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let sheet: i64 = res.headers()["location"]
        .to_str()
        .unwrap()
        .strip_prefix("/events/award/")
        .unwrap()
        .parse()
        .unwrap();
    let preview: Value = center
        .call("award_preview", &[("id", &sheet.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(preview["rows"][0]["status"], "AlreadyAwarded");
    assert_eq!(preview["rows"][0]["sheet_name"], "某某");
}

#[tokio::test]
async fn events_rules_and_corrections_are_for_center_staff_only() {
    let app = TestApp::spawn().await;
    for user in ["teacher", "coordinator"] {
        let client = app.logged_in(user).await;
        assert_eq!(
            create_event(&client, "6", "").await.status(),
            StatusCode::FORBIDDEN,
            "{user}"
        );
        let res = client
            .call("stage_award", &[("event_id", "1"), ("staff_nos", "T1")])
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
        let res = client
            .call(
                "update_rule",
                &[
                    ("code", "cycle_total"),
                    ("min_hours", "400"),
                    ("max_hours", ""),
                    ("unit_hours", ""),
                    ("min_level", ""),
                    ("period_years", "5"),
                    ("valid_from", "2027-01-01"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
        let res = client
            .call(
                "correct_record",
                &[
                    ("id", "1"),
                    ("hours", "1"),
                    ("level", "school"),
                    ("category", "general"),
                    ("reason", "x"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
    }
    assert_eq!(
        app.client()
            .call("events", &[("q", ""), ("year", "")])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_event_takes_at_most_24_hours_a_day() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let before = app.scalar("SELECT count(*) FROM training_events").await;
    let res = create_event(&center, "25", "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["Invalid"][0]["field"], "hours");
    assert_eq!(
        create_event(&center, "30", "2026-10-01").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.scalar("SELECT count(*) FROM training_events").await,
        before
    );
    assert_eq!(
        create_event(&center, "30", "2026-11-03").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_rule_change_is_a_new_version_and_the_old_one_is_kept() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let change = |from: &'static str, min: &'static str| {
        let center = &center;
        async move {
            center
                .call(
                    "update_rule",
                    &[
                        ("code", "cycle_total"),
                        ("min_hours", min),
                        ("max_hours", ""),
                        ("unit_hours", ""),
                        ("min_level", ""),
                        ("period_years", "5"),
                        ("valid_from", from),
                    ],
                )
                .await
        }
    };
    assert_eq!(
        change("2020-01-01", "400").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        change("2027-01-01", "-4").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(change("2027-01-01", "400").await.status(), StatusCode::OK);
    let versions: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT valid_from::text, valid_to::text, (min_hours * 10)::int8 FROM requirement_rules
         WHERE code = 'cycle_total' ORDER BY valid_from",
    )
    .fetch_all(&mut app.db().await)
    .await
    .unwrap();
    assert_eq!(
        versions,
        vec![
            ("2021-01-01".into(), Some("2026-12-31".into()), 3600),
            ("2027-01-01".into(), None, 4000)
        ]
    );
    // Today (before 2027) the teacher is still measured against 360.
    let hours: Value = app
        .logged_in("teacher")
        .await
        .call("hours", &[])
        .await
        .json()
        .await
        .unwrap();
    let total = hours["progress"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "cycle_total")
        .unwrap()
        .clone();
    assert_eq!(total["standing"]["required_tenths"], 3600);
}

#[tokio::test]
async fn credited_hours_change_only_through_a_recorded_correction() {
    let app = TestApp::spawn().await;
    let record = app
        .scalar("SELECT r.id FROM hour_records r JOIN users u ON u.teacher_id = r.teacher_id WHERE u.username = 'teacher' ORDER BY r.id LIMIT 1")
        .await;
    let direct = sqlx::query("UPDATE hour_records SET hours = 99 WHERE id = $1")
        .bind(record)
        .execute(&mut app.db().await)
        .await;
    assert!(direct.is_err(), "the database refuses a plain update");
    let center = app.logged_in("center").await;
    let res = center
        .call(
            "correct_record",
            &[
                ("id", &record.to_string()),
                ("hours", "3.5"),
                ("level", "school"),
                ("category", "general"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let res = center
        .call(
            "correct_record",
            &[
                ("id", &record.to_string()),
                ("hours", "3.5"),
                ("level", "school"),
                ("category", "general"),
                ("reason", "签到表核对后更正"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.scalar(&format!(
            "SELECT (hours * 10)::int8 FROM hour_records WHERE id = {record}"
        ))
        .await,
        35
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM hour_corrections WHERE record_id = {record}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn a_ledger_and_its_transcript_are_seen_only_by_those_who_may_see_the_teacher() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let own: Value = teacher.call("hours", &[]).await.json().await.unwrap();
    assert!(!own["records"].as_array().unwrap().is_empty());
    let other = app.scalar("SELECT t.id FROM teachers t WHERE t.school_id <> (SELECT school_id FROM teachers WHERE id = (SELECT teacher_id FROM users WHERE username = 'teacher')) LIMIT 1").await;
    let res = teacher
        .call("hours", &[("teacher_id", &other.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = teacher
        .get(&format!("/hours/transcript.xlsx?teacher={other}"))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let me = app.teacher_id_of("teacher").await;
    let coordinator = app.logged_in("coordinator").await;
    let res = coordinator
        .get(&format!("/hours/transcript.xlsx?teacher={me}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap().to_vec();
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let name = own["teacher_name"].as_str().unwrap();
    assert!(sheet
        .rows()
        .any(|r| r.iter().any(|c| c.to_string().contains(name))));
    let records = own["records"].as_array().unwrap().len();
    assert!(sheet.height() > records, "every record has a row");
}

#[tokio::test]
async fn whoever_approved_for_the_school_does_not_also_approve_for_the_center() {
    let app = TestApp::spawn().await;
    // The center account also coordinates the demo teacher's school.
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, school_id)
         SELECT u.id, 'school_coordinator', t.school_id FROM users u, teachers t
         WHERE u.username = 'center' AND t.id = (SELECT teacher_id FROM users WHERE username = 'teacher')",
    )
    .execute(&mut app.db().await)
    .await
    .unwrap();
    let teacher = app.logged_in("teacher").await;
    let center = app.logged_in("center").await;
    let id = filed(&teacher).await;
    assert_eq!(
        review(&center, id, "approve", "").await.status(),
        StatusCode::OK
    );
    let res = review(&center, id, "approve", "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["Invalid"][0]["problem"], "SecondApproval");
    assert_eq!(status_of(&app, id).await, "school_approved");
}
