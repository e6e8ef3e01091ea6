//! Hour claims (学时申报): what a teacher may file, the approval chain, and what an evidence file
//! must be. The server checks all of it again; forms use it to answer early.
use super::codes::Level;
use super::dates::Window;
use super::pairing::parse_date;
use super::requirements::Category;
use super::text::required;
use crate::error::{AppError, FieldError, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(
    /// submitted → school_approved → approved; rejected (with a reason) or withdrawn end it early.
    ClaimStatus {
        Submitted => "submitted",
        SchoolApproved => "school_approved",
        Approved => "approved",
        Rejected => "rejected",
        Withdrawn => "withdrawn",
    }
);

impl ClaimStatus {
    /// Still waiting for a decision: the teacher may withdraw it.
    pub fn pending(self) -> bool {
        matches!(self, ClaimStatus::Submitted | ClaimStatus::SchoolApproved)
    }
}

/// Who decides a claim at its current step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewStep {
    /// The coordinator of the teacher's school (初审).
    School,
    /// Center staff (审定).
    Center,
}

impl ReviewStep {
    pub fn of(status: ClaimStatus) -> Option<Self> {
        match status {
            ClaimStatus::Submitted => Some(ReviewStep::School),
            ClaimStatus::SchoolApproved => Some(ReviewStep::Center),
            _ => None,
        }
    }

    /// The status an approval at this step moves the claim to.
    pub fn approved(self) -> ClaimStatus {
        match self {
            ReviewStep::School => ClaimStatus::SchoolApproved,
            ReviewStep::Center => ClaimStatus::Approved,
        }
    }
}

/// The claim form as typed (strings, so a bad value can be reported rather than lost).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimForm {
    pub title: String,
    pub organizer: String,
    pub level: String,
    pub category: String,
    pub starts_on: String,
    pub ends_on: String,
    pub hours: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewClaim {
    pub title: String,
    pub organizer: String,
    pub level: Level,
    pub category: Category,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub tenths: i64,
    pub note: Option<String>,
}

/// A converted activity (public lesson, prize) counts what its rule says, at its minimum level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversion {
    pub category: Category,
    pub min_level: Level,
    pub unit_tenths: i64,
}

/// `12.5` → 125 tenths; at most one decimal.
pub fn parse_tenths(value: &str) -> Option<i64> {
    let v = value.trim();
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || whole.len() > 4 {
        return None;
    }
    if frac.len() > 1 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(whole.parse::<i64>().ok()? * 10 + frac.parse::<i64>().unwrap_or(0))
}

