use super::terms;
use crate::api::home::MenteeRow;
use chrono::NaiveDate;
use sqlx::PgPool;

#[derive(sqlx::FromRow)]
struct Row {
    teacher_id: i64,
    name: String,
    school_name: String,
    subject: String,
    since: NaiveDate,
    sessions_this_term: i64,
    unconfirmed: i64,
    last_session: Option<NaiveDate>,
}

/// A mentor's active mentees with this term's session counts.
pub async fn mentees_of(
    pool: &PgPool,
    mentor_id: i64,
    today: NaiveDate,
) -> Result<Vec<MenteeRow>, sqlx::Error> {
    let term = terms::current(pool, today).await?;
    // Outside a term the counts are zero: an empty range.
    let (from, to) = term
        .map(|t| (t.starts_on, t.ends_on))
        .unwrap_or((today, today.pred_opt().unwrap_or(today)));
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT t.id AS teacher_id, t.name, s.name AS school_name, t.subject, p.started_on AS since,
                count(ms.id) FILTER (WHERE ms.held_on BETWEEN $2 AND $3) AS sessions_this_term,
                count(ms.id) FILTER (WHERE ms.confirmed_at IS NULL) AS unconfirmed,
                max(ms.held_on) AS last_session
         FROM mentor_pairings p
         JOIN teachers t ON t.id = p.mentee_id
         JOIN schools s ON s.id = t.school_id
         LEFT JOIN mentor_sessions ms ON ms.pairing_id = p.id
         WHERE p.mentor_id = $1 AND p.ended_on IS NULL
         GROUP BY t.id, t.name, s.name, t.subject, p.started_on
         ORDER BY p.started_on, t.name",
    )
    .bind(mentor_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MenteeRow {
            teacher_id: r.teacher_id,
            name: r.name,
            school_name: r.school_name,
            subject: r.subject,
            since: r.since,
            sessions_this_term: r.sessions_this_term,
            unconfirmed: r.unconfirmed,
            last_session: r.last_session,
        })
        .collect())
}
