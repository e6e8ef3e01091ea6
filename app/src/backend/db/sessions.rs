//! Mentor sessions and the pairings they belong to.
use crate::domain::mentoring::{editable, NewSession, PairingSpan, SessionKind};
use crate::views::mentoring::{SessionStatus, SessionView};
use chrono::NaiveDate;
use sqlx::{PgExecutor, PgPool};

/// A pairing as the session rules need it.
#[derive(sqlx::FromRow)]
pub struct PairingRef {
    pub id: i64,
    pub mentor_id: i64,
    pub mentee_id: i64,
    pub mentee_school_id: i32,
    pub programme_id: Option<i32>,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

impl PairingRef {
    pub fn span(&self) -> PairingSpan {
        PairingSpan {
            started_on: self.started_on,
            ended_on: self.ended_on,
        }
    }
}

pub async fn pairing(pool: &PgPool, id: i64) -> Result<Option<PairingRef>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.mentor_id, p.mentee_id, t.school_id AS mentee_school_id, p.programme_id,
                p.started_on, p.ended_on
         FROM mentor_pairings p JOIN teachers t ON t.id = p.mentee_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// The session's pairing, and the day it was logged (Shanghai time).
pub async fn session_pairing(
    pool: &PgPool,
    session_id: i64,
) -> Result<Option<(PairingRef, NaiveDate, bool)>, sqlx::Error> {
    let row: Option<(i64, NaiveDate, bool)> = sqlx::query_as(
        "SELECT pairing_id, (created_at AT TIME ZONE 'Asia/Shanghai')::date, confirmed_at IS NOT NULL
         FROM mentor_sessions WHERE id = $1",
    )
    .bind(session_id)
    .fetch_optional(pool)
    .await?;
    let Some((pairing_id, logged_on, confirmed)) = row else {
        return Ok(None);
    };
    Ok(pairing(pool, pairing_id)
        .await?
        .map(|p| (p, logged_on, confirmed)))
}

pub async fn edit_days(pool: &PgPool) -> Result<i64, sqlx::Error> {
    let days: Option<i32> =
        sqlx::query_scalar("SELECT value FROM app_settings WHERE key = 'session_edit_days'")
            .fetch_optional(pool)
            .await?;
    Ok(days.unwrap_or(7) as i64)
}

fn topic_or_kind(s: &NewSession) -> String {
    s.topic.clone().unwrap_or_else(|| {
        crate::i18n::Texts::label(
            crate::i18n::Locale::ZhCn.texts().session_kinds,
            s.kind.code(),
        )
    })
}

pub async fn insert<'e>(
    db: impl PgExecutor<'e>,
    s: &NewSession,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO mentor_sessions (pairing_id, held_on, minutes, kind, topic, notes, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(s.pairing_id)
    .bind(s.held_on)
    .bind(s.minutes)
    .bind(s.kind.code())
    .bind(topic_or_kind(s))
    .bind(&s.notes)
    .bind(user_id)
    .fetch_one(db)
    .await
}

/// Rewrites a session; only while unconfirmed (the WHERE clause re-checks it).
pub async fn update<'e>(
    db: impl PgExecutor<'e>,
    id: i64,
    s: &NewSession,
) -> Result<bool, sqlx::Error> {
    let res = sqlx::query(
        "UPDATE mentor_sessions
         SET held_on = $2, minutes = $3, kind = $4, topic = $5, notes = $6,
             disputed_at = NULL, dispute_reason = NULL, updated_at = now()
         WHERE id = $1 AND confirmed_at IS NULL",
    )
    .bind(id)
    .bind(s.held_on)
    .bind(s.minutes)
    .bind(s.kind.code())
    .bind(topic_or_kind(s))
    .bind(&s.notes)
    .execute(db)
    .await?;
    Ok(res.rows_affected() == 1)
}

pub async fn delete<'e>(db: impl PgExecutor<'e>, id: i64) -> Result<bool, sqlx::Error> {
    let res = sqlx::query("DELETE FROM mentor_sessions WHERE id = $1 AND confirmed_at IS NULL")
        .bind(id)
        .execute(db)
        .await?;
    Ok(res.rows_affected() == 1)
}

/// The mentee's verdict: confirm (clearing a dispute) or dispute (clearing a confirmation).
pub async fn set_verdict<'e>(
    db: impl PgExecutor<'e>,
    id: i64,
    dispute: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mentor_sessions SET
            confirmed_at = CASE WHEN $2::text IS NULL THEN now() END,
            disputed_at = CASE WHEN $2::text IS NOT NULL THEN now() END,
            dispute_reason = $2, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(dispute)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_reflection<'e>(
    db: impl PgExecutor<'e>,
    id: i64,
    reflection: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mentor_sessions SET mentee_reflection = $2, updated_at = now() WHERE id = $1",
    )
    .bind(id)
    .bind(reflection)
    .execute(db)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    pairing_id: i64,
    mentor_name: String,
    mentee_name: String,
    held_on: NaiveDate,
    minutes: i32,
    kind: String,
    topic: String,
    notes: Option<String>,
    reflection: Option<String>,
    confirmed: bool,
    disputed: bool,
    dispute_reason: Option<String>,
    logged_on: NaiveDate,
}

const SELECT: &str =
    "SELECT s.id, s.pairing_id, m.name AS mentor_name, e.name AS mentee_name, s.held_on,
        s.minutes, s.kind, s.topic, s.notes, s.mentee_reflection AS reflection,
        s.confirmed_at IS NOT NULL AS confirmed, s.disputed_at IS NOT NULL AS disputed,
        s.dispute_reason, (s.created_at AT TIME ZONE 'Asia/Shanghai')::date AS logged_on
     FROM mentor_sessions s
     JOIN mentor_pairings p ON p.id = s.pairing_id
     JOIN teachers m ON m.id = p.mentor_id
     JOIN teachers e ON e.id = p.mentee_id";

fn view(r: Row, today: NaiveDate, edit_days: i64) -> SessionView {
    let status = match (r.confirmed, r.disputed) {
        (true, _) => SessionStatus::Confirmed,
        (false, true) => SessionStatus::Disputed,
        _ => SessionStatus::Pending,
    };
    SessionView {
        id: r.id,
        pairing_id: r.pairing_id,
        mentor_name: r.mentor_name,
        mentee_name: r.mentee_name,
        held_on: r.held_on,
        minutes: r.minutes,
        kind: SessionKind::parse(&r.kind).unwrap_or(SessionKind::Other),
        topic: r.topic,
        notes: r.notes,
        reflection: r.reflection,
        editable: status != SessionStatus::Confirmed && editable(r.logged_on, today, edit_days),
        status,
        dispute_reason: r.dispute_reason,
    }
}

pub async fn one(
    pool: &PgPool,
    id: i64,
    today: NaiveDate,
) -> Result<Option<SessionView>, sqlx::Error> {
    let days = edit_days(pool).await?;
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|r| view(r, today, days)))
}

/// Newest first; `by` chooses the pairing or the mentee.
pub async fn list(
    pool: &PgPool,
    by: ListBy,
    today: NaiveDate,
) -> Result<Vec<SessionView>, sqlx::Error> {
    let days = edit_days(pool).await?;
    let (clause, id) = match by {
        ListBy::Pairing(id) => ("p.id = $1", id),
        ListBy::Mentee(id) => ("p.mentee_id = $1", id),
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE {clause} ORDER BY s.held_on DESC, s.id DESC LIMIT 300"
    ))
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| view(r, today, days)).collect())
}

pub enum ListBy {
    Pairing(i64),
    Mentee(i64),
}