/// Hours > 0 and at most 24 for each day from `from` to `to`.
pub fn check_hours(
    field: &str,
    tenths: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<i64, FieldError> {
    let days = (to - from).num_days().max(0) + 1;
    let max = (24 * days).min(200);
    match tenths {
        Some(t) if t > 0 && t <= max * 10 => Ok(t),
        _ => Err(FieldError {
            field: field.into(),
            problem: FieldProblem::OutOfRange { min: 0, max },
        }),
    }
}

/// Title, organiser, level, category and the two dates, checked as every hours form checks them.
pub struct Common {
    pub title: String,
    pub organizer: String,
    pub level: Level,
    pub category: Category,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// Checks the fields events and claims share; pushes every problem into `errors`.
#[allow(clippy::too_many_arguments)]
pub fn parse_common(
    title: &str,
    organizer: &str,
    level: &str,
    category: &str,
    starts_on: &str,
    ends_on: &str,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<Common> {
    let mut push = |field: &str, problem| {
        errors.push(FieldError {
            field: field.into(),
            problem,
        })
    };
    let title = match required("title", title, 200) {
        Ok(t) => Some(t),
        Err(AppError::Invalid(e)) => {
            push("title", e[0].problem);
            None
        }
        Err(_) => None,
    };
    let organizer = match required("organizer", organizer, 100) {
        Ok(o) => Some(o),
        Err(AppError::Invalid(e)) => {
            push("organizer", e[0].problem);
            None
        }
        Err(_) => None,
    };
    let level = Level::parse(super::text::choice(level));
    if level.is_none() {
        push("level", FieldProblem::Invalid);
    }
    let category = Category::parse(super::text::choice(category));
    if category.is_none() {
        push("category", FieldProblem::Invalid);
    }
    let starts = parse_date(starts_on);
    let ends = if ends_on.trim().is_empty() {
        starts
    } else {
        parse_date(ends_on)
    };
    // Ten years back at most (two hour cycles); nothing of the future.
    let window = Window::district(today, 0);
    match (starts, ends) {
        (None, _) => push("starts_on", FieldProblem::Invalid),
        (Some(s), _) if !window.contains(s) => push("starts_on", window.problem()),
        (_, None) => push("ends_on", FieldProblem::Invalid),
        (Some(s), Some(e)) if e < s => push("ends_on", FieldProblem::DateOrder),
        (Some(_), Some(e)) if e > today => push("ends_on", FieldProblem::FutureDate),
        _ => {}
    }
    Some(Common {
        title: title?,
        organizer: organizer?,
        level: level?,
        category: category?,
        starts_on: starts?,
        ends_on: ends?,
    })
}

impl NewClaim {
    /// Every problem at once. A converted activity must be at its minimum level and counts the
    /// rule's fixed hours, whatever was typed.
    pub fn parse(
        form: &ClaimForm,
        today: NaiveDate,
        conversions: &[Conversion],
    ) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let common = parse_common(
            &form.title,
            &form.organizer,
            &form.level,
            &form.category,
            &form.starts_on,
            &form.ends_on,
            today,
            &mut errors,
        );
        let note = match super::text::optional("note", &form.note, 2000) {
            Ok(n) => n,
            Err(AppError::Invalid(e)) => {
                errors.extend(e);
                None
            }
            Err(_) => None,
        };
        let mut tenths = None;
        if let Some(c) = &common {
            match conversions.iter().find(|v| v.category == c.category) {
                Some(v) if !c.level.at_least(v.min_level) => errors.push(FieldError {
                    field: "level".into(),
                    problem: FieldProblem::BelowLevel,
                }),
                Some(v) => tenths = Some(v.unit_tenths),
                None => {
                    match check_hours("hours", parse_tenths(&form.hours), c.starts_on, c.ends_on) {
                        Ok(t) => tenths = Some(t),
                        Err(e) => errors.push(e),
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let (Some(c), Some(tenths)) = (common, tenths) else {
            return Err(AppError::Invalid(Vec::new()));
        };
        Ok(NewClaim {
            title: c.title,
            organizer: c.organizer,
            level: c.level,
            category: c.category,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            tenths,
            note,
        })
    }
}

/// The largest evidence file accepted.
pub const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;
/// At most this many files on one claim.
pub const MAX_EVIDENCE_FILES: usize = 5;

/// The file's type from its first bytes: PDF, JPEG or PNG; anything else (an .exe renamed to
/// .pdf included) is `None`.
pub fn sniff_evidence(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

/// Checks one evidence file: its size and its content type.
pub fn check_evidence(bytes: &[u8]) -> Result<&'static str, FieldProblem> {
    if bytes.is_empty() {
        return Err(FieldProblem::Required);
    }
    if bytes.len() > MAX_EVIDENCE_BYTES {
        return Err(FieldProblem::FileTooLarge {
            max_mb: (MAX_EVIDENCE_BYTES / (1024 * 1024)) as i64,
        });
    }
    sniff_evidence(bytes).ok_or(FieldProblem::FileType)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn form() -> ClaimForm {
        ClaimForm {
            title: "苏州市骨干教师高级研修班".into(),
            organizer: "苏州市教育科学研究院".into(),
            level: "city".into(),
            category: "subject".into(),
            starts_on: "2026-10-10".into(),
            ends_on: "2026-10-11".into(),
            hours: "12".into(),
            note: String::new(),
        }
    }

    fn lesson() -> Vec<Conversion> {
        vec![Conversion {
            category: Category::Lesson,
            min_level: Level::District,
            unit_tenths: 60,
        }]
    }

    fn problems(err: AppError) -> Vec<(String, FieldProblem)> {
        match err {
            AppError::Invalid(e) => e.into_iter().map(|e| (e.field, e.problem)).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_complete_claim_parses() {
        let c = NewClaim::parse(&form(), d(2026, 11, 27), &lesson()).unwrap();
        assert_eq!(c.tenths, 120);
        assert_eq!(c.level, Level::City);
    }

    #[test]
    fn more_than_24_hours_a_day_is_refused() {
        let mut f = form();
        f.hours = "48.5".into();
        let p = problems(NewClaim::parse(&f, d(2026, 11, 27), &lesson()).unwrap_err());
        assert_eq!(
            p,
            vec![("hours".into(), FieldProblem::OutOfRange { min: 0, max: 48 })]
        );
    }

    #[test]
    fn zero_hours_and_future_or_reversed_dates_are_refused_together() {
        let mut f = form();
        f.hours = "0".into();
        f.ends_on = "2026-12-01".into();
        let p = problems(NewClaim::parse(&f, d(2026, 11, 27), &lesson()).unwrap_err());
        assert!(p.contains(&("ends_on".into(), FieldProblem::FutureDate)));
        let mut f = form();
        f.ends_on = "2026-10-01".into();
        let p = problems(NewClaim::parse(&f, d(2026, 11, 27), &lesson()).unwrap_err());
        assert_eq!(p, vec![("ends_on".into(), FieldProblem::DateOrder)]);
    }

    #[test]
    fn a_claim_from_year_zero_or_9999_or_older_than_ten_years_is_refused() {
        let window = FieldProblem::DateWindow {
            from: 20161127,
            to: 20261127,
        };
        for (start, end, want) in [
            ("2016-11-26", "2016-11-26", ("starts_on", window)),
            ("2199-01-01", "", ("starts_on", window)),
            ("9999-01-01", "", ("starts_on", FieldProblem::Invalid)),
            ("0000-01-01", "", ("starts_on", FieldProblem::Invalid)),
            (
                "2026-10-01",
                "2099-01-01",
                ("ends_on", FieldProblem::FutureDate),
            ),
            (
                "2026-10-01",
                "9999-01-01",
                ("ends_on", FieldProblem::Invalid),
            ),
        ] {
            let mut f = form();
            f.starts_on = start.into();
            f.ends_on = end.into();
            let p = problems(NewClaim::parse(&f, d(2026, 11, 27), &lesson()).unwrap_err());
            assert_eq!(p, vec![(want.0.to_string(), want.1)], "{start} {end}");
        }
    }

    #[test]
    fn a_nul_byte_in_the_title_or_note_is_a_field_error() {
        let mut f = form();
        f.title = "培训\0".into();
        f.note = "\0".into();
        let p = problems(NewClaim::parse(&f, d(2026, 11, 27), &lesson()).unwrap_err());
        assert_eq!(
            p,
            vec![
                ("title".into(), FieldProblem::BadCharacter),
                ("note".into(), FieldProblem::BadCharacter)
            ]
        );
    }

    #[test]
    fn levels_and_categories_come_from_the_lists() {
        let mut f = form();
        f.level = "county".into();
        f.category = "fun".into();
        let p = problems(NewClaim::parse(&f, d(2026, 11, 27), &lesson()).unwrap_err());
        assert!(p.contains(&("level".into(), FieldProblem::Invalid)));
        assert!(p.contains(&("category".into(), FieldProblem::Invalid)));
    }

    #[test]
    fn a_public_lesson_counts_the_rules_hours_and_needs_district_level() {
        let mut f = form();
        f.category = "lesson".into();
        f.level = "district".into();
        f.hours = "40".into();
        let c = NewClaim::parse(&f, d(2026, 11, 27), &lesson()).unwrap();
        assert_eq!(c.tenths, 60);
        f.level = "school".into();
        let p = problems(NewClaim::parse(&f, d(2026, 11, 27), &lesson()).unwrap_err());
        assert_eq!(p, vec![("level".into(), FieldProblem::BelowLevel)]);
    }

    #[test]
    fn hours_take_at_most_one_decimal() {
        assert_eq!(parse_tenths("12.5"), Some(125));
        assert_eq!(parse_tenths("3"), Some(30));
        assert_eq!(parse_tenths("1.25"), None);
        assert_eq!(parse_tenths("-2"), None);
        assert_eq!(parse_tenths("abc"), None);
    }

    #[test]
    fn evidence_type_is_read_from_the_content_not_the_name() {
        assert_eq!(check_evidence(b"%PDF-1.7\n..."), Ok("application/pdf"));
        assert_eq!(check_evidence(b"\x89PNG\r\n\x1a\n...."), Ok("image/png"));
        assert_eq!(check_evidence(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok("image/jpeg"));
        assert_eq!(
            check_evidence(b"MZ\x90\x00 exe"),
            Err(FieldProblem::FileType)
        );
        let big = vec![b'%'; MAX_EVIDENCE_BYTES + 1];
        assert_eq!(
            check_evidence(&big),
            Err(FieldProblem::FileTooLarge { max_mb: 10 })
        );
    }

    #[test]
    fn only_pending_claims_have_a_next_reviewer() {
        assert_eq!(
            ReviewStep::of(ClaimStatus::Submitted),
            Some(ReviewStep::School)
        );
        assert_eq!(
            ReviewStep::of(ClaimStatus::SchoolApproved),
            Some(ReviewStep::Center)
        );
        assert_eq!(ReviewStep::of(ClaimStatus::Approved), None);
        assert_eq!(ReviewStep::of(ClaimStatus::Withdrawn), None);
        assert!(!ClaimStatus::Rejected.pending());
    }
}
