//! Training events and the bulk award of their hours.
use crate::domain::events::{AwardRow, EventForm};
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRow {
    pub id: i64,
    pub title: String,
    pub organizer: String,
    pub level: String,
    pub category: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub tenths: i64,
    /// Teachers credited with its hours.
    pub awarded: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventsView {
    pub today: NaiveDate,
    pub rows: Vec<EventRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub teacher_id: i64,
    pub staff_no: String,
    pub name: String,
    pub school_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDetail {
    pub event: EventRow,
    /// The first attendees by staff number; `event.awarded` is the whole count.
    pub attendees: Vec<Attendee>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardPreview {
    pub id: i64,
    pub event: EventRow,
    pub source: String,
    pub applied: bool,
    pub rows: Vec<AwardRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardOutcome {
    pub awarded: i64,
    pub skipped: i64,
}

#[server(endpoint = "events")]
pub async fn fetch_events(q: String, year: String) -> Result<EventsView, AppError> {
    use crate::server::{events, respond};
    respond(events::list(&q, &year).await)
}

#[server(endpoint = "create_event")]
pub async fn create_event(form: EventForm) -> Result<EventRow, AppError> {
    use crate::server::{events, respond};
    respond(events::create(form).await)
}

#[server(endpoint = "event")]
pub async fn fetch_event(id: i64) -> Result<EventDetail, AppError> {
    use crate::server::{events, respond};
    respond(events::detail(id).await)
}

/// Checks a pasted list of staff numbers and stores the preview; awards nothing yet.
#[server(endpoint = "stage_award")]
pub async fn stage_award(event_id: i64, staff_nos: String) -> Result<i64, AppError> {
    use crate::server::{events, respond};
    respond(events::stage_pasted(event_id, &staff_nos).await)
}

#[server(endpoint = "award_preview")]
pub async fn fetch_award(id: i64) -> Result<AwardPreview, AppError> {
    use crate::server::{events, respond};
    respond(events::preview(id).await)
}

/// Awards the event's hours to every ready row, in one transaction; twice awards nothing twice.
#[server(endpoint = "apply_award")]
pub async fn apply_award(id: i64) -> Result<AwardOutcome, AppError> {
    use crate::server::{events, respond};
    respond(events::apply(id).await)
}
