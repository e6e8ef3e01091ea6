//! Training hours: a teacher's ledger and standing, claims and their review, corrections.
use crate::domain::claims::{ClaimStatus, Conversion};
use crate::domain::requirements::Progress;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One credited record with what it counts after the caps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRecord {
    pub id: i64,
    pub earned_on: NaiveDate,
    pub title: String,
    pub organizer: String,
    /// event, claim, conversion or import
    pub source: String,
    pub level: String,
    pub category: String,
    pub tenths: i64,
    pub counted_tenths: i64,
    pub corrected: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRow {
    pub id: i64,
    pub teacher_id: i64,
    pub teacher_name: String,
    pub staff_no: String,
    pub school_name: String,
    pub title: String,
    pub organizer: String,
    pub level: String,
    pub category: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: NaiveDate,
    pub tenths: i64,
    pub status: ClaimStatus,
    pub note: Option<String>,
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub school_reviewed_at: Option<DateTime<Utc>>,
    pub center_reviewed_at: Option<DateTime<Utc>>,
    pub evidence: Vec<EvidenceFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursView {
    pub teacher_id: i64,
    pub teacher_name: String,
    pub staff_no: String,
    pub school_name: String,
    pub hire_date: NaiveDate,
    pub today: NaiveDate,
    pub progress: Progress,
    pub records: Vec<LedgerRecord>,
    pub claims: Vec<ClaimRow>,
    /// The viewer is this teacher: may file and withdraw claims.
    pub own: bool,
    /// The viewer is center staff: may correct records.
    pub can_correct: bool,
}

/// What the claim form needs to say how converted activities count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimFormView {
    pub today: NaiveDate,
    pub conversions: Vec<Conversion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolOption {
    pub id: i32,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    /// The status shown (the reviewer's own step unless filtered otherwise).
    pub status: String,
    pub rows: Vec<ClaimRow>,
    /// More matched than are shown.
    pub total: i64,
    /// Center staff filter by school; coordinators see their own.
    pub schools: Vec<SchoolOption>,
    pub is_center: bool,
}

/// A teacher's ledger and standing; `teacher_id` empty for one's own.
#[server(endpoint = "hours")]
pub async fn fetch_hours(teacher_id: Option<i64>) -> Result<HoursView, AppError> {
    use crate::server::{hours, respond};
    respond(hours::view(teacher_id).await)
}

#[server(endpoint = "claim_form")]
pub async fn fetch_claim_form() -> Result<ClaimFormView, AppError> {
    use crate::server::{claims, respond};
    respond(claims::form_view().await)
}

/// The teacher takes back a claim nobody has decided yet.
#[server(endpoint = "withdraw_claim")]
pub async fn withdraw_claim(id: i64) -> Result<(), AppError> {
    use crate::server::{claims, respond};
    respond(claims::withdraw(id).await)
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
    use crate::server::{claims, respond};
    respond(claims::queue(&status, &school, &level, &q).await)
}

/// Approves (`decision` = approve) or refuses (reject, with a reason) a claim at its step.
#[server(endpoint = "review_claim")]
pub async fn review_claim(id: i64, decision: String, reason: String) -> Result<(), AppError> {
    use crate::server::{claims, respond};
    respond(claims::review(id, &decision, &reason).await)
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
    use crate::server::{hours, respond};
    respond(hours::correct(id, &hours, &level, &category, &reason).await)
}
