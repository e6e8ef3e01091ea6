//! What the roster, intake, schools and account pages show: the types their server functions
//! return and take.
use crate::domain::roster::{FieldChange, IntakeStatus, TeacherForm};
use serde::{Deserialize, Serialize};

/// The roster's filters, as the page's URL carries them (all optional; `page` from 1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RosterQuery {
    /// Part of a name or staff number.
    pub q: String,
    pub school: String,
    pub subject: String,
    pub stage: String,
    pub cohort: String,
    /// `active` (default), `left` or `all`.
    pub status: String,
    pub tier: String,
    pub programme: String,
    pub page: String,
}

/// Where a teacher's login stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountState {
    /// No login at all.
    None,
    /// Made by an import: waits for its one-time password to be handed out.
    Pending,
    /// A one-time password was handed out and not yet changed.
    OneTime,
    Active,
    Disabled,
}

impl AccountState {
    pub fn code(self) -> &'static str {
        match self {
            AccountState::None => "none",
            AccountState::Pending => "pending",
            AccountState::OneTime => "one_time",
            AccountState::Active => "active",
            AccountState::Disabled => "disabled",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub id: i64,
    pub staff_no: String,
    pub name: String,
    pub school_name: String,
    pub subject: String,
    pub stage: String,
    pub cohort_year: Option<i32>,
    /// The highest tier reached (Chinese, English).
    pub tier: Option<(String, String)>,
    pub active: bool,
    pub account: AccountState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub label_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterView {
    pub rows: Vec<RosterRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub schools: Vec<Choice>,
    pub subjects: Vec<String>,
    pub cohorts: Vec<i32>,
    pub tiers: Vec<Choice>,
    pub programmes: Vec<Choice>,
    /// Accounts in the caller's scope waiting for their one-time passwords.
    pub pending_accounts: i64,
}

/// One entry of a record's history: who did what, when (Shanghai time, `yyyy-mm-dd hh:mm`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherRecordView {
    pub id: i64,
    /// The stored record, as the edit form shows it (the school as its id).
    pub form: TeacherForm,
    pub school_name: String,
    pub cohort_year: Option<i32>,
    pub active: bool,
    pub account: AccountState,
    pub username: Option<String>,
    /// Every open school of the district (a transfer's destination, a coordinator's school).
    pub district_schools: Vec<Choice>,
    /// Where the teacher taught when, oldest first.
    pub spells: Vec<SchoolSpell>,
    pub left_on: Option<String>,
    /// `moved_out`, `resigned` or `retired`.
    pub leave_reason: Option<String>,
    /// `transfer` or `depart` when one was recorded today and can still be undone.
    pub undo: Option<String>,
    pub roles: Vec<RoleItem>,
    /// Center staff grant and revoke roles.
    pub may_grant: bool,
    pub history: Vec<HistoryEntry>,
    /// The one-time password of a reset just made here, shown this once.
    pub slip: Option<OneTimePassword>,
}

/// A stretch of time at one school.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolSpell {
    pub school_name: String,
    pub from: String,
    pub to: Option<String>,
}

/// A role the teacher's account holds (beside the teacher's own).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleItem {
    pub role: String,
    pub school_id: Option<i32>,
    pub school_name: Option<String>,
}

/// One row of an intake file and what the check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeRow {
    pub line: i64,
    pub form: TeacherForm,
    pub status: IntakeStatus,
}

/// How many rows of an intake do what (before the confirm, or what it did).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeCounts {
    pub new: i64,
    pub changed: i64,
    pub unchanged: i64,
    pub problems: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakePreview {
    pub id: i64,
    pub file_name: String,
    pub cohort_year: i32,
    pub applied: bool,
    pub counts: IntakeCounts,
    /// Every row with a problem or changes, then the first of the others.
    pub rows: Vec<IntakeRow>,
    /// Rows not shown (new or unchanged beyond the first ones).
    pub hidden: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakePage {
    pub cohorts: Vec<i32>,
    pub pending_accounts: i64,
}

/// A school as the schools page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolRow {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub stage: String,
    pub area: String,
    pub active: bool,
    pub teachers: i64,
}

/// The school form: create (no id) or edit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolForm {
    pub id: Option<i32>,
    pub code: String,
    pub name: String,
    pub stage: String,
    pub area: String,
}

/// One row of a school list file and what the check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolImportRow {
    pub line: i64,
    pub form: SchoolForm,
    pub status: IntakeStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolImportPreview {
    pub id: i64,
    pub file_name: String,
    pub applied: bool,
    pub rows: Vec<SchoolImportRow>,
}

/// A one-time password, shown once to the person who hands it out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimePassword {
    pub login: String,
    pub name: String,
    pub school_name: String,
    pub password: String,
}

/// The audit log's filters, as the page's URL carries them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// A login or display name.
    pub who: String,
    /// A teacher's staff number.
    pub teacher: String,
    pub action: String,
    /// `yyyy-mm-dd`, both ends included (Shanghai days).
    pub from: String,
    pub to: String,
    pub page: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// `yyyy-mm-dd hh:mm`, Shanghai time.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// The teacher the entry is about: id, name, staff number.
    pub teacher: Option<(i64, String, String)>,
    pub changes: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// The actions the log holds, for the filter.
    pub actions: Vec<String>,
}

/// A school year's key figures, frozen at its close (or live for the open year).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearFigures {
    /// Active teachers.
    pub teachers: i64,
    /// The year's entry cohort.
    pub joined: i64,
    /// Teachers who left during the year.
    pub left: i64,
    /// Share of active teachers on track for their hours, in percent.
    pub on_track_pct: i64,
    /// Share of the year's new teachers who had a mentor, in percent.
    pub mentor_coverage_pct: i64,
    /// Share of active teachers on the tier ladder, in percent.
    pub tiered_pct: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermRow {
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRow {
    pub year: i32,
    pub starts_on: String,
    pub ends_on: String,
    pub terms: Vec<TermRow>,
    pub cohort: Option<String>,
    /// `yyyy-mm-dd hh:mm` (Shanghai) when closed.
    pub closed_at: Option<String>,
    /// Frozen at the close; live for an open year.
    pub figures: YearFigures,
    /// The statistics tables as they stood at the close, in the reader's language.
    pub tables: Vec<crate::views::stats::StatTable>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearsView {
    /// Newest first.
    pub years: Vec<YearRow>,
    pub may_manage: bool,
}
