use crate::api::mentoring::{PairProgress, TermView};
use crate::domain::pairing::PairingForm;
use crate::error::{AppError, FieldProblem};
use chrono::NaiveDate;
use leptos::prelude::*;
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

/// Pairings of the coordinator's school, or of the district for center staff.
#[server(endpoint = "list_pairings")]
pub async fn list_pairings(show_ended: bool) -> Result<PairingsView, AppError> {
    use crate::server::{pairings, respond};
    respond(pairings::list(show_ended).await)
}

#[server(endpoint = "create_pairing")]
pub async fn create_pairing(form: PairingForm) -> Result<PairingRow, AppError> {
    use crate::server::{pairings, respond};
    respond(pairings::create(form).await)
}

/// Ends a pairing on a date, keeping it in the history.
#[server(endpoint = "end_pairing")]
pub async fn end_pairing(id: i64, ended_on: String, reason: String) -> Result<(), AppError> {
    use crate::server::{pairings, respond};
    respond(pairings::end(id, &ended_on, &reason).await)
}

/// Ends a pairing and pairs the mentee with another mentor from the same day.
#[server(endpoint = "reassign_pairing")]
pub async fn reassign_pairing(
    id: i64,
    mentor_staff_no: String,
    on_date: String,
    override_capacity: Option<String>,
) -> Result<PairingRow, AppError> {
    use crate::server::{pairings, respond};
    respond(pairings::reassign(id, &mentor_staff_no, &on_date, override_capacity.is_some()).await)
}

/// Unpaired new teachers with mentors of the same subject and stage who have room.
#[server(endpoint = "pairing_suggestions")]
pub async fn pairing_suggestions() -> Result<SuggestionsView, AppError> {
    use crate::server::{pairings, respond};
    respond(pairings::suggestions().await)
}

#[server(endpoint = "import_preview")]
pub async fn fetch_import_preview(id: i64) -> Result<ImportPreview, AppError> {
    use crate::server::{pairing_import, respond};
    respond(pairing_import::preview(id).await)
}

/// Writes every row that is still valid, in one transaction.
#[server(endpoint = "apply_import")]
pub async fn apply_import(id: i64) -> Result<ImportOutcome, AppError> {
    use crate::server::{pairing_import, respond};
    respond(pairing_import::apply(id).await)
}

/// Pairs behind their term quota (or all pairs with `all`), most behind first, or by school or mentor.
#[server(endpoint = "behind_pairs")]
pub async fn behind_pairs(sort: String, all: Option<String>) -> Result<BehindView, AppError> {
    use crate::server::{pairings, respond};
    respond(pairings::behind(&sort, all.is_some()).await)
}
