//! Teachers moving over HTTP: dated transfers (and the scheduled job that applies those dated
//! ahead), departures, the same-day undo, roles granted and revoked with the last-center guard,
//! the audit log with its filters and export, and school years opened and closed.
use chrono::NaiveDate;
use serde_json::Value;
use tests::{json, ok_json, Client, StatusCode, TestApp, DEMO_PASSWORD};

// ---------------------------------------------------------------- helpers

/// Today in Asia/Shanghai, as the server reads it.
fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

fn days(n: i64) -> chrono::Duration {
    chrono::Duration::days(n)
}

/// Asserts the status of a response, showing its body when it differs.
async fn expect(res: reqwest::Response, status: StatusCode, what: &str) {
    let got = res.status();
    let body = res.text().await.unwrap_or_default();
    assert_eq!(got, status, "{what}: {body}");
}

/// The one field error of a refused call: (field, problem name).
async fn field_error(res: reqwest::Response) -> (String, String) {
    let status = res.status();
    let body = json(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let e = &body["Invalid"][0];
    let problem = match &e["problem"] {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.keys().next().cloned().unwrap_or_default(),
        other => other.to_string(),
    };
    (e["field"].as_str().unwrap_or("?").to_string(), problem)
}

async fn transfer(
    client: &Client,
    teacher: i64,
    to_school: i32,
    on: NaiveDate,
) -> reqwest::Response {
    client
        .call(
            "transfer_teacher",
            &[
                ("teacher_id", &teacher.to_string()),
                ("to_school", &to_school.to_string()),
                ("on", &on.to_string()),
            ],
        )
        .await
}

async fn depart(client: &Client, teacher: i64, on: NaiveDate, reason: &str) -> reqwest::Response {
    client
        .call(
            "record_departure",
            &[
                ("teacher_id", &teacher.to_string()),
                ("on", &on.to_string()),
                ("reason", reason),
                ("note", ""),
            ],
        )
        .await
}

async fn undo(client: &Client, teacher: i64) -> reqwest::Response {
    client
        .call("undo_movement", &[("teacher_id", &teacher.to_string())])
        .await
}

async fn record(client: &Client, teacher: i64) -> reqwest::Response {
    client
        .call("roster_record", &[("id", &teacher.to_string())])
        .await
}

async fn role(
    client: &Client,
    endpoint: &str,
    teacher: i64,
    role: &str,
    school: Option<i32>,
) -> reqwest::Response {
    let school = school.map(|s| s.to_string()).unwrap_or_default();
    client
        .call(
            endpoint,
            &[
                ("teacher_id", &teacher.to_string()),
                ("role", role),
                ("school", &school),
            ],
        )
        .await
}

/// The audit log as its page asks for it: every filter blank but those given.
async fn audit(client: &Client, filters: &[(&str, &str)]) -> reqwest::Response {
    let form: Vec<(String, String)> = ["who", "teacher", "action", "from", "to", "page"]
        .iter()
        .map(|k| {
            let v = filters.iter().find(|(f, _)| f == k).map_or("", |(_, v)| *v);
            (format!("query[{k}]"), v.to_string())
        })
        .collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    client.call("audit_log", &form).await
}

/// (action, staff number of the teacher the entry is about) of each row.
fn audit_rows(view: &Value) -> Vec<(String, String)> {
    view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap().to_string(),
                r["teacher"][2].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

async fn stats(client: &Client, view: &str) -> Value {
    let mut form = vec![("view", view)];
    for key in [
        "filter[cohort]",
        "filter[school]",
        "filter[subject]",
        "filter[stage]",
        "filter[programme]",
    ] {
        form.push((key, ""));
    }
    ok_json(client.call("stats", &form).await).await
}

fn stat_table<'a>(view: &'a Value, id: &str) -> &'a Value {
    view["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("table {id}"))
}

/// The cells, as numbers, of the row of `table` that drills into `cohort`.
fn cohort_cells(view: &Value, table: &str, cohort: i32) -> Vec<i64> {
    let key = cohort.to_string();
    let row = stat_table(view, table)["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["drill"][0] == "cohort" && r["drill"][1] == key.as_str())
        .unwrap_or_else(|| panic!("cohort {cohort} in {table}"));
    row["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().trim_end_matches('%').parse().unwrap())
        .collect()
}

async fn i64_of(app: &TestApp, sql: &str) -> i64 {
    app.scalar(sql).await
}

async fn i32_of(app: &TestApp, sql: &str) -> i32 {
    sqlx::query_scalar(sql)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn text_of(app: &TestApp, sql: &str) -> String {
    sqlx::query_scalar(sql)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql)
        .execute(&mut app.db().await)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    app.sessions_notified().await;
}

async fn school_of(app: &TestApp, teacher: i64) -> i32 {
    i32_of(
        app,
        &format!("SELECT school_id FROM teachers WHERE id = {teacher}"),
    )
    .await
}

/// The school the demo's `coordinator` coordinates.
async fn coordinator_school(app: &TestApp) -> i32 {
    i32_of(
        app,
        "SELECT r.school_id FROM user_roles r JOIN users u ON u.id = r.user_id
         WHERE u.username = 'coordinator' AND r.role = 'school_coordinator'",
    )
    .await
}

/// Another school with an open coordinator account (not one of `not`): (school, username).
async fn other_coordinator(app: &TestApp, not: &[i32]) -> (i32, String) {
    let not: Vec<String> = not.iter().map(i32::to_string).collect();
    sqlx::query_as(&format!(
        "SELECT r.school_id, u.username FROM user_roles r JOIN users u ON u.id = r.user_id
         JOIN schools s ON s.id = r.school_id
         WHERE r.role = 'school_coordinator' AND NOT u.disabled AND s.active
           AND r.school_id NOT IN ({})
           AND (SELECT count(*) FROM user_roles x WHERE x.user_id = u.id AND x.role = 'school_coordinator') = 1
           AND NOT EXISTS (SELECT 1 FROM user_roles x WHERE x.user_id = u.id AND x.role = 'center_staff')
         ORDER BY r.school_id LIMIT 1",
        not.join(",")
    ))
    .fetch_one(&mut app.db().await)
    .await
    .expect("another school with a coordinator")
}

/// An active teacher at `school` with an open account and no role beyond the teacher's own,
/// hired more than a year ago: (teacher id, username).
async fn plain_teacher(app: &TestApp, school: i32, skip: &[i64]) -> (i64, String) {
    let skip: Vec<String> = skip.iter().map(i64::to_string).collect();
    sqlx::query_as(&format!(
        "SELECT t.id, u.username FROM teachers t JOIN users u ON u.teacher_id = t.id
         WHERE t.active AND NOT u.disabled AND t.school_id = {school}
           AND t.hire_date < CURRENT_DATE - 400 AND t.id NOT IN (0{})
           AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role <> 'teacher')
           AND NOT EXISTS (SELECT 1 FROM teacher_school_history h
                           WHERE h.teacher_id = t.id AND h.to_date IS NULL AND h.from_date > CURRENT_DATE - 400)
         ORDER BY t.id LIMIT 1",
        skip.iter().map(|s| format!(",{s}")).collect::<String>()
    ))
    .fetch_one(&mut app.db().await)
    .await
    .expect("a plain teacher")
}

/// The teacher's history rows, oldest first: (id, school, from, to).
async fn history(app: &TestApp, teacher: i64) -> Vec<(i64, i32, NaiveDate, Option<NaiveDate>)> {
    sqlx::query_as(
        "SELECT id, school_id, from_date, to_date FROM teacher_school_history
         WHERE teacher_id = $1 ORDER BY from_date, id",
    )
    .bind(teacher)
    .fetch_all(&mut app.db().await)
    .await
    .unwrap()
}

/// Everything kept about a teacher, counted: hour records, pairings (either side), sessions
/// of those pairings, achievements, enrolments, and the cohort.
async fn kept(app: &TestApp, teacher: i64) -> Vec<i64> {
    let t = teacher;
    let mut out = Vec::new();
    for sql in [
        format!("SELECT count(*) FROM hour_records WHERE teacher_id = {t}"),
        format!("SELECT count(*) FROM mentor_pairings WHERE mentor_id = {t} OR mentee_id = {t}"),
        format!(
            "SELECT count(*) FROM mentor_sessions s JOIN mentor_pairings p ON p.id = s.pairing_id
             WHERE p.mentor_id = {t} OR p.mentee_id = {t}"
        ),
        format!("SELECT count(*) FROM achievements WHERE teacher_id = {t}"),
        format!("SELECT count(*) FROM programme_enrolments WHERE teacher_id = {t}"),
        format!("SELECT COALESCE(cohort_year, 0)::int8 FROM teachers WHERE id = {t}"),
    ] {
        out.push(i64_of(app, &sql).await);
    }
    out
}

/// The demo's newcomer (`teacher`), their school, their open pairing and its mentor, who
/// teaches at the same school.
async fn demo_pair(app: &TestApp) -> (i64, i32, i64, i64) {
    let teacher = app.teacher_id_of("teacher").await;
    let school = school_of(app, teacher).await;
    let (pairing, mentor): (i64, i64) = sqlx::query_as(
        "SELECT id, mentor_id FROM mentor_pairings WHERE mentee_id = $1 AND ended_on IS NULL
         ORDER BY id LIMIT 1",
    )
    .bind(teacher)
    .fetch_one(&mut app.db().await)
    .await
    .expect("the demo teacher has a mentor");
    assert_eq!(
        school_of(app, mentor).await,
        school,
        "the demo pair teaches at one school"
    );
    assert_eq!(coordinator_school(app).await, school);
    (teacher, school, pairing, mentor)
}

async fn role_count(app: &TestApp, user: i64, role: &str) -> i64 {
    i64_of(
        app,
        &format!("SELECT count(*) FROM user_roles WHERE user_id = {user} AND role = '{role}'"),
    )
    .await
}

async fn undo_entries(app: &TestApp, teacher: i64) -> i64 {
    i64_of(
        app,
        &format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'teacher' AND entity_id = '{teacher}' AND action = 'undo'"
        ),
    )
    .await
}

async fn pairing_ended(app: &TestApp, pairing: i64) -> Option<NaiveDate> {
    sqlx::query_scalar("SELECT ended_on FROM mentor_pairings WHERE id = $1")
        .bind(pairing)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap()
}

// ---------------------------------------------------------------- transfers

#[tokio::test]
async fn a_transfer_today_moves_the_teacher_keeps_their_records_and_hands_the_record_to_the_new_school(
) {
    let app = TestApp::spawn().await;
    let (teacher, school_a, pairing, _mentor) = demo_pair(&app).await;
    let (school_b, coordinator_b) = other_coordinator(&app, &[school_a]).await;
    let before = kept(&app, teacher).await;
    let history_before = history(&app, teacher).await;
    let open_before = *history_before.last().unwrap();
    assert_eq!((open_before.1, open_before.3), (school_a, None));

    let coordinator_a = app.logged_in("coordinator").await;
    let coordinator_b = app.logged_in(&coordinator_b).await;
    expect(
        record(&coordinator_b, teacher).await,
        StatusCode::FORBIDDEN,
        "school B's coordinator before the transfer",
    )
    .await;
    let on = today();
    expect(
        transfer(&coordinator_a, teacher, school_b, on).await,
        StatusCode::OK,
        "the transfer",
    )
    .await;

    assert_eq!(school_of(&app, teacher).await, school_b);
    assert_eq!(
        kept(&app, teacher).await,
        before,
        "cohort, hours, pairings, sessions, achievements and enrolments are kept"
    );
    let after = history(&app, teacher).await;
    assert_eq!(after.len(), history_before.len() + 1);
    let closed = after.iter().find(|h| h.0 == open_before.0).unwrap();
    assert_eq!(
        closed.3,
        Some(on),
        "the old spell ends on the transfer's date"
    );
    let opened = after.last().unwrap();
    assert_eq!((opened.1, opened.2, opened.3), (school_b, on, None));
    assert_eq!(
        pairing_ended(&app, pairing).await,
        None,
        "the pairing goes on"
    );

    expect(
        record(&coordinator_a, teacher).await,
        StatusCode::FORBIDDEN,
        "school A's coordinator after the transfer",
    )
    .await;
    let view = ok_json(record(&coordinator_b, teacher).await).await;
    assert_eq!(view["undo"], "transfer", "the transfer can be undone today");
    assert_eq!(view["spells"].as_array().unwrap().len(), after.len());

    // The pair goes on across schools, and the mentor's coordinator still sees it, flagged.
    let pairs = ok_json(
        coordinator_a
            .call("list_pairings", &[("show_ended", "false")])
            .await,
    )
    .await;
    let row = pairs["pairings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == pairing)
        .unwrap_or_else(|| panic!("the mentor's coordinator lists the pair: {pairs}"));
    assert_eq!(row["cross_school"], true);
    let same_school = pairs["pairings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["id"] != pairing)
        .filter(|p| p["cross_school"] == true)
        .count();
    assert_eq!(same_school, 0, "only the moved pair is flagged");
    let pairs_b = ok_json(
        coordinator_b
            .call("list_pairings", &[("show_ended", "false")])
            .await,
    )
    .await;
    assert!(
        pairs_b["pairings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == pairing && p["cross_school"] == true),
        "the mentee's new coordinator lists it too"
    );
}

#[tokio::test]
async fn a_transfer_dated_ahead_waits_for_its_day_and_the_scheduled_job_applies_it() {
    let app = TestApp::spawn().await;
    let school_a = coordinator_school(&app).await;
    let (school_b, _) = other_coordinator(&app, &[school_a]).await;
    let (teacher, _) = plain_teacher(&app, school_a, &[]).await;
    let center = app.logged_in("center").await;
    let on = today() + days(30);
    let before = history(&app, teacher).await;
    expect(
        transfer(&center, teacher, school_b, on).await,
        StatusCode::OK,
        "a transfer a month ahead",
    )
    .await;
    assert_eq!(
        school_of(&app, teacher).await,
        school_a,
        "still school A's until the day"
    );
    let after = history(&app, teacher).await;
    assert_eq!(after.len(), before.len() + 1);
    let closed = after
        .iter()
        .find(|h| h.0 == before.last().unwrap().0)
        .unwrap();
    assert_eq!(closed.3, Some(on));
    let opened = *after.last().unwrap();
    assert_eq!((opened.1, opened.2, opened.3), (school_b, on, None));

    let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
    assert_eq!(
        app::backend::movements::apply_due(&pool).await.unwrap(),
        0,
        "nothing is due yet"
    );
    assert_eq!(school_of(&app, teacher).await, school_a);

    // The day comes (the dates move into the past rather than the clock forward).
    let yesterday = today() - days(1);
    exec(
        &app,
        &format!(
            "UPDATE teacher_school_history SET to_date = '{yesterday}' WHERE id = {}",
            closed.0
        ),
    )
    .await;
    exec(
        &app,
        &format!(
            "UPDATE teacher_school_history SET from_date = '{yesterday}' WHERE id = {}",
            opened.0
        ),
    )
    .await;
    // The server's own scheduled run may have got there first: one of the two applies it.
    let applied = app::backend::movements::apply_due(&pool).await.unwrap();
    assert!(applied <= 1, "one teacher at most: {applied}");
    assert_eq!(school_of(&app, teacher).await, school_b);
    assert_eq!(
        app::backend::movements::apply_due(&pool).await.unwrap(),
        0,
        "applied once"
    );
}

#[tokio::test]
async fn a_transfer_to_the_same_or_an_unknown_school_or_too_far_ahead_is_a_field_error() {
    let app = TestApp::spawn().await;
    let school_a = coordinator_school(&app).await;
    let (school_b, _) = other_coordinator(&app, &[school_a]).await;
    let (teacher, _) = plain_teacher(&app, school_a, &[]).await;
    let coordinator = app.logged_in("coordinator").await;
    assert_eq!(
        field_error(transfer(&coordinator, teacher, school_a, today()).await).await,
        ("to_school".into(), "SameSchool".into())
    );
    assert_eq!(
        field_error(transfer(&coordinator, teacher, 99_999, today()).await).await,
        ("to_school".into(), "UnknownSchool".into())
    );
    assert_eq!(
        field_error(transfer(&coordinator, teacher, school_b, today() + days(400)).await)
            .await
            .0,
        "on"
    );
    assert_eq!(school_of(&app, teacher).await, school_a);
    let teacher_login = app.logged_in("teacher").await;
    expect(
        transfer(&teacher_login, teacher, school_b, today()).await,
        StatusCode::FORBIDDEN,
        "a teacher transfers nobody",
    )
    .await;
}

// ---------------------------------------------------------------- departures

#[tokio::test]
async fn a_departure_today_ends_pairings_closes_the_login_keeps_every_record_and_counts_as_left() {
    let app = TestApp::spawn().await;
    let (teacher, _school, pairing, _mentor) = demo_pair(&app).await;
    let cohort = i32_of(
        &app,
        &format!("SELECT cohort_year FROM teachers WHERE id = {teacher}"),
    )
    .await;
    let before = kept(&app, teacher).await;
    let center = app.logged_in("center").await;
    let stats_before = stats(&center, "headcount").await;
    let teacher_session = app.logged_in("teacher").await;
    expect(
        teacher_session.call("home", &[]).await,
        StatusCode::OK,
        "the teacher's session before",
    )
    .await;

    let coordinator = app.logged_in("coordinator").await;
    let on = today();
    expect(
        depart(&coordinator, teacher, on, "resigned").await,
        StatusCode::OK,
        "the departure",
    )
    .await;

    let (active, left_on, reason): (bool, Option<NaiveDate>, Option<String>) =
        sqlx::query_as("SELECT active, left_on, leave_reason FROM teachers WHERE id = $1")
            .bind(teacher)
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();
    assert!(!active);
    assert_eq!(left_on, Some(on));
    assert_eq!(reason.as_deref(), Some("resigned"));
    assert_eq!(pairing_ended(&app, pairing).await, Some(on));
    assert_eq!(
        i64_of(
            &app,
            &format!(
                "SELECT count(*) FROM mentor_pairings
                 WHERE (mentor_id = {teacher} OR mentee_id = {teacher}) AND ended_on IS NULL"
            )
        )
        .await,
        0,
        "no pairing stays open"
    );
    assert_eq!(
        history(&app, teacher).await.last().unwrap().3,
        Some(on),
        "the school spell ends with the departure"
    );
    assert_eq!(kept(&app, teacher).await, before, "every record is kept");

    // The login is closed: the open session ends and a new login fails.
    expect(
        teacher_session.call("home", &[]).await,
        StatusCode::UNAUTHORIZED,
        "the departed teacher's session",
    )
    .await;
    assert_ne!(
        app.client().login("teacher", DEMO_PASSWORD).await.status(),
        StatusCode::OK,
        "a departed teacher cannot log in"
    );

    // The statistics count them as left.
    let stats_after = stats(&center, "headcount").await;
    assert_eq!(
        stats_after["total"].as_i64().unwrap(),
        stats_before["total"].as_i64().unwrap() - 1,
        "one fewer active teacher"
    );
    let (r0, r1) = (
        cohort_cells(&stats_before, "retention", cohort),
        cohort_cells(&stats_after, "retention", cohort),
    );
    assert_eq!(r1[0], r0[0], "hired is unchanged");
    assert_eq!(r1[3], r0[3] + 1, "one more left: {r0:?} → {r1:?}");
    assert_eq!(r1[1] + r1[2], r0[1] + r0[2] - 1, "one fewer stayed");
    assert_eq!(
        cohort_cells(&stats_after, "by_cohort", cohort)[0],
        cohort_cells(&stats_before, "by_cohort", cohort)[0] - 1
    );
}

#[tokio::test]
async fn a_departure_dated_tomorrow_or_for_an_unknown_reason_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let school = coordinator_school(&app).await;
    let (teacher, login) = plain_teacher(&app, school, &[]).await;
    let coordinator = app.logged_in("coordinator").await;
    assert_eq!(
        field_error(depart(&coordinator, teacher, today() + days(1), "retired").await)
            .await
            .0,
        "on"
    );
    assert_eq!(
        field_error(depart(&coordinator, teacher, today(), "fired").await).await,
        ("reason".into(), "Invalid".into())
    );
    assert_eq!(
        i64_of(
            &app,
            &format!(
                "SELECT count(*) FROM teachers WHERE id = {teacher} AND active AND left_on IS NULL"
            )
        )
        .await,
        1
    );
    app.logged_in(&login).await;
    // Another school's coordinator may not record it.
    let (_, other) = other_coordinator(&app, &[school]).await;
    expect(
        depart(&app.logged_in(&other).await, teacher, today(), "retired").await,
        StatusCode::FORBIDDEN,
        "another school's coordinator",
    )
    .await;
}

// ---------------------------------------------------------------- undo

#[tokio::test]
async fn undoing_a_departure_the_same_day_restores_the_teacher_their_pairings_and_login() {
    let app = TestApp::spawn().await;
    let (teacher, school, pairing, _mentor) = demo_pair(&app).await;
    let history_before = history(&app, teacher).await;
    let coordinator = app.logged_in("coordinator").await;
    expect(
        depart(&coordinator, teacher, today(), "moved_out").await,
        StatusCode::OK,
        "the departure",
    )
    .await;
    assert_eq!(
        ok_json(record(&coordinator, teacher).await).await["undo"],
        "depart"
    );

    // Neither the teacher nor another school's coordinator may undo it.
    let (_, unrelated) = other_coordinator(&app, &[school]).await;
    let unrelated = app.logged_in(&unrelated).await;
    expect(
        undo(&unrelated, teacher).await,
        StatusCode::FORBIDDEN,
        "another school's coordinator",
    )
    .await;
    let mentor = app.logged_in("mentor").await;
    expect(
        undo(&mentor, teacher).await,
        StatusCode::FORBIDDEN,
        "a teacher (the mentor)",
    )
    .await;

    assert_eq!(undo_entries(&app, teacher).await, 0);
    expect(
        undo(&coordinator, teacher).await,
        StatusCode::OK,
        "the undo",
    )
    .await;

    let (active, left_on, reason): (bool, Option<NaiveDate>, Option<String>) =
        sqlx::query_as("SELECT active, left_on, leave_reason FROM teachers WHERE id = $1")
            .bind(teacher)
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();
    assert_eq!((active, left_on, reason), (true, None, None));
    assert_eq!(
        pairing_ended(&app, pairing).await,
        None,
        "the pairing is open again"
    );
    assert_eq!(
        i64_of(
            &app,
            &format!(
                "SELECT count(*) FROM mentor_pairings WHERE id = {pairing} AND end_reason IS NULL"
            )
        )
        .await,
        1
    );
    assert_eq!(history(&app, teacher).await, history_before);
    let again = app.logged_in("teacher").await;
    expect(
        again.call("home", &[]).await,
        StatusCode::OK,
        "the login works again",
    )
    .await;

    // The undo is audited, pointing at what it undid; a second undo has nothing to undo.
    assert_eq!(undo_entries(&app, teacher).await, 1);
    let detail: Value = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE entity = 'teacher' AND entity_id = $1 AND action = 'undo'",
    )
    .bind(teacher.to_string())
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    assert_eq!(detail["action"], "depart");
    expect(
        undo(&coordinator, teacher).await,
        StatusCode::CONFLICT,
        "a second undo",
    )
    .await;
    assert_eq!(undo_entries(&app, teacher).await, 1);
    assert_eq!(
        ok_json(record(&coordinator, teacher).await).await["undo"],
        Value::Null
    );
}

#[tokio::test]
async fn undoing_a_transfer_the_same_day_restores_the_school_and_the_history() {
    let app = TestApp::spawn().await;
    let school_a = coordinator_school(&app).await;
    let (school_b, coordinator_b) = other_coordinator(&app, &[school_a]).await;
    let (_, unrelated) = other_coordinator(&app, &[school_a, school_b]).await;
    let (teacher, _) = plain_teacher(&app, school_a, &[]).await;
    let history_before = history(&app, teacher).await;
    let coordinator_a = app.logged_in("coordinator").await;
    expect(
        transfer(&coordinator_a, teacher, school_b, today()).await,
        StatusCode::OK,
        "the transfer",
    )
    .await;
    assert_eq!(school_of(&app, teacher).await, school_b);

    expect(
        undo(&app.logged_in(&unrelated).await, teacher).await,
        StatusCode::FORBIDDEN,
        "a third school's coordinator",
    )
    .await;
    expect(
        undo(&app.logged_in("teacher").await, teacher).await,
        StatusCode::FORBIDDEN,
        "a teacher",
    )
    .await;
    assert_eq!(school_of(&app, teacher).await, school_b);

    // The new school's coordinator may undo it (the old one could too).
    let coordinator_b = app.logged_in(&coordinator_b).await;
    expect(
        undo(&coordinator_b, teacher).await,
        StatusCode::OK,
        "the undo",
    )
    .await;
    assert_eq!(school_of(&app, teacher).await, school_a);
    assert_eq!(history(&app, teacher).await, history_before);
    expect(
        record(&coordinator_a, teacher).await,
        StatusCode::OK,
        "back in school A's roster",
    )
    .await;
    expect(
        undo(&coordinator_a, teacher).await,
        StatusCode::CONFLICT,
        "a second undo",
    )
    .await;
    assert_eq!(
        i64_of(
            &app,
            &format!(
                "SELECT count(*) FROM audit_log WHERE entity = 'teacher' AND entity_id = '{teacher}'
                   AND action = 'undo' AND detail->>'action' = 'transfer'"
            )
        )
        .await,
        1,
        "the undo is audited once"
    );

    // The old school's coordinator, who no longer reads the record, may undo a transfer too.
    expect(
        transfer(&coordinator_a, teacher, school_b, today()).await,
        StatusCode::OK,
        "the transfer again",
    )
    .await;
    expect(
        record(&coordinator_a, teacher).await,
        StatusCode::FORBIDDEN,
        "school B's teacher again",
    )
    .await;
    expect(
        undo(&coordinator_a, teacher).await,
        StatusCode::OK,
        "the undo by the old school",
    )
    .await;
    assert_eq!(school_of(&app, teacher).await, school_a);
    assert_eq!(history(&app, teacher).await, history_before);
}

#[tokio::test]
async fn a_movement_recorded_before_today_cannot_be_undone() {
    let app = TestApp::spawn().await;
    let school_a = coordinator_school(&app).await;
    let (school_b, _) = other_coordinator(&app, &[school_a]).await;
    let (teacher, _) = plain_teacher(&app, school_a, &[]).await;
    let center = app.logged_in("center").await;
    expect(
        transfer(&center, teacher, school_b, today()).await,
        StatusCode::OK,
        "the transfer",
    )
    .await;
    exec(
        &app,
        &format!(
            "UPDATE audit_log SET at = at - interval '1 day'
             WHERE entity = 'teacher' AND entity_id = '{teacher}' AND action = 'transfer'"
        ),
    )
    .await;
    expect(
        undo(&center, teacher).await,
        StatusCode::CONFLICT,
        "yesterday's transfer",
    )
    .await;
    assert_eq!(school_of(&app, teacher).await, school_b);
}

// ---------------------------------------------------------------- roles

#[tokio::test]
async fn center_staff_grant_and_revoke_mentor_and_coordinator_roles_that_take_effect_at_once() {
    let app = TestApp::spawn().await;
    let own_school = coordinator_school(&app).await;
    let (school, _) = other_coordinator(&app, &[own_school]).await;
    let (teacher, login) = plain_teacher(&app, own_school, &[]).await;
    let (at_school, _) = plain_teacher(&app, school, &[]).await;
    let user = i64_of(
        &app,
        &format!("SELECT id FROM users WHERE teacher_id = {teacher}"),
    )
    .await;
    let client = app.logged_in(&login).await;
    expect(
        record(&client, at_school).await,
        StatusCode::FORBIDDEN,
        "a plain teacher reads no record",
    )
    .await;

    let center = app.logged_in("center").await;
    expect(
        role(&center, "grant_role", teacher, "mentor", None).await,
        StatusCode::OK,
        "grant mentor",
    )
    .await;
    assert_eq!(role_count(&app, user, "mentor").await, 1);
    expect(
        role(
            &center,
            "grant_role",
            teacher,
            "school_coordinator",
            Some(school),
        )
        .await,
        StatusCode::OK,
        "grant coordinator",
    )
    .await;
    assert_eq!(
        i64_of(
            &app,
            &format!(
                "SELECT count(*) FROM user_roles WHERE user_id = {user}
                 AND role = 'school_coordinator' AND school_id = {school}"
            )
        )
        .await,
        1
    );

    // The same session now manages that school's roster, and only it.
    expect(
        record(&client, at_school).await,
        StatusCode::OK,
        "the granted school's record",
    )
    .await;
    let roster_form: Vec<(String, String)> = [
        "q",
        "school",
        "subject",
        "stage",
        "cohort",
        "status",
        "tier",
        "programme",
        "page",
    ]
    .iter()
    .map(|k| (format!("query[{k}]"), String::new()))
    .collect();
    let roster_form: Vec<(&str, &str)> = roster_form
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let roster = ok_json(client.call("roster", &roster_form).await).await;
    assert_eq!(
        roster["total"].as_i64().unwrap(),
        i64_of(
            &app,
            &format!("SELECT count(*) FROM teachers WHERE school_id = {school} AND active")
        )
        .await
    );
    let view = ok_json(record(&center, teacher).await).await;
    let granted: Vec<&str> = view["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["role"].as_str().unwrap())
        .collect();
    assert!(granted.contains(&"mentor") && granted.contains(&"school_coordinator"));

    // Revoked: gone at once.
    expect(
        role(
            &center,
            "revoke_role",
            teacher,
            "school_coordinator",
            Some(school),
        )
        .await,
        StatusCode::OK,
        "revoke coordinator",
    )
    .await;
    expect(
        role(&center, "revoke_role", teacher, "mentor", None).await,
        StatusCode::OK,
        "revoke mentor",
    )
    .await;
    assert_eq!(role_count(&app, user, "mentor").await, 0);
    assert_eq!(role_count(&app, user, "school_coordinator").await, 0);
    expect(
        record(&client, at_school).await,
        StatusCode::FORBIDDEN,
        "the revoked coordinator",
    )
    .await;
    assert_eq!(
        i64_of(
            &app,
            &format!(
                "SELECT count(*) FROM audit_log WHERE entity = 'teacher' AND entity_id = '{teacher}'
                   AND action IN ('grant_role', 'revoke_role')"
            )
        )
        .await,
        4,
        "each grant and revoke is audited"
    );
}

#[tokio::test]
async fn coordinators_and_teachers_may_not_grant_or_revoke_roles() {
    let app = TestApp::spawn().await;
    let school = coordinator_school(&app).await;
    let (teacher, _) = plain_teacher(&app, school, &[]).await;
    let coordinator_teacher = app.teacher_id_of("coordinator").await;
    let roles_before = i64_of(&app, "SELECT count(*) FROM user_roles").await;
    for login in ["coordinator", "mentor", "teacher"] {
        let client = app.logged_in(login).await;
        for (who, r, s) in [
            (teacher, "mentor", None),
            (teacher, "school_coordinator", Some(school)),
            (coordinator_teacher, "center_staff", None),
        ] {
            expect(
                role(&client, "grant_role", who, r, s).await,
                StatusCode::FORBIDDEN,
                &format!("{login} grants {r}"),
            )
            .await;
        }
        expect(
            role(
                &client,
                "revoke_role",
                coordinator_teacher,
                "school_coordinator",
                Some(school),
            )
            .await,
            StatusCode::FORBIDDEN,
            &format!("{login} revokes"),
        )
        .await;
    }
    assert_eq!(
        i64_of(&app, "SELECT count(*) FROM user_roles").await,
        roles_before
    );
}

/// Gives center staff to a teacher's account (as the center does) and closes the demo's
/// `center` account, so that the teacher holds the last open center account.
async fn last_center_is(app: &TestApp, teacher: i64) {
    let center = app.logged_in("center").await;
    expect(
        role(&center, "grant_role", teacher, "center_staff", None).await,
        StatusCode::OK,
        "grant center staff",
    )
    .await;
    exec(
        app,
        "UPDATE users SET disabled = true WHERE username = 'center'",
    )
    .await;
    assert_eq!(
        i64_of(
            app,
            "SELECT count(DISTINCT u.id) FROM users u JOIN user_roles r ON r.user_id = u.id
             WHERE r.role = 'center_staff' AND NOT u.disabled"
        )
        .await,
        1,
        "one open center account"
    );
}

#[tokio::test]
async fn the_last_open_center_account_cannot_lose_center_staff() {
    let app = TestApp::spawn().await;
    let school = coordinator_school(&app).await;
    let (teacher, login) = plain_teacher(&app, school, &[]).await;
    last_center_is(&app, teacher).await;
    let me = app.logged_in(&login).await;
    assert_eq!(
        field_error(role(&me, "revoke_role", teacher, "center_staff", None).await).await,
        ("role".into(), "LastCenter".into())
    );
    assert_eq!(
        i64_of(
            &app,
            &format!(
                "SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id
                 WHERE u.teacher_id = {teacher} AND r.role = 'center_staff'"
            )
        )
        .await,
        1,
        "the role is kept"
    );
    // With another center account open again, it can go.
    exec(
        &app,
        "UPDATE users SET disabled = false WHERE username = 'center'",
    )
    .await;
    expect(
        role(&me, "revoke_role", teacher, "center_staff", None).await,
        StatusCode::OK,
        "revoke with another center account open",
    )
    .await;
}

#[tokio::test]
async fn the_teacher_holding_the_last_open_center_account_cannot_depart() {
    let app = TestApp::spawn().await;
    let school = coordinator_school(&app).await;
    let (teacher, login) = plain_teacher(&app, school, &[]).await;
    last_center_is(&app, teacher).await;
    for client in [
        app.logged_in("coordinator").await,
        app.logged_in(&login).await,
    ] {
        assert_eq!(
            field_error(depart(&client, teacher, today(), "retired").await).await,
            ("teacher".into(), "LastCenter".into())
        );
    }
    assert_eq!(
        i64_of(
            &app,
            &format!(
                "SELECT count(*) FROM teachers t JOIN users u ON u.teacher_id = t.id
                 WHERE t.id = {teacher} AND t.active AND NOT u.disabled"
            )
        )
        .await,
        1,
        "still active, login open"
    );
}

// ---------------------------------------------------------------- audit log

#[tokio::test]
async fn the_audit_log_filters_by_teacher_action_who_and_date_for_center_staff() {
    let app = TestApp::spawn().await;
    let school_a = coordinator_school(&app).await;
    let (school_b, _) = other_coordinator(&app, &[school_a]).await;
    let (teacher, _) = plain_teacher(&app, school_a, &[]).await;
    let staff_no = text_of(
        &app,
        &format!("SELECT staff_no FROM teachers WHERE id = {teacher}"),
    )
    .await;
    let coordinator = app.logged_in("coordinator").await;
    let center = app.logged_in("center").await;

    let form = ok_json(record(&coordinator, teacher).await).await["form"].clone();
    let mut edit: Vec<(String, String)> = vec![("id".into(), teacher.to_string())];
    for (k, v) in form.as_object().unwrap() {
        let v = if k == "phone" {
            "13800001234".to_string()
        } else {
            v.as_str().unwrap().to_string()
        };
        edit.push((format!("form[{k}]"), v));
    }
    let edit: Vec<(&str, &str)> = edit.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    expect(
        coordinator.call("update_teacher", &edit).await,
        StatusCode::OK,
        "the edit",
    )
    .await;
    expect(
        transfer(&coordinator, teacher, school_b, today()).await,
        StatusCode::OK,
        "the transfer",
    )
    .await;

    let by_teacher = ok_json(audit(&center, &[("teacher", &staff_no.to_lowercase())]).await).await;
    assert_eq!(
        audit_rows(&by_teacher),
        vec![
            ("transfer".to_string(), staff_no.clone()),
            ("update".to_string(), staff_no.clone())
        ],
        "newest first, by staff number in any case"
    );
    assert_eq!(by_teacher["total"], 2);
    let update = &by_teacher["rows"][1];
    assert!(
        update["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c.to_string().contains("13800001234")),
        "the entry shows what changed: {update}"
    );
    let transfers = ok_json(audit(&center, &[("action", "transfer")]).await).await;
    let rows = audit_rows(&transfers);
    assert!(rows.iter().all(|(a, _)| a == "transfer"), "{rows:?}");
    assert!(rows.contains(&("transfer".to_string(), staff_no.clone())));
    let by_who = ok_json(
        audit(
            &center,
            &[("who", "coordinator"), ("teacher", staff_no.as_str())],
        )
        .await,
    )
    .await;
    assert_eq!(by_who["total"], 2);
    let by_other =
        ok_json(audit(&center, &[("who", "center"), ("teacher", &staff_no)]).await).await;
    assert_eq!(by_other["total"], 0);

    // Dates: move the edit back into October; each range finds its entries.
    exec(
        &app,
        &format!(
            "UPDATE audit_log SET at = '2026-10-15 12:00+08' WHERE entity = 'teacher'
               AND entity_id = '{teacher}' AND action = 'update'"
        ),
    )
    .await;
    let today = today().to_string();
    let october = ok_json(
        audit(
            &center,
            &[
                ("teacher", &staff_no),
                ("from", "2026-10-01"),
                ("to", "2026-10-15"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        audit_rows(&october),
        vec![("update".to_string(), staff_no.clone())]
    );
    let since_today =
        ok_json(audit(&center, &[("teacher", &staff_no), ("from", &today)]).await).await;
    assert_eq!(
        audit_rows(&since_today),
        vec![("transfer".to_string(), staff_no.clone())]
    );
    let until_14th =
        ok_json(audit(&center, &[("teacher", &staff_no), ("to", "2026-10-14")]).await).await;
    assert_eq!(until_14th["total"], 0, "`to` ends with its day");
    let from_16th = ok_json(
        audit(
            &center,
            &[
                ("teacher", &staff_no),
                ("from", "2026-10-16"),
                ("to", &today),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        audit_rows(&from_16th),
        vec![("transfer".to_string(), staff_no.clone())]
    );
}

#[tokio::test]
async fn a_coordinator_reads_the_audit_of_their_school_only_and_a_teacher_none() {
    let app = TestApp::spawn().await;
    let school_a = coordinator_school(&app).await;
    let (school_b, _) = other_coordinator(&app, &[school_a]).await;
    let (ours, _) = plain_teacher(&app, school_a, &[]).await;
    let (theirs, _) = plain_teacher(&app, school_b, &[]).await;
    let center = app.logged_in("center").await;
    let mut staff_nos = Vec::new();
    for teacher in [ours, theirs] {
        let form = ok_json(record(&center, teacher).await).await["form"].clone();
        staff_nos.push(form["staff_no"].as_str().unwrap().to_string());
        let mut edit: Vec<(String, String)> = vec![("id".into(), teacher.to_string())];
        for (k, v) in form.as_object().unwrap() {
            let v = if k == "email" {
                format!("t{teacher}@example.cn")
            } else {
                v.as_str().unwrap().to_string()
            };
            edit.push((format!("form[{k}]"), v));
        }
        let edit: Vec<(&str, &str)> = edit.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        expect(
            center.call("update_teacher", &edit).await,
            StatusCode::OK,
            "center edits",
        )
        .await;
    }
    let coordinator = app.logged_in("coordinator").await;
    let mine = ok_json(audit(&coordinator, &[("teacher", &staff_nos[0])]).await).await;
    assert_eq!(
        audit_rows(&mine),
        vec![("update".to_string(), staff_nos[0].clone())]
    );
    let other = ok_json(audit(&coordinator, &[("teacher", &staff_nos[1])]).await).await;
    assert_eq!(other["total"], 0, "another school's teacher: {other}");
    let all = ok_json(audit(&coordinator, &[]).await).await;
    assert!(
        !audit_rows(&all).iter().any(|(_, s)| *s == staff_nos[1]),
        "not in the unfiltered list either"
    );
    // Center staff see both.
    for no in &staff_nos {
        assert_eq!(
            ok_json(audit(&center, &[("teacher", no)]).await).await["total"],
            1
        );
    }

    // The export: an .xlsx for center staff, refused to a teacher.
    let res = center.get("/audit.xlsx").await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an .xlsx (a zip)");
    let res = center
        .get(&format!("/audit.xlsx?teacher={}", staff_nos[1]))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let teacher = app.logged_in("teacher").await;
    expect(
        audit(&teacher, &[]).await,
        StatusCode::FORBIDDEN,
        "a teacher's audit log",
    )
    .await;
    assert_ne!(teacher.get("/audit.xlsx").await.status(), StatusCode::OK);
}

// ---------------------------------------------------------------- school years

async fn years(client: &Client) -> Vec<Value> {
    ok_json(client.call("years", &[]).await).await["years"]
        .as_array()
        .unwrap()
        .clone()
}

fn year(list: &[Value], y: i32) -> &Value {
    list.iter()
        .find(|r| r["year"] == y)
        .unwrap_or_else(|| panic!("year {y} listed"))
}

fn term_names(row: &Value) -> Vec<String> {
    row["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_years_list_the_demo_years_newest_first_and_opening_adds_only_the_coming_year() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let list = years(&center).await;
    let numbers: Vec<i64> = list.iter().map(|r| r["year"].as_i64().unwrap()).collect();
    assert_eq!(numbers, vec![2026, 2025, 2024], "the demo's terms' years");
    assert_eq!(
        term_names(year(&list, 2025)),
        vec!["2025–2026学年第一学期", "2025–2026学年第二学期"]
    );
    assert_eq!(year(&list, 2026)["cohort"], "2026级新教师");
    assert!(list.iter().all(|r| r["closed_at"].is_null()));

    let opened = ok_json(center.call("open_year", &[]).await).await;
    assert_eq!(opened, 2027);
    let list = years(&center).await;
    assert_eq!(list[0]["year"], 2027, "newest first");
    let next = year(&list, 2027);
    assert_eq!(next["starts_on"], "2027-08-01");
    assert_eq!(next["ends_on"], "2028-07-31");
    assert_eq!(next["cohort"], "2027级新教师");
    let terms = next["terms"].as_array().unwrap();
    assert_eq!(terms.len(), 1, "the latest year had one term: {terms:?}");
    assert_eq!(terms[0]["name"], "2027–2028学年第一学期");
    assert_eq!(terms[0]["starts_on"], "2027-09-01");
    assert_eq!(terms[0]["ends_on"], "2028-01-29");
    let cohort_start: NaiveDate =
        sqlx::query_scalar("SELECT starts_on FROM entry_cohorts WHERE year = 2027")
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();
    assert_eq!(cohort_start.to_string(), "2027-08-20");

    // Only the coming year opens: the one after it waits until the coming one has begun.
    assert_eq!(
        center.call("open_year", &[]).await.status(),
        StatusCode::CONFLICT
    );
    let list = years(&center).await;
    let numbers: Vec<i64> = list.iter().map(|r| r["year"].as_i64().unwrap()).collect();
    assert_eq!(numbers, vec![2027, 2026, 2025, 2024]);
    assert_eq!(
        i64_of(
            &app,
            "SELECT count(*) FROM audit_log WHERE action = 'open_year'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_year_whose_terms_have_not_ended_cannot_be_closed_nor_a_year_closed_twice() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    for y in ["2026", "2031"] {
        let res = center.call("close_year", &[("year", y)]).await;
        assert_ne!(res.status(), StatusCode::OK, "{y}");
    }
    expect(
        center.call("close_year", &[("year", "2026")]).await,
        StatusCode::CONFLICT,
        "the current year, its first term still running",
    )
    .await;
    expect(
        center.call("close_year", &[("year", "2024")]).await,
        StatusCode::OK,
        "a finished year",
    )
    .await;
    expect(
        center.call("close_year", &[("year", "2024")]).await,
        StatusCode::CONFLICT,
        "closed twice",
    )
    .await;
    assert_eq!(
        i64_of(
            &app,
            "SELECT count(*) FROM school_years WHERE closed_at IS NOT NULL"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_closed_year_keeps_its_figures_when_a_later_correction_changes_the_live_ones() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    expect(
        center.call("close_year", &[("year", "2025")]).await,
        StatusCode::OK,
        "close 2025",
    )
    .await;
    let list = years(&center).await;
    let closed = year(&list, 2025).clone();
    assert!(closed["closed_at"].is_string());
    assert!(
        !closed["tables"].as_array().unwrap().is_empty(),
        "the statistics are frozen with it"
    );
    let frozen_left = closed["figures"]["left"].as_i64().unwrap();
    assert_eq!(
        frozen_left,
        i64_of(
            &app,
            "SELECT count(*) FROM teachers WHERE left_on BETWEEN '2025-08-01' AND '2026-07-31'"
        )
        .await
    );
    let live_2024 = year(&list, 2024)["figures"].clone();
    let live_2026 = year(&list, 2026)["figures"].clone();

    // A departure dated in the closed year, recorded now.
    let teacher: i64 = i64_of(
        &app,
        "SELECT t.id FROM teachers t JOIN users u ON u.teacher_id = t.id
         WHERE t.active AND t.hire_date < '2025-01-01'
           AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role <> 'teacher')
           AND NOT EXISTS (SELECT 1 FROM teacher_school_history h
                           WHERE h.teacher_id = t.id AND h.from_date > '2026-06-30')
         ORDER BY t.id LIMIT 1",
    )
    .await;
    expect(
        depart(
            &center,
            teacher,
            NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            "retired",
        )
        .await,
        StatusCode::OK,
        "a departure in June 2026",
    )
    .await;

    let list = years(&center).await;
    assert_eq!(
        year(&list, 2025)["figures"],
        closed["figures"],
        "the closed year's figures are as they were"
    );
    assert_eq!(year(&list, 2025)["tables"], closed["tables"]);
    assert_eq!(
        i64_of(
            &app,
            "SELECT count(*) FROM teachers WHERE left_on BETWEEN '2025-08-01' AND '2026-07-31'"
        )
        .await,
        frozen_left + 1,
        "while the data now says one more left that year"
    );
    // An open year counts the teachers serving at its end (or today): a June 2026 departure
    // leaves 2024–2025's count as it was and lowers the year under way.
    assert_eq!(
        year(&list, 2024)["figures"]["teachers"],
        live_2024["teachers"],
        "the open year 2024 ended before the departure"
    );
    assert_eq!(
        year(&list, 2026)["figures"]["teachers"].as_i64().unwrap(),
        live_2026["teachers"].as_i64().unwrap() - 1,
        "the year under way counts one teacher fewer"
    );
    let snapshot_by: i64 = i64_of(
        &app,
        "SELECT y.closed_by FROM school_years y WHERE y.year = 2025 AND y.snapshot IS NOT NULL",
    )
    .await;
    assert_eq!(
        snapshot_by,
        i64_of(&app, "SELECT id FROM users WHERE username = 'center'").await
    );
}

#[tokio::test]
async fn coordinators_and_teachers_may_not_read_open_or_close_years() {
    let app = TestApp::spawn().await;
    for login in ["coordinator", "teacher"] {
        let client = app.logged_in(login).await;
        for (endpoint, form) in [
            ("years", vec![]),
            ("open_year", vec![]),
            ("close_year", vec![("year", "2024")]),
        ] {
            expect(
                client.call(endpoint, &form).await,
                StatusCode::FORBIDDEN,
                &format!("{login}: {endpoint}"),
            )
            .await;
        }
    }
    assert_eq!(
        i64_of(
            &app,
            "SELECT count(*) FROM school_years WHERE closed_at IS NOT NULL OR year > 2026"
        )
        .await,
        0
    );
}
