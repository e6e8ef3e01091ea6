use crate::error::AppError;
use crate::views::teachers::TeacherSummary;
use leptos::prelude::*;

/// One teacher's summary: for the teacher, their mentor, their school's coordinator, or the center.
#[server(endpoint = "teacher_summary")]
pub async fn fetch_teacher_summary(teacher_id: i64) -> Result<TeacherSummary, AppError> {
    use crate::backend::{caller::Caller, teachers};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(teachers::summary(&c, teacher_id).await)
}
