//! Reminders: each kind is one statement that inserts what is due for everyone it concerns,
//! keyed by the fact it tells so that a fact is told once (`ON CONFLICT DO NOTHING`), skipping
//! people who turned the kind off. The scheduled job runs every kind once a day; the writes that
//! cause a reminder run their kind at once. A person reads theirs, follows one to where they act
//! (which marks it read), and turns kinds off.
use super::caller::Caller;
use super::db;
use super::surveys::TARGETED;
use crate::domain::notices::{
    week_key, weeks_left, NoticeKind, NoticeParams, CLOSING_DAYS, PROBATION_DAYS,
};
use crate::error::AppError;
use crate::views::notices::{NoticeRow, NoticesView};
use chrono::NaiveDate;
use sqlx::PgPool;
use std::collections::HashMap;

/// The insert every statement shares: `SELECT user_id, fact, params, link` rows become
/// reminders of `kind` for those who have not muted it.
fn insert(kind: NoticeKind, rows: &str) -> String {
    format!(
        "INSERT INTO notifications (user_id, kind, fact, params, link)
         SELECT r.user_id, '{kind}', r.fact, r.params, r.link FROM ({rows}) r
         WHERE NOT EXISTS (SELECT 1 FROM notification_muted m WHERE m.user_id = r.user_id AND m.kind = '{kind}')
         ON CONFLICT (user_id, kind, fact) DO NOTHING",
        kind = kind.code()
    )
}

