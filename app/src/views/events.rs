//! What the events pages show: the types its server functions return and take.
use crate::domain::events::AwardRow;
use chrono::NaiveDate;
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
