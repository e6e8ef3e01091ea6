//! What the stats pages show: the types its server functions return and take.
use crate::domain::stats::StatsFilter;
use crate::views::hours::SchoolOption;
use serde::{Deserialize, Serialize};

/// The views, in the order the page offers them.
pub const VIEWS: [&str; 6] = [
    "headcount",
    "hours",
    "mentoring",
    "tiers",
    "attention",
    "dual",
];

/// One row: its label, the number the chart draws, the other cells, and the filter a click sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatRow {
    pub label: String,
    pub value: i64,
    pub cells: Vec<String>,
    /// (filter, value) for the drill-down, if the row is a group of teachers.
    pub drill: Option<(String, String)>,
}

/// A table of one statistic. `columns` are message codes (the first is the label column).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatTable {
    pub id: String,
    pub columns: Vec<String>,
    pub rows: Vec<StatRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsView {
    pub view: String,
    pub filter: StatsFilter,
    pub is_center: bool,
    pub cohorts: Vec<i32>,
    pub schools: Vec<SchoolOption>,
    pub subjects: Vec<String>,
    pub programmes: Vec<(String, String, String)>,
    /// The schools' areas (none when no school has one).
    pub areas: Vec<String>,
    /// Teachers matching the filters.
    pub total: i64,
    pub tables: Vec<StatTable>,
    /// "HH:MM" (Asia/Shanghai) when the figures come from the standby for reads, which may
    /// be a little behind; `None` when they come from the primary.
    pub as_of: Option<String>,
    /// A large change (a rules or settings change, a bulk load) is still being counted in the
    /// background: the figures may not include every recent change yet.
    pub updating: bool,
}

/// A page of the teachers behind a number, and how many there are in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatTeacherPage {
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub rows: Vec<StatTeacher>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatTeacher {
    pub id: i64,
    pub staff_no: String,
    pub name: String,
    pub school_name: String,
    pub cohort_year: Option<i32>,
    pub subject: String,
    pub tier: Option<(String, String)>,
}
