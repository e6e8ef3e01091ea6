//! Training hours: a teacher's ledger and standing, claims and their review, corrections.
use crate::error::AppError;
use crate::views::hours::{ClaimFormView, HoursView, QueueView};
use leptos::prelude::*;

/// A teacher's ledger and standing; `teacher_id` empty for one's own.
#[server(endpoint = "hours")]
pub async fn fetch_hours(teacher_id: Option<i64>) -> Result<HoursView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::hours;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(hours::view(&c, teacher_id).await)
}

#[server(endpoint = "claim_form")]
pub async fn fetch_claim_form() -> Result<ClaimFormView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::claims;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(claims::form_view(&c).await)
}

/// The teacher takes back a claim nobody has decided yet.
#[server(endpoint = "withdraw_claim")]
pub async fn withdraw_claim(id: i64) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::claims;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(claims::withdraw(&c, id).await)
}

/// Claims waiting for this reviewer (coordinator: their school's new claims; center: claims
/// the schools approved), or filtered otherwise.
#[server(endpoint = "claim_queue")]
pub async fn fetch_claim_queue(
    status: String,
    school: String,
    level: String,
    q: String,
) -> Result<QueueView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::claims;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(claims::queue(&c, &status, &school, &level, &q).await)
}

/// Approves (`decision` = approve) or refuses (reject, with a reason) a claim at its step.
#[server(endpoint = "review_claim")]
pub async fn review_claim(id: i64, decision: String, reason: String) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::claims;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(claims::review(&c, id, &decision, &reason).await)
}

/// Center staff correct a credited record; the old values and the reason are kept.
#[server(endpoint = "correct_record")]
pub async fn correct_record(
    id: i64,
    hours: String,
    level: String,
    category: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::hours;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(hours::correct(&c, id, &hours, &level, &category, &reason).await)
}
