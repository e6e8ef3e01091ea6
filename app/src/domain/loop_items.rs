//! The three lists (问题清单、任务清单、责任清单): an item's kind, the loop stage it is at
//! (谋划 → 部署 → 推进 → 跟踪 → 反馈 → 达效), what its form must hold, which links make sense,
//! and when it is due soon or overdue.
use super::text::{clean, required};
use crate::error::{AppError, FieldError, FieldProblem};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

code_enum! {
    ItemKind {
        Problem => "problem",
        Task => "task",
        Responsibility => "responsibility",
    }
}

code_enum! {
    LoopStage {
        Plan => "plan",
        Deploy => "deploy",
        Advance => "advance",
        Track => "track",
        Feedback => "feedback",
        Effect => "effect",
    }
}

/// Days before its due date an item counts as due soon.
pub const DUE_SOON_DAYS: i64 = 7;

/// Where an item stands against its due date: `done` (达效), `overdue`, `due_soon` or `ok`.
pub fn due_state(stage: LoopStage, due_on: NaiveDate, today: NaiveDate) -> &'static str {
    if stage == LoopStage::Effect {
        "done"
    } else if due_on < today {
        "overdue"
    } else if (due_on - today).num_days() <= DUE_SOON_DAYS {
        "due_soon"
    } else {
        "ok"
    }
}

/// The school year (named by its first calendar year; it starts on 1 August) of `day`.
pub fn school_year(day: NaiveDate) -> i32 {
    if day.month() >= 8 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// Which items an item may link to: a problem to the tasks that address it, a task to the
/// responsibilities behind it.
pub fn may_link(from: ItemKind, to: ItemKind) -> bool {
    matches!(
        (from, to),
        (ItemKind::Problem, ItemKind::Task) | (ItemKind::Task, ItemKind::Responsibility)
    )
}

/// An item's form (create and edit).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemForm {
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub due_on: String,
    /// A school's id, or empty when a person owns it.
    #[serde(default)]
    pub owner_school: String,
    /// A person's login (a staff number for a teacher), or empty when a school owns it.
    #[serde(default)]
    pub owner_login: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    School(i32),
    Login(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewItem {
    pub kind: ItemKind,
    pub title: String,
    pub description: String,
    pub due_on: NaiveDate,
    pub owner: Owner,
}

impl NewItem {
    /// Every problem at once. The due date may not lie more than two years either side of today.
    pub fn parse(form: &ItemForm, today: NaiveDate) -> Result<NewItem, AppError> {
        let mut errors: Vec<FieldError> = Vec::new();
        let mut keep = |r: Result<String, AppError>| match r {
            Ok(v) => Some(v),
            Err(AppError::Invalid(e)) => {
                errors.extend(e);
                None
            }
            Err(_) => None,
        };
        let title = keep(required("title", &form.title, 100));
        let description = keep(clean("description", &form.description, 2000));
        let login = keep(clean("owner_login", &form.owner_login, 40));
        let kind = ItemKind::parse(form.kind.trim());
        if kind.is_none() {
            errors.push(problem("kind", FieldProblem::Invalid));
        }
        let window = (
            today - chrono::Duration::days(730),
            today + chrono::Duration::days(730),
        );
        let due_on = match NaiveDate::parse_from_str(form.due_on.trim(), "%Y-%m-%d") {
            Ok(d) if d >= window.0 && d <= window.1 => Some(d),
            Ok(_) => {
                errors.push(problem(
                    "due_on",
                    FieldProblem::DateWindow {
                        from: crate::error::date_number(window.0),
                        to: crate::error::date_number(window.1),
                    },
                ));
                None
            }
            Err(_) => {
                errors.push(problem("due_on", FieldProblem::Invalid));
                None
            }
        };
        let owner = match (form.owner_school.trim(), login.as_deref().unwrap_or("")) {
            ("", "") => {
                errors.push(problem("owner_school", FieldProblem::Required));
                None
            }
            (school, "") => match school.parse::<i32>() {
                Ok(id) => Some(Owner::School(id)),
                Err(_) => {
                    errors.push(problem("owner_school", FieldProblem::Invalid));
                    None
                }
            },
            ("", login) => Some(Owner::Login(login.to_lowercase())),
            _ => {
                // One owner: a school or a person, not both.
                errors.push(problem("owner_login", FieldProblem::Invalid));
                None
            }
        };
        match (errors.is_empty(), kind, title, description, due_on, owner) {
            (true, Some(kind), Some(title), Some(description), Some(due_on), Some(owner)) => {
                Ok(NewItem {
                    kind,
                    title,
                    description,
                    due_on,
                    owner,
                })
            }
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

fn problem(field: &str, problem: FieldProblem) -> FieldError {
    FieldError {
        field: field.into(),
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn an_item_is_overdue_after_its_day_due_soon_within_a_week_and_done_at_effect() {
        let today = d("2026-12-06");
        assert_eq!(
            due_state(LoopStage::Track, d("2026-12-05"), today),
            "overdue"
        );
        assert_eq!(
            due_state(LoopStage::Track, d("2026-12-13"), today),
            "due_soon"
        );
        assert_eq!(due_state(LoopStage::Track, d("2026-12-14"), today), "ok");
        assert_eq!(due_state(LoopStage::Effect, d("2026-01-01"), today), "done");
    }

    #[test]
    fn school_years_start_in_august() {
        assert_eq!(school_year(d("2026-07-31")), 2025);
        assert_eq!(school_year(d("2026-08-01")), 2026);
    }

    #[test]
    fn problems_link_to_tasks_and_tasks_to_responsibilities_only() {
        assert!(may_link(ItemKind::Problem, ItemKind::Task));
        assert!(may_link(ItemKind::Task, ItemKind::Responsibility));
        assert!(!may_link(ItemKind::Task, ItemKind::Problem));
        assert!(!may_link(ItemKind::Problem, ItemKind::Responsibility));
    }

    #[test]
    fn a_form_needs_one_owner_a_kind_and_a_due_date_in_range() {
        let today = d("2026-12-06");
        let base = ItemForm {
            kind: "task".into(),
            title: "完善新教师听课制度".into(),
            due_on: "2027-01-15".into(),
            owner_school: "3".into(),
            ..ItemForm::default()
        };
        assert_eq!(
            NewItem::parse(&base, today).unwrap().owner,
            Owner::School(3)
        );
        let person = ItemForm {
            owner_school: String::new(),
            owner_login: " T2026001 ".into(),
            ..base.clone()
        };
        assert_eq!(
            NewItem::parse(&person, today).unwrap().owner,
            Owner::Login("t2026001".into())
        );
        let fields = |f: &ItemForm| match NewItem::parse(f, today) {
            Err(AppError::Invalid(e)) => e.into_iter().map(|e| e.field).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        let both = ItemForm {
            owner_login: "center".into(),
            ..base.clone()
        };
        assert_eq!(fields(&both), vec!["owner_login"]);
        let bad = ItemForm {
            kind: "wish".into(),
            due_on: "2031-01-01".into(),
            owner_school: String::new(),
            ..base
        };
        assert_eq!(fields(&bad), vec!["kind", "due_on", "owner_school"]);
    }
}
