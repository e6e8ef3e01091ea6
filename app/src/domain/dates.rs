//! Every date a form or an import accepts has a window tied to the domain, checked here:
//! a career record lies between the teacher's hire date and today; a plan (goal, planned end)
//! at most [`PLAN_YEARS`] ahead; district records (events, terms, rule versions) within
//! [`HISTORY_YEARS`] back. A date outside its window is a field error that names both ends.
use crate::error::{date_number, FieldError, FieldProblem};
use chrono::{Months, NaiveDate};

/// How far back district records (events, terms, claims of teachers hired long ago) reach:
/// two five-year hour cycles.
pub const HISTORY_YEARS: u32 = 10;
/// How far ahead a plan (a goal's target, a pairing's planned end) may reach.
pub const PLAN_YEARS: u32 = 5;
/// How far ahead a term, a pairing's start or a rule version may be set up.
pub const SETUP_YEARS: u32 = 2;
/// The longest term.
pub const MAX_TERM_DAYS: i64 = 366;
/// How far back a mentor may log a session (inside the pairing's span).
pub const SESSION_BACK_DAYS: i64 = 366;

/// `2026-09-01`, `2026/9/1` or `2026.9.1`: the forms schools type in spreadsheets. Years
/// 1900–2199 only: `0000-01-01`, `+10000-01-01` and the like are not dates anyone means (each
/// field's own window then narrows it further).
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let v = value.trim().replace(['/', '.'], "-");
    let year = v.split('-').next()?;
    if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) || v.len() > 10 {
        return None;
    }
    let d = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok()?;
    (1900..=2199)
        .contains(&chrono::Datelike::year(&d))
        .then_some(d)
}

pub fn years_before(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(12 * years)).unwrap_or(d)
}

pub fn years_after(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_add_months(Months::new(12 * years)).unwrap_or(d)
}

/// The dates allowed for one field, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Self {
        Window { from, to }
    }

    /// From the hire date (or [`HISTORY_YEARS`] back when unknown) to today: a career record.
    pub fn career(hire_date: Option<NaiveDate>, today: NaiveDate) -> Self {
        Window::new(
            hire_date.unwrap_or_else(|| years_before(today, HISTORY_YEARS)),
            today,
        )
    }

    /// [`HISTORY_YEARS`] back to `ahead_years` ahead of today: district records and set-up.
    pub fn district(today: NaiveDate, ahead_years: u32) -> Self {
        Window::new(
            years_before(today, HISTORY_YEARS),
            years_after(today, ahead_years),
        )
    }

    /// This window, not starting before `from`.
    pub fn not_before(self, from: NaiveDate) -> Self {
        Window::new(self.from.max(from), self.to)
    }

    /// This window, not ending after `to`.
    pub fn not_after(self, to: NaiveDate) -> Self {
        Window::new(self.from, self.to.min(to))
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    pub fn problem(&self) -> FieldProblem {
        FieldProblem::DateWindow {
            from: date_number(self.from),
            to: date_number(self.to),
        }
    }

    pub fn check(&self, field: &str, d: NaiveDate) -> Result<NaiveDate, FieldError> {
        if self.contains(d) {
            Ok(d)
        } else {
            Err(FieldError {
                field: field.into(),
                problem: self.problem(),
            })
        }
    }
}

/// Parses `value` and checks it against `window`; the problem (unreadable, or outside the
/// window) goes into `errors` under `field`.
pub fn date_in(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    window: Window,
) -> Option<NaiveDate> {
    let Some(d) = parse_date(value) else {
        errors.push(FieldError {
            field: field.into(),
            problem: FieldProblem::Invalid,
        });
        return None;
    };
    window.check(field, d).map_err(|e| errors.push(e)).ok()
}

/// A term: starts within the district window (up to [`SETUP_YEARS`] ahead), ends after it
/// starts and at most [`MAX_TERM_DAYS`] later.
pub fn term_dates(
    starts_on: &str,
    ends_on: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), Vec<FieldError>> {
    let mut errors = Vec::new();
    let start = date_in(
        &mut errors,
        "starts_on",
        starts_on,
        Window::district(today, SETUP_YEARS),
    );
    let end = parse_date(ends_on);
    match (start, end) {
        (_, None) => errors.push(FieldError {
            field: "ends_on".into(),
            problem: FieldProblem::Invalid,
        }),
        (Some(s), Some(e)) if e <= s => errors.push(FieldError {
            field: "ends_on".into(),
            problem: FieldProblem::DateOrder,
        }),
        (Some(s), Some(e)) => {
            let w = Window::new(
                s + chrono::Duration::days(1),
                s + chrono::Duration::days(MAX_TERM_DAYS),
            );
            if let Err(err) = w.check("ends_on", e) {
                errors.push(err);
            }
        }
        (None, Some(_)) => {}
    }
    match (start, end) {
        (Some(s), Some(e)) if errors.is_empty() => Ok((s, e)),
        _ => Err(errors),
    }
}

