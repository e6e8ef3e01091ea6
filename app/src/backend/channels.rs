//! Reminders outside the app. Once a day the scheduled job turns the day's unread reminders into
//! digests: one per school with a group robot (企业微信 or 钉钉 webhook, their documented JSON
//! markdown message) for its coordinators' reminders, and one e-mail per person with an address
//! (when the server has SMTP configured). Each is a delivery row, sent by the job and retried
//! with backoff when it fails; a delivery that keeps failing is shown to the center. Sending
//! never blocks a request: only the job sends.
use super::caller::Caller;
use super::db;
use super::policy;
use crate::domain::notices::{digest_lines, retry_after_minutes, webhook_url, RobotKind};
use crate::error::AppError;
use crate::i18n::notice_texts::ZH;
use crate::views::notices::{ChannelRow, ChannelsView, DeliveryRow};
use chrono::NaiveDate;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sqlx::PgPool;
use std::time::Duration;

/// How the job reaches the outside: an HTTP client for the robots, and SMTP when configured.
pub struct Outbox {
    http: reqwest::Client,
    mail: Option<(AsyncSmtpTransport<Tokio1Executor>, lettre::message::Mailbox)>,
}

impl Outbox {
    /// `smtp`: an SMTP URL (`smtp://host:25`, `smtps://user:pass@host`, …) and the sender
    /// address; `None` sends no e-mail.
    pub fn new(smtp: Option<(&str, &str)>) -> Result<Outbox, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        let mail = match smtp {
            None => None,
            Some((url, from)) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("SMTP_URL: {e}"))?
                    .timeout(Some(Duration::from_secs(10)))
                    .build();
                let from = from.parse().map_err(|e| format!("SMTP_FROM: {e}"))?;
                Some((transport, from))
            }
        };
        Ok(Outbox { http, mail })
    }

    /// Whether e-mail digests can be sent (SMTP configured).
    pub fn sends_mail(&self) -> bool {
        self.mail.is_some()
    }
}

/// Makes today's digests (each at most once a day: `ON CONFLICT DO NOTHING`).
pub async fn enqueue_digests(
    pool: &PgPool,
    today: NaiveDate,
    email: bool,
) -> Result<u64, sqlx::Error> {
    // Per school with a robot: its coordinators' unread reminders of the last day, by kind.
    let schools: Vec<(i32, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT c.school_id, c.kind, c.url, s.name, n.kind, count(*)
         FROM school_channels c JOIN schools s ON s.id = c.school_id
         JOIN user_roles g ON g.role = 'school_coordinator' AND g.school_id = c.school_id
         JOIN notifications n ON n.user_id = g.user_id AND n.read_at IS NULL
                              AND n.created_at > now() - interval '1 day'
         GROUP BY 1, 2, 3, 4, 5 ORDER BY 1",
    )
    .fetch_all(pool)
    .await?;
    let mut added = 0;
    // Rows come ordered by school: one digest per run of a school's rows.
    for rows in schools.chunk_by(|a, b| a.0 == b.0) {
        let (school_id, kind, url, name) = (rows[0].0, &rows[0].1, &rows[0].2, &rows[0].3);
        let counts: Vec<(String, i64)> = rows.iter().map(|r| (r.4.clone(), r.5)).collect();
        let lines = digest_lines(&counts, &ZH);
        let digest = Digest {
            channel: kind,
            target: url,
            school: Some(school_id),
            user: None,
        };
        added += queue(pool, &digest, today, &name_subject(name, today), &lines).await?;
    }
    if email {
        // Per person with an address: their own unread reminders of the last day.
        let people: Vec<(i64, String, String, String, serde_json::Value)> = sqlx::query_as(
            "SELECT u.id, t.email, u.display_name, n.kind, n.params
             FROM notifications n JOIN users u ON u.id = n.user_id AND NOT u.disabled
             JOIN teachers t ON t.id = u.teacher_id AND t.email IS NOT NULL
             WHERE n.read_at IS NULL AND n.created_at > now() - interval '1 day'
             ORDER BY u.id, n.created_at",
        )
        .fetch_all(pool)
        .await?;
        for rows in people.chunk_by(|a, b| a.0 == b.0) {
            let (user_id, email, name) = (rows[0].0, &rows[0].1, &rows[0].2);
            let lines: Vec<String> = rows
                .iter()
                .map(|r| {
                    let p = serde_json::from_value(r.4.clone()).unwrap_or_default();
                    format!("· {}", crate::domain::notices::message(&r.3, &p, &ZH))
                })
                .collect();
            let digest = Digest {
                channel: "email",
                target: email,
                school: None,
                user: Some(user_id),
            };
            added += queue(pool, &digest, today, &name_subject(name, today), &lines).await?;
        }
    }
    Ok(added)
}