/// The rows of one kind (`$1` today, `$2` this week's key), as `insert` takes them.
fn rows(kind: NoticeKind) -> String {
    match kind {
        NoticeKind::SessionToConfirm => "SELECT u.id AS user_id, 'session:' || s.id AS fact,
                jsonb_build_object('name', m.name, 'date', s.held_on::text) AS params,
                '/mentoring/sessions' AS link
            FROM mentor_sessions s JOIN mentor_pairings p ON p.id = s.pairing_id
            JOIN teachers m ON m.id = p.mentor_id
            JOIN users u ON u.teacher_id = p.mentee_id AND NOT u.disabled
            WHERE s.confirmed_at IS NULL AND s.disputed_at IS NULL AND s.held_on >= $1::date - 60"
            .into(),
        NoticeKind::ClaimsToReview => "SELECT u.id AS user_id, 'claims:' || $1::date AS fact,
                jsonb_build_object('n', count(*)) AS params, '/hours/review' AS link
            FROM hour_claims c JOIN teachers t ON t.id = c.teacher_id
            JOIN user_roles g ON (g.role = 'school_coordinator' AND g.school_id = t.school_id AND c.status = 'submitted')
                              OR (g.role = 'center_staff' AND c.status = 'school_approved')
            JOIN users u ON u.id = g.user_id AND NOT u.disabled
            WHERE u.teacher_id IS DISTINCT FROM c.teacher_id
            GROUP BY u.id"
            .into(),
        NoticeKind::AchievementsToVerify => "SELECT u.id AS user_id, 'achievements:' || $1::date AS fact,
                jsonb_build_object('n', count(*)) AS params, '/roster' AS link
            FROM achievements a JOIN teachers t ON t.id = a.teacher_id
            JOIN user_roles g ON g.role = 'school_coordinator' AND g.school_id = t.school_id
            JOIN users u ON u.id = g.user_id AND NOT u.disabled
            WHERE a.status = 'pending' AND u.teacher_id IS DISTINCT FROM a.teacher_id
            GROUP BY u.id"
            .into(),
        NoticeKind::HoursBehind => "SELECT u.id AS user_id, 'hours:' || $2::text AS fact,
                '{}'::jsonb AS params, '/hours' AS link
            FROM teacher_standing st JOIN teachers t ON t.id = st.teacher_id AND t.active
            JOIN users u ON u.teacher_id = t.id AND NOT u.disabled
            WHERE NOT st.on_track"
            .into(),
        NoticeKind::SurveyOpen | NoticeKind::SurveyClosing => {
            let closing = kind == NoticeKind::SurveyClosing;
            format!(
                "SELECT u.id AS user_id, '{prefix}:' || s.id AS fact,
                    jsonb_build_object('title', s.title, 'date', s.closes_on::text) AS params,
                    '/surveys/' || s.id AS link
                 FROM surveys s JOIN teachers t ON {TARGETED}
                 JOIN users u ON u.teacher_id = t.id AND NOT u.disabled
                 WHERE s.published_at IS NOT NULL AND s.opens_on <= $1 AND s.closes_on >= $1
                   AND ({all} OR s.closes_on <= $1::date + {CLOSING_DAYS})
                   AND NOT EXISTS (SELECT 1 FROM survey_submissions x WHERE x.survey_id = s.id AND x.teacher_id = t.id)",
                prefix = kind.code(),
                all = !closing,
            )
        }
        NoticeKind::ItemDue | NoticeKind::ItemOverdue => {
            let overdue = kind == NoticeKind::ItemOverdue;
            format!(
                "SELECT u.id AS user_id, '{prefix}:' || i.id || ':' || i.due_on AS fact,
                    jsonb_build_object('title', i.title, 'date', i.due_on::text) AS params,
                    '/lists/' || i.id AS link
                 FROM loop_items i
                 JOIN users u ON (u.id = i.owner_user_id OR u.id IN (SELECT g.user_id FROM user_roles g
                                  WHERE g.role = 'school_coordinator' AND g.school_id = i.owner_school_id))
                                 AND NOT u.disabled
                 WHERE i.stage <> 'effect' AND {due}",
                prefix = kind.code(),
                due = if overdue {
                    "i.due_on < $1"
                } else {
                    "i.due_on >= $1 AND i.due_on <= $1::date + 7"
                },
            )
        }
        NoticeKind::ProbationEnding => format!(
            "SELECT u.id AS user_id, 'probation:' || t.id AS fact,
                jsonb_build_object('date', w.ends::text,
                                   'n', ceil(r.min_hours - coalesce(h.hours, 0))::int8) AS params,
                '/hours' AS link
             FROM teachers t
             CROSS JOIN LATERAL (SELECT (coalesce(t.probation_start, t.hire_date) + interval '1 year')::date AS ends) w
             JOIN requirement_rules r ON r.scope = 'probation' AND r.active AND r.valid_to IS NULL
             LEFT JOIN LATERAL (SELECT sum(x.hours) AS hours FROM hour_records x
                                WHERE x.teacher_id = t.id AND x.earned_on >= coalesce(t.probation_start, t.hire_date)
                                  AND x.earned_on < w.ends) h ON true
             JOIN users u ON u.teacher_id = t.id AND NOT u.disabled
             WHERE t.active AND w.ends >= $1 AND w.ends <= $1::date + {PROBATION_DAYS}
               AND coalesce(h.hours, 0) < r.min_hours"
        ),
        // Decided by the quota engine in Rust: see `pair_behind`.
        NoticeKind::PairBehind => String::new(),
    }
}

/// Computes the reminders of `kinds` due on `today`; returns how many were new.
pub async fn refresh(
    pool: &PgPool,
    today: NaiveDate,
    kinds: &[NoticeKind],
) -> Result<u64, sqlx::Error> {
    let mut added = 0;
    for kind in kinds {
        added += match kind {
            NoticeKind::PairBehind => pair_behind(pool, today).await?,
            k => {
                let sql = insert(*k, &rows(*k));
                let mut q = sqlx::query(&sql).bind(today);
                // Only the weekly kinds name the week ($2): a prepared statement takes exactly
                // the parameters it uses.
                if sql.contains("$2") {
                    q = q.bind(week_key(today));
                }
                q.execute(pool).await?.rows_affected()
            }
        };
    }
    Ok(added)
}

/// After a write that causes a reminder: computed at once, never failing the write (the daily
/// run catches up).
pub async fn after_write(pool: &PgPool, today: NaiveDate, kinds: &[NoticeKind]) {
    if let Err(err) = refresh(pool, today, kinds).await {
        tracing::warn!(error = %err, "computing reminders after a write failed");
    }
}

