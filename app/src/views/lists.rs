//! What the three lists' pages show: the types their server functions return.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    /// The owning school's or person's name.
    pub owner: String,
    pub due_on: NaiveDate,
    pub stage: String,
    /// `done`, `overdue`, `due_soon` or `ok` (see `domain::loop_items::due_state`).
    pub due_state: String,
    pub year: i32,
}

/// The lists' filters, as the page's query holds them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListFilter {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub school: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub year: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListsView {
    pub items: Vec<ItemRow>,
    pub year: i32,
    pub years: Vec<i32>,
    /// Center staff: create any item, copy a year on.
    pub center: bool,
    /// Schools an item may be owned by (center: all; a coordinator: theirs).
    pub schools: Vec<(i32, String)>,
    /// Whether items may be made here (center staff and coordinators).
    pub may_create: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRow {
    pub author: String,
    pub body: String,
    pub stage_from: String,
    pub stage_to: String,
    /// Shanghai time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// (evidence id, file name)
    pub files: Vec<(i64, String)>,
}

/// A link from an item: what it points at, its title, and where it is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRow {
    pub target: String,
    pub target_id: i64,
    pub title: String,
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDetail {
    pub item: ItemRow,
    pub description: String,
    pub notes: Vec<NoteRow>,
    pub links: Vec<LinkRow>,
    /// Items linking to this one (a task's problems, a responsibility's tasks).
    pub linked_from: Vec<LinkRow>,
    /// What it may be linked to, as `target:id` with a title, grouped by target.
    pub candidates: Vec<(String, String)>,
}
