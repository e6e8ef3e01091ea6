//! What the hours pages show: the types its server functions return and take.
use crate::domain::claims::{ClaimStatus, Conversion};
use crate::domain::requirements::Progress;
use chrono::{DateTime, NaiveDate, Utc};
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
