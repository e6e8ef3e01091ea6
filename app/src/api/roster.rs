use crate::domain::roster::TeacherForm;
use crate::error::AppError;
use crate::views::roster::{
    IntakeCounts, IntakePage, IntakePreview, OneTimePassword, RosterQuery, RosterView, SchoolForm,
    SchoolRow, TeacherRecordView,
};
use leptos::prelude::*;

/// The teachers the filters select, a page at a time: the district's for center staff, their
/// schools' for coordinators.
#[server(endpoint = "roster")]
pub async fn fetch_roster(query: RosterQuery) -> Result<RosterView, AppError> {
    use crate::backend::{caller::Caller, roster};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(roster::list(&c, &query).await)
}

/// A teacher's record with its edit form and history.
#[server(endpoint = "roster_record")]
pub async fn fetch_roster_record(id: i64) -> Result<TeacherRecordView, AppError> {
    use crate::backend::{caller::Caller, roster};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(roster::record(&c, id).await)
}

/// Saves a record's edit; returns how many fields changed.
#[server(endpoint = "update_teacher")]
pub async fn update_teacher(id: i64, form: TeacherForm) -> Result<usize, AppError> {
    use crate::backend::{caller::Caller, roster};
    use crate::error::respond_with_outcome;
    let c = Caller::signed_in().await?;
    respond_with_outcome(roster::update(&c, id, form).await)
}

/// A new one-time password for a teacher's account, shown once; their sessions end.
#[server(endpoint = "reset_password")]
pub async fn reset_password(teacher_id: i64) -> Result<OneTimePassword, AppError> {
    use crate::backend::{accounts, caller::Caller};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(accounts::reset(&c, teacher_id).await)
}

/// The intake page: cohorts to join and accounts waiting for passwords.
#[server(endpoint = "intake_page")]
pub async fn fetch_intake_page() -> Result<IntakePage, AppError> {
    use crate::backend::{caller::Caller, intake};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(intake::page(&c).await)
}

#[server(endpoint = "intake_preview")]
pub async fn fetch_intake_preview(id: i64) -> Result<IntakePreview, AppError> {
    use crate::backend::{caller::Caller, intake};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(intake::preview(&c, id).await)
}

/// Writes every row of the previewed intake that still checks out, in one transaction.
#[server(endpoint = "apply_intake")]
pub async fn apply_intake(id: i64) -> Result<IntakeCounts, AppError> {
    use crate::backend::{caller::Caller, intake};
    use crate::error::respond_with_outcome;
    let c = Caller::signed_in().await?;
    respond_with_outcome(intake::apply(&c, id).await)
}

#[server(endpoint = "schools")]
pub async fn fetch_schools() -> Result<Vec<SchoolRow>, AppError> {
    use crate::backend::{caller::Caller, schools};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(schools::list(&c).await)
}

/// Adds a school (no id) or edits one.
#[server(endpoint = "save_school")]
pub async fn save_school(form: SchoolForm) -> Result<i32, AppError> {
    use crate::backend::{caller::Caller, schools};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(schools::save(&c, form).await)
}

/// Deactivates a school (`active` absent) or reactivates it.
#[server(endpoint = "set_school_active")]
pub async fn set_school_active(id: i32, active: Option<String>) -> Result<(), AppError> {
    use crate::backend::{caller::Caller, schools};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(schools::set_active(&c, id, active.is_some()).await)
}

/// Moves a teacher to another school from a date (kept cohort, history, pairings and hours).
#[server(endpoint = "transfer_teacher")]
pub async fn transfer_teacher(
    teacher_id: i64,
    to_school: String,
    on: String,
) -> Result<(), AppError> {
    use crate::backend::{caller::Caller, movements};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(movements::transfer(&c, teacher_id, &to_school, &on).await)
}

/// Records that a teacher left (moved out of the district, resigned, retired) on a date.
#[server(endpoint = "record_departure")]
pub async fn record_departure(
    teacher_id: i64,
    on: String,
    reason: String,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{caller::Caller, movements};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(movements::depart(&c, teacher_id, &on, &reason, note.as_deref().unwrap_or("")).await)
}

/// Undoes today's transfer or departure of a teacher.
#[server(endpoint = "undo_movement")]
pub async fn undo_movement(teacher_id: i64) -> Result<(), AppError> {
    use crate::backend::{caller::Caller, movements};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(movements::undo(&c, teacher_id).await)
}

#[server(endpoint = "grant_role")]
pub async fn grant_role(
    teacher_id: i64,
    role: String,
    school: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{caller::Caller, roles};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(roles::grant(&c, teacher_id, &role, school.as_deref().unwrap_or("")).await)
}

#[server(endpoint = "revoke_role")]
pub async fn revoke_role(
    teacher_id: i64,
    role: String,
    school: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{caller::Caller, roles};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(roles::revoke(&c, teacher_id, &role, school.as_deref().unwrap_or("")).await)
}

/// The audit log: every write for center staff, their schools' for coordinators.
#[server(endpoint = "audit_log")]
pub async fn fetch_audit_log(
    query: crate::views::roster::AuditQuery,
) -> Result<crate::views::roster::AuditView, AppError> {
    use crate::backend::{audit_log, caller::Caller};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(audit_log::list(&c, &query).await)
}

/// The school years, newest first, with their terms, cohort and figures (frozen once closed).
#[server(endpoint = "years")]
pub async fn fetch_years() -> Result<crate::views::roster::YearsView, AppError> {
    use crate::backend::{caller::Caller, years};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(years::list(&c).await)
}

/// Opens the next school year (terms and entry cohort from the latest year's pattern).
#[server(endpoint = "open_year")]
pub async fn open_year() -> Result<i32, AppError> {
    use crate::backend::{caller::Caller, years};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(years::open_next(&c).await)
}

/// Closes a school year, freezing its figures.
#[server(endpoint = "close_year")]
pub async fn close_year(year: i32) -> Result<(), AppError> {
    use crate::backend::{caller::Caller, years};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(years::close(&c, year).await)
}

#[server(endpoint = "school_import")]
pub async fn fetch_school_import(
    id: i64,
) -> Result<crate::views::roster::SchoolImportPreview, AppError> {
    use crate::backend::{caller::Caller, school_import};
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(school_import::preview(&c, id).await)
}

/// Writes the previewed school list's new and changed schools, in one transaction.
#[server(endpoint = "apply_school_import")]
pub async fn apply_school_import(id: i64) -> Result<IntakeCounts, AppError> {
    use crate::backend::{caller::Caller, school_import};
    use crate::error::respond_with_outcome;
    let c = Caller::signed_in().await?;
    respond_with_outcome(school_import::apply(&c, id).await)
}
