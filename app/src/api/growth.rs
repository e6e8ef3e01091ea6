//! The growth path (成长路径): a teacher's timeline, tier and gap to the next tier, achievements
//! with verification, and the growth plan with its follow-up.
use crate::error::AppError;
use crate::views::growth::GrowthView;
use leptos::prelude::*;

#[server(endpoint = "growth")]
pub async fn fetch_growth(teacher_id: Option<i64>) -> Result<GrowthView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::growth;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(growth::view(&c, teacher_id).await)
}

/// Verifies (`decision` = verify) or refuses (reject, with a reason) a pending achievement.
#[server(endpoint = "verify_achievement")]
pub async fn verify_achievement(id: i64, decision: String, reason: String) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::growth;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(growth::verify(&c, id, &decision, &reason).await)
}

/// The teacher removes one of their achievements while it is unverified.
#[server(endpoint = "delete_achievement")]
pub async fn delete_achievement(id: i64) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::growth;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(growth::delete_achievement(&c, id).await)
}

#[server(endpoint = "add_goal")]
pub async fn add_goal(title: String, measures: String, target_on: String) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::goals;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(goals::add(&c, &title, &measures, &target_on).await)
}

/// A note on a goal: the teacher's progress (with a percentage and status), the mentor's
/// comment, or the coordinator's term-end review; which one follows from who writes it.
#[server(endpoint = "goal_note")]
pub async fn save_goal_note(
    id: i64,
    body: String,
    progress: Option<String>,
    status: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::goals;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(goals::note(&c, id, &body, progress.as_deref(), status.as_deref()).await)
}

/// Center staff correct a verified achievement, with the reason; the old values are kept.
#[server(endpoint = "correct_achievement")]
pub async fn correct_achievement(
    id: i64,
    form: crate::domain::growth::AchievementForm,
    reason: String,
) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::growth;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(growth::correct_achievement(&c, id, &form, &reason).await)
}
