//! What the reminders page shows.
use crate::domain::notices::NoticeParams;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRow {
    pub id: i64,
    pub kind: String,
    pub params: NoticeParams,
    pub read: bool,
    /// Shanghai time, `YYYY-MM-DD HH:MM`.
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticesView {
    pub rows: Vec<NoticeRow>,
    pub unread: i64,
    /// Kinds the person turned off.
    pub muted: Vec<String>,
}
