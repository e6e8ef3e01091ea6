//! What the teachers pages show: the types its server functions return and take.
use crate::domain::hours::CycleProgress;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeBadge {
    pub kind: String,
    pub name: String,
    pub name_en: String,
}

/// A teacher's growth at a glance: who they are, where they stand, what is due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherSummary {
    pub id: i64,
    pub staff_no: String,
    pub name: String,
    pub school_name: String,
    pub subject: String,
    pub stage: String,
    pub hire_date: NaiveDate,
    pub cohort_year: Option<i32>,
    pub title: String,
    pub party_stage: String,
    pub tier: Option<(String, String)>,
    pub tier_since: Option<NaiveDate>,
    pub mentor_name: Option<String>,
    pub mentee_count: i64,
    pub term_name: Option<String>,
    pub sessions_this_term: i64,
    pub hours: CycleProgress,
    pub programmes: Vec<ProgrammeBadge>,
    pub achievements: i64,
}
