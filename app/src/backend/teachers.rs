//! One teacher's summary card.
use super::caller::Caller;
use super::{db, policy};
use crate::error::AppError;
use crate::views::teachers::TeacherSummary;

/// For the teacher, their mentor, their school's coordinator, or the center.
pub async fn summary(c: &Caller, teacher_id: i64) -> Result<TeacherSummary, AppError> {
    policy::can_view_teacher(c.pool(), &c.user, teacher_id).await?;
    db::teachers::summary(c.pool(), teacher_id, c.today)
        .await?
        .ok_or(AppError::NotFound)
}
