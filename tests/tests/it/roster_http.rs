//! The roster, accounts and the school year over HTTP: the yearly intake (GBK CSV, an .xlsx
//! written by another program, refused files), one-time passwords and the forced change, resets,
//! who may see and change which record, the record's edit with its history, schools, and the
//! roster's search, pages and export.
use app::error::{problem_message, AppError, FieldProblem};
use app::i18n::Locale;
use reqwest::multipart::{Form, Part};
use serde_json::Value;
use tests::{json, ok_json, Client, StatusCode, TestApp, DEMO_PASSWORD};

// ---------------------------------------------------------------- helpers

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Posts an intake file as the import page's form does (fields `cohort` and `file`).
async fn upload(
    client: &Client,
    cohort: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new()
        .text("cohort", cohort.to_string())
        .part("file", Part::bytes(bytes).file_name(file_name.to_string()));
    client.post_multipart("/roster/import", form).await
}

/// The staged intake's id, from the redirect to its preview.
async fn staged(res: reqwest::Response) -> i64 {
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the upload is staged: {}",
        res.text().await.unwrap_or_default()
    );
    location
        .strip_prefix("/roster/import/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("redirect to the preview: {location}"))
}

async fn preview(client: &Client, id: i64) -> Value {
    ok_json(
        client
            .call("intake_preview", &[("id", &id.to_string())])
            .await,
    )
    .await
}

async fn apply(client: &Client, id: i64) -> reqwest::Response {
    client
        .call("apply_intake", &[("id", &id.to_string())])
        .await
}

/// A problem's name as the JSON carries it: `"UnknownSchool"` or `{"DateWindow": {…}}`.
fn problem_name(p: &Value) -> String {
    match p {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.keys().next().cloned().unwrap_or_default(),
        other => other.to_string(),
    }
}

/// A preview row's status in short: `New`, `Unchanged`, `Changes` or `Problem <field> <problem>`.
fn status(row: &Value) -> String {
    let s = &row["status"];
    if let Some(s) = s.as_str() {
        return s.to_string();
    }
    if s.get("Changes").is_some() {
        return "Changes".into();
    }
    let p = &s["Problem"];
    format!(
        "Problem {} {}",
        p["field"].as_str().unwrap_or("?"),
        problem_name(&p["problem"])
    )
}

/// The preview's row from line `line` of the file.
fn line(preview: &Value, line: i64) -> &Value {
    preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == line)
        .unwrap_or_else(|| panic!("line {line} in the preview: {preview}"))
}

/// The field errors of a refused call: (field, problem).
fn field_errors(body: &Value) -> Vec<(String, String)> {
    body["Invalid"]
        .as_array()
        .unwrap_or_else(|| panic!("a field error: {body}"))
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_string(),
                problem_name(&e["problem"]),
            )
        })
        .collect()
}

fn has_error(body: &Value, field: &str, problem: &str) -> bool {
    field_errors(body)
        .iter()
        .any(|(f, p)| f == field && p == problem)
}

/// A refused upload, as a script gets it: 422 and the line `file: <the problem in Chinese>`.
async fn assert_file_refused(res: reqwest::Response, problem: FieldProblem, what: &str) {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{what}");
    let body = res.text().await.unwrap();
    let line = format!("file: {}", problem_message(problem, Locale::ZhCn.texts()));
    assert!(body.lines().any(|l| l == line), "{what}: {body}");
}

/// The school of a demo login: (id, code, name).
async fn school_of(app: &TestApp, username: &str) -> (i32, String, String) {
    sqlx::query_as(
        "SELECT s.id, s.code, s.name FROM users u JOIN teachers t ON t.id = u.teacher_id
         JOIN schools s ON s.id = t.school_id WHERE u.username = $1",
    )
    .bind(username)
    .fetch_one(&mut app.db().await)
    .await
    .unwrap()
}

/// Another school than `not`, with its coordinator's login: (id, code, coordinator).
async fn other_school(app: &TestApp, not: i32) -> (i32, String, String) {
    sqlx::query_as(
        "SELECT s.id, s.code, u.username FROM user_roles r JOIN users u ON u.id = r.user_id
         JOIN schools s ON s.id = r.school_id
         WHERE r.role = 'school_coordinator' AND r.school_id <> $1 AND NOT u.disabled
         ORDER BY s.id LIMIT 1",
    )
    .bind(not)
    .fetch_one(&mut app.db().await)
    .await
    .unwrap()
}

/// An active teacher of `school` with an open account, not one of the demo logins: (id, staff no).
async fn teacher_at(app: &TestApp, school: i32) -> (i64, String) {
    sqlx::query_as(
        "SELECT t.id, t.staff_no FROM teachers t JOIN users u ON u.teacher_id = t.id
         WHERE t.school_id = $1 AND t.active AND NOT u.disabled
           AND u.username NOT IN ('teacher', 'mentor', 'coordinator')
           AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role <> 'teacher')
         ORDER BY t.id LIMIT 1",
    )
    .bind(school)
    .fetch_one(&mut app.db().await)
    .await
    .unwrap()
}

/// The headings of the intake lists these tests write (UTF-8 or GBK).
const HEADER: &str = "工号,姓名,性别,出生日期,入职日期,学校,学科,学段,学历,政治面貌";

/// A row for a new teacher of the 2026 intake at `school` (its code or name).
fn new_row(staff_no: &str, name: &str, school: &str) -> String {
    format!("{staff_no},{name},女,2000-03-04,2026-08-25,{school},语文,小学,本科,群众")
}

/// Imports new teachers at `school` through the upload, preview and confirm.
async fn import_new(client: &Client, school: &str, staff_nos: &[&str]) {
    let mut csv = format!("{HEADER}\n");
    for (i, s) in staff_nos.iter().enumerate() {
        csv.push_str(&new_row(s, &format!("新教师{i}"), school));
        csv.push('\n');
    }
    let id = staged(upload(client, "2026", "intake.csv", csv.into_bytes()).await).await;
    let counts = ok_json(apply(client, id).await).await;
    assert_eq!(counts["new"], staff_nos.len(), "{counts}");
}

