//! Who may see what. Every server function asks here; hiding a button in the page enforces nothing.
use crate::api::auth::UserView;
use crate::domain::codes::Role;
use crate::error::AppError;
use sqlx::PgPool;

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
