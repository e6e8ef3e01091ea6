//! Growth plans (个人发展规划): the teacher sets goals and reports progress; the active mentor
//! comments; the school's coordinator (or center staff) reviews at term end. Plan → track →
//! feedback → result, each step a note on the goal.
use super::caller::Caller;
use super::db;
use super::policy;
use crate::domain::growth::NewGoal;
use crate::domain::text::required;
use crate::error::{AppError, FieldProblem};

pub async fn add(c: &Caller, title: &str, measures: &str, target_on: &str) -> Result<(), AppError> {
    let user = &c.user;
    let teacher_id = policy::own_teacher(user)?;
    let goal = NewGoal::parse(title, measures, target_on, c.today)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO growth_goals (teacher_id, title, measures, target_on) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(teacher_id)
    .bind(&goal.title)
    .bind(&goal.measures)
    .bind(goal.target_on)
    .fetch_one(&mut *tx)
    .await?;
    db::audit::commit(tx, user.id, "create", "growth_goal", id).await?;
    Ok(())
}

/// Which note the user may leave on the goal of `teacher_id` at `school_id`.
async fn note_kind(
    tx: &mut sqlx::PgConnection,
    user: &crate::views::auth::UserView,
    teacher_id: i64,
    school_id: i32,
) -> Result<&'static str, AppError> {
    if user.teacher_id == Some(teacher_id) {
        return Ok("progress");
    }
    if policy::manages_school(user, school_id) {
        return Ok("review");
    }
    // A mentor comments while both hold: the mentor role, and an active pairing with this
    // teacher. Ending the last pairing or removing the role ends the right to comment.
    let mentor_id = policy::mentor_teacher(user)?;
    let mentor: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM mentor_pairings WHERE mentee_id = $1 AND mentor_id = $2 AND ended_on IS NULL)",
    )
    .bind(teacher_id)
    .bind(mentor_id)
    .fetch_one(&mut *tx)
    .await?;
    if mentor {
        Ok("comment")
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn note(
    c: &Caller,
    id: i64,
    body: &str,
    progress: Option<&str>,
    status: Option<&str>,
) -> Result<(), AppError> {
    let user = &c.user;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let row: Option<(i64, i32)> = sqlx::query_as(
        "SELECT g.teacher_id, t.school_id FROM growth_goals g JOIN teachers t ON t.id = g.teacher_id
         WHERE g.id = $1 FOR UPDATE OF g",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    // Same answer for a missing goal and someone else's.
    let (teacher_id, school_id) = row.ok_or(AppError::Forbidden)?;
    let kind = note_kind(&mut tx, user, teacher_id, school_id).await?;
    let body = required("body", body, 2000)?;
    // Progress and status are the teacher's (tracking) or the reviewer's (the result).
    let progress = match progress.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) if kind != "comment" => Some(
            p.parse::<i16>()
                .ok()
                .filter(|n| (0..=100).contains(n))
                .ok_or_else(|| {
                    AppError::field("progress", FieldProblem::OutOfRange { min: 0, max: 100 })
                })?,
        ),
        _ => None,
    };
    let status = match status.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) if kind != "comment" => Some(
            ["planned", "in_progress", "achieved", "dropped"]
                .into_iter()
                .find(|c| *c == s)
                .ok_or_else(|| AppError::field("status", FieldProblem::Invalid))?,
        ),
        _ => None,
    };
    sqlx::query(
        "INSERT INTO goal_notes (goal_id, author_id, kind, body, progress) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(user.id)
    .bind(kind)
    .bind(&body)
    .bind(progress)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE growth_goals SET progress = COALESCE($2, progress), status = COALESCE($3, status),
                review = CASE WHEN $4 = 'review' THEN $5 ELSE review END, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(progress)
    .bind(status)
    .bind(kind)
    .bind(&body)
    .execute(&mut *tx)
    .await?;
    db::audit::commit(tx, user.id, kind, "growth_goal", id).await?;
    Ok(())
}