/// Mentors of pairs behind their quota this term, weekly, with the weeks of term left.
async fn pair_behind(pool: &PgPool, today: NaiveDate) -> Result<u64, sqlx::Error> {
    let Some(term) = db::terms::current(pool, today).await? else {
        return Ok(0);
    };
    let behind: Vec<i64> =
        db::mentoring::pair_progress(pool, db::mentoring::PairScope::District, Some(&term), today)
            .await?
            .into_iter()
            .filter(|p| p.behind)
            .map(|p| p.pairing_id)
            .collect();
    let rows = "SELECT u.id AS user_id, 'pair:' || p.id || ':' || $2::text AS fact,
            jsonb_build_object('name', t.name, 'weeks', $4::int8) AS params, '/mentoring' AS link
         FROM mentor_pairings p JOIN teachers t ON t.id = p.mentee_id
         JOIN users u ON u.teacher_id = p.mentor_id AND NOT u.disabled
         WHERE p.id = ANY($3)";
    Ok(sqlx::query(&insert(NoticeKind::PairBehind, rows))
        .bind(today)
        .bind(week_key(today))
        .bind(&behind)
        .bind(weeks_left(today, term.ends_on))
        .execute(pool)
        .await?
        .rows_affected())
}

pub async fn list(c: &Caller) -> Result<NoticesView, AppError> {
    let pool = c.pool();
    let rows: Vec<(i64, String, serde_json::Value, bool, String)> = sqlx::query_as(
        "SELECT id, kind, params, read_at IS NOT NULL,
                to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
         FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100",
    )
    .bind(c.user.id)
    .fetch_all(pool)
    .await?;
    let muted: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM notification_muted WHERE user_id = $1")
            .bind(c.user.id)
            .fetch_all(pool)
            .await?;
    Ok(NoticesView {
        unread: unread(pool, c.user.id).await?,
        rows: rows
            .into_iter()
            .map(|(id, kind, params, read, at)| NoticeRow {
                id,
                kind,
                params: serde_json::from_value::<NoticeParams>(params).unwrap_or_default(),
                read,
                at,
            })
            .collect(),
        muted,
    })
}

async fn unread(pool: &PgPool, user_id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?)
}

/// The bell's number for whoever is signed in (`None`: nobody, or a one-time password still
/// to replace).
pub async fn unread_of_page() -> Result<Option<i64>, AppError> {
    // The context is read before the first await: after it the render's owner may be gone.
    let pool = super::ctx::server_ctx()?.pool;
    let Some(user) = super::ctx::optional_user().await? else {
        return Ok(None);
    };
    if user.must_change_password {
        return Ok(None);
    }
    Ok(Some(unread(&pool, user.id).await?))
}

/// Marks the caller's reminder read and sends them where they act on it.
pub async fn open(c: &Caller, id: i64) -> Result<(), AppError> {
    let link: Option<String> = sqlx::query_scalar(
        "UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING link",
    )
    .bind(id)
    .bind(c.user.id)
    .fetch_optional(c.pool())
    .await?;
    let link = link.ok_or(AppError::Forbidden)?;
    leptos_axum::redirect(&link);
    Ok(())
}

pub async fn mark_all_read(c: &Caller) -> Result<(), AppError> {
    sqlx::query("UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL")
        .bind(c.user.id)
        .execute(c.pool())
        .await?;
    Ok(())
}

/// Keeps the kinds ticked (`on[<kind>]`) and turns the others off.
pub async fn set_kinds(c: &Caller, on: &HashMap<String, String>) -> Result<(), AppError> {
    if on.keys().any(|k| NoticeKind::parse(k).is_none()) {
        return Err(AppError::field("on", crate::error::FieldProblem::Invalid));
    }
    let muted: Vec<&str> = NoticeKind::ALL
        .iter()
        .map(|k| k.code())
        .filter(|k| !on.contains_key(*k))
        .collect();
    let mut tx = c.pool().begin().await?;
    sqlx::query("DELETE FROM notification_muted WHERE user_id = $1")
        .bind(c.user.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO notification_muted (user_id, kind) SELECT $1, unnest($2::text[])")
        .bind(c.user.id)
        .bind(&muted)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
