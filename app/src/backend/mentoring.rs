//! Mentoring flows: the mentor logs, the mentee confirms or disputes. Each checks who may act
//! on the server, writes in one transaction with its audit entry, or writes nothing.
use super::caller::Caller;
use super::ctx::today;
use super::db::{self, mentoring::PairScope, sessions::ListBy, sessions::PairingRef};
use super::policy;
use crate::domain::mentoring::{
    dispute_reason, editable, optional_text, NewSession, SessionInput, MAX_NOTES,
};
use crate::domain::notices::NoticeKind;
use crate::error::{AppError, FieldProblem};
use crate::views::auth::UserView;
use crate::views::mentoring::{LogPage, MyMentees, SessionView};
use sqlx::PgPool;

pub async fn my_mentees(c: &Caller) -> Result<MyMentees, AppError> {
    let user = &c.user;
    let mentor = policy::mentor_teacher(user)?;
    let pool = c.pool();
    let today = c.today;
    let term = db::terms::current(pool, today).await?;
    let mentees =
        db::mentoring::pair_progress(pool, PairScope::Mentor(mentor), term.as_ref(), today).await?;
    Ok(MyMentees {
        today,
        term: term.map(|t| t.view(today)),
        mentees,
    })
}

pub async fn log_page(c: &Caller, pairing: Option<i64>) -> Result<LogPage, AppError> {
    let mentees = my_mentees(c).await?;
    let selected = pairing
        .filter(|p| mentees.mentees.iter().any(|m| m.pairing_id == *p))
        .or_else(|| mentees.mentees.first().map(|m| m.pairing_id));
    let sessions = match selected {
        Some(id) => db::sessions::list(c.pool(), ListBy::Pairing(id), c.today).await?,
        None => Vec::new(),
    };
    Ok(LogPage {
        mentees,
        selected,
        sessions,
    })
}

/// The pairing, if `mentor` is its mentor; 403 otherwise (also when it does not exist).
async fn mentors_pairing(
    pool: &PgPool,
    mentor: i64,
    pairing_id: i64,
) -> Result<PairingRef, AppError> {
    db::sessions::pairing(pool, pairing_id)
        .await?
        .filter(|p| p.mentor_id == mentor)
        .ok_or(AppError::Forbidden)
}

pub async fn log_session(c: &Caller, input: SessionInput) -> Result<SessionView, AppError> {
    let user = &c.user;
    let mentor = policy::mentor_teacher(user)?;
    let pool = c.pool();
    let pairing = mentors_pairing(pool, mentor, input.pairing_id).await?;
    // Only active mentees: an ended pairing is history.
    if pairing.ended_on.is_some() {
        return Err(AppError::field("pairing_id", FieldProblem::PairingEnded));
    }
    let session = NewSession::parse(&input, c.today, pairing.span())?;
    let mut tx = pool.begin().await?;
    let id = db::sessions::insert(&mut *tx, &session, user.id).await?;
    db::audit::commit(tx, user.id, "log_session", "mentor_session", id).await?;
    super::notices::after_write(pool, c.today, &[NoticeKind::SessionToConfirm]).await;
    db::sessions::one(pool, id, c.today)
        .await?
        .ok_or(AppError::Internal)
}

/// The session's pairing when the current user is its mentor and the session is still editable.
async fn editable_by_mentor(
    pool: &PgPool,
    user: &UserView,
    id: i64,
) -> Result<PairingRef, AppError> {
    let mentor = policy::mentor_teacher(user)?;
    let (pairing, logged_on, confirmed) = db::sessions::session_pairing(pool, id)
        .await?
        .filter(|(p, _, _)| p.mentor_id == mentor)
        .ok_or(AppError::Forbidden)?;
    let days = db::sessions::edit_days(pool).await?;
    if confirmed || !editable(logged_on, today(), days) {
        return Err(AppError::Locked);
    }
    Ok(pairing)
}

pub async fn update_session(
    c: &Caller,
    id: i64,
    mut input: SessionInput,
) -> Result<SessionView, AppError> {
    let user = &c.user;
    let pool = c.pool();
    let pairing = editable_by_mentor(pool, user, id).await?;
    // A session stays in its pairing.
    input.pairing_id = pairing.id;
    let session = NewSession::parse(&input, c.today, pairing.span())?;
    let mut tx = pool.begin().await?;
    if !db::sessions::update(&mut *tx, id, &session).await? {
        return Err(AppError::Locked);
    }
    db::audit::commit(tx, user.id, "update_session", "mentor_session", id).await?;
    db::sessions::one(pool, id, c.today)
        .await?
        .ok_or(AppError::Internal)
}