/// Two date spans (both ends included) share a day.
pub fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn years_zero_and_ten_thousand_are_not_dates() {
        assert_eq!(parse_date("0000-01-01"), None);
        assert_eq!(parse_date("9999-01-01"), None);
        assert_eq!(parse_date("1899-12-31"), None);
        assert_eq!(parse_date("0-1-1"), None);
        assert_eq!(parse_date("+10000-01-01"), None);
        assert_eq!(parse_date("-2026-01-01"), None);
        assert_eq!(parse_date("2026/9/1"), Some(d(2026, 9, 1)));
        assert_eq!(parse_date("2026.09.01"), Some(d(2026, 9, 1)));
    }

    #[test]
    fn a_career_date_lies_between_the_hire_date_and_today() {
        let w = Window::career(Some(d(2021, 9, 1)), d(2026, 11, 28));
        assert!(w.contains(d(2021, 9, 1)));
        assert!(w.contains(d(2026, 11, 28)));
        assert!(!w.contains(d(2021, 8, 31)));
        assert!(!w.contains(d(2026, 11, 29)));
        assert_eq!(
            w.check("achieved_on", d(9999, 1, 1)),
            Err(FieldError {
                field: "achieved_on".into(),
                problem: FieldProblem::DateWindow {
                    from: 20210901,
                    to: 20261128
                }
            })
        );
    }

    #[test]
    fn district_dates_reach_ten_years_back_and_the_given_years_ahead() {
        let w = Window::district(d(2026, 11, 28), SETUP_YEARS);
        assert_eq!(w, Window::new(d(2016, 11, 28), d(2028, 11, 28)));
        let mut errors = Vec::new();
        assert_eq!(date_in(&mut errors, "starts_on", "9999-01-01", w), None);
        assert_eq!(date_in(&mut errors, "starts_on", "1991-01-01", w), None);
        assert_eq!(date_in(&mut errors, "starts_on", "not a date", w), None);
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[2].problem, FieldProblem::Invalid);
    }

    #[test]
    fn a_term_ends_after_it_starts_and_within_a_year() {
        let today = d(2026, 11, 28);
        assert_eq!(
            term_dates("2027-02-20", "2027-07-10", today),
            Ok((d(2027, 2, 20), d(2027, 7, 10)))
        );
        let fields = |r: Result<_, Vec<FieldError>>| {
            r.unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(term_dates("2027-02-20", "2029-07-10", today)),
            ["ends_on"]
        );
        assert_eq!(
            fields(term_dates("2027-02-20", "2027-02-19", today)),
            ["ends_on"]
        );
        assert_eq!(
            fields(term_dates("0000-01-01", "2027-02-19", today)),
            ["starts_on"]
        );
        assert_eq!(
            fields(term_dates("2099-01-01", "2099-06-01", today)),
            ["starts_on"]
        );
    }

    #[test]
    fn spans_that_share_a_day_overlap() {
        let a = (d(2026, 9, 1), d(2027, 1, 31));
        assert!(overlaps(a, (d(2027, 1, 31), d(2027, 7, 1))));
        assert!(!overlaps(a, (d(2027, 2, 1), d(2027, 7, 1))));
    }
}

/// The school year (学年, 1 August – 31 July) a day falls in, by the year it starts.
pub fn school_year_of(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    if d.month() >= 8 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// A name for the next school year from this one's: `2026–2027学年第一学期` of 2026 becomes
/// `2027–2028学年第一学期` (both years move on, the later one first).
pub fn next_year_name(name: &str, year: i32) -> String {
    const MARK: &str = "\u{1}";
    name.replace(&(year + 1).to_string(), MARK)
        .replace(&year.to_string(), &(year + 1).to_string())
        .replace(MARK, &(year + 2).to_string())
}

#[cfg(test)]
mod school_year_tests {
    use super::*;

    #[test]
    fn august_starts_a_school_year_and_july_ends_it() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(school_year_of(d(2026, 8, 1)), 2026);
        assert_eq!(school_year_of(d(2027, 7, 31)), 2026);
        assert_eq!(school_year_of(d(2026, 12, 6)), 2026);
    }

    #[test]
    fn next_year_names_move_both_years_on() {
        assert_eq!(
            next_year_name("2026–2027学年第一学期", 2026),
            "2027–2028学年第一学期"
        );
        assert_eq!(next_year_name("2026级新教师", 2026), "2027级新教师");
        assert_eq!(next_year_name("秋季学期", 2026), "秋季学期");
    }
}
