use crate::error::AppError;
use crate::views::teachers::TeacherSummary;
use leptos::prelude::*;

/// One teacher's summary: for the teacher, their mentor, their school's coordinator, or the center.
#[server(endpoint = "teacher_summary")]
pub async fn fetch_teacher_summary(teacher_id: i64) -> Result<TeacherSummary, AppError> {
    use crate::error::respond;
    use crate::server::{ctx, db, policy};
    respond(
        async {
            let user = ctx::current_user().await?;
            let pool = ctx::pool()?;
            policy::can_view_teacher(&pool, &user, teacher_id).await?;
            db::teachers::summary(&pool, teacher_id, ctx::today())
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}