/// The one-time passwords handed out as printable slips: (login, password) each.
async fn slips(client: &Client) -> Vec<(String, String)> {
    let res = client
        .http
        .post(format!("{}/roster/passwords", client.address))
        .form(&[("format", "print")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-store"));
    let page = res.text().await.unwrap();
    let values = |testid: &str| -> Vec<String> {
        let marker = format!("data-testid=\"{testid}\">");
        page.split(&marker)
            .skip(1)
            .map(|rest| rest.split("</dd>").next().unwrap().to_string())
            .collect()
    };
    let (logins, passwords) = (values("slip-login"), values("slip-password"));
    assert_eq!(logins.len(), passwords.len(), "{page}");
    logins.into_iter().zip(passwords).collect()
}

async fn audit_count(app: &TestApp, entity: &str) -> i64 {
    app.scalar(&format!(
        "SELECT count(*) FROM audit_log WHERE entity = '{entity}'"
    ))
    .await
}

/// The roster as a page asks for it: every filter blank but those given.
async fn roster(client: &Client, filters: &[(&str, &str)]) -> reqwest::Response {
    let keys = [
        "q",
        "school",
        "subject",
        "stage",
        "cohort",
        "status",
        "tier",
        "programme",
        "page",
    ];
    let form: Vec<(String, String)> = keys
        .iter()
        .map(|k| {
            let v = filters.iter().find(|(f, _)| f == k).map_or("", |(_, v)| *v);
            (format!("query[{k}]"), v.to_string())
        })
        .collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    client.call("roster", &form).await
}

/// A record's stored form as the edit form posts it (`form[name]`, …), with `changes` over it.
fn teacher_form(record: &Value, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    record["form"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let v = changes
                .iter()
                .find(|(c, _)| c == k)
                .map_or_else(|| v.as_str().unwrap().to_string(), |(_, v)| v.to_string());
            (format!("form[{k}]"), v)
        })
        .collect()
}

async fn update_teacher(client: &Client, id: i64, form: &[(String, String)]) -> reqwest::Response {
    let id = id.to_string();
    let mut pairs: Vec<(&str, &str)> = vec![("id", &id)];
    pairs.extend(form.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    client.call("update_teacher", &pairs).await
}

async fn record(client: &Client, id: i64) -> reqwest::Response {
    client
        .call("roster_record", &[("id", &id.to_string())])
        .await
}

async fn reset(client: &Client, teacher_id: i64) -> reqwest::Response {
    client
        .call("reset_password", &[("teacher_id", &teacher_id.to_string())])
        .await
}

async fn change_password(
    client: &Client,
    current: &str,
    new: &str,
    repeat: &str,
) -> reqwest::Response {
    client
        .call(
            "change_password",
            &[
                ("current_password", current),
                ("new_password", new),
                ("repeat_password", repeat),
            ],
        )
        .await
}

/// The answer is the refusal of a one-time password: 403 `PasswordChange`.
async fn assert_password_change(res: reqwest::Response, what: &str) {
    let status = res.status();
    let body = res.text().await.unwrap();
    assert!(
        status == StatusCode::FORBIDDEN && body.contains("PasswordChange"),
        "{what} refuses a one-time password: {status} {body}"
    );
}

fn is_xlsx(res: &reqwest::Response) -> bool {
    res.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("spreadsheetml"))
}

fn sheet_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    assert_eq!(&bytes[..2], b"PK", "a zip container");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

// ---------------------------------------------------------------- 1. the intake, GBK CSV

#[tokio::test]
async fn a_gbk_intake_previews_each_row_writes_only_on_confirm_once_and_a_reimport_writes_nothing()
{
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let (school, code, school_name) = school_of(&app, "teacher").await;
    let demo = app.teacher_id_of("teacher").await;
    let (staff_no, name, hire_date, subject, stage): (String, String, String, String, String) =
        sqlx::query_as(
            "SELECT staff_no, name, hire_date::text, subject, stage FROM teachers WHERE id = $1",
        )
        .bind(demo)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    let new_subject = if subject == "数学" {
        "语文"
    } else {
        "数学"
    };
    let csv = [
        HEADER.to_string(),
        // 2, 3: new teachers, the school by its code and by its name, dates as typed in China.
        new_row("N2026001", "张晓燕", &code),
        format!("N2026002,李文博,男,1999-07-15,2026/8/26,{school_name},数学,初中,硕士,中共党员"),
        // 4: no such school.
        new_row("N2026003", "王芳", "SIP-999"),
        // 5: line 2's staff number again (in another case).
        new_row("n2026001", "张晓燕", &code),
        // 6: a date that does not exist.
        "N2026004,赵磊,男,2000-01-01,2026-02-30,SIP-001,体育,小学,本科,群众".to_string(),
        // 7: the demo teacher, with another subject; the blanks keep what is stored.
        format!("{staff_no},{name},,,{hire_date},{code},{new_subject},{stage},,"),
    ]
    .join("\r\n");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&csv);
    assert!(!unmappable);
    let bytes = bytes.into_owned();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is GBK, not UTF-8"
    );

    let teachers_before = app.scalar("SELECT count(*) FROM teachers").await;
    let users_before = app.scalar("SELECT count(*) FROM users").await;
    let audited_before = audit_count(&app, "teacher").await;

    let id = staged(upload(&center, "2026", "新教师名单.csv", bytes.clone()).await).await;
    let p = preview(&center, id).await;
    assert_eq!(p["cohort_year"], 2026);
    assert_eq!(p["applied"], false);
    assert_eq!(p["file_name"], "新教师名单.csv");
    assert_eq!(p["rows"].as_array().unwrap().len(), 6, "{p}");
    assert_eq!(status(line(&p, 2)), "New");
    assert_eq!(status(line(&p, 3)), "New");
    assert_eq!(status(line(&p, 4)), "Problem school UnknownSchool");
    assert_eq!(status(line(&p, 5)), "Problem staff_no DuplicateInFile");
    assert_eq!(status(line(&p, 6)), "Problem hire_date Invalid");
    assert_eq!(
        line(&p, 7)["status"]["Changes"],
        serde_json::json!([{ "field": "subject", "old": subject, "new": new_subject }])
    );
    // Labels in the file (女, 小学, 本科, 群众) are read as the codes the record keeps.
    let form = &line(&p, 2)["form"];
    assert_eq!(form["name"], "张晓燕");
    assert_eq!(form["gender"], "f");
    assert_eq!(form["stage"], "primary");
    assert_eq!(form["education"], "bachelor");
    assert_eq!(form["party_stage"], "none");
    assert_eq!(
        p["counts"],
        serde_json::json!({ "new": 2, "changed": 1, "unchanged": 0, "problems": 3 })
    );
    // The preview wrote no teacher, account or history.
    assert_eq!(
        app.scalar("SELECT count(*) FROM teachers").await,
        teachers_before
    );
    assert_eq!(app.scalar("SELECT count(*) FROM users").await, users_before);
    assert_eq!(audit_count(&app, "teacher").await, audited_before);
    let still: String = sqlx::query_scalar("SELECT subject FROM teachers WHERE id = $1")
        .bind(demo)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    assert_eq!(still, subject, "the preview changed no record");

    // Confirm: the two new teachers, each with a school history and a pending account; the change.
    let counts = ok_json(apply(&center, id).await).await;
    assert_eq!(
        counts,
        serde_json::json!({ "new": 2, "changed": 1, "unchanged": 0, "problems": 3 })
    );
    assert_eq!(
        app.scalar("SELECT count(*) FROM teachers").await,
        teachers_before + 2
    );
    for (staff, hired) in [("N2026001", "2026-08-25"), ("N2026002", "2026-08-26")] {
        let (t_school, cohort, t_hired, history, username, pending, must_change, roles): (
            i32,
            Option<i32>,
            String,
            i64,
            String,
            bool,
            bool,
            Vec<String>,
        ) = sqlx::query_as(
            "SELECT t.school_id, t.cohort_year, t.hire_date::text,
                    (SELECT count(*) FROM teacher_school_history h
                      WHERE h.teacher_id = t.id AND h.school_id = t.school_id AND h.from_date = t.hire_date),
                    u.username, u.password_pending, u.must_change_password,
                    ARRAY(SELECT r.role FROM user_roles r WHERE r.user_id = u.id ORDER BY r.role)
             FROM teachers t JOIN users u ON u.teacher_id = t.id WHERE t.staff_no = $1",
        )
        .bind(staff)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
        assert_eq!(t_school, school, "{staff}");
        assert_eq!(cohort, Some(2026), "{staff}");
        assert_eq!(t_hired, hired, "{staff}");
        assert_eq!(history, 1, "{staff} has a school history row");
        assert_eq!(username, staff.to_lowercase());
        assert!(pending, "{staff}'s account waits for its one-time password");
        assert!(!must_change);
        assert_eq!(roles, vec!["teacher".to_string()]);
        // Pending: no password logs in yet.
        assert_eq!(
            app.client().login(&username, "!").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let changed: String = sqlx::query_scalar("SELECT subject FROM teachers WHERE id = $1")
        .bind(demo)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    assert_eq!(changed, new_subject);
    let intake_audits = app
        .scalar(
            "SELECT count(*) FROM audit_log a JOIN teachers t ON a.entity_id = t.id::text
             WHERE a.entity = 'teacher' AND a.action = 'intake' AND t.staff_no IN ('N2026001', 'N2026002')",
        )
        .await;
    assert_eq!(intake_audits, 2, "each new teacher is audited");
    let detail: Value = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE entity = 'teacher' AND entity_id = $1 AND action = 'update'",
    )
    .bind(demo.to_string())
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    assert_eq!(
        detail["changes"],
        serde_json::json!([{ "field": "subject", "old": subject, "new": new_subject }])
    );
    assert_eq!(audit_count(&app, "teacher").await, audited_before + 3);
    assert_eq!(preview(&center, id).await["applied"], true);

    // The same preview confirmed again (a double click): refused, nothing written.
    assert_eq!(apply(&center, id).await.status(), StatusCode::CONFLICT);
    assert_eq!(
        app.scalar("SELECT count(*) FROM teachers").await,
        teachers_before + 2
    );

    // The same file next week: every row is unchanged or a problem; confirming writes nothing.
    let teachers = app.scalar("SELECT count(*) FROM teachers").await;
    let audited = audit_count(&app, "teacher").await;
    let users = app.scalar("SELECT count(*) FROM users").await;
    let again = staged(upload(&center, "2026", "新教师名单.csv", bytes).await).await;
    let p = preview(&center, again).await;
    for row in p["rows"].as_array().unwrap() {
        let s = status(row);
        assert!(s == "Unchanged" || s.starts_with("Problem"), "{row}");
    }
    assert_eq!(
        p["counts"],
        serde_json::json!({ "new": 0, "changed": 0, "unchanged": 3, "problems": 3 })
    );
    let counts = ok_json(apply(&center, again).await).await;
    assert_eq!(counts["new"], 0);
    assert_eq!(counts["changed"], 0);
    assert_eq!(app.scalar("SELECT count(*) FROM teachers").await, teachers);
    assert_eq!(app.scalar("SELECT count(*) FROM users").await, users);
    assert_eq!(audit_count(&app, "teacher").await, audited);

    // A preview is its author's: another manager neither reads nor confirms it.
    let coordinator = app.logged_in("coordinator").await;
    let res = coordinator
        .call("intake_preview", &[("id", &again.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------- 2. other files

#[tokio::test]
async fn an_xlsx_written_by_another_program_with_its_own_headings_order_and_date_cells_is_read() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let id = staged(
        upload(
            &center,
            "2026",
            "intake-openpyxl.xlsx",
            fixture("intake-openpyxl.xlsx"),
        )
        .await,
    )
    .await;
    let p = preview(&center, id).await;
    assert_eq!(
        p["counts"],
        serde_json::json!({ "new": 3, "changed": 0, "unchanged": 0, "problems": 0 }),
        "{p}"
    );
    // Date cells come as dates, a phone typed as a number as its digits, labels as codes.
    assert_eq!(
        line(&p, 2)["form"],
        serde_json::json!({
            "staff_no": "X2026001", "name": "王小明", "gender": "m",
            "birth_date": "1999-05-12", "hire_date": "2026-08-25", "probation_start": "2026-08-28",
            "school": "SIP-001", "subject": "数学", "stage": "primary", "education": "bachelor",
            "title": "none", "party_stage": "member", "phone": "13912345678",
            "email": "wxm@example.cn"
        })
    );
    let second = &line(&p, 3)["form"];
    assert_eq!(second["staff_no"], "X2026002");
    assert_eq!(second["birth_date"], "2001-01-03");
    assert_eq!(second["title"], "");
    assert_eq!(second["phone"], "");
    let third = &line(&p, 4)["form"];
    assert_eq!(third["title"], "level2");
    assert_eq!(third["party_stage"], "probationary");
    assert_eq!(third["education"], "doctor");
    assert_eq!(third["phone"], "0512-6688 1234");

    ok_json(apply(&center, id).await).await;
    type Stored = (
        String,
        Option<chrono::NaiveDate>,
        chrono::NaiveDate,
        Option<chrono::NaiveDate>,
        Option<String>,
        String,
        String,
    );
    let stored: Stored = sqlx::query_as(
        "SELECT t.name, t.birth_date, t.hire_date, t.probation_start, t.phone, t.title, s.code
         FROM teachers t JOIN schools s ON s.id = t.school_id WHERE t.staff_no = 'X2026001'",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    assert_eq!(
        stored,
        (
            "王小明".to_string(),
            Some(d("1999-05-12")),
            d("2026-08-25"),
            Some(d("2026-08-28")),
            Some("13912345678".to_string()),
            "none".to_string(),
            "SIP-001".to_string()
        )
    );
}

#[tokio::test]
async fn an_intake_with_formulas_without_its_columns_or_not_a_spreadsheet_is_refused_and_writes_nothing(
) {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let tables =
        "SELECT (SELECT count(*) FROM teachers) * 1000000 + (SELECT count(*) FROM users) * 1000
                  + (SELECT count(*) FROM intake_imports) * 10 + (SELECT count(*) FROM audit_log)";
    let before = app.scalar(tables).await;

    let res = upload(
        &center,
        "2026",
        "intake-formula.xlsx",
        fixture("intake-formula.xlsx"),
    )
    .await;
    assert_file_refused(res, FieldProblem::FormulaCells, "a formula cell").await;
    let res = upload(
        &center,
        "2026",
        "intake-no-hire-date.xlsx",
        fixture("intake-no-hire-date.xlsx"),
    )
    .await;
    assert_file_refused(res, FieldProblem::MissingColumns, "no hire date column").await;
    // Rows but no header row: the first row is read as headings, and names no column.
    let headless = format!(
        "{}\n{}\n",
        new_row("N2026001", "张晓燕", "SIP-001"),
        new_row("N2026002", "李文博", "SIP-001")
    );
    let res = upload(&center, "2026", "list.csv", headless.into_bytes()).await;
    assert_file_refused(res, FieldProblem::MissingColumns, "no header row").await;
    // The template's headings without the required 姓名 and 学校.
    let res = upload(
        &center,
        "2026",
        "list.csv",
        "工号,入职日期,学科,学段\nN2026001,2026-08-25,语文,小学\n".into(),
    )
    .await;
    assert_file_refused(
        res,
        FieldProblem::MissingColumns,
        "required columns missing",
    )
    .await;
    for (name, bytes) in [
        ("list.xlsx", tests::PDF.to_vec()),
        ("list.pdf", tests::PDF.to_vec()),
        ("list.xlsx", b"MZ\x90\x00\x03\x00\x00\x00".to_vec()),
    ] {
        let res = upload(&center, "2026", name, bytes).await;
        assert_file_refused(res, FieldProblem::FileUnreadable, name).await;
    }
    // A browser goes back to the import page with the reason in the URL.
    let form = Form::new().text("cohort", "2026").part(
        "file",
        Part::bytes(fixture("intake-formula.xlsx")).file_name("intake-formula.xlsx"),
    );
    let res = center
        .http
        .post(format!("{}/roster/import", app.address))
        .header("accept", "text/html")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"],
        "/roster/import?error=invalid&fields=file.formula"
    );
    // A good file for a cohort that does not exist.
    let res = upload(
        &center,
        "1999",
        "intake-openpyxl.xlsx",
        fixture("intake-openpyxl.xlsx"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .unwrap()
        .lines()
        .any(|l| l.starts_with("cohort: ")));

    assert_eq!(app.scalar(tables).await, before, "nothing was written");
}

// ---------------------------------------------------------------- 3. one-time passwords

#[tokio::test]
async fn one_time_passwords_open_only_the_password_change_which_checks_the_new_one_and_then_the_account_works(
) {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let (_, code, _) = school_of(&app, "teacher").await;
    import_new(&center, &code, &["N2026101", "N2026102"]).await;
    let page = ok_json(center.call("intake_page", &[]).await).await;
    assert_eq!(page["pending_accounts"], 2);

    let handed = slips(&center).await;
    let logins: Vec<&str> = handed.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(logins, vec!["n2026101", "n2026102"]);
    assert!(handed.iter().all(|(_, p)| p.len() == 10), "{handed:?}");
    assert_ne!(handed[0].1, handed[1].1);
    let waiting = app
        .scalar("SELECT count(*) FROM users WHERE password_pending")
        .await;
    assert_eq!(waiting, 0, "every account has its one-time password");
    let must = app
        .scalar("SELECT count(*) FROM users WHERE must_change_password AND username IN ('n2026101', 'n2026102')")
        .await;
    assert_eq!(must, 2);
    let (login, one_time) = handed[0].clone();

    // The login succeeds and sends the browser to the password page.
    let newcomer = app.client();
    let res = newcomer.login(&login, &one_time).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["location"], "/account/password");
    let me = json(res).await;
    assert_eq!(me["must_change_password"], true);
    // Until the password is changed, every server function and file route refuses.
    for endpoint in [
        "home",
        "my_sessions",
        "claim_form",
        "intake_page",
        "schools",
        "quota_settings",
    ] {
        assert_password_change(newcomer.call(endpoint, &[]).await, endpoint).await;
    }
    assert_password_change(roster(&newcomer, &[]).await, "roster").await;
    let own = app.teacher_id_of(&login).await;
    assert_password_change(
        newcomer
            .call("growth", &[("teacher_id", &own.to_string())])
            .await,
        "growth",
    )
    .await;
    let password_change = AppError::PasswordChange.message(Locale::ZhCn.texts());
    for path in ["/hours/transcript.xlsx", "/roster/template.xlsx"] {
        let res = newcomer.get(path).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(res.text().await.unwrap(), password_change, "{path}");
    }
    // The page may still ask who is logged in.
    let me = ok_json(newcomer.call("me", &[]).await).await;
    assert_eq!(me["must_change_password"], true);

    // Each rule of a chosen password, under its field.
    let staff_no = login.to_uppercase();
    let cases = [
        (
            one_time.clone(),
            "Short-pw1".to_string(),
            None,
            "new_password",
            "OutOfRange",
        ),
        (
            one_time.clone(),
            "1qaz2wsx3edc".into(),
            None,
            "new_password",
            "CommonPassword",
        ),
        (
            one_time.clone(),
            format!("my-{staff_no}-pw"),
            None,
            "new_password",
            "SameAsLogin",
        ),
        (
            one_time.clone(),
            format!("x{login}x"),
            None,
            "new_password",
            "SameAsLogin",
        ),
        (
            one_time.clone(),
            "river-stone-47".into(),
            Some("river-stone-48".to_string()),
            "repeat_password",
            "Mismatch",
        ),
        (
            "not-the-one".into(),
            "river-stone-47".into(),
            None,
            "current_password",
            "WrongPassword",
        ),
    ];
    for (current, new, repeat, field, problem) in cases {
        let repeat = repeat.unwrap_or_else(|| new.clone());
        let res = change_password(&newcomer, &current, &new, &repeat).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        let body = json(res).await;
        assert!(has_error(&body, field, problem), "{new}: {body}");
    }
    assert_password_change(newcomer.call("home", &[]).await, "home").await;
    let one_time_hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE username = $1")
            .bind(&login)
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();

    // A good one: this session goes on, now with everything a teacher may do.
    let chosen = "晨光-教研-2026-秋";
    let res = change_password(&newcomer, &one_time, chosen, chosen).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    assert_eq!(
        newcomer.call("home", &[]).await.status(),
        StatusCode::OK,
        "the session that changed the password goes on"
    );
    assert_eq!(
        newcomer.get("/hours/transcript.xlsx").await.status(),
        StatusCode::OK
    );
    let (hash, must): (String, bool) =
        sqlx::query_as("SELECT password_hash, must_change_password FROM users WHERE username = $1")
            .bind(&login)
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();
    assert!(!must);
    assert_ne!(hash, one_time_hash);
    assert_eq!(
        app.client().login(&login, &one_time).await.status(),
        StatusCode::UNAUTHORIZED,
        "the one-time password is spent"
    );
    let again = app.client();
    let res = again.login(&staff_no, chosen).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["location"], "/");

    // Nothing waits any more: a second print hands out nothing.
    assert!(slips(&center).await.is_empty());
    let page = ok_json(center.call("intake_page", &[]).await).await;
    assert_eq!(page["pending_accounts"], 0);

    // As a sheet: a real .xlsx, one row per waiting account, whose password logs in.
    import_new(&center, &code, &["N2026103"]).await;
    let res = center
        .http
        .post(format!("{}/roster/passwords", app.address))
        .form(&[("format", "xlsx")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(is_xlsx(&res));
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-store"));
    let rows = sheet_rows(res.bytes().await.unwrap().to_vec());
    assert_eq!(rows.len(), 2, "a heading and one account: {rows:?}");
    assert_eq!(rows[1][0], "n2026103");
    let res = app.client().login("n2026103", &rows[1][3]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["location"], "/account/password");
}

// ---------------------------------------------------------------- 4. permissions and resets

#[tokio::test]
async fn a_coordinator_manages_only_their_schools_teachers_and_never_a_center_account() {
    let app = TestApp::spawn().await;
    let (school_a, code_a, name_a) = school_of(&app, "coordinator").await;
    let (school_b, code_b, _) = other_school(&app, school_a).await;
    let (b_teacher, b_staff_no) = teacher_at(&app, school_b).await;
    let coordinator = app.logged_in("coordinator").await;
    let center = app.logged_in("center").await;
    let b_record = ok_json(record(&center, b_teacher).await).await;

    // Another school's record: not read, not changed, not reset; as a missing id would be.
    assert_eq!(
        record(&coordinator, b_teacher).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        record(&coordinator, 2_000_000_000).await.status(),
        StatusCode::FORBIDDEN
    );
    let edit = teacher_form(&b_record, &[("subject", "书法")]);
    assert_eq!(
        update_teacher(&coordinator, b_teacher, &edit)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        reset(&coordinator, b_teacher).await.status(),
        StatusCode::FORBIDDEN
    );
    let (subject, hash): (String, String) = sqlx::query_as(
        "SELECT t.subject, u.password_hash FROM teachers t JOIN users u ON u.teacher_id = t.id WHERE t.id = $1",
    )
    .bind(b_teacher)
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    assert_ne!(subject, "书法");
    assert_eq!(b_record["form"]["subject"], subject.as_str());
    let b_login = b_staff_no.to_lowercase();
    assert_eq!(
        app.client().login(&b_login, DEMO_PASSWORD).await.status(),
        StatusCode::OK,
        "the refused reset left school B's password alone ({hash:.10})"
    );

    // The roster: school A only, whatever the filter asks.
    let view = ok_json(roster(&coordinator, &[]).await).await;
    let in_a = app
        .scalar(&format!(
            "SELECT count(*) FROM teachers WHERE school_id = {school_a} AND active"
        ))
        .await;
    assert_eq!(view["total"], in_a);
    assert!(view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["school_name"] == name_a.as_str()));
    let schools: Vec<&str> = view["schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(schools, vec![school_a.to_string().as_str()]);
    let b_filter = school_b.to_string();
    let view = ok_json(roster(&coordinator, &[("school", &b_filter)]).await).await;
    assert_eq!(view["total"], 0);
    let view = ok_json(roster(&coordinator, &[("q", &b_staff_no)]).await).await;
    assert_eq!(view["total"], 0);

    // An intake: rows for school B, or school B's teacher, are outside the school.
    let csv = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        new_row("N2026201", "新教师甲", &code_b),
        new_row("N2026202", "新教师乙", &code_a),
        new_row(&b_staff_no, "改名", &code_a),
    );
    let id = staged(upload(&coordinator, "2026", "intake.csv", csv.into_bytes()).await).await;
    let p = preview(&coordinator, id).await;
    assert_eq!(status(line(&p, 2)), "Problem school OutsideSchool");
    assert_eq!(status(line(&p, 3)), "New");
    assert_eq!(status(line(&p, 4)), "Problem staff_no OutsideSchool");
    let counts = ok_json(apply(&coordinator, id).await).await;
    assert_eq!(counts["new"], 1);
    assert_eq!(
        app.scalar("SELECT count(*) FROM teachers WHERE staff_no = 'N2026201'")
            .await,
        0
    );
    let name: String = sqlx::query_scalar("SELECT name FROM teachers WHERE id = $1")
        .bind(b_teacher)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    assert_ne!(name, "改名");

    // A center account is never reset by a coordinator, even one at their own school.
    let (a_teacher, a_staff_no) = teacher_at(&app, school_a).await;
    sqlx::query(
        "INSERT INTO user_roles (user_id, role) SELECT id, 'center_staff' FROM users WHERE teacher_id = $1",
    )
    .bind(a_teacher)
    .execute(&mut app.db().await)
    .await
    .unwrap();
    assert_eq!(
        reset(&coordinator, a_teacher).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.client()
            .login(&a_staff_no.to_lowercase(), DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    // Nor does a coordinator keep the schools.
    assert_eq!(
        coordinator.call("schools", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    let school_form = [
        ("form[code]", "SIP-950"),
        ("form[name]", "协调员不能建的学校"),
        ("form[stage]", "primary"),
        ("form[area]", ""),
    ];
    assert_eq!(
        coordinator.call("save_school", &school_form).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        coordinator
            .call("set_school_active", &[("id", &school_a.to_string())])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM schools WHERE active AND id = {school_a}"
        ))
        .await,
        1
    );

    // Center staff: every school's record, and the center account too.
    assert_eq!(
        update_teacher(&center, b_teacher, &edit).await.status(),
        StatusCode::OK
    );
    assert_eq!(reset(&center, a_teacher).await.status(), StatusCode::OK);
    assert_eq!(center.call("schools", &[]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_teacher_is_refused_the_roster_the_intake_the_passwords_and_the_schools() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let own = app.teacher_id_of("teacher").await;
    assert_eq!(roster(&teacher, &[]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(record(&teacher, own).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(reset(&teacher, own).await.status(), StatusCode::FORBIDDEN);
    for endpoint in ["intake_page", "schools"] {
        assert_eq!(
            teacher.call(endpoint, &[]).await.status(),
            StatusCode::FORBIDDEN,
            "{endpoint}"
        );
    }
    for endpoint in ["intake_preview", "apply_intake"] {
        assert_eq!(
            teacher.call(endpoint, &[("id", "1")]).await.status(),
            StatusCode::FORBIDDEN,
            "{endpoint}"
        );
    }
    let record_form = ok_json(record(&app.logged_in("center").await, own).await).await;
    assert_eq!(
        update_teacher(
            &teacher,
            own,
            &teacher_form(&record_form, &[("phone", "13800009999")])
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let csv = format!("{HEADER}\n{}\n", new_row("N2026301", "新教师", "SIP-001"));
    assert_eq!(
        upload(&teacher, "2026", "intake.csv", csv.into_bytes())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = teacher
        .http
        .post(format!("{}/roster/passwords", app.address))
        .form(&[("format", "print")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for path in ["/roster/template.xlsx", "/roster.xlsx"] {
        assert_eq!(
            teacher.get(path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(app.scalar("SELECT count(*) FROM intake_imports").await, 0);
}

#[tokio::test]
async fn a_reset_ends_the_users_sessions_and_the_new_one_time_password_must_be_changed() {
    let app = TestApp::spawn().await;
    let teacher = app.logged_in("teacher").await;
    let coordinator = app.logged_in("coordinator").await;
    assert_eq!(teacher.call("home", &[]).await.status(), StatusCode::OK);
    let id = app.teacher_id_of("teacher").await;

    let res = reset(&coordinator, id).await;
    let slip = ok_json(res).await;
    assert_eq!(slip["login"], "teacher");
    let password = slip["password"].as_str().unwrap().to_string();
    assert_eq!(password.len(), 10);
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'teacher' AND action = 'reset_password' AND entity_id = '{id}'"
        ))
        .await,
        1
    );

    // The teacher's open session is over, and so is the old password.
    assert_eq!(
        teacher.call("home", &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        teacher.get("/hours/transcript.xlsx").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.client().login("teacher", DEMO_PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The coordinator's own session is untouched.
    assert_eq!(roster(&coordinator, &[]).await.status(), StatusCode::OK);

    // The one-time password logs in, to the password page only.
    let back = app.client();
    let res = back.login("teacher", &password).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["location"], "/account/password");
    assert_password_change(back.call("home", &[]).await, "home").await;
    let res = change_password(&back, &password, "river-stone-47", "river-stone-47").await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    assert_eq!(back.call("home", &[]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn changing_ones_password_ends_ones_other_sessions() {
    let app = TestApp::spawn().await;
    let phone = app.logged_in("mentor").await;
    let laptop = app.logged_in("mentor").await;
    let res = change_password(&laptop, DEMO_PASSWORD, "river-stone-47", "river-stone-47").await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    assert_eq!(laptop.call("home", &[]).await.status(), StatusCode::OK);
    assert_eq!(
        phone.call("home", &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.client().login("mentor", DEMO_PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.client()
            .login("mentor", "river-stone-47")
            .await
            .status(),
        StatusCode::OK
    );
}

// ---------------------------------------------------------------- 5. the record's edit

#[tokio::test]
async fn editing_a_record_saves_the_changed_fields_with_one_audit_entry_shown_as_its_history() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let id = app.teacher_id_of("teacher").await;
    let (school, _, _) = school_of(&app, "teacher").await;
    let (other, _, _) = other_school(&app, school).await;
    let before = ok_json(record(&center, id).await).await;
    let staff_no = before["form"]["staff_no"].as_str().unwrap().to_string();
    let subject = before["form"]["subject"].as_str().unwrap().to_string();
    let new_subject = if subject == "数学" {
        "语文"
    } else {
        "数学"
    };
    let audited = || {
        let (app, sql) = (
            &app,
            format!(
                "SELECT count(*) FROM audit_log WHERE entity = 'teacher' AND entity_id = '{id}'"
            ),
        );
        async move { app.scalar(&sql).await }
    };
    let entries = audited().await;
    let row_of = || {
        let (app, sql) = (
            &app,
            format!("SELECT hashtext(t::text)::bigint FROM teachers t WHERE id = {id}"),
        );
        async move { app.scalar(&sql).await }
    };

    // Bad fields: each named, nothing written.
    let bad = teacher_form(
        &before,
        &[
            ("email", "not-an-address"),
            ("hire_date", "2026-13-01"),
            ("stage", "college"),
            ("phone", "call me"),
            ("name", ""),
        ],
    );
    let stored = row_of().await;
    let res = update_teacher(&center, id, &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await;
    for (field, problem) in [
        ("email", "Invalid"),
        ("hire_date", "Invalid"),
        ("stage", "Invalid"),
        ("phone", "Invalid"),
        ("name", "Required"),
    ] {
        assert!(has_error(&body, field, problem), "{field}: {body}");
    }
    assert_eq!(row_of().await, stored);
    assert_eq!(audited().await, entries);

    // Three fields changed; the staff number and the school in the form are not.
    let other_id = other.to_string();
    let edit = teacher_form(
        &before,
        &[
            ("subject", new_subject),
            ("phone", "138 0000 1111"),
            ("email", "lin@example.cn"),
            ("staff_no", "HACKED-01"),
            ("school", &other_id),
        ],
    );
    let changed = ok_json(update_teacher(&center, id, &edit).await).await;
    assert_eq!(changed, 3);
    assert_eq!(audited().await, entries + 1, "one entry for the edit");
    let after = ok_json(record(&center, id).await).await;
    assert_eq!(after["form"]["staff_no"], staff_no.as_str());
    assert_eq!(after["form"]["school"], school.to_string().as_str());
    assert_eq!(after["form"]["subject"], new_subject);
    assert_eq!(after["form"]["phone"], "138 0000 1111");
    assert_eq!(after["form"]["email"], "lin@example.cn");
    let latest = &after["history"][0];
    assert_eq!(latest["action"], "update");
    assert_eq!(latest["actor"], "中心管理员");
    let mut changes: Vec<(String, String, String)> = latest["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["field"].as_str().unwrap().to_string(),
                c["old"].as_str().unwrap().to_string(),
                c["new"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    changes.sort();
    let old = |k: &str| before["form"][k].as_str().unwrap().to_string();
    assert_eq!(
        changes,
        vec![
            ("email".into(), old("email"), "lin@example.cn".into()),
            ("phone".into(), old("phone"), "138 0000 1111".into()),
            ("subject".into(), subject.clone(), new_subject.to_string()),
        ]
    );
    let (db_staff_no, db_school): (String, i32) =
        sqlx::query_as("SELECT staff_no, school_id FROM teachers WHERE id = $1")
            .bind(id)
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();
    assert_eq!((db_staff_no, db_school), (staff_no, school));

    // The same form again changes nothing and logs nothing.
    let changed = ok_json(update_teacher(&center, id, &edit).await).await;
    assert_eq!(changed, 0);
    assert_eq!(audited().await, entries + 1);

    // The school's coordinator edits too; the name follows into the account.
    let coordinator = app.logged_in("coordinator").await;
    let renamed = teacher_form(&after, &[("name", "林晓燕")]);
    let changed = ok_json(update_teacher(&coordinator, id, &renamed).await).await;
    assert_eq!(changed, 1);
    let display: String =
        sqlx::query_scalar("SELECT display_name FROM users WHERE teacher_id = $1")
            .bind(id)
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();
    assert_eq!(display, "林晓燕");
    let history = ok_json(record(&center, id).await).await["history"].clone();
    assert_eq!(history[0]["changes"][0]["field"], "name");
    assert_eq!(history[1]["changes"].as_array().unwrap().len(), 3);
}

// ---------------------------------------------------------------- 6. schools

#[tokio::test]
async fn center_staff_add_rename_deactivate_and_reactivate_schools() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let listed = ok_json(center.call("schools", &[]).await).await;
    let count = listed.as_array().unwrap().len();
    let first = &listed[0];
    let taken_name = first["name"].as_str().unwrap().to_string();
    let taken_code = first["code"].as_str().unwrap().to_string();

    let save = |form: Vec<(&'static str, String)>| {
        let center = &center;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            center.call("save_school", &pairs).await
        }
    };
    let form = |code: &str, name: &str| {
        vec![
            ("form[code]", code.to_string()),
            ("form[name]", name.to_string()),
            ("form[stage]", "primary".to_string()),
            ("form[area]", "湖东".to_string()),
        ]
    };
    let id = ok_json(save(form("sip-901", "苏州工业园区测试小学")).await).await;
    let id = id.as_i64().unwrap();
    let listed = ok_json(center.call("schools", &[]).await).await;
    assert_eq!(listed.as_array().unwrap().len(), count + 1);
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap();
    assert_eq!(row["code"], "SIP-901", "codes are kept upper-case");
    assert_eq!(row["area"], "湖东");
    assert_eq!(row["active"], true);
    assert_eq!(row["teachers"], 0);

    // A code or a name another school has: refused under its field.
    for (f, field) in [
        (form("SIP-901", "另一所学校"), "code"),
        (form(&taken_code.to_lowercase(), "又一所学校"), "code"),
        (form("SIP-902", &taken_name), "name"),
    ] {
        let res = save(f).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = json(res).await;
        assert!(has_error(&body, field, "AlreadyExists"), "{field}: {body}");
    }
    let res = save(vec![
        ("form[code]", "SIP 9/1".into()),
        ("form[name]", "好名字".into()),
        ("form[stage]", "university".into()),
        ("form[area]", "".into()),
    ])
    .await;
    let body = json(res).await;
    assert!(has_error(&body, "code", "Invalid"), "{body}");
    assert!(has_error(&body, "stage", "Invalid"), "{body}");
    assert_eq!(
        app.scalar("SELECT count(*) FROM schools").await,
        count as i64 + 1
    );

    // Renamed, keeping its own code (not a clash with itself).
    let mut renamed = form("SIP-901", "苏州工业园区湖东测试小学");
    renamed.push(("form[id]", id.to_string()));
    assert_eq!(ok_json(save(renamed).await).await, id);
    let name: String = sqlx::query_scalar("SELECT name FROM schools WHERE id = $1")
        .bind(id as i32)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    assert_eq!(name, "苏州工业园区湖东测试小学");

    // An intake takes the school while it is active, not while it is not.
    let intake_status = || {
        let center = &center;
        async move {
            let csv = format!("{HEADER}\n{}\n", new_row("N2026401", "新教师", "SIP-901"));
            let id = staged(upload(center, "2026", "intake.csv", csv.into_bytes()).await).await;
            status(line(&preview(center, id).await, 2))
        }
    };
    assert_eq!(intake_status().await, "New");
    let set_active = |active: bool| {
        let center = &center;
        async move {
            let id = id.to_string();
            let mut form = vec![("id", id.as_str())];
            if active {
                form.push(("active", "on"));
            }
            center.call("set_school_active", &form).await.status()
        }
    };
    assert_eq!(set_active(false).await, StatusCode::OK);
    let active: bool = sqlx::query_scalar("SELECT active FROM schools WHERE id = $1")
        .bind(id as i32)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap();
    assert!(!active);
    assert_eq!(intake_status().await, "Problem school UnknownSchool");
    let listed = ok_json(center.call("schools", &[]).await).await;
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == id && s["active"] == false));
    assert_eq!(set_active(true).await, StatusCode::OK);
    assert_eq!(intake_status().await, "New");
    assert_eq!(
        center
            .call("set_school_active", &[("id", "2000000000")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity = 'school' AND entity_id = $1 ORDER BY id",
    )
    .bind(id.to_string())
    .fetch_all(&mut app.db().await)
    .await
    .unwrap();
    assert_eq!(actions, ["create", "update", "deactivate", "reactivate"]);
}

// ---------------------------------------------------------------- 7. search, pages, export

#[tokio::test]
async fn the_roster_searches_names_and_staff_numbers_literally_pages_by_fifty_and_exports() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let active = app
        .scalar("SELECT count(*) FROM teachers WHERE active")
        .await;
    assert!(active > 100, "enough teachers for three pages");
    let view = ok_json(roster(&center, &[]).await).await;
    assert_eq!(view["total"], active);
    assert_eq!(view["page"], 1);
    assert_eq!(view["pages"], (active + 49) / 50);
    assert_eq!(view["rows"].as_array().unwrap().len(), 50);
    let ids = |v: &Value| -> Vec<i64> {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    };
    let page2 = ok_json(roster(&center, &[("page", "2")]).await).await;
    assert_eq!(page2["page"], 2);
    assert!(ids(&page2).iter().all(|i| !ids(&view).contains(i)));
    let last = (active + 49) / 50;
    let last_page = ok_json(roster(&center, &[("page", &last.to_string())]).await).await;
    assert_eq!(
        last_page["rows"].as_array().unwrap().len() as i64,
        active - 50 * (last - 1)
    );

    // By name.
    let id = app.teacher_id_of("teacher").await;
    let (staff_no, name): (String, String) =
        sqlx::query_as("SELECT staff_no, name FROM teachers WHERE id = $1")
            .bind(id)
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();
    let part: String = name.chars().skip(1).collect();
    let found = ok_json(roster(&center, &[("q", &part)]).await).await;
    assert!(ids(&found).contains(&id), "{part}: {found}");
    assert!(found["rows"].as_array().unwrap().iter().all(|r| {
        r["name"].as_str().unwrap().contains(&part)
            || r["staff_no"].as_str().unwrap().contains(&part)
    }));
    // By staff number, in any case.
    let found = ok_json(roster(&center, &[("q", &staff_no.to_lowercase())]).await).await;
    assert_eq!(ids(&found), vec![id]);
    let prefix = staff_no[..5].to_lowercase();
    let found = ok_json(roster(&center, &[("q", &prefix)]).await).await;
    let expected = app
        .scalar(&format!(
            "SELECT count(*) FROM teachers WHERE active AND (staff_no ILIKE '%{prefix}%' OR name LIKE '%{prefix}%')"
        ))
        .await;
    assert_eq!(found["total"], expected);

    // LIKE's wildcards are taken as typed: `%` and `_` match only themselves.
    for q in ["%", "_", "%%", "\\"] {
        let found = ok_json(roster(&center, &[("q", q)]).await).await;
        assert_eq!(found["total"], 0, "{q:?} matches nothing in the demo");
    }
    sqlx::query("UPDATE teachers SET name = '百分%之_百' WHERE id = $1")
        .bind(id)
        .execute(&mut app.db().await)
        .await
        .unwrap();
    for q in ["%", "%之_"] {
        let found = ok_json(roster(&center, &[("q", q)]).await).await;
        assert_eq!(ids(&found), vec![id], "{q:?}");
    }

    // The export: every selected row, for managers only.
    let res = center.get("/roster.xlsx").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(is_xlsx(&res));
    let rows = sheet_rows(res.bytes().await.unwrap().to_vec());
    assert_eq!(rows.len() as i64, active + 1, "a heading and every teacher");
    let res = center
        .get(&format!("/roster.xlsx?q={}", staff_no.to_lowercase()))
        .await;
    let rows = sheet_rows(res.bytes().await.unwrap().to_vec());
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], staff_no);
    let coordinator = app.logged_in("coordinator").await;
    let res = coordinator.get("/roster.xlsx").await;
    assert_eq!(res.status(), StatusCode::OK);
    let (school, _, _) = school_of(&app, "coordinator").await;
    let in_school = app
        .scalar(&format!(
            "SELECT count(*) FROM teachers WHERE active AND school_id = {school}"
        ))
        .await;
    assert_eq!(
        sheet_rows(res.bytes().await.unwrap().to_vec()).len() as i64,
        in_school + 1
    );
    let teacher = app.logged_in("teacher").await;
    assert_eq!(
        teacher.get("/roster.xlsx").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.client().get("/roster.xlsx").await.status(),
        StatusCode::UNAUTHORIZED
    );
}
