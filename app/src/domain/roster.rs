//! A teacher's record as the center keeps it: the edit form and each intake row are checked
//! here, field by field, and compared with what is stored to show what would change.
use super::codes::{PartyStage, Stage, Title};
use super::dates::{parse_date, years_after, years_before, Window};
use super::teacher::{person_name, StaffNo};
use super::text::{optional, required};
use crate::error::{AppError, FieldError, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A record as typed: codes for the choices (an import maps labels to codes first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeacherForm {
    pub staff_no: String,
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub hire_date: String,
    pub probation_start: String,
    /// The school's code or name.
    pub school: String,
    pub subject: String,
    pub stage: String,
    pub education: String,
    pub title: String,
    pub party_stage: String,
    pub phone: String,
    pub email: String,
}

/// A checked record; the school is still as typed (the backend looks it up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeacherFields {
    pub staff_no: StaffNo,
    pub name: String,
    pub gender: Option<&'static str>,
    pub birth_date: Option<NaiveDate>,
    pub hire_date: NaiveDate,
    pub probation_start: Option<NaiveDate>,
    pub school: String,
    pub subject: String,
    pub stage: Stage,
    pub education: Option<&'static str>,
    pub title: Title,
    pub party_stage: PartyStage,
    pub phone: Option<String>,
    pub email: Option<String>,
}

pub const GENDERS: [&str; 2] = ["f", "m"];
pub const EDUCATIONS: [&str; 4] = ["college", "bachelor", "master", "doctor"];

/// The youngest and oldest a teacher can be on their hire date.
const MIN_HIRE_AGE: u32 = 18;
const MAX_AGE: u32 = 70;
/// How far back a hire date can go (a career), and ahead (next year's intake).
const CAREER_YEARS: u32 = 45;

fn one_of(
    field: &str,
    value: &str,
    codes: &[&'static str],
) -> Result<Option<&'static str>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    codes
        .iter()
        .find(|c| **c == v)
        .copied()
        .map(Some)
        .ok_or(FieldError {
            field: field.into(),
            problem: FieldProblem::Invalid,
        })
}

fn collect<T>(errors: &mut Vec<FieldError>, r: Result<T, AppError>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(AppError::Invalid(e)) => {
            errors.extend(e);
            None
        }
        Err(_) => {
            errors.push(FieldError {
                field: "form".into(),
                problem: FieldProblem::Invalid,
            });
            None
        }
    }
}

