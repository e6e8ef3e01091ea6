use crate::domain::mentoring::SessionInput;
use crate::error::AppError;
use crate::views::mentoring::{LogPage, MyMentees, SessionView};
use leptos::prelude::*;

/// The mentor's active mentees with term quota progress.
#[server(endpoint = "my_mentees")]
pub async fn fetch_my_mentees() -> Result<MyMentees, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::mentoring;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(mentoring::my_mentees(&c).await)
}

/// The session form's data; `pairing` defaults to the first mentee.
#[server(endpoint = "log_page")]
pub async fn fetch_log_page(pairing: Option<i64>) -> Result<LogPage, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::mentoring;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(mentoring::log_page(&c, pairing).await)
}

/// Logs a session for one of the mentor's own active mentees.
#[server(endpoint = "log_session")]
pub async fn log_session(input: SessionInput) -> Result<SessionView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::mentoring;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(mentoring::log_session(&c, input).await)
}

/// Changes a session the mentor logged, within the edit window and before confirmation.
#[server(endpoint = "update_session")]
pub async fn update_session(id: i64, input: SessionInput) -> Result<SessionView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::mentoring;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(mentoring::update_session(&c, id, input).await)
}

#[server(endpoint = "delete_session")]
pub async fn delete_session(id: i64) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::mentoring;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(mentoring::delete_session(&c, id).await)
}

/// Sessions of one pairing, for its mentor, its mentee, their coordinator or the center.
#[server(endpoint = "pairing_sessions")]
pub async fn fetch_pairing_sessions(pairing_id: i64) -> Result<Vec<SessionView>, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::mentoring;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(mentoring::pairing_sessions(&c, pairing_id).await)
}

/// Every session logged for the current teacher as a mentee.
#[server(endpoint = "my_sessions")]
pub async fn fetch_my_sessions() -> Result<Vec<SessionView>, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::mentoring;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(mentoring::my_sessions(&c).await)
}

/// The mentee confirms a session, optionally with a reflection.
#[server(endpoint = "confirm_session")]
pub async fn confirm_session(id: i64, reflection: String) -> Result<SessionView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::mentoring;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(mentoring::confirm_session(&c, id, &reflection).await)
}

/// The mentee disputes a session with a reason; the coordinator sees it flagged.
#[server(endpoint = "dispute_session")]
pub async fn dispute_session(id: i64, reason: String) -> Result<SessionView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::mentoring;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(mentoring::dispute_session(&c, id, &reason).await)
}

#[server(endpoint = "save_reflection")]
pub async fn save_reflection(id: i64, reflection: String) -> Result<SessionView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::mentoring;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(mentoring::save_reflection(&c, id, &reflection).await)
}
