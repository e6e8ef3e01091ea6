//! Roles, granted and revoked by center staff on a teacher's account: mentor, coordinator of a
//! school (one or more), center staff. The last open center account keeps its role.
use super::caller::Caller;
use super::db;
use super::policy;
use crate::domain::codes::Role;
use crate::error::{AppError, FieldProblem};

/// The role and, for a coordinator, the school, as the form sends them.
fn parse(role: &str, school: &str) -> Result<(Role, Option<i32>), AppError> {
    let role = Role::parse(role.trim())
        .filter(|r| *r != Role::Teacher)
        .ok_or(AppError::field("role", FieldProblem::Invalid))?;
    let school = if role == Role::SchoolCoordinator {
        Some(
            school
                .trim()
                .parse::<i32>()
                .map_err(|_| AppError::field("school", FieldProblem::UnknownSchool))?,
        )
    } else {
        None
    };
    Ok((role, school))
}

/// The account of a teacher, locked.
async fn account(tx: &mut sqlx::PgConnection, teacher_id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT id FROM users WHERE teacher_id = $1 FOR UPDATE")
        .bind(teacher_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn grant(c: &Caller, teacher_id: i64, role: &str, school: &str) -> Result<(), AppError> {
    policy::grants_roles(&c.user)?;
    let (role, school) = parse(role, school)?;
    let mut tx = c.pool().begin().await?;
    let user_id = account(&mut tx, teacher_id).await?;
    if let Some(s) = school {
        let known: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM schools WHERE id = $1 AND active)")
                .bind(s)
                .fetch_one(&mut *tx)
                .await?;
        if !known {
            return Err(AppError::field("school", FieldProblem::UnknownSchool));
        }
    }
    db::users::grant(&mut *tx, user_id, role, school).await?;
    let detail = serde_json::json!({ "role": role.code(), "school": school });
    db::audit::record_each(
        &mut *tx,
        c.user.id,
        "grant_role",
        "teacher",
        &[teacher_id],
        &[detail],
    )
    .await?;
    tx.commit().await?;
    c.state.sessions.forget_user(user_id);
    Ok(())
}

pub async fn revoke(c: &Caller, teacher_id: i64, role: &str, school: &str) -> Result<(), AppError> {
    policy::grants_roles(&c.user)?;
    let (role, school) = parse(role, school)?;
    let mut tx = c.pool().begin().await?;
    let user_id = account(&mut tx, teacher_id).await?;
    if role == Role::CenterStaff && policy::last_center(&mut tx, user_id).await? {
        return Err(AppError::field("role", FieldProblem::LastCenter));
    }
    let done = sqlx::query(
        "DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND school_id IS NOT DISTINCT FROM $3",
    )
    .bind(user_id)
    .bind(role.code())
    .bind(school)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let detail = serde_json::json!({ "role": role.code(), "school": school });
    db::audit::record_each(
        &mut *tx,
        c.user.id,
        "revoke_role",
        "teacher",
        &[teacher_id],
        &[detail],
    )
    .await?;
    tx.commit().await?;
    c.state.sessions.forget_user(user_id);
    Ok(())
}
