use super::terms;
use crate::domain::mentoring::{pair_behind, QuotaProgress, SessionKind};
use crate::views::home::MenteeRow;
use crate::views::mentoring::PairProgress;
use chrono::NaiveDate;
use sqlx::PgPool;
use std::collections::HashMap;

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

/// Which active pairs to report on.
pub enum PairScope {
    Mentor(i64),
    Schools(Vec<i32>),
    District,
}

#[derive(sqlx::FromRow)]
struct PairRow {
    pairing_id: i64,
    mentor_name: String,
    teacher_id: i64,
    name: String,
    school_name: String,
    subject: String,
    started_on: NaiveDate,
    programme_id: Option<i32>,
    last_session: Option<NaiveDate>,
    unconfirmed: i64,
    disputed: i64,
}

/// Active pairs in `scope` with their confirmed sessions this term against their programme's quotas.
pub async fn pair_progress(
    pool: &PgPool,
    scope: PairScope,
    term: Option<&terms::Term>,
    today: NaiveDate,
) -> Result<Vec<PairProgress>, sqlx::Error> {
    let (mentor, schools, any_school) = match scope {
        PairScope::Mentor(id) => (Some(id), Vec::new(), true),
        PairScope::Schools(ids) => (None, ids, false),
        PairScope::District => (None, Vec::new(), true),
    };
    let pairs: Vec<PairRow> = sqlx::query_as(
        "SELECT p.id AS pairing_id, m.name AS mentor_name, t.id AS teacher_id, t.name, s.name AS school_name,
                t.subject, p.started_on, p.programme_id,
                max(ms.held_on) AS last_session,
                count(ms.id) FILTER (WHERE ms.confirmed_at IS NULL AND ms.disputed_at IS NULL) AS unconfirmed,
                count(ms.id) FILTER (WHERE ms.disputed_at IS NOT NULL) AS disputed
         FROM mentor_pairings p
         JOIN teachers t ON t.id = p.mentee_id
         JOIN teachers m ON m.id = p.mentor_id
         JOIN schools s ON s.id = t.school_id
         LEFT JOIN mentor_sessions ms ON ms.pairing_id = p.id
         WHERE p.ended_on IS NULL
           AND ($1::bigint IS NULL OR p.mentor_id = $1)
           AND ($3::bool OR t.school_id = ANY($2::int[]))
         GROUP BY p.id, m.name, t.id, t.name, s.name, t.subject, p.started_on, p.programme_id
         ORDER BY s.name, m.name, t.name",
    )
    .bind(mentor)
    .bind(&schools)
    .bind(any_school)
    .fetch_all(pool)
    .await?;

    let quotas: Vec<(i32, String, i32)> = sqlx::query_as(
        "SELECT programme_id, kind, min_count FROM term_quotas WHERE min_count > 0 ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = pairs.iter().map(|p| p.pairing_id).collect();
    let counts: Vec<(i64, String, i64)> = match term {
        Some(term) => {
            sqlx::query_as(
                "SELECT pairing_id, kind, count(*) FROM mentor_sessions
                 WHERE pairing_id = ANY($1) AND confirmed_at IS NOT NULL AND held_on BETWEEN $2 AND $3
                 GROUP BY pairing_id, kind",
            )
            .bind(&ids)
            .bind(term.starts_on)
            .bind(term.ends_on)
            .fetch_all(pool)
            .await?
        }
        None => Vec::new(),
    };
    let count_map: HashMap<(i64, &str), i64> = counts
        .iter()
        .map(|(p, k, n)| ((*p, k.as_str()), *n))
        .collect();

    Ok(pairs
        .into_iter()
        .map(|p| {
            let progress: Vec<QuotaProgress> = match term {
                Some(term) => quotas
                    .iter()
                    .filter(|(programme, _, _)| Some(*programme) == p.programme_id)
                    .filter_map(|(_, kind, min)| {
                        let kind = SessionKind::parse(kind)?;
                        let done = count_map
                            .get(&(p.pairing_id, kind.code()))
                            .copied()
                            .unwrap_or(0);
                        Some(QuotaProgress::new(
                            kind,
                            *min as i64,
                            done,
                            term.span(),
                            today,
                        ))
                    })
                    .collect(),
                None => Vec::new(),
            };
            PairProgress {
                behind: pair_behind(&progress),
                pairing_id: p.pairing_id,
                mentor_name: p.mentor_name,
                teacher_id: p.teacher_id,
                name: p.name,
                school_name: p.school_name,
                subject: p.subject,
                started_on: p.started_on,
                quotas: progress,
                last_session: p.last_session,
                unconfirmed: p.unconfirmed,
                disputed: p.disputed,
            }
        })
        .collect())
}
