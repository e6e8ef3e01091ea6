//! Who may do what: every rule of access, named for the rule it enforces. Each server function
//! and file route asks here before it reads or writes; hiding a button enforces nothing. A
//! refusal is 403 whether or not the record exists, so ids cannot be probed.
use crate::domain::codes::Role;
use crate::error::AppError;
use crate::views::auth::UserView;
use sqlx::PgPool;

/// Center staff only (the ladder, events, rules, quotas, corrections).
pub fn center_staff(user: &UserView) -> Result<(), AppError> {
    if user.has(Role::CenterStaff) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Center staff may correct records others filed (a decision shown in pages as a flag).
pub fn may_correct(user: &UserView) -> bool {
    user.has(Role::CenterStaff)
}

/// Center staff grant and revoke roles (a coordinator cannot make themselves center staff).
pub fn grants_roles(user: &UserView) -> Result<(), AppError> {
    center_staff(user)
}

/// The schools a user manages: `None` for the whole district (center staff), their own schools
/// for a coordinator; anyone else is refused.
pub fn managed_schools(user: &UserView) -> Result<Option<Vec<i32>>, AppError> {
    if user.has(Role::CenterStaff) {
        return Ok(None);
    }
    let schools = user.coordinated_schools();
    if schools.is_empty() {
        Err(AppError::Forbidden)
    } else {
        Ok(Some(schools))
    }
}

/// Whether `school_id` is within what `managed_schools` gave.
pub fn within(schools: &Option<Vec<i32>>, school_id: i32) -> bool {
    schools.as_ref().is_none_or(|s| s.contains(&school_id))
}

/// Center staff, or a coordinator of `school_id`.
pub fn manages_school(user: &UserView, school_id: i32) -> bool {
    user.has(Role::CenterStaff) || user.coordinated_schools().contains(&school_id)
}

/// The caller's own teacher record (a login without one may not act as a teacher).
pub fn own_teacher(user: &UserView) -> Result<i64, AppError> {
    user.teacher_id.ok_or(AppError::Forbidden)
}

/// The caller's teacher record when they mentor.
pub fn mentor_teacher(user: &UserView) -> Result<i64, AppError> {
    user.teacher_id
        .filter(|_| user.has(Role::Mentor))
        .ok_or(AppError::Forbidden)
}

/// A teacher's record is visible to the teacher, their active mentor, the coordinators of their
/// school, and center staff. Others get 403 whether or not the teacher exists, so ids cannot be probed.
pub async fn can_view_teacher(
    pool: &PgPool,
    user: &UserView,
    teacher_id: i64,
) -> Result<(), AppError> {
    if user.teacher_id == Some(teacher_id) || user.has(Role::CenterStaff) {
        return Ok(());
    }
    let schools = user.coordinated_schools();
    let mentor_id = user.teacher_id.filter(|_| user.has(Role::Mentor));
    if schools.is_empty() && mentor_id.is_none() {
        return Err(AppError::Forbidden);
    }
    let allowed: bool = sqlx::query_scalar(
        "SELECT EXISTS (
            SELECT 1 FROM teachers t
            WHERE t.id = $1
              AND (t.school_id = ANY($2)
                   OR EXISTS (SELECT 1 FROM mentor_pairings p
                              WHERE p.mentee_id = t.id AND p.mentor_id = $3 AND p.ended_on IS NULL)))",
    )
    .bind(teacher_id)
    .bind(&schools)
    .bind(mentor_id)
    .fetch_one(pool)
    .await?;
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether `user_id` holds the only open center account (which may neither lose the role nor
/// be closed).
pub async fn last_center(db: &mut sqlx::PgConnection, user_id: i64) -> Result<bool, sqlx::Error> {
    let holds: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM user_roles WHERE user_id = $1 AND role = 'center_staff')",
    )
    .bind(user_id)
    .fetch_one(&mut *db)
    .await?;
    if !holds {
        return Ok(false);
    }
    let others: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT u.id) FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = 'center_staff' AND NOT u.disabled AND u.id <> $1",
    )
    .bind(user_id)
    .fetch_one(&mut *db)
    .await?;
    Ok(others == 0)
}
