//! A request to pair a mentor with a mentee, from the form or from one row of an import file.
use super::teacher::StaffNo;
use crate::error::{AppError, FieldError, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed (or as read from a file); checked by [`PairingRequest::parse`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingForm {
    pub mentor_staff_no: String,
    pub mentee_staff_no: String,
    pub programme: String,
    pub started_on: String,
    #[serde(default)]
    pub ended_on: String,
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    pub override_capacity: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairingRequest {
    pub mentor: StaffNo,
    pub mentee: StaffNo,
    pub programme: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub override_capacity: bool,
}

pub use super::dates::parse_date;
use super::dates::{years_after, years_before, Window, HISTORY_YEARS, PLAN_YEARS, SETUP_YEARS};

/// The start and planned end of a pairing against the domain's windows: it starts on or after
/// both teachers' hire dates (and at most [`HISTORY_YEARS`] back), at most [`SETUP_YEARS`]
/// ahead; a planned end at most [`PLAN_YEARS`] ahead. The form and the import both ask here.
pub fn check_dates(
    req: &PairingRequest,
    mentor_hired: NaiveDate,
    mentee_hired: NaiveDate,
    today: NaiveDate,
) -> Result<(), FieldError> {
    let hired = mentor_hired.max(mentee_hired);
    if req.started_on < hired && req.started_on >= years_before(today, HISTORY_YEARS) {
        return Err(FieldError {
            field: "started_on".into(),
            problem: FieldProblem::BeforeHire,
        });
    }
    Window::district(today, SETUP_YEARS)
        .not_before(hired)
        .check("started_on", req.started_on)?;
    if let Some(end) = req.ended_on {
        Window::new(req.started_on, years_after(today, PLAN_YEARS)).check("ended_on", end)?;
    }
    Ok(())
}

impl PairingRequest {
    pub fn parse(form: &PairingForm) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let mut field = |name: &str, r: Result<StaffNo, AppError>| match r {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(FieldError {
                    field: name.into(),
                    problem: FieldProblem::Invalid,
                });
                None
            }
        };
        let mentor = field("mentor_staff_no", StaffNo::parse(&form.mentor_staff_no));
        let mentee = field("mentee_staff_no", StaffNo::parse(&form.mentee_staff_no));
        let programme = super::text::choice(&form.programme).to_string();
        if programme.is_empty() {
            errors.push(FieldError {
                field: "programme".into(),
                problem: if form.programme.trim().is_empty() {
                    FieldProblem::Required
                } else {
                    FieldProblem::Invalid
                },
            });
        }
        let started_on = parse_date(&form.started_on);
        if started_on.is_none() {
            errors.push(FieldError {
                field: "started_on".into(),
                problem: FieldProblem::Invalid,
            });
        }
        let ended_on = if form.ended_on.trim().is_empty() {
            None
        } else {
            match parse_date(&form.ended_on) {
                Some(end) if started_on.is_some_and(|start| end < start) => {
                    errors.push(FieldError {
                        field: "ended_on".into(),
                        problem: FieldProblem::DateOrder,
                    });
                    None
                }
                Some(end) => Some(end),
                None => {
                    errors.push(FieldError {
                        field: "ended_on".into(),
                        problem: FieldProblem::Invalid,
                    });
                    None
                }
            }
        };
        match (mentor, mentee, started_on) {
            (Some(mentor), Some(mentee), Some(started_on)) if errors.is_empty() => {
                if mentor == mentee {
                    return Err(AppError::field("mentee_staff_no", FieldProblem::SamePerson));
                }
                Ok(PairingRequest {
                    mentor,
                    mentee,
                    programme,
                    started_on,
                    ended_on,
                    override_capacity: form.override_capacity.is_some(),
                })
            }
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> PairingForm {
        PairingForm {
            mentor_staff_no: "t2001".into(),
            mentee_staff_no: "T2026".into(),
            programme: "mentoring".into(),
            started_on: "2026/9/1".into(),
            ended_on: "".into(),
            override_capacity: None,
        }
    }

    #[test]
    fn spreadsheet_dates_and_lower_case_staff_numbers_are_accepted() {
        let r = PairingRequest::parse(&form()).unwrap();
        assert_eq!(r.mentor.as_str(), "T2001");
        assert_eq!(r.started_on, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        assert!(!r.override_capacity);
    }

    #[test]
    fn a_teacher_cannot_be_paired_with_themselves() {
        let mut f = form();
        f.mentee_staff_no = "T2001".into();
        assert_eq!(
            PairingRequest::parse(&f),
            Err(AppError::field("mentee_staff_no", FieldProblem::SamePerson))
        );
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let mut f = form();
        f.ended_on = "2026-08-01".into();
        assert_eq!(
            PairingRequest::parse(&f),
            Err(AppError::field("ended_on", FieldProblem::DateOrder))
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_pairing_starts_after_both_hire_dates_and_not_far_ahead() {
        let today = d(2026, 11, 28);
        let hired = (d(2015, 9, 1), d(2026, 8, 20));
        let at = |start: &str, end: &str| {
            let mut f = form();
            f.started_on = start.into();
            f.ended_on = end.into();
            check_dates(&PairingRequest::parse(&f).unwrap(), hired.0, hired.1, today)
                .map_err(|e| (e.field, e.problem))
        };
        assert_eq!(at("2026-09-01", ""), Ok(()));
        assert_eq!(at("2026-09-01", "2029-07-01"), Ok(()));
        assert_eq!(
            at("2026-08-01", "").unwrap_err(),
            ("started_on".into(), FieldProblem::BeforeHire)
        );
        assert!(matches!(
            at("1991-09-01", "").unwrap_err(),
            (f, FieldProblem::DateWindow { .. }) if f == "started_on"
        ));
        assert!(matches!(
            at("2099-09-01", "").unwrap_err(),
            (f, FieldProblem::DateWindow { from: 20260820, .. }) if f == "started_on"
        ));
        assert!(matches!(
            at("2026-09-01", "2198-01-01").unwrap_err(),
            (f, FieldProblem::DateWindow { to: 20311128, .. }) if f == "ended_on"
        ));
    }

    #[test]
    fn year_zero_is_not_a_start_date() {
        let mut f = form();
        f.started_on = "0000-09-01".into();
        assert_eq!(
            PairingRequest::parse(&f),
            Err(AppError::field("started_on", FieldProblem::Invalid))
        );
    }

    #[test]
    fn the_override_checkbox_is_read() {
        let mut f = form();
        f.override_capacity = Some("on".into());
        assert!(PairingRequest::parse(&f).unwrap().override_capacity);
    }
}
