//! Growth-path input: achievements, goals and promotions as typed, checked on both sides.
use super::codes::Level;
use super::dates::{years_after, Window, PLAN_YEARS};
use super::eligibility::{AchievementKind, CountRule, Criteria, Degree};
use super::pairing::parse_date;
use super::text::{choice, required};
use crate::error::{AppError, FieldError, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

fn problem(errors: &mut Vec<FieldError>, field: &str, problem: FieldProblem) {
    errors.push(FieldError {
        field: field.into(),
        problem,
    });
}

/// Keeps a text field's problem with the others.
fn text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) -> Option<String> {
    match required(field, value, max) {
        Ok(v) => Some(v),
        Err(AppError::Invalid(e)) => {
            errors.extend(e);
            None
        }
        Err(_) => None,
    }
}

/// Optional text: blank is `None`; control characters or more than `max` characters a problem.
fn optional(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) -> Option<String> {
    match super::text::optional(field, value, max) {
        Ok(v) => v,
        Err(AppError::Invalid(e)) => {
            errors.extend(e);
            None
        }
        Err(_) => None,
    }
}

/// A date that is set, not in the future and not before `earliest` (the hire date).
pub fn past_date(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    earliest: NaiveDate,
    today: NaiveDate,
) -> Option<NaiveDate> {
    match parse_date(value) {
        None => {
            problem(errors, field, FieldProblem::Invalid);
            None
        }
        Some(d) if d > today => {
            problem(errors, field, FieldProblem::FutureDate);
            None
        }
        Some(d) if d < earliest => {
            problem(errors, field, FieldProblem::BeforeHire);
            None
        }
        Some(d) => Some(d),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AchievementForm {
    pub kind: String,
    pub title: String,
    pub level: String,
    pub award_rank: String,
    pub achieved_on: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAchievement {
    pub kind: AchievementKind,
    pub title: String,
    pub level: Level,
    /// Prizes only: 1 = first prize … 5.
    pub award_rank: Option<i16>,
    pub achieved_on: NaiveDate,
    pub detail: Option<String>,
}

impl NewAchievement {
    pub fn parse(
        form: &AchievementForm,
        hire_date: NaiveDate,
        today: NaiveDate,
    ) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let kind = AchievementKind::parse(choice(&form.kind));
        if kind.is_none() {
            problem(&mut errors, "kind", FieldProblem::Invalid);
        }
        let title = text(&mut errors, "title", &form.title, 200);
        let level = Level::parse(choice(&form.level));
        if level.is_none() {
            problem(&mut errors, "level", FieldProblem::Invalid);
        }
        let rank = match form.award_rank.trim() {
            "" => None,
            r => match r.parse::<i16>() {
                Ok(n) if (1..=5).contains(&n) => Some(n),
                _ => {
                    problem(
                        &mut errors,
                        "award_rank",
                        FieldProblem::OutOfRange { min: 1, max: 5 },
                    );
                    None
                }
            },
        };
        if kind == Some(AchievementKind::Prize)
            && rank.is_none()
            && errors.iter().all(|e| e.field != "award_rank")
        {
            problem(&mut errors, "award_rank", FieldProblem::Required);
        }
        let on = past_date(
            &mut errors,
            "achieved_on",
            &form.achieved_on,
            hire_date,
            today,
        );
        let detail = optional(&mut errors, "detail", &form.detail, 2000);
        match (kind, title, level, on) {
            (Some(kind), Some(title), Some(level), Some(on)) if errors.is_empty() => Ok(Self {
                kind,
                title,
                level,
                award_rank: rank.filter(|_| kind == AchievementKind::Prize),
                achieved_on: on,
                detail,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// A goal in a growth plan: what, by when, and how it will be done.
pub struct NewGoal {
    pub title: String,
    pub measures: Option<String>,
    pub target_on: NaiveDate,
}

impl NewGoal {
    pub fn parse(
        title: &str,
        measures: &str,
        target_on: &str,
        today: NaiveDate,
    ) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let title = text(&mut errors, "title", title, 200);
        let measures = optional(&mut errors, "measures", measures, 2000);
        let plan = Window::new(today, years_after(today, PLAN_YEARS));
        let target = match parse_date(target_on) {
            Some(d) if d < today => {
                problem(&mut errors, "target_on", FieldProblem::DateOrder);
                None
            }
            Some(d) if !plan.contains(d) => {
                problem(&mut errors, "target_on", plan.problem());
                None
            }
            Some(d) => Some(d),
            None => {
                problem(&mut errors, "target_on", FieldProblem::Invalid);
                None
            }
        };
        match (title, target) {
            (Some(title), Some(target_on)) if errors.is_empty() => Ok(Self {
                title,
                measures,
                target_on,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// A promotion may not predate the hire date, and a higher tier may not predate a lower one
/// already held (nor a lower one follow a higher one): dates follow the ladder upwards.
pub fn promotion_in_order(
    rank: i32,
    on: NaiveDate,
    held: &[(i32, NaiveDate)],
) -> Result<(), FieldProblem> {
    if held.iter().any(|(r, _)| *r == rank) {
        return Err(FieldProblem::AlreadyExists);
    }
    let out_of_order = held
        .iter()
        .any(|(r, d)| (*r < rank && *d > on) || (*r > rank && *d < on));
    if out_of_order {
        Err(FieldProblem::DateOrder)
    } else {
        Ok(())
    }
}

/// One count criterion as typed in the ladder editor; a row without a count is left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountForm {
    pub kind: String,
    pub min_level: String,
    pub max_rank: String,
    pub count: String,
    pub within_years: String,
}

/// A ladder level as typed in the editor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelForm {
    pub id: String,
    pub rank: String,
    pub name: String,
    pub name_en: String,
    pub min_years: String,
    pub degree: String,
    pub cycle_hours: String,
    pub mentees: String,
    #[serde(default)]
    pub counts: Vec<CountForm>,
}

/// A checked level: names, rank and criteria.
pub struct NewLevel {
    pub id: Option<i32>,
    pub rank: i32,
    pub name: String,
    pub name_en: String,
    pub criteria: Criteria,
}

fn number(errors: &mut Vec<FieldError>, field: &str, value: &str, max: u32) -> Option<u32> {
    match value.trim() {
        "" => None,
        v => match v.parse::<u32>() {
            Ok(n) if n <= max => Some(n),
            _ => {
                problem(
                    errors,
                    field,
                    FieldProblem::OutOfRange {
                        min: 0,
                        max: max as i64,
                    },
                );
                None
            }
        },
    }
}

/// The most count criteria one level holds.
pub const MAX_COUNT_ROWS: usize = 20;

impl NewLevel {
    pub fn parse(form: &LevelForm) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let id = match form.id.trim() {
            "" => None,
            v => v.parse::<i32>().ok().or_else(|| {
                problem(&mut errors, "id", FieldProblem::Invalid);
                None
            }),
        };
        let rank = number(&mut errors, "rank", &form.rank, 50).filter(|r| *r >= 1);
        if rank.is_none() && !errors.iter().any(|e| e.field == "rank") {
            problem(
                &mut errors,
                "rank",
                FieldProblem::OutOfRange { min: 1, max: 50 },
            );
        }
        let name = text(&mut errors, "name", &form.name, 40);
        let name_en = text(&mut errors, "name_en", &form.name_en, 60);
        let degree = match form.degree.trim() {
            "" => None,
            d if Degree::parse(d).is_some() => Some(d.to_string()),
            _ => {
                problem(&mut errors, "degree", FieldProblem::Invalid);
                None
            }
        };
        let mut counts = Vec::new();
        if form.counts.len() > MAX_COUNT_ROWS {
            problem(
                &mut errors,
                "counts",
                FieldProblem::TooLong {
                    max: MAX_COUNT_ROWS as i64,
                },
            );
        }
        for (i, c) in form.counts.iter().take(MAX_COUNT_ROWS).enumerate() {
            let field = format!("counts.{i}");
            let Some(count) = number(&mut errors, &field, &c.count, 100).filter(|n| *n > 0) else {
                continue;
            };
            if AchievementKind::parse(c.kind.trim()).is_none() {
                problem(&mut errors, &field, FieldProblem::Invalid);
            }
            let min_level = match c.min_level.trim() {
                "" => None,
                l if Level::parse(l).is_some() => Some(l.to_string()),
                _ => {
                    problem(&mut errors, &field, FieldProblem::Invalid);
                    None
                }
            };
            counts.push(CountRule {
                kind: c.kind.trim().to_string(),
                min_level,
                max_rank: number(&mut errors, &field, &c.max_rank, 5).map(|r| r as i16),
                count,
                within_years: number(&mut errors, &field, &c.within_years, 50),
            });
        }
        let criteria = Criteria {
            min_years: number(&mut errors, "min_years", &form.min_years, 60),
            degree,
            cycle_hours: number(&mut errors, "cycle_hours", &form.cycle_hours, 2000),
            mentees: number(&mut errors, "mentees", &form.mentees, 100),
            counts,
        };
        match (rank, name, name_en) {
            (Some(rank), Some(name), Some(name_en)) if errors.is_empty() => Ok(Self {
                id,
                rank: rank as i32,
                name,
                name_en,
                criteria,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn form() -> AchievementForm {
        AchievementForm {
            kind: "prize".into(),
            title: "区优质课评比".into(),
            level: "district".into(),
            award_rank: "2".into(),
            achieved_on: "2026-05-20".into(),
            detail: String::new(),
        }
    }

    #[test]
    fn a_prize_needs_its_place_and_other_kinds_drop_it() {
        let hired = d(2020, 9, 1);
        let today = d(2026, 11, 27);
        assert_eq!(
            NewAchievement::parse(&form(), hired, today)
                .unwrap()
                .award_rank,
            Some(2)
        );
        let mut f = form();
        f.award_rank = String::new();
        assert_eq!(
            NewAchievement::parse(&f, hired, today),
            Err(AppError::field("award_rank", FieldProblem::Required))
        );
        f.kind = "paper".into();
        assert_eq!(
            NewAchievement::parse(&f, hired, today).unwrap().award_rank,
            None
        );
    }

    #[test]
    fn an_achievement_before_hire_or_in_the_future_is_refused() {
        let mut f = form();
        f.achieved_on = "2019-05-01".into();
        assert_eq!(
            NewAchievement::parse(&f, d(2020, 9, 1), d(2026, 11, 27)),
            Err(AppError::field("achieved_on", FieldProblem::BeforeHire))
        );
        f.achieved_on = "2027-01-01".into();
        assert_eq!(
            NewAchievement::parse(&f, d(2020, 9, 1), d(2026, 11, 27)),
            Err(AppError::field("achieved_on", FieldProblem::FutureDate))
        );
    }

    #[test]
    fn promotions_follow_the_ladder_in_date_order() {
        let held = [(1, d(2022, 9, 1)), (2, d(2024, 9, 1))];
        assert_eq!(promotion_in_order(3, d(2026, 9, 1), &held), Ok(()));
        assert_eq!(
            promotion_in_order(3, d(2023, 9, 1), &held),
            Err(FieldProblem::DateOrder)
        );
        assert_eq!(
            promotion_in_order(2, d(2025, 1, 1), &held),
            Err(FieldProblem::AlreadyExists)
        );
    }

    #[test]
    fn a_level_form_keeps_filled_count_rows_and_checks_them() {
        let mut form = LevelForm {
            rank: "3".into(),
            name: "学科带头人".into(),
            name_en: "Subject Leader".into(),
            min_years: "6".into(),
            degree: "bachelor".into(),
            counts: vec![
                CountForm {
                    kind: "public_lesson".into(),
                    min_level: "district".into(),
                    count: "2".into(),
                    within_years: "5".into(),
                    ..Default::default()
                },
                CountForm::default(),
            ],
            ..Default::default()
        };
        let level = NewLevel::parse(&form).unwrap();
        assert_eq!(level.criteria.counts.len(), 1);
        assert_eq!(level.criteria.min_years, Some(6));
        form.counts[1] = CountForm {
            kind: "poem".into(),
            count: "1".into(),
            ..Default::default()
        };
        assert_eq!(
            NewLevel::parse(&form).err(),
            Some(AppError::field("counts.1", FieldProblem::Invalid))
        );
    }

    #[test]
    fn a_goal_targets_a_date_ahead() {
        let today = d(2026, 11, 27);
        assert!(NewGoal::parse("开设区级公开课", "", "2027-06-30", today).is_ok());
        assert!(NewGoal::parse("开设区级公开课", "", "2026-01-01", today).is_err());
        assert!(NewGoal::parse(" ", "", "2027-06-30", today).is_err());
    }

    #[test]
    fn a_goal_targets_at_most_five_years_ahead() {
        let today = d(2026, 11, 27);
        assert!(NewGoal::parse("开设区级公开课", "", "2031-11-27", today).is_ok());
        assert_eq!(
            NewGoal::parse("开设区级公开课", "", "2099-06-30", today).err(),
            Some(AppError::field(
                "target_on",
                FieldProblem::DateWindow {
                    from: 20261127,
                    to: 20311127
                }
            ))
        );
        assert_eq!(
            NewGoal::parse("开设区级公开课", "措施\0", "2027-06-30", today).err(),
            Some(AppError::field("measures", FieldProblem::BadCharacter))
        );
    }
}
