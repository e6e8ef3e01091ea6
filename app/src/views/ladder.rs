//! What the ladder pages show: the types its server functions return and take.
use crate::domain::eligibility::{Criteria, Criterion};
use chrono::NaiveDate;
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

/// One row of a promotion or enrolment file and what the check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrowthImportRow {
    pub line: i64,
    pub staff_no: String,
    /// The level (name or rank) or the programme (code or name).
    pub target: String,
    pub date: String,
    pub stage: String,
    pub status: crate::views::pairings::RowStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrowthImportView {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub applied: bool,
    pub rows: Vec<GrowthImportRow>,
}
