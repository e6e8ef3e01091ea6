//! The growth path (成长路径): a teacher's timeline, tier and gap to the next tier, achievements
//! with verification, and the growth plan with its follow-up.
use crate::api::hours::EvidenceFile;
use crate::domain::eligibility::Criterion;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One dated step of a teacher's path, newest first on the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItem {
    pub on: NaiveDate,
    /// hire, transfer, promotion, programme, party, achievement, pairing
    pub kind: String,
    /// A code to translate (a party stage, an achievement kind), or empty.
    pub code: String,
    pub title: String,
    pub title_en: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextTier {
    pub id: i32,
    pub name: String,
    pub name_en: String,
    pub results: Vec<Criterion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AchievementRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub level: String,
    pub award_rank: Option<i16>,
    pub achieved_on: NaiveDate,
    pub status: String,
    pub reject_reason: Option<String>,
    pub evidence: Vec<EvidenceFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalNote {
    pub kind: String,
    pub author: String,
    pub body: String,
    pub progress: Option<i16>,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalRow {
    pub id: i64,
    pub title: String,
    pub measures: Option<String>,
    pub target_on: NaiveDate,
    pub progress: i16,
    pub status: String,
    pub notes: Vec<GoalNote>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrowthView {
    pub today: NaiveDate,
    pub teacher_id: i64,
    pub name: String,
    pub staff_no: String,
    pub school_name: String,
    pub subject: String,
    pub hire_date: NaiveDate,
    pub cohort_year: Option<i32>,
    pub party_stage: String,
    pub tier: Option<(String, String)>,
    pub next: Option<NextTier>,
    pub timeline: Vec<TimelineItem>,
    pub achievements: Vec<AchievementRow>,
    pub goals: Vec<GoalRow>,
    /// The viewer is this teacher.
    pub own: bool,
    /// The viewer may verify achievements (school coordinator of the teacher, or center staff).
    pub can_verify: bool,
    /// The viewer may comment on goals (active mentor) or review them (coordinator, center).
    pub can_comment: bool,
    pub can_review: bool,
    /// Center staff correct verified achievements.
    pub can_correct: bool,
}

#[server(endpoint = "growth")]
pub async fn fetch_growth(teacher_id: Option<i64>) -> Result<GrowthView, AppError> {
    use crate::server::{growth, respond};
    respond(growth::view(teacher_id).await)
}

/// Verifies (`decision` = verify) or refuses (reject, with a reason) a pending achievement.
#[server(endpoint = "verify_achievement")]
pub async fn verify_achievement(id: i64, decision: String, reason: String) -> Result<(), AppError> {
    use crate::server::{growth, respond};
    respond(growth::verify(id, &decision, &reason).await)
}

/// The teacher removes one of their achievements while it is unverified.
#[server(endpoint = "delete_achievement")]
pub async fn delete_achievement(id: i64) -> Result<(), AppError> {
    use crate::server::{growth, respond};
    respond(growth::delete_achievement(id).await)
}

#[server(endpoint = "add_goal")]
pub async fn add_goal(title: String, measures: String, target_on: String) -> Result<(), AppError> {
    use crate::server::{goals, respond};
    respond(goals::add(&title, &measures, &target_on).await)
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
    use crate::server::{goals, respond};
    respond(goals::note(id, &body, progress.as_deref(), status.as_deref()).await)
}

/// Center staff correct a verified achievement, with the reason; the old values are kept.
#[server(endpoint = "correct_achievement")]
pub async fn correct_achievement(
    id: i64,
    form: crate::domain::growth::AchievementForm,
    reason: String,
) -> Result<(), AppError> {
    use crate::server::{growth, respond};
    respond(growth::correct_achievement(id, &form, &reason).await)
}
