use crate::domain::mentoring::{QuotaProgress, SessionInput, SessionKind};
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
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

/// The mentor's active mentees with term quota progress.
#[server(endpoint = "my_mentees")]
pub async fn fetch_my_mentees() -> Result<MyMentees, AppError> {
    use crate::server::{mentoring, respond};
    respond(mentoring::my_mentees().await)
}

/// Everything the session form shows: the mentees, the chosen pairing and its sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogPage {
    pub mentees: MyMentees,
    pub selected: Option<i64>,
    pub sessions: Vec<SessionView>,
}

/// The session form's data; `pairing` defaults to the first mentee.
#[server(endpoint = "log_page")]
pub async fn fetch_log_page(pairing: Option<i64>) -> Result<LogPage, AppError> {
    use crate::server::{mentoring, respond};
    respond(mentoring::log_page(pairing).await)
}

/// Logs a session for one of the mentor's own active mentees.
#[server(endpoint = "log_session")]
pub async fn log_session(input: SessionInput) -> Result<SessionView, AppError> {
    use crate::server::{mentoring, respond};
    respond(mentoring::log_session(input).await)
}

/// Changes a session the mentor logged, within the edit window and before confirmation.
#[server(endpoint = "update_session")]
pub async fn update_session(id: i64, input: SessionInput) -> Result<SessionView, AppError> {
    use crate::server::{mentoring, respond};
    respond(mentoring::update_session(id, input).await)
}

#[server(endpoint = "delete_session")]
pub async fn delete_session(id: i64) -> Result<(), AppError> {
    use crate::server::{mentoring, respond};
    respond(mentoring::delete_session(id).await)
}

/// Sessions of one pairing, for its mentor, its mentee, their coordinator or the center.
#[server(endpoint = "pairing_sessions")]
pub async fn pairing_sessions(pairing_id: i64) -> Result<Vec<SessionView>, AppError> {
    use crate::server::{mentoring, respond};
    respond(mentoring::pairing_sessions(pairing_id).await)
}

/// Every session logged for the current teacher as a mentee.
#[server(endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionView>, AppError> {
    use crate::server::{mentoring, respond};
    respond(mentoring::my_sessions().await)
}

/// The mentee confirms a session, optionally with a reflection.
#[server(endpoint = "confirm_session")]
pub async fn confirm_session(id: i64, reflection: String) -> Result<SessionView, AppError> {
    use crate::server::{mentoring, respond};
    respond(mentoring::confirm_session(id, &reflection).await)
}

/// The mentee disputes a session with a reason; the coordinator sees it flagged.
#[server(endpoint = "dispute_session")]
pub async fn dispute_session(id: i64, reason: String) -> Result<SessionView, AppError> {
    use crate::server::{mentoring, respond};
    respond(mentoring::dispute_session(id, &reason).await)
}

#[server(endpoint = "save_reflection")]
pub async fn save_reflection(id: i64, reflection: String) -> Result<SessionView, AppError> {
    use crate::server::{mentoring, respond};
    respond(mentoring::save_reflection(id, &reflection).await)
}
