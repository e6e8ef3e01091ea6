//! What the pairings pages show: the types its server functions return and take.
use crate::domain::pairing::PairingForm;
use crate::error::FieldProblem;
use crate::views::mentoring::{PairProgress, TermView};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingRow {
    pub id: i64,
    pub mentor_name: String,
    pub mentor_staff_no: String,
    pub mentee_id: i64,
    pub mentee_name: String,
    pub mentee_staff_no: String,
    pub school_name: String,
    pub programme: Option<(String, String)>,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub over_capacity: bool,
    /// An active pair whose mentor and mentee are at different schools (after a transfer).
    pub cross_school: bool,
    pub mentor_load: i64,
    pub mentor_capacity: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeOption {
    pub code: String,
    pub name: String,
    pub name_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingsView {
    pub today: NaiveDate,
    pub pairings: Vec<PairingRow>,
    pub programmes: Vec<ProgrammeOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub teacher_id: i64,
    pub staff_no: String,
    pub name: String,
    pub school_name: String,
    pub same_school: bool,
    pub load: i64,
    pub capacity: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionsView {
    pub today: NaiveDate,
    pub items: Vec<Suggestion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub teacher_id: i64,
    pub staff_no: String,
    pub name: String,
    pub school_name: String,
    pub subject: String,
    pub stage: String,
    pub cohort_year: Option<i32>,
    pub candidates: Vec<Candidate>,
}

/// One row of an import file and what the check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowStatus {
    Ready,
    AlreadyPaired,
    Problem {
        field: String,
        problem: FieldProblem,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: i64,
    pub form: PairingForm,
    pub status: RowStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: i64,
    pub file_name: String,
    pub applied: bool,
    pub rows: Vec<ImportRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub created: i64,
    pub skipped: i64,
    pub failed: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BehindView {
    pub term: Option<TermView>,
    pub rows: Vec<PairProgress>,
}
