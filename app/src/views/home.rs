//! What the home pages show: the types its server functions return and take.
use super::auth::UserView;
use super::teachers::TeacherSummary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenteeRow {
    pub teacher_id: i64,
    pub name: String,
    pub school_name: String,
    pub subject: String,
    pub since: NaiveDate,
    pub sessions_this_term: i64,
    pub unconfirmed: i64,
    pub last_session: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherRow {
    pub id: i64,
    pub staff_no: String,
    pub name: String,
    pub subject: String,
    pub stage: String,
    pub cohort_year: Option<i32>,
    pub tier: Option<(String, String)>,
    pub hours_tenths: i64,
    pub on_track: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolView {
    pub school_id: i32,
    pub school_name: String,
    pub total: i64,
    pub teachers: Vec<TeacherRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortRow {
    pub year: i32,
    pub headcount: i64,
    pub with_mentor: i64,
    pub avg_hours_tenths: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterView {
    pub schools: i64,
    pub teachers: i64,
    pub new_teachers: i64,
    pub active_pairings: i64,
    /// Share of the two newest cohorts with an active mentor, in per cent.
    pub mentor_coverage_pct: i64,
    pub sessions_this_term: i64,
    pub pending_claims: i64,
    pub hour_records: i64,
    pub cohorts: Vec<CohortRow>,
}

/// Everything the home page shows; each part only for the roles that see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeView {
    pub user: UserView,
    pub teacher: Option<TeacherSummary>,
    pub mentees: Option<Vec<MenteeRow>>,
    pub schools: Vec<SchoolView>,
    pub center: Option<CenterView>,
    /// Surveys open for the user as a teacher that they have not submitted.
    pub surveys: Vec<super::surveys::MySurvey>,
}
