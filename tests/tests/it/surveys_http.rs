//! Needs surveys over HTTP: who may build, open, answer and read a survey; a teacher answers
//! once, within the dates, only what the questions allow; an anonymous survey stores no link
//! to its teachers and shows no group under five; a training event planned from a need shows
//! beside it in the results.
use serde_json::Value;
use tests::{json, ok_json, Client, StatusCode, TestApp, DEMO_PASSWORD};

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

fn day(offset: i64) -> String {
    (today() + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// Center staff start a survey (from the template or empty) and get its id.
async fn create(app: &TestApp, center: &Client, form: &[(&str, &str)]) -> i64 {
    let res = center.call("create_survey", form).await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    app.scalar("SELECT max(id) FROM surveys").await
}

async fn question_ids(app: &TestApp, survey: i64) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT id, kind FROM survey_questions WHERE survey_id = $1 ORDER BY position")
        .bind(survey)
        .fetch_all(&mut app.db().await)
        .await
        .unwrap()
}

async fn publish(client: &Client, survey: i64, targets: &[&str]) -> reqwest::Response {
    let id = survey.to_string();
    let (opens, closes) = (day(0), day(7));
    let keys: Vec<String> = targets.iter().map(|t| format!("targets[{t}]")).collect();
    let mut form: Vec<(&str, &str)> =
        vec![("id", &id), ("opens_on", &opens), ("closes_on", &closes)];
    form.extend(keys.iter().map(|k| (k.as_str(), "on")));
    client.call("publish_survey", &form).await
}

/// Answers every required question of the template plausibly: the first option, scale 3,
/// rankings in order, some text.
async fn full_answers(app: &TestApp, survey: i64) -> Vec<(String, String)> {
    let mut form = Vec::new();
    let qs: Vec<(i64, String, i32)> = sqlx::query_as(
        "SELECT id, kind, cardinality(options) FROM survey_questions WHERE survey_id = $1 ORDER BY position",
    )
    .bind(survey)
    .fetch_all(&mut app.db().await)
    .await
    .unwrap();
    for (id, kind, n) in qs {
        match kind.as_str() {
            "single" => form.push((format!("a[q{id}]"), "0".to_string())),
            "scale" => form.push((format!("a[q{id}]"), "3".to_string())),
            "multi" => form.push((format!("a[q{id}_0]"), "1".to_string())),
            "rank" => form.extend((0..n).map(|i| (format!("a[q{id}_r{i}]"), (i + 1).to_string()))),
            _ => form.push((format!("a[q{id}]"), "多听课，多交流".to_string())),
        }
    }
    form
}

async fn answer(
    client: &Client,
    survey: i64,
    intent: &str,
    answers: &[(String, String)],
) -> reqwest::Response {
    let id = survey.to_string();
    let mut form: Vec<(&str, &str)> = vec![("id", &id), ("intent", intent)];
    form.extend(answers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    client.call("answer_survey", &form).await
}

async fn results(client: &Client, survey: i64) -> reqwest::Response {
    client
        .call("survey_results", &[("id", &survey.to_string())])
        .await
}

fn field_of(body: &Value) -> (String, String) {
    let e = &body["Invalid"][0];
    (
        e["field"].as_str().unwrap_or_default().to_string(),
        e["problem"].to_string(),
    )
}

#[tokio::test]
async fn a_targeted_teacher_answers_a_published_survey_once_and_the_center_reads_it() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let teacher = app.logged_in("teacher").await;
    let survey = create(
        &app,
        &center,
        &[("title", "2026 新教师需求调研"), ("template", "on")],
    )
    .await;
    let qs = question_ids(&app, survey).await;
    assert_eq!(qs.len(), 18, "the template's questions");
    // A draft is not for teachers yet, nor for a coordinator (a center survey).
    let id = survey.to_string();
    let page = teacher.call("survey_answer_page", &[("id", &id)]).await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    let coordinator = app.logged_in("coordinator").await;
    let edit = coordinator.call("survey_editor", &[("id", &id)]).await;
    assert_eq!(edit.status(), StatusCode::FORBIDDEN);
    // Opened for the 2026 entry cohort (the demo teacher's).
    assert_eq!(
        publish(&center, survey, &["cohort_2026"]).await.status(),
        StatusCode::OK
    );
    let more = center
        .call(
            "add_question",
            &[
                ("survey_id", &id),
                ("form[kind]", "text"),
                ("form[prompt]", "另一题"),
            ],
        )
        .await;
    assert_eq!(
        more.status(),
        StatusCode::CONFLICT,
        "questions are fixed once open"
    );
    let page = ok_json(teacher.call("survey_answer_page", &[("id", &id)]).await).await;
    assert_eq!(page["open"], true);
    // Home lists it for the teacher.
    let home = ok_json(teacher.call("home", &[]).await).await;
    assert_eq!(home["surveys"][0]["id"], survey);

    // A draft may be partial; a submission may not: refused, it records no response and keeps
    // what was answered as the draft.
    let first = format!("a[q{}]", qs[0].0);
    let draft = answer(&teacher, survey, "draft", &[(first.clone(), "4".into())]).await;
    assert_eq!(draft.status(), StatusCode::OK);
    let page = ok_json(teacher.call("survey_answer_page", &[("id", &id)]).await).await;
    assert_eq!(
        page["fields"][format!("q{}", qs[0].0)],
        "4",
        "the draft comes back"
    );
    let partial = answer(&teacher, survey, "submit", &[(first, "2".into())]).await;
    assert_eq!(partial.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_of(&json(partial).await).1, "\"Required\"");
    assert_eq!(app.scalar("SELECT count(*) FROM survey_responses").await, 0);
    assert_eq!(
        app.scalar("SELECT count(*) FROM survey_submissions").await,
        0
    );
    let page = ok_json(teacher.call("survey_answer_page", &[("id", &id)]).await).await;
    assert_eq!(
        page["fields"][format!("q{}", qs[0].0)],
        "2",
        "the refused answers kept as the draft"
    );

    let all = full_answers(&app, survey).await;
    assert_eq!(
        answer(&teacher, survey, "submit", &all).await.status(),
        StatusCode::OK
    );
    let again = answer(&teacher, survey, "submit", &all).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_of(&json(again).await),
        ("survey".into(), "\"AlreadyAnswered\"".into())
    );
    assert_eq!(app.scalar("SELECT count(*) FROM survey_responses").await, 1);
    assert_eq!(
        app.scalar("SELECT count(*) FROM survey_drafts").await,
        0,
        "the draft is gone"
    );

    // Someone outside the targets may neither see nor answer it.
    let mentor = app.logged_in("mentor").await;
    let cohort: Option<i32> = sqlx::query_scalar(
        "SELECT t.cohort_year FROM teachers t JOIN users u ON u.teacher_id = t.id WHERE u.username = 'mentor'",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    assert_ne!(cohort, Some(2026));
    assert_eq!(
        mentor
            .call("survey_answer_page", &[("id", &id)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        answer(&mentor, survey, "submit", &all).await.status(),
        StatusCode::FORBIDDEN
    );

    // The center reads: the rate equals a hand count, the named list lacks the one who answered.
    let r = ok_json(results(&center, survey).await).await;
    let targeted = app
        .scalar("SELECT count(*) FROM teachers WHERE active AND cohort_year = 2026")
        .await;
    assert_eq!(
        (r["targeted"].as_i64(), r["answered"].as_i64()),
        (Some(targeted), Some(1))
    );
    let teacher_id = app.teacher_id_of("teacher").await;
    let missing = r["not_answered"].as_array().unwrap();
    assert_eq!(missing.len() as i64, targeted - 1);
    assert!(missing.iter().all(|m| m["teacher_id"] != teacher_id));
    assert_eq!(
        r["questions"][0]["overall"]["counts"][2], 1,
        "scale 3 counted once"
    );
    // The coordinator sees their school's part; a teacher sees nothing.
    let c = ok_json(results(&coordinator, survey).await).await;
    let school_targeted = app
        .scalar(
            "SELECT count(*) FROM teachers WHERE active AND cohort_year = 2026
               AND school_id = (SELECT school_id FROM teachers t JOIN users u ON u.teacher_id = t.id WHERE u.username = 'teacher')",
        )
        .await;
    assert_eq!(c["targeted"].as_i64(), Some(school_targeted));
    assert_eq!(c["may_edit"], false, "the center's survey: results only");
    // The coordinator follows it from their surveys page, counting their school's answers.
    let list = ok_json(coordinator.call("surveys", &[]).await).await;
    let row = list["managed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["head"]["id"] == survey)
        .expect("the center's open survey is listed for the coordinator");
    assert_eq!(
        (row["may_edit"].as_bool(), row["answered"].as_i64()),
        (Some(false), c["answered"].as_i64())
    );
    assert_eq!(
        results(&teacher, survey).await.status(),
        StatusCode::FORBIDDEN
    );

    // The export is a real workbook, for those who may read the results only.
    let x = center.get(&format!("/surveys/{survey}/export.xlsx")).await;
    assert_eq!(x.status(), StatusCode::OK);
    assert!(x.bytes().await.unwrap().starts_with(b"PK"));
    let x = teacher.get(&format!("/surveys/{survey}/export.xlsx")).await;
    assert_eq!(x.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn answers_outside_the_question_or_the_dates_are_refused_and_write_nothing() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let teacher = app.logged_in("teacher").await;
    let survey = create(&app, &center, &[("title", "单题")]).await;
    let id = survey.to_string();
    for (kind, options, max) in [
        ("single", "甲\n乙", ""),
        ("multi", "一\n二\n三", "2"),
        ("text", "", ""),
    ] {
        let res = center
            .call(
                "add_question",
                &[
                    ("survey_id", &id),
                    ("form[kind]", kind),
                    ("form[prompt]", "题目"),
                    ("form[options]", options),
                    ("form[max_choices]", max),
                    ("form[required]", "on"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{kind}");
    }
    // A question with one option is refused beside its field.
    let bad = center
        .call(
            "add_question",
            &[
                ("survey_id", &id),
                ("form[kind]", "single"),
                ("form[prompt]", "p"),
                ("form[options]", "只有一个"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_of(&json(bad).await).0, "options");
    assert_eq!(publish(&center, survey, &[]).await.status(), StatusCode::OK);
    let qs = question_ids(&app, survey).await;
    let (single, multi, text) = (qs[0].0, qs[1].0, qs[2].0);
    let long = "长".repeat(1001);
    for (answers, field) in [
        (
            vec![(format!("a[q{single}]"), "9".to_string())],
            format!("q{single}"),
        ),
        (
            vec![
                (format!("a[q{multi}_0]"), "1".into()),
                (format!("a[q{multi}_1]"), "1".into()),
                (format!("a[q{multi}_2]"), "1".into()),
            ],
            format!("q{multi}"),
        ),
        (vec![(format!("a[q{text}]"), long)], format!("q{text}")),
    ] {
        let res = answer(&teacher, survey, "draft", &answers).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_of(&json(res).await).0, field);
    }
    let odd = answer(&teacher, survey, "maybe", &[]).await;
    assert_eq!(odd.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.scalar("SELECT count(*) FROM survey_drafts").await, 0);
    // Once closed, nothing more is taken.
    sqlx::query("UPDATE surveys SET opens_on = current_date - 10, closes_on = current_date - 2 WHERE id = $1")
        .bind(survey)
        .execute(&mut app.db().await)
        .await
        .unwrap();
    let ok = vec![
        (format!("a[q{single}]"), "0".to_string()),
        (format!("a[q{multi}_0]"), "1".into()),
        (format!("a[q{text}]"), "好".into()),
    ];
    let late = answer(&teacher, survey, "submit", &ok).await;
    assert_eq!(late.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_of(&json(late).await),
        ("survey".into(), "\"SurveyClosed\"".into())
    );
    assert_eq!(app.scalar("SELECT count(*) FROM survey_responses").await, 0);
}

#[tokio::test]
async fn an_anonymous_survey_keeps_no_link_and_shows_nothing_under_five() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let survey = create(&app, &center, &[("title", "匿名调查"), ("anonymous", "on")]).await;
    let id = survey.to_string();
    let res = center
        .call(
            "add_question",
            &[
                ("survey_id", &id),
                ("form[kind]", "scale"),
                ("form[prompt]", "压力"),
                ("form[required]", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(publish(&center, survey, &[]).await.status(), StatusCode::OK);
    let q = question_ids(&app, survey).await[0].0;
    let logins: Vec<String> = sqlx::query_scalar(
        "SELECT u.username FROM users u JOIN teachers t ON t.id = u.teacher_id
         WHERE t.active AND NOT u.disabled AND NOT u.must_change_password AND NOT u.password_pending
         ORDER BY u.id LIMIT 5",
    )
    .fetch_all(&mut app.db().await)
    .await
    .unwrap();
    for (i, login) in logins.iter().enumerate() {
        let client = app.client();
        assert_eq!(
            client.login(login, DEMO_PASSWORD).await.status(),
            StatusCode::OK
        );
        let res = answer(
            &client,
            survey,
            "submit",
            &[(format!("a[q{q}]"), "4".into())],
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK, "{login}");
        let r = ok_json(results(&center, survey).await).await;
        let shown = !r["questions"][0]["overall"].is_null();
        assert_eq!(shown, i + 1 >= 5, "after {} answers", i + 1);
        assert!(
            r["not_answered"].is_null(),
            "no list of names for an anonymous survey"
        );
    }
    assert_eq!(
        app.scalar("SELECT count(*) FROM survey_responses WHERE teacher_id IS NOT NULL")
            .await,
        0
    );
    assert_eq!(
        app.scalar("SELECT count(*) FROM survey_submissions").await,
        5
    );
}

#[tokio::test]
async fn an_event_planned_from_a_need_shows_with_its_hours_in_the_results() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let survey = create(&app, &center, &[("title", "需求"), ("template", "on")]).await;
    assert_eq!(publish(&center, survey, &[]).await.status(), StatusCode::OK);
    let multi = question_ids(&app, survey).await[1].0;
    let need = format!("{multi}:3");
    let label = ok_json(center.call("survey_need", &[("need", &need)]).await).await;
    assert_eq!(label["value"], "信息技术与人工智能");
    let event = [
        ("form[title]", "AI 赋能课堂"),
        ("form[organizer]", "区教师发展中心"),
        ("form[level]", "district"),
        ("form[category]", "it"),
        ("form[starts_on]", "2026-10-10"),
        ("form[ends_on]", "2026-10-10"),
        ("form[hours]", "3"),
    ];
    let mut with_need = event.to_vec();
    with_need.push(("form[need]", &need));
    assert_eq!(
        center.call("create_event", &with_need).await.status(),
        StatusCode::OK
    );
    // A need that names no value of its question is refused, and no event is made.
    let before = app.scalar("SELECT count(*) FROM training_events").await;
    let mut bad = event.to_vec();
    let wrong = format!("{multi}:99");
    bad.push(("form[need]", &wrong));
    assert_eq!(
        center.call("create_event", &bad).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.scalar("SELECT count(*) FROM training_events").await,
        before
    );
    let r = ok_json(results(&center, survey).await).await;
    assert_eq!(r["needs"][0]["question_id"], multi);
    assert_eq!(r["needs"][0]["events"][0][1], "AI 赋能课堂");
    // Coordinators do not plan the center's events.
    let coordinator = app.logged_in("coordinator").await;
    assert_eq!(
        coordinator
            .call("survey_need", &[("need", &need)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_coordinator_builds_a_survey_for_their_own_school_only() {
    let app = TestApp::spawn().await;
    let coordinator = app.logged_in("coordinator").await;
    let survey = create(&app, &coordinator, &[("title", "本校调研")]).await;
    let school: Option<i32> = sqlx::query_scalar("SELECT school_id FROM surveys WHERE id = $1")
        .bind(survey)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    let own: i32 = sqlx::query_scalar(
        "SELECT school_id FROM user_roles r JOIN users u ON u.id = r.user_id
         WHERE u.username = 'coordinator' AND r.role = 'school_coordinator'",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    assert_eq!(school, Some(own));
    let id = survey.to_string();
    let q = coordinator
        .call(
            "add_question",
            &[
                ("survey_id", &id),
                ("form[kind]", "text"),
                ("form[prompt]", "建议"),
            ],
        )
        .await;
    assert_eq!(q.status(), StatusCode::OK);
    // Another school is not a target a school's survey can name.
    let other: i32 =
        sqlx::query_scalar("SELECT id FROM schools WHERE id <> $1 ORDER BY id LIMIT 1")
            .bind(own)
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();
    let res = publish(&coordinator, survey, &[&format!("school_{other}")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        publish(&coordinator, survey, &[]).await.status(),
        StatusCode::OK
    );
    // It reaches exactly the school's active teachers; the teacher (same school) sees it.
    let r = ok_json(results(&coordinator, survey).await).await;
    let staff = app
        .scalar(&format!(
            "SELECT count(*) FROM teachers WHERE active AND school_id = {own}"
        ))
        .await;
    assert_eq!(r["targeted"].as_i64(), Some(staff));
    let teacher = app.logged_in("teacher").await;
    let list = ok_json(teacher.call("surveys", &[]).await).await;
    assert_eq!(list["mine"][0]["id"], survey);
    // Center staff manage it too; a plain teacher may not build one.
    let center = app.logged_in("center").await;
    assert_eq!(
        center.call("survey_editor", &[("id", &id)]).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        teacher
            .call("create_survey", &[("title", "x")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
