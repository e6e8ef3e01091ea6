//! Center staff: the tier ladder and its criteria, promotions and enrolments, the candidate
//! pipeline, and the 双培养 ratios.
use crate::domain::growth::LevelForm;
use crate::error::AppError;
use crate::views::ladder::{CandidatesView, DualView, GrowthImportView, LadderView};
use leptos::prelude::*;

#[server(endpoint = "ladder")]
pub async fn fetch_ladder() -> Result<LadderView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::ladder;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(ladder::view(&c).await)
}

/// Saves a level's names, rank and criteria (`id` empty adds a level).
#[server(endpoint = "save_level")]
pub async fn save_level(input: LevelForm) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::ladder;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(ladder::save_level(&c, input).await)
}

#[server(endpoint = "record_promotion")]
pub async fn record_promotion(
    staff_no: String,
    level_id: i32,
    promoted_on: String,
    note: String,
) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::ladder;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(ladder::promote(&c, &staff_no, level_id, &promoted_on, &note).await)
}

#[server(endpoint = "record_enrolment")]
pub async fn record_enrolment(
    staff_no: String,
    programme: String,
    stage: String,
    started_on: String,
) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::ladder;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(ladder::enrol(&c, &staff_no, &programme, &stage, &started_on).await)
}

#[server(endpoint = "candidates")]
pub async fn fetch_candidates(level_id: Option<i32>) -> Result<CandidatesView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::ladder;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(ladder::candidates(&c, level_id).await)
}

#[server(endpoint = "dual")]
pub async fn fetch_dual(school: String) -> Result<DualView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::dual;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(dual::view(&c, &school).await)
}

#[server(endpoint = "set_dual_targets")]
pub async fn set_dual_targets(
    members_from_backbone: String,
    backbone_are_members: String,
    min_rank: String,
    window_years: String,
) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::dual;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(
        dual::set_targets(
            &c,
            &members_from_backbone,
            &backbone_are_members,
            &min_rank,
            &window_years,
        )
        .await,
    )
}

#[server(endpoint = "growth_import")]
pub async fn fetch_growth_import(id: i64) -> Result<GrowthImportView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::growth_import;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(growth_import::preview(&c, id).await)
}

/// Writes every row that is still valid, in one transaction; rows already recorded are skipped.
#[server(endpoint = "apply_growth_import")]
pub async fn apply_growth_import(
    id: i64,
) -> Result<crate::views::pairings::ImportOutcome, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::growth_import;
    use crate::error::respond_with_outcome;
    let c = Caller::signed_in().await?;
    respond_with_outcome(growth_import::apply(&c, id).await)
}