pub async fn delete_session(c: &Caller, id: i64) -> Result<(), AppError> {
    let user = &c.user;
    let pool = c.pool();
    editable_by_mentor(pool, user, id).await?;
    let mut tx = pool.begin().await?;
    if !db::sessions::delete(&mut *tx, id).await? {
        return Err(AppError::Locked);
    }
    db::audit::commit(tx, user.id, "delete_session", "mentor_session", id).await?;
    Ok(())
}

/// Mentor, mentee, the mentee's coordinators and center staff may read a pairing's sessions.
pub async fn pairing_sessions(c: &Caller, pairing_id: i64) -> Result<Vec<SessionView>, AppError> {
    let user = &c.user;
    let pool = c.pool();
    let pairing = db::sessions::pairing(pool, pairing_id)
        .await?
        .ok_or(AppError::Forbidden)?;
    let allowed = user.teacher_id == Some(pairing.mentor_id)
        || user.teacher_id == Some(pairing.mentee_id)
        || policy::manages_school(user, pairing.mentee_school_id);
    if !allowed {
        return Err(AppError::Forbidden);
    }
    Ok(db::sessions::list(pool, ListBy::Pairing(pairing_id), c.today).await?)
}

pub async fn my_sessions(c: &Caller) -> Result<Vec<SessionView>, AppError> {
    let user = &c.user;
    let me = policy::own_teacher(user)?;
    Ok(db::sessions::list(c.pool(), ListBy::Mentee(me), c.today).await?)
}

/// A session logged for the current user as mentee; 403 for anyone else's.
async fn own_session_as_mentee(pool: &PgPool, user: &UserView, id: i64) -> Result<(), AppError> {
    let me = policy::own_teacher(user)?;
    db::sessions::session_pairing(pool, id)
        .await?
        .filter(|(p, _, _)| p.mentee_id == me)
        .map(|_| ())
        .ok_or(AppError::Forbidden)
}

async fn mentee_update(
    c: &Caller,
    id: i64,
    action: &str,
    verdict: Option<Option<&str>>,
    reflection: Option<Option<&str>>,
) -> Result<SessionView, AppError> {
    let user = &c.user;
    let pool = c.pool();
    own_session_as_mentee(pool, user, id).await?;
    let mut tx = pool.begin().await?;
    if let Some(Some(_)) = verdict {
        // A confirmation stands once the edit window after it has passed.
        let confirmed_on: Option<chrono::NaiveDate> = sqlx::query_scalar(
            "SELECT (confirmed_at AT TIME ZONE 'Asia/Shanghai')::date FROM mentor_sessions
             WHERE id = $1 FOR UPDATE",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let days = db::sessions::edit_days(pool).await?;
        if !crate::domain::mentoring::disputable(confirmed_on, c.today, days) {
            return Err(AppError::Locked);
        }
    }
    if let Some(dispute) = verdict {
        db::sessions::set_verdict(&mut *tx, id, dispute).await?;
    }
    if let Some(reflection) = reflection {
        db::sessions::set_reflection(&mut *tx, id, reflection).await?;
    }
    db::audit::commit(tx, user.id, action, "mentor_session", id).await?;
    db::sessions::one(pool, id, c.today)
        .await?
        .ok_or(AppError::Internal)
}

pub async fn confirm_session(
    c: &Caller,
    id: i64,
    reflection: &str,
) -> Result<SessionView, AppError> {
    let reflection = optional_text("reflection", reflection, MAX_NOTES)?;
    // A blank reflection on confirming keeps any written before.
    let reflection = reflection.as_deref().map(Some);
    mentee_update(c, id, "confirm_session", Some(None), reflection).await
}

pub async fn dispute_session(c: &Caller, id: i64, reason: &str) -> Result<SessionView, AppError> {
    let reason = dispute_reason(reason)?;
    mentee_update(c, id, "dispute_session", Some(Some(&reason)), None).await
}

pub async fn save_reflection(
    c: &Caller,
    id: i64,
    reflection: &str,
) -> Result<SessionView, AppError> {
    let reflection = optional_text("reflection", reflection, MAX_NOTES)?;
    mentee_update(c, id, "save_reflection", None, Some(reflection.as_deref())).await
}
