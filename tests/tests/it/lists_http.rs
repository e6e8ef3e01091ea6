//! The three lists over HTTP: who makes, sees and moves an item; a progress note with evidence
//! moves it through the loop; links follow the problem → task → responsibility rule; a year is
//! copied on once; overdue items are found and exported.
use reqwest::multipart::{Form, Part};
use tests::{json, ok_json, Client, StatusCode, TestApp, PDF};

fn day(offset: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
        + chrono::Duration::days(offset))
    .format("%Y-%m-%d")
    .to_string()
}

async fn school_of(app: &TestApp, login: &str) -> i32 {
    sqlx::query_scalar("SELECT t.school_id FROM teachers t JOIN users u ON u.teacher_id = t.id WHERE u.username = $1")
        .bind(login)
        .fetch_one(&mut app.db().await)
        .await
        .unwrap()
}

/// Makes an item and returns its id.
async fn item(
    app: &TestApp,
    client: &Client,
    kind: &str,
    owner_school: &str,
    owner_login: &str,
    due: &str,
) -> i64 {
    let res = client
        .call(
            "create_item",
            &[
                ("form[kind]", kind),
                ("form[title]", "新教师听课制度落实"),
                ("form[description]", "每位新教师每学期听课不少于 20 节"),
                ("form[due_on]", due),
                ("form[owner_school]", owner_school),
                ("form[owner_login]", owner_login),
            ],
        )
        .await;
    let status = res.status();
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {}",
        res.text().await.unwrap()
    );
    app.scalar("SELECT max(id) FROM loop_items").await
}

async fn note(
    client: &Client,
    id: i64,
    stage: &str,
    body: &str,
    file: Option<(&str, &[u8])>,
) -> reqwest::Response {
    let mut form = Form::new()
        .text("stage", stage.to_string())
        .text("body", body.to_string());
    if let Some((name, bytes)) = file {
        form = form.part(
            "evidence",
            Part::bytes(bytes.to_vec()).file_name(name.to_string()),
        );
    }
    client
        .post_multipart(&format!("/lists/{id}/notes"), form)
        .await
}