fn date_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    window: Window,
) -> Option<Option<NaiveDate>> {
    if value.trim().is_empty() {
        return Some(None);
    }
    match parse_date(value) {
        None => {
            errors.push(FieldError {
                field: field.into(),
                problem: FieldProblem::Invalid,
            });
            None
        }
        Some(d) => match window.check(field, d) {
            Ok(d) => Some(Some(d)),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    }
}

/// A mobile or office number: digits, spaces and dashes, an optional leading `+`.
pub fn phone(value: &str) -> Result<Option<String>, AppError> {
    let Some(v) = optional("phone", value, 20)? else {
        return Ok(None);
    };
    let body = v.strip_prefix('+').unwrap_or(&v);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let ok = body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        && digits >= 5;
    if ok {
        Ok(Some(v))
    } else {
        Err(AppError::field("phone", FieldProblem::Invalid))
    }
}

/// An e-mail address: one `@` with text on both sides, no spaces.
pub fn email(value: &str) -> Result<Option<String>, AppError> {
    let Some(v) = optional("email", value, 100)? else {
        return Ok(None);
    };
    let ok = matches!(v.split_once('@'), Some((a, b)) if !a.is_empty() && b.contains('.') && !b.contains('@'))
        && !v.chars().any(char::is_whitespace);
    if ok {
        Ok(Some(v))
    } else {
        Err(AppError::field("email", FieldProblem::Invalid))
    }
}

impl TeacherFields {
    /// Every field checked; all problems at once, each under its field.
    pub fn parse(form: &TeacherForm, today: NaiveDate) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let staff_no = collect(&mut errors, StaffNo::parse(&form.staff_no));
        let name = collect(&mut errors, person_name(&form.name));
        let gender = one_of("gender", &form.gender, &GENDERS)
            .map_err(|e| errors.push(e))
            .ok();
        let hire_window = Window::new(years_before(today, CAREER_YEARS), years_after(today, 1));
        let hire_date = if form.hire_date.trim().is_empty() {
            errors.push(FieldError {
                field: "hire_date".into(),
                problem: FieldProblem::Required,
            });
            None
        } else {
            date_field(&mut errors, "hire_date", &form.hire_date, hire_window).flatten()
        };
        // Born at least 18 years before the hire date, at most 70 years ago.
        let born_by = years_before(hire_date.unwrap_or(today).min(today), MIN_HIRE_AGE);
        let birth_window = Window::new(years_before(today, MAX_AGE), born_by);
        let birth_date = date_field(&mut errors, "birth_date", &form.birth_date, birth_window);
        // The probation (见习期) starts on or after the hire date, within its first year.
        let probation_window = match hire_date {
            Some(h) => Window::new(h, years_after(h, 1)),
            None => hire_window,
        };
        let probation_start = date_field(
            &mut errors,
            "probation_start",
            &form.probation_start,
            probation_window,
        );
        let school = collect(&mut errors, required("school", &form.school, 100));
        let subject = collect(&mut errors, required("subject", &form.subject, 30));
        let stage = match Stage::parse(form.stage.trim()) {
            Some(s) => Some(s),
            None => {
                let problem = if form.stage.trim().is_empty() {
                    FieldProblem::Required
                } else {
                    FieldProblem::Invalid
                };
                errors.push(FieldError {
                    field: "stage".into(),
                    problem,
                });
                None
            }
        };
        let education = one_of("education", &form.education, &EDUCATIONS)
            .map_err(|e| errors.push(e))
            .ok();
        let title = code_or_none("title", &form.title, Title::parse, Title::None, &mut errors);
        let party_stage = code_or_none(
            "party_stage",
            &form.party_stage,
            PartyStage::parse,
            PartyStage::None,
            &mut errors,
        );
        let phone = collect(&mut errors, phone(&form.phone));
        let email = collect(&mut errors, email(&form.email));
        match (
            staff_no,
            name,
            gender,
            birth_date,
            hire_date,
            probation_start,
            school,
            subject,
            stage,
            education,
            title,
            party_stage,
            phone,
            email,
        ) {
            (
                Some(staff_no),
                Some(name),
                Some(gender),
                Some(birth_date),
                Some(hire_date),
                Some(probation_start),
                Some(school),
                Some(subject),
                Some(stage),
                Some(education),
                Some(title),
                Some(party_stage),
                Some(phone),
                Some(email),
            ) if errors.is_empty() => Ok(TeacherFields {
                staff_no,
                name,
                gender,
                birth_date,
                hire_date,
                probation_start,
                school,
                subject,
                stage,
                education,
                title,
                party_stage,
                phone,
                email,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }

    /// The stored values of each field that can change, as text (blank when unset), in the
    /// order of [`CHANGEABLE`]. The school is its id.
    pub fn values(&self, school_id: i32) -> [String; CHANGEABLE.len()] {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        [
            self.name.clone(),
            self.gender.unwrap_or("").to_string(),
            date(self.birth_date),
            self.hire_date.to_string(),
            date(self.probation_start),
            school_id.to_string(),
            self.subject.clone(),
            self.stage.code().to_string(),
            self.education.unwrap_or("").to_string(),
            self.title.code().to_string(),
            self.party_stage.code().to_string(),
            self.phone.clone().unwrap_or_default(),
            self.email.clone().unwrap_or_default(),
        ]
    }
}

/// A choice whose blank means its "none" value (职称, 政治面貌).
fn code_or_none<T: Copy>(
    field: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    none: T,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let v = value.trim();
    if v.is_empty() {
        return Some(none);
    }
    let parsed = parse(v);
    if parsed.is_none() {
        errors.push(FieldError {
            field: field.into(),
            problem: FieldProblem::Invalid,
        });
    }
    parsed
}

/// The fields a record's edit (or an intake row) may change, in [`TeacherFields::values`] order.
pub const CHANGEABLE: [&str; 13] = [
    "name",
    "gender",
    "birth_date",
    "hire_date",
    "probation_start",
    "school",
    "subject",
    "stage",
    "education",
    "title",
    "party_stage",
    "phone",
    "email",
];

/// One field that differs: its name, the stored value and the new one (as text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// The fields whose values differ between `stored` and `new` (both in [`CHANGEABLE`] order).
/// A blank in an import (`keep_blank`) keeps the stored value: a list that leaves the phone
/// column empty does not erase phone numbers.
pub fn changes(
    stored: &[String; CHANGEABLE.len()],
    new: &[String; CHANGEABLE.len()],
    keep_blank: bool,
) -> Vec<FieldChange> {
    CHANGEABLE
        .iter()
        .zip(stored.iter().zip(new))
        .filter(|(_, (old, new))| old != new && !(keep_blank && new.is_empty()))
        .map(|(field, (old, new))| FieldChange {
            field: field.to_string(),
            old: old.clone(),
            new: new.clone(),
        })
        .collect()
}

/// Why an intake row cannot be written (the first problem found), or what it does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntakeStatus {
    /// A new teacher (and their account).
    New,
    /// A teacher already on the roster whose listed fields differ.
    Changes(Vec<FieldChange>),
    /// Already on the roster exactly as listed: nothing to write.
    Unchanged,
    Problem {
        field: String,
        problem: FieldProblem,
    },
}

/// The first error of a failed check, as a row's status.
pub fn problem_status(err: AppError) -> IntakeStatus {
    let first = match err {
        AppError::Invalid(errors) => errors.into_iter().next(),
        _ => None,
    }
    .unwrap_or(FieldError {
        field: "file".into(),
        problem: FieldProblem::Invalid,
    });
    IntakeStatus::Problem {
        field: first.field,
        problem: first.problem,
    }
}

/// A hire date in an intake for the cohort of `cohort_year`: that year, or the one either side
/// (a teacher hired in December joins the next year's cohort).
pub fn hire_fits_cohort(hire_date: NaiveDate, cohort_year: i32) -> Result<(), AppError> {
    use chrono::Datelike;
    let window = Window::new(
        NaiveDate::from_ymd_opt(cohort_year - 1, 1, 1).unwrap_or(hire_date),
        NaiveDate::from_ymd_opt(cohort_year + 1, 12, 31).unwrap_or(hire_date),
    );
    if (cohort_year - 1..=cohort_year + 1).contains(&hire_date.year()) {
        Ok(())
    } else {
        Err(AppError::field("hire_date", window.problem()))
    }
}

/// Staff numbers listed more than once in a file: every row after the first is a problem.
pub fn repeated_staff_nos<'a>(staff_nos: impl Iterator<Item = &'a str>) -> Vec<bool> {
    let mut seen = std::collections::HashSet::new();
    staff_nos
        .map(|s| !s.is_empty() && !seen.insert(s.trim().to_ascii_uppercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn form() -> TeacherForm {
        TeacherForm {
            staff_no: "t2026-900".into(),
            name: "林晓".into(),
            gender: "f".into(),
            birth_date: "2001-05-04".into(),
            hire_date: "2026-08-20".into(),
            probation_start: "2026-08-25".into(),
            school: "SIP-001".into(),
            subject: "语文".into(),
            stage: "primary".into(),
            education: "master".into(),
            title: "".into(),
            party_stage: "member".into(),
            phone: "138 0000 1234".into(),
            email: "linxiao@example.cn".into(),
        }
    }

    fn problem_of(f: TeacherForm, field: &str) -> Option<FieldProblem> {
        match TeacherFields::parse(&f, today()) {
            Err(AppError::Invalid(e)) => {
                e.into_iter().find(|e| e.field == field).map(|e| e.problem)
            }
            _ => None,
        }
    }

    #[test]
    fn a_complete_record_parses_with_blank_title_as_none() {
        let t = TeacherFields::parse(&form(), today()).unwrap();
        assert_eq!(t.staff_no.as_str(), "T2026-900");
        assert_eq!(t.title, Title::None);
        assert_eq!(t.gender, Some("f"));
        assert_eq!(t.phone.as_deref(), Some("138 0000 1234"));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let f = TeacherForm {
            staff_no: "工号".into(),
            hire_date: "2026-13-01".into(),
            stage: "college".into(),
            email: "not-an-address".into(),
            ..form()
        };
        let Err(AppError::Invalid(errors)) = TeacherFields::parse(&f, today()) else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["staff_no", "hire_date", "stage", "email"]);
    }

    #[test]
    fn a_teacher_is_at_least_eighteen_when_hired() {
        let f = TeacherForm {
            birth_date: "2010-01-01".into(),
            ..form()
        };
        assert!(matches!(
            problem_of(f, "birth_date"),
            Some(FieldProblem::DateWindow { to: 20080820, .. })
        ));
    }

    #[test]
    fn the_probation_cannot_start_before_the_hire_date() {
        let f = TeacherForm {
            probation_start: "2026-08-01".into(),
            ..form()
        };
        assert!(matches!(
            problem_of(f, "probation_start"),
            Some(FieldProblem::DateWindow { from: 20260820, .. })
        ));
    }

    #[test]
    fn a_hire_date_more_than_a_year_ahead_is_refused() {
        let f = TeacherForm {
            hire_date: "2028-09-01".into(),
            probation_start: "".into(),
            ..form()
        };
        assert!(matches!(
            problem_of(f, "hire_date"),
            Some(FieldProblem::DateWindow { .. })
        ));
    }

    #[test]
    fn phones_and_emails_are_checked_but_optional() {
        assert_eq!(phone("").unwrap(), None);
        assert!(phone("+86 138-0000-1234").unwrap().is_some());
        assert!(phone("call me").is_err());
        assert!(phone("12").is_err());
        assert!(email("a@b.cn").unwrap().is_some());
        assert!(email("a@b").is_err());
        assert!(email("a b@c.cn").is_err());
        assert!(email("a@b@c.cn").is_err());
    }

    #[test]
    fn changes_list_only_the_fields_that_differ_and_blanks_keep_in_imports() {
        let t = TeacherFields::parse(&form(), today()).unwrap();
        let stored = t.values(7);
        let moved = TeacherFields {
            subject: "数学".into(),
            phone: None,
            ..t.clone()
        };
        let new = moved.values(7);
        assert_eq!(
            changes(&stored, &new, true),
            vec![FieldChange {
                field: "subject".into(),
                old: "语文".into(),
                new: "数学".into()
            }]
        );
        // A form clears a field on purpose.
        assert_eq!(changes(&stored, &new, false).len(), 2);
        assert!(changes(&stored, &stored, false).is_empty());
    }

    #[test]
    fn hire_dates_fit_the_cohort_year_or_either_side() {
        let d = |s| parse_date(s).unwrap();
        assert!(hire_fits_cohort(d("2026-08-20"), 2026).is_ok());
        assert!(hire_fits_cohort(d("2025-12-20"), 2026).is_ok());
        assert!(hire_fits_cohort(d("2023-08-20"), 2026).is_err());
    }

    #[test]
    fn repeated_staff_numbers_are_marked_after_their_first_row() {
        let marks = repeated_staff_nos(["T1", "t1", "T2", "", ""].into_iter());
        assert_eq!(marks, vec![false, true, false, false, false]);
    }

    #[test]
    fn a_failed_check_becomes_the_rows_first_problem() {
        assert_eq!(
            problem_status(AppError::field("school", FieldProblem::UnknownSchool)),
            IntakeStatus::Problem {
                field: "school".into(),
                problem: FieldProblem::UnknownSchool
            }
        );
    }
}
