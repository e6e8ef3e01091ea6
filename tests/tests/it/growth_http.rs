//! The growth path over HTTP: who sees and changes what, achievements and verification,
//! promotions in order, the promotion import, the candidate pipeline and 双培养.
use serde_json::Value;
use tests::{Client, StatusCode, TestApp};

async fn text(app: &TestApp, sql: &str) -> String {
    sqlx::query_scalar(sql)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap()
}

async fn record_lesson(client: &Client, level: &str, on: &str) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("kind", "public_lesson")
        .text("title", "《圆的认识》区级公开课")
        .text("level", level.to_string())
        .text("award_rank", "")
        .text("achieved_on", on.to_string())
        .text("detail", "");
    client.post_multipart("/growth/achievements", form).await
}

fn count_have(view: &Value, kind: &str) -> Vec<i64> {
    view["next"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.get("Count"))
        .filter(|c| c["rule"]["kind"] == kind)
        .map(|c| c["have"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_recorded_lesson_counts_toward_the_next_tier_and_waits_for_verification() {
    let app = TestApp::spawn().await;
    let mentor = app.logged_in("mentor").await;
    let before: Value = mentor.call("growth", &[]).await.json().await.unwrap();
    let res = record_lesson(&mentor, "district", "2026-11-02").await;
    assert_eq!(res.status(), StatusCode::OK);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let after: Value = mentor.call("growth", &[]).await.json().await.unwrap();
    let (b, a) = (
        count_have(&before, "public_lesson"),
        count_have(&after, "public_lesson"),
    );
    assert!(!b.is_empty(), "the next tier asks for public lessons");
    assert!(
        a.iter().zip(&b).all(|(a, b)| a == &(b + 1)),
        "{b:?} -> {a:?}"
    );
    let status = text(
        &app,
        &format!("SELECT status FROM achievements WHERE id = {id}"),
    )
    .await;
    assert_eq!(status, "pending");

    // Nobody verifies their own; the coordinator of the school does; then it is locked.
    let verify = |c: &Client| {
        let id = id.to_string();
        let c = c.http.clone();
        let url = format!("{}/api/verify_achievement", app.address);
        async move {
            c.post(url)
                .form(&[("id", id.as_str()), ("decision", "verify"), ("reason", "")])
                .send()
                .await
                .unwrap()
        }
    };
    // Not a reviewer of that school: the achievement answers as a missing one.
    assert_eq!(verify(&mentor).await.status(), StatusCode::NOT_FOUND);
    let coordinator = app.logged_in("coordinator").await;
    assert_eq!(verify(&coordinator).await.status(), StatusCode::OK);
    assert_eq!(verify(&coordinator).await.status(), StatusCode::CONFLICT);
    let res = mentor
        .call("delete_achievement", &[("id", &id.to_string())])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "a verified record is not deleted"
    );
}

#[tokio::test]
async fn bad_achievements_are_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let before = app.scalar("SELECT count(*) FROM achievements").await;
    assert_eq!(
        record_lesson(&teacher, "district", "2099-01-01")
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        record_lesson(&teacher, "district", "2001-01-01")
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "before hire"
    );
    assert_eq!(
        record_lesson(&teacher, "county", "2026-11-02")
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.scalar("SELECT count(*) FROM achievements").await,
        before
    );
}

#[tokio::test]
async fn the_path_is_seen_by_the_teacher_mentor_coordinator_and_center_only() {
    let app = TestApp::spawn().await;
    let me = app.teacher_id_of("teacher").await.to_string();
    for user in ["teacher", "mentor", "coordinator", "center"] {
        let res = app
            .logged_in(user)
            .await
            .call("growth", &[("teacher_id", &me)])
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{user}");
    }
    let other = text(&app, "SELECT u.username FROM users u JOIN teachers t ON t.id = u.teacher_id
                            WHERE t.school_id <> (SELECT school_id FROM teachers WHERE id = (SELECT teacher_id FROM users WHERE username = 'teacher'))
                            ORDER BY u.id LIMIT 1").await;
    let res = app
        .logged_in(&other)
        .await
        .call("growth", &[("teacher_id", &me)])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.client().call("growth", &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn goals_follow_plan_track_feedback_result_by_role() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let res = teacher
        .call(
            "add_goal",
            &[
                ("title", "开设一节区级公开课"),
                ("measures", "每月试讲一次"),
                ("target_on", "2027-06-30"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = teacher
        .call(
            "add_goal",
            &[
                ("title", "过去的目标"),
                ("measures", ""),
                ("target_on", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let goal = app
        .scalar("SELECT id FROM growth_goals WHERE title = '开设一节区级公开课'")
        .await
        .to_string();
    let note = |c: &Client, body: &'static str, progress: &'static str, status: &'static str| {
        let goal = goal.clone();
        let c = c.http.clone();
        let url = format!("{}/api/goal_note", app.address);
        async move {
            c.post(url)
                .form(&[
                    ("id", goal.as_str()),
                    ("body", body),
                    ("progress", progress),
                    ("status", status),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        note(&teacher, "已完成第一次试讲", "30", "in_progress").await,
        StatusCode::OK
    );
    let mentor = app.logged_in("mentor").await;
    // The mentor comments; progress and status are not theirs to set.
    assert_eq!(
        note(&mentor, "导入环节可以更简洁", "90", "achieved").await,
        StatusCode::OK
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT progress::int8 FROM growth_goals WHERE id = {goal}"
        ))
        .await,
        30
    );
    let coordinator = app.logged_in("coordinator").await;
    assert_eq!(
        note(&coordinator, "本学期目标达成", "100", "achieved").await,
        StatusCode::OK
    );
    let other = app.logged_in("center").await;
    assert_eq!(
        note(&other, "中心复核", "", "").await,
        StatusCode::OK,
        "center staff review too"
    );
    let kinds: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT kind FROM goal_notes WHERE goal_id = {goal} ORDER BY id"
    ))
    .fetch_all(&mut app.db().await)
    .await
    .unwrap();
    assert_eq!(kinds, vec!["progress", "comment", "review", "review"]);
    let stranger = text(&app, "SELECT u.username FROM users u JOIN teachers t ON t.id = u.teacher_id
                               WHERE t.school_id <> (SELECT school_id FROM teachers WHERE id = (SELECT teacher_id FROM users WHERE username = 'teacher'))
                               ORDER BY u.id LIMIT 1").await;
    assert_eq!(
        note(&app.logged_in(&stranger).await, "?", "", "").await,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn only_center_staff_change_ladders_promotions_and_programmes() {
    let app = TestApp::spawn().await;
    let staff = text(&app, "SELECT staff_no FROM teachers t WHERE NOT EXISTS (SELECT 1 FROM tier_promotions p WHERE p.teacher_id = t.id) AND hire_date < '2020-01-01' ORDER BY id LIMIT 1").await;
    let level = app
        .scalar("SELECT id::int8 FROM tier_levels WHERE rank = 1")
        .await
        .to_string();
    for user in ["teacher", "mentor", "coordinator"] {
        let c = app.logged_in(user).await;
        let res = c
            .call(
                "record_promotion",
                &[
                    ("staff_no", &staff),
                    ("level_id", &level),
                    ("promoted_on", "2024-09-01"),
                    ("note", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
        let res = c
            .call(
                "record_enrolment",
                &[
                    ("staff_no", &staff),
                    ("programme", "famous"),
                    ("stage", ""),
                    ("started_on", "2024-09-01"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
        let res = c
            .call(
                "save_level",
                &[
                    ("input[id]", ""),
                    ("input[rank]", "9"),
                    ("input[name]", "x"),
                    ("input[name_en]", "x"),
                    ("input[min_years]", ""),
                    ("input[degree]", ""),
                    ("input[cycle_hours]", ""),
                    ("input[mentees]", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
        assert_eq!(
            c.call("candidates", &[]).await.status(),
            StatusCode::FORBIDDEN,
            "{user}"
        );
    }
    let center = app.logged_in("center").await;
    let promote = |on: &'static str, level: String| {
        let staff = staff.clone();
        let c = center.http.clone();
        let url = format!("{}/api/record_promotion", app.address);
        async move {
            c.post(url)
                .form(&[
                    ("staff_no", staff.as_str()),
                    ("level_id", level.as_str()),
                    ("promoted_on", on),
                    ("note", ""),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let level2 = app
        .scalar("SELECT id::int8 FROM tier_levels WHERE rank = 2")
        .await
        .to_string();
    assert_eq!(
        promote("2099-01-01", level.clone()).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "future"
    );
    assert_eq!(
        promote("1980-01-01", level.clone()).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "before hire"
    );
    assert_eq!(
        promote("2024-09-01", level2.clone()).await.status(),
        StatusCode::OK
    );
    let res = promote("2025-09-01", level.clone()).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a lower tier after a higher one"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["Invalid"][0]["problem"], "DateOrder");
    assert_eq!(
        promote("2022-09-01", level.clone()).await.status(),
        StatusCode::OK
    );
    let approved = app.scalar(&format!("SELECT count(*) FROM tier_promotions p JOIN teachers t ON t.id = p.teacher_id WHERE t.staff_no = '{staff}' AND approved_by IS NOT NULL")).await;
    assert_eq!(approved, 2);

    // A level's criteria are data the center edits.
    let res = center
        .call(
            "save_level",
            &[
                ("input[id]", &level),
                ("input[rank]", "1"),
                ("input[name]", "教坛新秀"),
                ("input[name_en]", "Rising Star"),
                ("input[min_years]", "3"),
                ("input[degree]", ""),
                ("input[cycle_hours]", ""),
                ("input[mentees]", ""),
                ("input[counts][0][kind]", "paper"),
                ("input[counts][0][min_level]", ""),
                ("input[counts][0][max_rank]", ""),
                ("input[counts][0][count]", "1"),
                ("input[counts][0][within_years]", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let criteria = text(
        &app,
        &format!("SELECT criteria::text FROM tier_levels WHERE id = {level}"),
    )
    .await;
    assert_eq!(
        criteria,
        r#"{"counts": [{"kind": "paper", "count": 1}], "min_years": 3}"#
    );
}

#[tokio::test]
async fn a_promotion_file_is_previewed_row_by_row_and_imported_once() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let staff = text(&app, "SELECT staff_no FROM teachers t WHERE NOT EXISTS (SELECT 1 FROM tier_promotions p WHERE p.teacher_id = t.id) AND hire_date < '2018-01-01' ORDER BY id LIMIT 1").await;
    let csv = format!(
        "工号,梯队,日期,备注\n{staff},教坛新秀,2022-09-01,\n{staff},教学能手,2024-09-01,\nNOPE-1,教坛新秀,2022-09-01,\n{staff},不存在,2022-09-01,\n{staff},学科带头人,2099-01-01,\n"
    );
    let upload = |body: String| {
        let c = center.http.clone();
        let url = format!("{}/ladder/import?kind=promotions", app.address);
        async move {
            let part =
                reqwest::multipart::Part::bytes(body.into_bytes()).file_name("promotions.csv");
            c.post(url)
                .multipart(reqwest::multipart::Form::new().part("file", part))
                .send()
                .await
                .unwrap()
        }
    };
    let res = upload(csv.clone()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = res.headers()["location"]
        .to_str()
        .unwrap()
        .strip_prefix("/ladder/import/")
        .unwrap()
        .to_string();
    let preview: Value = center
        .call("growth_import", &[("id", &id)])
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
    assert_eq!(statuses[0], "\"Ready\"");
    assert_eq!(statuses[1], "\"Ready\"");
    assert!(statuses[2].contains("UnknownStaffNo"), "{}", statuses[2]);
    assert!(statuses[3].contains("level_id"), "{}", statuses[3]);
    assert!(statuses[4].contains("FutureDate"), "{}", statuses[4]);
    let outcome: Value = center
        .call("apply_growth_import", &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (outcome["created"].as_i64(), outcome["failed"].as_i64()),
        (Some(2), Some(3))
    );
    let again = upload(csv).await;
    let id = again.headers()["location"]
        .to_str()
        .unwrap()
        .strip_prefix("/ladder/import/")
        .unwrap()
        .to_string();
    let outcome: Value = center
        .call("apply_growth_import", &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (outcome["created"].as_i64(), outcome["skipped"].as_i64()),
        (Some(0), Some(2))
    );
    assert_eq!(app.scalar(&format!("SELECT count(*) FROM tier_promotions p JOIN teachers t ON t.id = p.teacher_id WHERE t.staff_no = '{staff}'")).await, 2);
}

#[tokio::test]
async fn the_candidate_pipeline_lists_who_meets_every_criterion_or_misses_one() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let view: Value = center.call("candidates", &[]).await.json().await.unwrap();
    for row in view["ready"].as_array().unwrap() {
        assert!(row["missing"].as_array().unwrap().is_empty());
    }
    for row in view["one_short"].as_array().unwrap() {
        assert_eq!(row["missing"].as_array().unwrap().len(), 1);
    }
    let res = center
        .get(&format!(
            "/ladder/candidates.xlsx?level={}",
            view["level_id"]
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap().to_vec();
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let listed =
        view["ready"].as_array().unwrap().len() + view["one_short"].as_array().unwrap().len();
    assert_eq!(sheet.height(), listed + 1, "a header and a row per teacher");
}

#[tokio::test]
async fn dual_ratios_are_scoped_to_the_coordinators_school() {
    let app = TestApp::spawn().await;
    let coordinator = app.logged_in("coordinator").await;
    let view: Value = coordinator
        .call("dual", &[("school", "")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["schools"].as_array().unwrap().len(), 1);
    let own = view["schools"][0]["school_id"].as_i64().unwrap();
    let other = app
        .scalar(&format!(
            "SELECT id::int8 FROM schools WHERE id <> {own} LIMIT 1"
        ))
        .await;
    let res = coordinator
        .call("dual", &[("school", &other.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = coordinator
        .call(
            "set_dual_targets",
            &[
                ("members_from_backbone", "40"),
                ("backbone_are_members", "60"),
                ("min_rank", "2"),
                ("window_years", "3"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let center: Value = app
        .logged_in("center")
        .await
        .call("dual", &[("school", "")])
        .await
        .json()
        .await
        .unwrap();
    let schools = center["schools"].as_array().unwrap();
    assert!(schools.len() > 1);
    let sum: i64 = schools
        .iter()
        .map(|s| s["new_members"].as_i64().unwrap())
        .sum();
    assert_eq!(center["district"]["new_members"].as_i64().unwrap(), sum);
    // Hand-computed: new Party members in the window, as the ratio's denominator.
    let from = center["from"].as_str().unwrap();
    let expected = app.scalar(&format!("SELECT count(*) FROM party_stage_changes c JOIN teachers t ON t.id = c.teacher_id WHERE t.active AND c.stage = 'probationary' AND c.changed_on >= '{from}'")).await;
    assert_eq!(sum, expected);
}

#[tokio::test]
async fn a_verified_achievement_changes_only_through_a_center_correction() {
    let app = TestApp::spawn().await;
    let id = app
        .scalar(
            "SELECT a.id FROM achievements a JOIN teachers t ON t.id = a.teacher_id
             WHERE a.status = 'verified' AND t.hire_date < '2020-01-01' ORDER BY a.id LIMIT 1",
        )
        .await
        .to_string();
    let form = |reason: &'static str| {
        vec![
            ("id", id.clone()),
            ("form[kind]", "paper".to_string()),
            ("form[title]", "更正后的论文题目".to_string()),
            ("form[level]", "city".to_string()),
            ("form[award_rank]", String::new()),
            ("form[achieved_on]", "2020-05-15".to_string()),
            ("form[detail]", String::new()),
            ("reason", reason.to_string()),
        ]
    };
    let call = |c: Client, f: Vec<(&'static str, String)>| {
        let url = format!("{}/api/correct_achievement", app.address);
        async move { c.http.post(url).form(&f).send().await.unwrap().status() }
    };
    assert_eq!(
        call(app.logged_in("mentor").await, form("改题目")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(app.logged_in("coordinator").await, form("改题目")).await,
        StatusCode::FORBIDDEN
    );
    let center = app.logged_in("center").await;
    assert_eq!(
        call(app.logged_in("center").await, form("")).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        call(center, form("证书核对后更正题目与级别")).await,
        StatusCode::OK
    );
    assert_eq!(
        text(
            &app,
            &format!("SELECT title FROM achievements WHERE id = {id}")
        )
        .await,
        "更正后的论文题目"
    );
    let kept = text(
        &app,
        &format!(
            "SELECT old_values->>'title' FROM achievement_corrections WHERE achievement_id = {id}"
        ),
    )
    .await;
    assert_ne!(kept, "更正后的论文题目", "the old title is kept");
}
