//! Reminders outside the app, each against a receiver this test starts on loopback (never a
//! real service): a school's group robot gets one digest a day in its documented JSON; a robot
//! that fails is retried later and given up after the last try, shown to the center; a person
//! with an e-mail address gets their digest over SMTP.
use app::backend::channels::{self, Outbox};
use axum::{extract::State, http::StatusCode as Code, routing::post, Json, Router};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tests::{ok_json, without_jobs, Client, StatusCode};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

type Seen = Arc<Mutex<Vec<Value>>>;

/// A robot receiver: `/ok` takes a message (errcode 0), `/down` answers 500, `/refuse` answers
/// 200 with an error code, as a robot does for a bad key.
async fn robot_receiver() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = Router::new()
        .route(
            "/ok",
            post(
                |State(seen): State<Seen>, Json(body): Json<Value>| async move {
                    seen.lock().unwrap().push(body);
                    Json(json!({ "errcode": 0, "errmsg": "ok" }))
                },
            ),
        )
        .route(
            "/down",
            post(|| async { (Code::INTERNAL_SERVER_ERROR, "down") }),
        )
        .route(
            "/refuse",
            post(|| async { Json(json!({ "errcode": 93000, "errmsg": "invalid webhook url" })) }),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

/// A minimal SMTP receiver: answers each command and keeps every message's envelope and data.
async fn smtp_receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let mail: Arc<Mutex<Vec<String>>> = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let kept = mail.clone();
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write
                    .write_all(b"220 localhost ESMTP test\r\n")
                    .await
                    .unwrap();
                let mut message = String::new();
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            kept.lock().unwrap().push(std::mem::take(&mut message));
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let answer: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 localhost\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        message.push_str(&line);
                        message.push('\n');
                        b"250 ok\r\n"
                    };
                    write.write_all(answer).await.unwrap();
                }
            });
        }
    });
    (format!("smtp://{addr}"), mail)
}

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

async fn set_robot(center: &Client, school: i32, kind: &str, url: &str) -> reqwest::Response {
    center
        .call(
            "set_robot",
            &[
                ("school_id", &school.to_string()),
                ("kind", kind),
                ("url", url),
            ],
        )
        .await
}

