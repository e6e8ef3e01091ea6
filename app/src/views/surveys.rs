//! What the survey pages show: the types their server functions return.
use crate::domain::survey::Question;
use crate::domain::survey_results::QuestionResult;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Where a survey stands: `draft` (being built), `scheduled` (opens later), `open`, `closed`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyHead {
    pub id: i64,
    pub title: String,
    pub intro: String,
    pub anonymous: bool,
    /// A coordinator's survey: its school's name.
    pub school: Option<String>,
    pub status: String,
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyRow {
    pub head: SurveyHead,
    pub questions: i64,
    /// Answers within the caller's schools (center staff: all).
    pub answered: i64,
    /// The caller manages it (a coordinator follows the center's surveys, results only).
    pub may_edit: bool,
}

/// A survey open for the teacher, and how far they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySurvey {
    pub id: i64,
    pub title: String,
    pub closes_on: NaiveDate,
    /// `new`, `draft` (saved, not submitted) or `submitted`.
    pub state: String,
    /// Closes within two days.
    pub closing_soon: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveysView {
    /// The surveys the user manages (center staff: all; a coordinator: their schools').
    pub managed: Vec<SurveyRow>,
    pub may_create: bool,
    /// A coordinator's schools, one of which a new survey belongs to (empty for center staff).
    pub schools: Vec<(i32, String)>,
    /// Open surveys for the user as a teacher.
    pub mine: Vec<MySurvey>,
}

/// The values a survey can be targeted by.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetChoices {
    pub cohorts: Vec<i32>,
    pub schools: Vec<(i32, String)>,
    pub subjects: Vec<String>,
    pub stages: Vec<String>,
    /// (id, name, English name)
    pub tiers: Vec<(i32, String, String)>,
    pub programmes: Vec<(i32, String, String)>,
}

/// The chosen targets, as form keys (`cohort_2025`, `school_3`, …) that are ticked.
pub type Targets = Vec<String>;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyEditor {
    pub head: SurveyHead,
    pub questions: Vec<Question>,
    pub choices: TargetChoices,
    pub targets: Targets,
    /// Teachers the survey reaches as targeted now.
    pub targeted: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerPage {
    pub head: SurveyHead,
    pub questions: Vec<Question>,
    /// The saved draft, as form values.
    pub fields: HashMap<String, String>,
    pub draft_saved: bool,
    pub submitted: bool,
    /// Open today (answers are taken).
    pub open: bool,
}

/// Targeted and answered in one group (a school, an entry cohort).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateRow {
    pub group: String,
    pub targeted: i64,
    pub answered: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotAnswered {
    pub teacher_id: i64,
    pub name: String,
    pub staff_no: String,
    pub school: String,
}

/// A need (a question's value) and the training events planned for it, with what they gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedOutcome {
    pub question_id: i64,
    pub value: i32,
    pub label: String,
    /// (event id, title, first day)
    pub events: Vec<(i64, String, NaiveDate)>,
    pub teachers_reached: i64,
    pub hours_tenths: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyResults {
    pub head: SurveyHead,
    pub targeted: i64,
    pub answered: i64,
    pub by_school: Vec<RateRow>,
    pub by_cohort: Vec<RateRow>,
    /// Who has not answered (named surveys only; `None` for anonymous ones).
    pub not_answered: Option<Vec<NotAnswered>>,
    pub questions: Vec<QuestionResult>,
    pub needs: Vec<NeedOutcome>,
    /// Center staff may plan an event from a need.
    pub may_plan: bool,
    /// The caller manages the survey (else they follow a center survey's part for their schools).
    pub may_edit: bool,
}

/// A need named in a link to the events page (`?need=12:3`), read back for its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedLabel {
    pub need: String,
    pub survey_title: String,
    pub prompt: String,
    pub value: String,
}
