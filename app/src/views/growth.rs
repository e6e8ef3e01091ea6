//! What the growth pages show: the types its server functions return and take.
use crate::domain::eligibility::Criterion;
use crate::views::hours::EvidenceFile;
use chrono::{DateTime, NaiveDate, Utc};
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