/// Where one digest goes.
struct Digest<'a> {
    channel: &'a str,
    target: &'a str,
    school: Option<i32>,
    user: Option<i64>,
}

fn name_subject(name: &str, today: NaiveDate) -> String {
    (ZH.digest_subject)(name, &today.to_string())
}

/// Queues one digest of `lines` for the day (once: a second one the same day is dropped).
async fn queue(
    pool: &PgPool,
    d: &Digest<'_>,
    today: NaiveDate,
    subject: &str,
    lines: &[String],
) -> Result<u64, sqlx::Error> {
    let body = format!("{}\n\n{}", lines.join("\n"), ZH.digest_footer);
    Ok(sqlx::query(
        "INSERT INTO channel_deliveries (channel, target, school_id, user_id, day, subject, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(d.channel)
    .bind(d.target)
    .bind(d.school)
    .bind(d.user)
    .bind(today)
    .bind(subject)
    .bind(&body)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Sends the deliveries that are due; a failure is tried again later (see
/// `retry_after_minutes`) and given up after the last try. Returns (sent, failed this round).
pub async fn send_due(pool: &PgPool, outbox: &Outbox) -> Result<(u64, u64), sqlx::Error> {
    let due: Vec<(i64, String, String, String, String, i32)> = sqlx::query_as(
        "SELECT id, channel, target, subject, body, attempts FROM channel_deliveries
         WHERE status = 'pending' AND next_at <= now() ORDER BY next_at LIMIT 50",
    )
    .fetch_all(pool)
    .await?;
    let (mut sent, mut failed) = (0, 0);
    for (id, channel, target, subject, body, attempts) in due {
        let result = match channel.as_str() {
            "email" => send_mail(outbox, &target, &subject, &body).await,
            robot => send_robot(outbox, robot, &target, &subject, &body).await,
        };
        match result {
            Ok(()) => {
                sent += 1;
                sqlx::query(
                    "UPDATE channel_deliveries SET status = 'sent', sent_at = now(),
                        attempts = attempts + 1, last_error = NULL WHERE id = $1",
                )
                .bind(id)
                .execute(pool)
                .await?;
            }
            Err(err) => {
                failed += 1;
                tracing::warn!(delivery = id, channel, error = %err, "reminder delivery failed");
                let wait = retry_after_minutes(attempts + 1);
                let err: String = err.chars().take(500).collect();
                sqlx::query(
                    "UPDATE channel_deliveries SET attempts = attempts + 1, last_error = $2,
                        status = CASE WHEN $3::int8 IS NULL THEN 'failed' ELSE 'pending' END,
                        next_at = now() + make_interval(mins => coalesce($3::int8, 0)::int)
                     WHERE id = $1",
                )
                .bind(id)
                .bind(&err)
                .bind(wait)
                .execute(pool)
                .await?;
            }
        }
    }
    Ok((sent, failed))
}

/// Posts a markdown message to a group robot: 企业微信 `{"msgtype":"markdown","markdown":
/// {"content"}}`, 钉钉 `{"msgtype":"markdown","markdown":{"title","text"}}`; both answer
/// `{"errcode":0,…}` when they took it.
async fn send_robot(
    outbox: &Outbox,
    kind: &str,
    url: &str,
    subject: &str,
    body: &str,
) -> Result<(), String> {
    let text = format!("**{subject}**\n{body}");
    let payload = match RobotKind::parse(kind) {
        Some(RobotKind::WeCom) => {
            serde_json::json!({ "msgtype": "markdown", "markdown": { "content": text } })
        }
        Some(RobotKind::DingTalk) => serde_json::json!({
            "msgtype": "markdown",
            "markdown": { "title": subject, "text": text }
        }),
        None => return Err(format!("unknown channel {kind}")),
    };
    let res = outbox
        .http
        .post(url)
        .json(&payload)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = res.status();
    let answer: serde_json::Value = res.json().await.unwrap_or_default();
    match answer.get("errcode").and_then(|c| c.as_i64()) {
        Some(0) if status.is_success() => Ok(()),
        _ => Err(format!("HTTP {status}: {answer}")),
    }
}

async fn send_mail(outbox: &Outbox, to: &str, subject: &str, body: &str) -> Result<(), String> {
    let Some((transport, from)) = &outbox.mail else {
        return Err("no SMTP server configured".into());
    };
    let message = lettre::Message::builder()
        .from(from.clone())
        .to(to.parse().map_err(|e| format!("address: {e}"))?)
        .subject(subject)
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(body.to_string())
        .map_err(|e| e.to_string())?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[derive(sqlx::FromRow)]
struct DeliveryDb {
    id: i64,
    channel: String,
    target: String,
    day: NaiveDate,
    status: String,
    attempts: i32,
    last_error: Option<String>,
    next_at: String,
}

/// The center's view: each school's robot and the latest deliveries with their state.
pub async fn view(c: &Caller) -> Result<ChannelsView, AppError> {
    policy::center_staff(&c.user)?;
    let pool = c.pool();
    let channels: Vec<(i32, String, String, String)> = sqlx::query_as(
        "SELECT c.school_id, s.name, c.kind, c.url FROM school_channels c
         JOIN schools s ON s.id = c.school_id ORDER BY s.name",
    )
    .fetch_all(pool)
    .await?;
    let deliveries: Vec<DeliveryDb> = sqlx::query_as(
        "SELECT d.id, d.channel, coalesce(s.name, u.display_name, d.target) AS target, d.day,
                d.status, d.attempts, d.last_error,
                to_char(d.next_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS next_at
         FROM channel_deliveries d LEFT JOIN schools s ON s.id = d.school_id
         LEFT JOIN users u ON u.id = d.user_id
         ORDER BY d.status = 'sent', d.created_at DESC LIMIT 100",
    )
    .fetch_all(pool)
    .await?;
    let schools: Vec<(i32, String)> =
        sqlx::query_as("SELECT id, name FROM schools WHERE active ORDER BY name")
            .fetch_all(pool)
            .await?;
    Ok(ChannelsView {
        channels: channels
            .into_iter()
            .map(|(school_id, school, kind, url)| ChannelRow {
                school_id,
                school,
                kind,
                url,
            })
            .collect(),
        deliveries: deliveries
            .into_iter()
            .map(|d| DeliveryRow {
                id: d.id,
                channel: d.channel,
                target: d.target,
                day: d.day,
                status: d.status,
                attempts: d.attempts,
                last_error: d.last_error,
                next_at: d.next_at,
            })
            .collect(),
        schools,
    })
}

/// Sets (or replaces) a school's group robot; an empty address removes it.
pub async fn set_robot(c: &Caller, school_id: i32, kind: &str, url: &str) -> Result<(), AppError> {
    policy::center_staff(&c.user)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    if url.trim().is_empty() {
        sqlx::query("DELETE FROM school_channels WHERE school_id = $1")
            .bind(school_id)
            .execute(&mut *tx)
            .await?;
    } else {
        let kind = RobotKind::parse(kind.trim())
            .ok_or(AppError::field("kind", crate::error::FieldProblem::Invalid))?;
        let url = webhook_url(url)?;
        let res = sqlx::query(
            "INSERT INTO school_channels (school_id, kind, url, updated_by)
             SELECT id, $2, $3, $4 FROM schools WHERE id = $1
             ON CONFLICT (school_id) DO UPDATE SET kind = EXCLUDED.kind, url = EXCLUDED.url,
                updated_by = EXCLUDED.updated_by, updated_at = now()",
        )
        .bind(school_id)
        .bind(kind.code())
        .bind(&url)
        .bind(c.user.id)
        .execute(&mut *tx)
        .await?;
        if res.rows_affected() == 0 {
            return Err(AppError::field(
                "school_id",
                crate::error::FieldProblem::UnknownSchool,
            ));
        }
    }
    db::audit::commit(tx, c.user.id, "set_channel", "school", school_id).await?;
    Ok(())
}
