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

/// A school's group robot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelRow {
    pub school_id: i32,
    pub school: String,
    /// `wecom` or `dingtalk`.
    pub kind: String,
    pub url: String,
}

/// A digest sent (or being tried) outside the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRow {
    pub id: i64,
    pub channel: String,
    /// The school or the person it went to.
    pub target: String,
    pub day: chrono::NaiveDate,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// When it is tried next (Shanghai time), while pending.
    pub next_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelsView {
    pub channels: Vec<ChannelRow>,
    pub deliveries: Vec<DeliveryRow>,
    pub schools: Vec<(i32, String)>,
}
