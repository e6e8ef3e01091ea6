//! Center staff: the tier ladder and its criteria, promotions and enrolments, the candidate
//! pipeline, and the 双培养 ratios.
use crate::domain::eligibility::{Criteria, Criterion};
use crate::domain::growth::LevelForm;
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRow {
    pub id: i32,
    pub rank: i32,
    pub name: String,
    pub name_en: String,
    pub criteria: Criteria,
    /// Teachers whose highest tier this is.
    pub holders: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeRow {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub enrolled: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LadderView {
    pub today: NaiveDate,
    pub levels: Vec<LevelRow>,
    pub programmes: Vec<ProgrammeRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateRow {
    pub teacher_id: i64,
    pub staff_no: String,
    pub name: String,
    pub school_name: String,
    /// The criteria not met (empty: a candidate).
    pub missing: Vec<Criterion>,
    /// Meets fewer criteria on verified achievements alone: verification is still due.
    pub relies_on_pending: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidatesView {
    pub levels: Vec<LevelRow>,
    pub level_id: i32,
    pub ready: Vec<CandidateRow>,
    pub one_short: Vec<CandidateRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DualSchool {
    pub school_id: i32,
    pub school_name: String,
    pub new_members: i64,
    pub new_members_backbone: i64,
    pub new_backbone: i64,
    pub new_backbone_members: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DualTeacher {
    pub teacher_id: i64,
    pub name: String,
    pub party_stage: String,
    pub tier: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DualView {
    pub from: NaiveDate,
    pub target_members_from_backbone: i64,
    pub target_backbone_are_members: i64,
    pub backbone_min_rank: i64,
    pub window_years: i64,
    pub schools: Vec<DualSchool>,
    pub district: DualSchool,
    /// The chosen school's teachers who are in the Party or on the ladder.
    pub teachers: Vec<DualTeacher>,
    pub school_id: Option<i32>,
}

#[server(endpoint = "ladder")]
pub async fn fetch_ladder() -> Result<LadderView, AppError> {
    use crate::server::{ladder, respond};
    respond(ladder::view().await)
}

/// Saves a level's names, rank and criteria (`id` empty adds a level).
#[server(endpoint = "save_level")]
pub async fn save_level(input: LevelForm) -> Result<(), AppError> {
    use crate::server::{ladder, respond};
    respond(ladder::save_level(input).await)
}

#[server(endpoint = "record_promotion")]
pub async fn record_promotion(
    staff_no: String,
    level_id: i32,
    promoted_on: String,
    note: String,
) -> Result<(), AppError> {
    use crate::server::{ladder, respond};
    respond(ladder::promote(&staff_no, level_id, &promoted_on, &note).await)
}

#[server(endpoint = "record_enrolment")]
pub async fn record_enrolment(
    staff_no: String,
    programme: String,
    stage: String,
    started_on: String,
) -> Result<(), AppError> {
    use crate::server::{ladder, respond};
    respond(ladder::enrol(&staff_no, &programme, &stage, &started_on).await)
}

#[server(endpoint = "candidates")]
pub async fn fetch_candidates(level_id: Option<i32>) -> Result<CandidatesView, AppError> {
    use crate::server::{ladder, respond};
    respond(ladder::candidates(level_id).await)
}

#[server(endpoint = "dual")]
pub async fn fetch_dual(school: String) -> Result<DualView, AppError> {
    use crate::server::{dual, respond};
    respond(dual::view(&school).await)
}

#[server(endpoint = "set_dual_targets")]
pub async fn set_dual_targets(
    members_from_backbone: String,
    backbone_are_members: String,
    min_rank: String,
    window_years: String,
) -> Result<(), AppError> {
    use crate::server::{dual, respond};
    respond(
        dual::set_targets(
            &members_from_backbone,
            &backbone_are_members,
            &min_rank,
            &window_years,
        )
        .await,
    )
}

/// One row of a promotion or enrolment file and what the check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrowthImportRow {
    pub line: i64,
    pub staff_no: String,
    /// The level (name or rank) or the programme (code or name).
    pub target: String,
    pub date: String,
    pub stage: String,
    pub status: crate::api::pairings::RowStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrowthImportView {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub applied: bool,
    pub rows: Vec<GrowthImportRow>,
}

#[server(endpoint = "growth_import")]
pub async fn fetch_growth_import(id: i64) -> Result<GrowthImportView, AppError> {
    use crate::server::{growth_import, respond};
    respond(growth_import::preview(id).await)
}

/// Writes every row that is still valid, in one transaction; rows already recorded are skipped.
#[server(endpoint = "apply_growth_import")]
pub async fn apply_growth_import(id: i64) -> Result<crate::api::pairings::ImportOutcome, AppError> {
    use crate::server::{growth_import, respond};
    respond(growth_import::apply(id).await)
}
