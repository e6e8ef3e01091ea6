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

/// `2026-09-01`, `2026/9/1` or `2026.9.1`: the forms schools type in spreadsheets.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let v = value.trim().replace(['/', '.'], "-");
    NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok()
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
        let programme = form.programme.trim().to_string();
        if programme.is_empty() {
            errors.push(FieldError {
                field: "programme".into(),
                problem: FieldProblem::Required,
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

    #[test]
    fn the_override_checkbox_is_read() {
        let mut f = form();
        f.override_capacity = Some("on".into());
        assert!(PairingRequest::parse(&f).unwrap().override_capacity);
    }
}
