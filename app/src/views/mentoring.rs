//! What the mentoring pages show: the types its server functions return and take.
use crate::domain::mentoring::{QuotaProgress, SessionKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermView {
    pub id: i32,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub weeks_left: i64,
}

/// One active pair with this term's progress per quota.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairProgress {
    pub pairing_id: i64,
    pub mentor_name: String,
    pub teacher_id: i64,
    pub name: String,
    pub school_name: String,
    pub subject: String,
    pub started_on: NaiveDate,
    pub quotas: Vec<QuotaProgress>,
    pub last_session: Option<NaiveDate>,
    pub unconfirmed: i64,
    /// Sessions the mentee disputed: flagged to the coordinator.
    pub disputed: i64,
    pub behind: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMentees {
    pub today: NaiveDate,
    pub term: Option<TermView>,
    pub mentees: Vec<PairProgress>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionStatus {
    Pending,
    Confirmed,
    Disputed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: i64,
    pub pairing_id: i64,
    pub mentor_name: String,
    pub mentee_name: String,
    pub held_on: NaiveDate,
    pub minutes: i32,
    pub kind: SessionKind,
    pub topic: String,
    pub notes: Option<String>,
    pub reflection: Option<String>,
    pub status: SessionStatus,
    pub dispute_reason: Option<String>,
    /// The mentor may still change or delete it.
    pub editable: bool,
}

/// Everything the session form shows: the mentees, the chosen pairing and its sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogPage {
    pub mentees: MyMentees,
    pub selected: Option<i64>,
    pub sessions: Vec<SessionView>,
}
