use crate::domain::mentoring::SessionInput;
use crate::error::AppError;
use crate::views::mentoring::{LogPage, MyMentees, SessionView};
use leptos::prelude::*;

/// The mentor's active mentees with term quota progress.
#[server(endpoint = "my_mentees")]
pub async fn fetch_my_mentees() -> Result<MyMentees, AppError> {
    use crate::error::respond;
    use crate::server::mentoring;
    respond(mentoring::my_mentees().await)
}

/// The session form's data; `pairing` defaults to the first mentee.
#[server(endpoint = "log_page")]
pub async fn fetch_log_page(pairing: Option<i64>) -> Result<LogPage, AppError> {
    use crate::error::respond;
    use crate::server::mentoring;
    respond(mentoring::log_page(pairing).await)
}

/// Logs a session for one of the mentor's own active mentees.
#[server(endpoint = "log_session")]
pub async fn log_session(input: SessionInput) -> Result<SessionView, AppError> {
    use crate::error::respond;
    use crate::server::mentoring;
    respond(mentoring::log_session(input).await)
}

/// Changes a session the mentor logged, within the edit window and before confirmation.
#[server(endpoint = "update_session")]
pub async fn update_session(id: i64, input: SessionInput) -> Result<SessionView, AppError> {
    use crate::error::respond;
    use crate::server::mentoring;
    respond(mentoring::update_session(id, input).await)
}

#[server(endpoint = "delete_session")]
pub async fn delete_session(id: i64) -> Result<(), AppError> {
    use crate::error::respond;
    use crate::server::mentoring;
    respond(mentoring::delete_session(id).await)
}

/// Sessions of one pairing, for its mentor, its mentee, their coordinator or the center.
#[server(endpoint = "pairing_sessions")]
pub async fn pairing_sessions(pairing_id: i64) -> Result<Vec<SessionView>, AppError> {
    use crate::error::respond;
    use crate::server::mentoring;
    respond(mentoring::pairing_sessions(pairing_id).await)
}

/// Every session logged for the current teacher as a mentee.
#[server(endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionView>, AppError> {
    use crate::error::respond;
    use crate::server::mentoring;
    respond(mentoring::my_sessions().await)
}

/// The mentee confirms a session, optionally with a reflection.
#[server(endpoint = "confirm_session")]
pub async fn confirm_session(id: i64, reflection: String) -> Result<SessionView, AppError> {
    use crate::error::respond;
    use crate::server::mentoring;
    respond(mentoring::confirm_session(id, &reflection).await)
}

/// The mentee disputes a session with a reason; the coordinator sees it flagged.
#[server(endpoint = "dispute_session")]
pub async fn dispute_session(id: i64, reason: String) -> Result<SessionView, AppError> {
    use crate::error::respond;
    use crate::server::mentoring;
    respond(mentoring::dispute_session(id, &reason).await)
}

#[server(endpoint = "save_reflection")]
pub async fn save_reflection(id: i64, reflection: String) -> Result<SessionView, AppError> {
    use crate::error::respond;
    use crate::server::mentoring;
    respond(mentoring::save_reflection(id, &reflection).await)
}