#[tokio::test]
async fn an_owner_moves_an_item_through_the_loop_with_evidence_and_others_cannot_see_it() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let coordinator = app.logged_in("coordinator").await;
    let teacher = app.logged_in("teacher").await;
    let school = school_of(&app, "coordinator").await.to_string();
    let id = item(&app, &center, "task", &school, "", &day(30)).await;
    let sid = id.to_string();
    // The owning school's coordinator sees it; a teacher of that school who does not own it
    // does not.
    let list = ok_json(coordinator.call("lists", &[]).await).await;
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == id));
    assert_eq!(
        teacher.call("list_item", &[("id", &sid)]).await.status(),
        StatusCode::FORBIDDEN
    );
    let teacher_list = ok_json(teacher.call("lists", &[]).await).await;
    assert!(teacher_list["items"].as_array().unwrap().is_empty());

    // A note that moves it, with a PDF: the stage changes, the file is kept.
    let res = note(
        &coordinator,
        id,
        "deploy",
        "已召开部署会",
        Some(("部署会纪要.pdf", PDF)),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let detail = ok_json(coordinator.call("list_item", &[("id", &sid)]).await).await;
    assert_eq!(detail["item"]["stage"], "deploy");
    assert_eq!(detail["notes"][0]["stage_from"], "plan");
    let file = detail["notes"][0]["files"][0][0].as_i64().unwrap();
    let got = center.get(&format!("/lists/evidence/{file}")).await;
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(
        teacher
            .get(&format!("/lists/evidence/{file}"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // Refused notes write nothing: no text, an unknown stage, a file that is not evidence, or
    // someone who does not own the item.
    let before = app.scalar("SELECT count(*) FROM loop_notes").await;
    for res in [
        note(&coordinator, id, "advance", "   ", None).await,
        note(&coordinator, id, "finished", "说明", None).await,
        note(
            &coordinator,
            id,
            "advance",
            "说明",
            Some(("x.pdf", b"MZ not a pdf")),
        )
        .await,
    ] {
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(
        note(&teacher, id, "advance", "说明", None).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.scalar("SELECT count(*) FROM loop_notes").await, before);
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM loop_items WHERE id = {id} AND stage = 'deploy'"
        ))
        .await,
        1
    );
}

async fn make(c: &Client, due: &str, school: &str, login: &str) -> reqwest::Response {
    c.call(
        "create_item",
        &[
            ("form[kind]", "problem"),
            ("form[title]", "新教师流失"),
            ("form[due_on]", due),
            ("form[owner_school]", school),
            ("form[owner_login]", login),
        ],
    )
    .await
}

#[tokio::test]
async fn who_may_make_an_item_and_for_whom() {
    let app = TestApp::spawn().await;
    let coordinator = app.logged_in("coordinator").await;
    let teacher = app.logged_in("teacher").await;
    let own = school_of(&app, "coordinator").await;
    let other: i32 =
        sqlx::query_scalar("SELECT id FROM schools WHERE id <> $1 AND active ORDER BY id LIMIT 1")
            .bind(own)
            .fetch_one(&mut app.db().await)
            .await
            .unwrap();
    let due = day(20);
    let res = make(&coordinator, &due, &other.to_string(), "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(res).await["Invalid"][0]["field"], "owner_school");
    // A person of another school is unknown to this coordinator.
    let stranger: String = sqlx::query_scalar(
        "SELECT u.username FROM users u JOIN teachers t ON t.id = u.teacher_id WHERE t.school_id = $1 LIMIT 1",
    )
    .bind(other)
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    let res = make(&coordinator, &due, "", &stranger).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(res).await["Invalid"][0]["field"], "owner_login");
    // The teacher of their school, as the owner: allowed, and then the teacher sees it.
    let res = make(&coordinator, &due, "", "teacher").await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let mine = ok_json(teacher.call("lists", &[]).await).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    // A teacher makes none.
    let res = make(&teacher, &due, &own.to_string(), "").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT count(*) FROM loop_items").await, 1);
}

#[tokio::test]
async fn links_follow_the_lists_and_a_year_is_copied_on_once() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let school = school_of(&app, "coordinator").await.to_string();
    let problem = item(&app, &center, "problem", &school, "", &day(10)).await;
    let task = item(&app, &center, "task", &school, "", &day(-3)).await;
    let link = |from: i64, to: String| {
        let center = &center;
        async move {
            center
                .call("link_item", &[("id", &from.to_string()), ("link", &to)])
                .await
        }
    };
    assert_eq!(
        link(problem, format!("item:{task}")).await.status(),
        StatusCode::OK
    );
    let wrong_way = link(task, format!("item:{problem}")).await;
    assert_eq!(wrong_way.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        link(problem, "survey:999999".into()).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let event = app.scalar("SELECT max(id) FROM training_events").await;
    assert_eq!(
        link(task, format!("event:{event}")).await.status(),
        StatusCode::OK
    );
    let detail = ok_json(center.call("list_item", &[("id", &task.to_string())]).await).await;
    assert_eq!(
        detail["linked_from"][0]["target_id"], problem,
        "the task knows its problem"
    );
    assert_eq!(detail["links"][0]["target"], "event");
    assert_eq!(detail["item"]["due_state"], "overdue");

    // Overdue only: the task, not the problem; exported as a workbook.
    let overdue = ok_json(center.call("lists", &[("filter[overdue]", "1")]).await).await;
    let ids: Vec<i64> = overdue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![task]);
    let x = center.get("/lists.xlsx?overdue=1").await;
    assert_eq!(x.status(), StatusCode::OK);
    assert!(x.bytes().await.unwrap().starts_with(b"PK"));

    let year = overdue["year"].as_i64().unwrap().to_string();
    let copied = ok_json(center.call("copy_list_year", &[("year", &year)]).await).await;
    assert_eq!(copied, 2);
    let again = ok_json(center.call("copy_list_year", &[("year", &year)]).await).await;
    assert_eq!(again, 0, "nothing is copied twice");
    // The copied problem links to the copied task; both start over at 谋划.
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*) FROM loop_links l JOIN loop_items a ON a.id = l.item_id AND a.copied_from = {problem}
               JOIN loop_items b ON b.id = l.target_id AND b.copied_from = {task}
              WHERE l.target = 'item' AND a.stage = 'plan'"
        ))
        .await,
        1
    );
    let coordinator = app.logged_in("coordinator").await;
    assert_eq!(
        coordinator
            .call("copy_list_year", &[("year", &year)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