/// An item due in three days, owned by `school` (its coordinators are reminded).
async fn item_due(center: &Client, school: i32) {
    let due = (today() + chrono::Duration::days(3)).to_string();
    let res = center
        .call(
            "create_item",
            &[
                ("form[kind]", "task"),
                ("form[title]", "听课制度"),
                ("form[due_on]", &due),
                ("form[owner_school]", &school.to_string()),
            ],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
}

#[tokio::test]
async fn a_school_robot_gets_one_digest_a_day_and_a_failing_one_is_retried_then_given_up() {
    let app = without_jobs().await;
    let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
    let center = app.logged_in("center").await;
    let (base, seen) = robot_receiver().await;
    // Two schools with coordinators: the demo coordinator's (a WeCom robot that works) and
    // another (a DingTalk robot that is down).
    let schools: Vec<(i32, String)> = sqlx::query_as(
        "SELECT DISTINCT g.school_id, s.name FROM user_roles g JOIN schools s ON s.id = g.school_id
         WHERE g.role = 'school_coordinator' ORDER BY 1 LIMIT 2",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let (good, bad) = (&schools[0], &schools[1]);
    assert_eq!(
        set_robot(&center, good.0, "wecom", &format!("{base}/ok"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        set_robot(&center, bad.0, "dingtalk", &format!("{base}/down"))
            .await
            .status(),
        StatusCode::OK
    );
    item_due(&center, good.0).await;
    item_due(&center, bad.0).await;

    let outbox = Outbox::new(None).unwrap();
    assert_eq!(
        channels::enqueue_digests(&pool, today(), false)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        channels::enqueue_digests(&pool, today(), false)
            .await
            .unwrap(),
        0,
        "once a day"
    );
    assert_eq!(channels::send_due(&pool, &outbox).await.unwrap(), (1, 1));
    let got = seen.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["msgtype"], "markdown");
    let content = got[0]["markdown"]["content"].as_str().unwrap();
    assert!(
        content.contains(&good.1) && content.contains("清单事项"),
        "{content}"
    );

    // The failing one waits for its next try; each failure waits longer, the sixth gives up.
    let waiting: (String, i32, bool) = sqlx::query_as(
        "SELECT status, attempts, next_at > now() FROM channel_deliveries WHERE channel = 'dingtalk'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(waiting, ("pending".into(), 1, true));
    assert_eq!(
        channels::send_due(&pool, &outbox).await.unwrap(),
        (0, 0),
        "not before its time"
    );
    for _ in 0..5 {
        sqlx::query("UPDATE channel_deliveries SET next_at = now() WHERE status = 'pending'")
            .execute(&pool)
            .await
            .unwrap();
        channels::send_due(&pool, &outbox).await.unwrap();
    }
    let view = ok_json(center.call("reminder_channels", &[]).await).await;
    let failed: Vec<&Value> = view["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] == "failed")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["attempts"], 6);
    assert!(failed[0]["last_error"].as_str().unwrap().contains("500"));
}

#[tokio::test]
async fn a_robot_that_refuses_is_a_failure_and_bad_settings_are_refused() {
    let app = without_jobs().await;
    let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
    let center = app.logged_in("center").await;
    let (base, _) = robot_receiver().await;
    let school: i32 = sqlx::query_scalar(
        "SELECT school_id FROM user_roles WHERE role = 'school_coordinator' ORDER BY 1 LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    for (kind, url) in [
        ("wecom", "ftp://example.org/hook"),
        ("telegram", "https://example.org"),
    ] {
        let res = set_robot(&center, school, kind, url).await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{kind} {url}"
        );
    }
    let coordinator = app.logged_in("coordinator").await;
    let res = set_robot(&coordinator, school, "wecom", &format!("{base}/ok")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT count(*) FROM school_channels").await, 0);
    set_robot(&center, school, "wecom", &format!("{base}/refuse")).await;
    item_due(&center, school).await;
    channels::enqueue_digests(&pool, today(), false)
        .await
        .unwrap();
    let outbox = Outbox::new(None).unwrap();
    assert_eq!(channels::send_due(&pool, &outbox).await.unwrap(), (0, 1));
    // An empty address removes the robot.
    assert_eq!(
        set_robot(&center, school, "wecom", "").await.status(),
        StatusCode::OK
    );
    assert_eq!(app.scalar("SELECT count(*) FROM school_channels").await, 0);
}

#[tokio::test]
async fn a_person_with_an_address_gets_their_digest_by_email() {
    let app = without_jobs().await;
    let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
    sqlx::query(
        "UPDATE teachers SET email = 'teacher@school.example' WHERE id = (SELECT teacher_id FROM users WHERE username = 'teacher')",
    )
    .execute(&pool)
    .await
    .unwrap();
    // A reminder for the teacher: a survey for their cohort.
    let center = app.logged_in("center").await;
    center
        .call(
            "create_survey",
            &[("title", "需求调研"), ("template", "on")],
        )
        .await;
    let survey = app.scalar("SELECT max(id) FROM surveys").await;
    let res = center
        .call(
            "publish_survey",
            &[
                ("id", &survey.to_string()),
                ("opens_on", &today().to_string()),
                (
                    "closes_on",
                    &(today() + chrono::Duration::days(5)).to_string(),
                ),
                ("targets[cohort_2026]", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (url, mail) = smtp_receiver().await;
    let outbox = Outbox::new(Some((&url, "教师发展中心 <center@district.example>"))).unwrap();
    assert!(
        channels::enqueue_digests(&pool, today(), true)
            .await
            .unwrap()
            >= 1
    );
    let (sent, failed) = channels::send_due(&pool, &outbox).await.unwrap();
    assert_eq!(failed, 0);
    assert!(sent >= 1);
    let got = mail.lock().unwrap().clone();
    let to_teacher: Vec<&String> = got
        .iter()
        .filter(|m| m.contains("RCPT TO:<teacher@school.example>"))
        .collect();
    assert_eq!(to_teacher.len(), 1, "{got:?}");
    assert!(to_teacher[0].contains("Subject:"));
    assert_eq!(
        app.scalar(
            "SELECT count(*) FROM channel_deliveries WHERE channel = 'email' AND status = 'sent'"
        )
        .await,
        sent as i64
    );
}
