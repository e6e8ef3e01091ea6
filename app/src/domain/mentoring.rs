//! Mentoring rules (师徒结对): session input, term quotas and who is behind.
use super::dates::{Window, SESSION_BACK_DAYS};
use super::text::required;
use crate::error::{AppError, FieldError, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(
    /// What happened in a mentor session. `summary` is the mentee's end-of-term summary.
    SessionKind {
        ObserveMentee => "observe_mentee",
        DemoLesson => "demo_lesson",
        Debrief => "debrief",
        LessonPlan => "lesson_plan",
        Talk => "talk",
        Summary => "summary",
        Other => "other",
    }
);

pub const MIN_MINUTES: i32 = 1;
pub const MAX_MINUTES: i32 = 600;
pub const DEFAULT_MINUTES: i32 = 45;
pub const MAX_TOPIC: usize = 200;
pub const MAX_NOTES: usize = 5000;
pub const MAX_REASON: usize = 500;

/// What the session form sends; every field as typed, checked by [`NewSession::parse`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInput {
    pub pairing_id: i64,
    pub kind: String,
    pub held_on: String,
    pub minutes: String,
    pub topic: String,
    pub notes: String,
}

/// A checked session, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    pub pairing_id: i64,
    pub kind: SessionKind,
    pub held_on: NaiveDate,
    pub minutes: i32,
    /// Empty when the mentor typed none: the kind's name stands in, so logging stays quick.
    pub topic: Option<String>,
    pub notes: Option<String>,
}

/// The dates a pairing covers: a session must fall inside them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairingSpan {
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

impl NewSession {
    /// Checks every field and reports all problems at once, each beside its field.
    pub fn parse(
        input: &SessionInput,
        today: NaiveDate,
        span: PairingSpan,
    ) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, problem| {
            errors.push(FieldError {
                field: field.into(),
                problem,
            })
        };
        let kind = SessionKind::parse(super::text::choice(&input.kind));
        if kind.is_none() {
            fail("kind", FieldProblem::Required);
        }
        let held_on = super::dates::parse_date(&input.held_on);
        // Logged late at most a year: a session of 1991 is a typing error, whatever the pairing.
        let back = Window::new(today - chrono::Duration::days(SESSION_BACK_DAYS), today);
        match held_on {
            None => fail("held_on", FieldProblem::Invalid),
            Some(d) if d > today => fail("held_on", FieldProblem::FutureDate),
            Some(d) if d < span.started_on || span.ended_on.is_some_and(|end| d > end) => {
                fail("held_on", FieldProblem::OutsidePairing)
            }
            Some(d) if !back.contains(d) => fail("held_on", back.problem()),
            Some(_) => {}
        }
        let minutes = input.minutes.trim().parse::<i32>().ok();
        let range = FieldProblem::OutOfRange {
            min: MIN_MINUTES as i64,
            max: MAX_MINUTES as i64,
        };
        match minutes {
            Some(m) if (MIN_MINUTES..=MAX_MINUTES).contains(&m) => {}
            _ => fail("minutes", range),
        }
        let topic = optional_text("topic", &input.topic, MAX_TOPIC).unwrap_or_else(|e| {
            errors.extend(field_errors(e));
            None
        });
        let notes = optional_text("notes", &input.notes, MAX_NOTES).unwrap_or_else(|e| {
            errors.extend(field_errors(e));
            None
        });
        match (kind, held_on, minutes) {
            (Some(kind), Some(held_on), Some(minutes)) if errors.is_empty() => Ok(NewSession {
                pairing_id: input.pairing_id,
                kind,
                held_on,
                minutes,
                topic,
                notes,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

fn field_errors(err: AppError) -> Vec<FieldError> {
    match err {
        AppError::Invalid(errors) => errors,
        _ => Vec::new(),
    }
}

/// Trimmed text, `None` when blank, at most `max` characters, no control characters.
pub fn optional_text(field: &str, value: &str, max: usize) -> Result<Option<String>, AppError> {
    super::text::optional(field, value, max)
}

/// How long after confirming a session its mentee may still dispute it: the same number of
/// days the mentor has to edit it. After that the record stands (a coordinator corrects it).
pub fn disputable(confirmed_on: Option<NaiveDate>, today: NaiveDate, edit_days: i64) -> bool {
    confirmed_on.is_none_or(|on| (today - on).num_days() <= edit_days)
}

/// A dispute needs a reason the coordinator can act on.
pub fn dispute_reason(value: &str) -> Result<String, AppError> {
    required("reason", value, MAX_REASON)
}

/// Sessions can be changed by their mentor for `edit_days` after they were logged.
pub fn editable(logged_on: NaiveDate, today: NaiveDate, edit_days: i64) -> bool {
    (today - logged_on).num_days() <= edit_days
}

/// A term's dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermSpan {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl TermSpan {
    /// The share of the term gone by on `today`, in per mille (0 before it starts, 1000 after).
    pub fn elapsed_permille(&self, today: NaiveDate) -> i64 {
        let total = (self.ends_on - self.starts_on).num_days().max(1);
        let gone = (today - self.starts_on).num_days().clamp(0, total);
        gone * 1000 / total
    }

    /// Whole weeks left until the term ends (0 once it has ended).
    pub fn weeks_left(&self, today: NaiveDate) -> i64 {
        ((self.ends_on - today).num_days().max(0) + 6) / 7
    }
}

/// One quota of one pair in one term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaProgress {
    pub kind: SessionKind,
    pub required: i64,
    /// Confirmed sessions of this kind in the term.
    pub done: i64,
    /// What a pair keeping pace would have by now.
    pub expected: i64,
}

impl QuotaProgress {
    pub fn new(
        kind: SessionKind,
        required: i64,
        done: i64,
        term: TermSpan,
        today: NaiveDate,
    ) -> Self {
        // Rounded down: a one-off quota (the term summary) is due only when the term ends.
        let expected = required * term.elapsed_permille(today) / 1000;
        QuotaProgress {
            kind,
            required,
            done,
            expected: expected.min(required),
        }
    }

    /// Progress toward the quota in per cent, never above 100.
    pub fn percent(&self) -> i64 {
        super::percent::progress(self.done, self.required)
    }

    pub fn behind(&self) -> bool {
        self.done < self.expected
    }
}

/// A pair is behind when any quota is behind its expected pace.
pub fn pair_behind(quotas: &[QuotaProgress]) -> bool {
    quotas.iter().any(QuotaProgress::behind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn input() -> SessionInput {
        SessionInput {
            pairing_id: 7,
            kind: "observe_mentee".into(),
            held_on: "2026-10-12".into(),
            minutes: "45".into(),
            topic: "".into(),
            notes: " 提问设计可以更开放 ".into(),
        }
    }

    const SPAN: PairingSpan = PairingSpan {
        started_on: match NaiveDate::from_ymd_opt(2026, 9, 1) {
            Some(d) => d,
            None => panic!(),
        },
        ended_on: None,
    };

    fn problems(err: AppError) -> Vec<(String, FieldProblem)> {
        field_errors(err)
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_quick_session_needs_only_kind_and_takes_defaults() {
        let s = NewSession::parse(&input(), d(2026, 11, 1), SPAN).unwrap();
        assert_eq!(s.kind, SessionKind::ObserveMentee);
        assert_eq!(s.topic, None);
        assert_eq!(s.notes.as_deref(), Some("提问设计可以更开放"));
    }

    #[test]
    fn future_dates_are_refused() {
        let err = NewSession::parse(&input(), d(2026, 10, 11), SPAN).unwrap_err();
        assert_eq!(
            problems(err),
            vec![("held_on".into(), FieldProblem::FutureDate)]
        );
    }

    #[test]
    fn dates_outside_the_pairing_are_refused() {
        let mut i = input();
        i.held_on = "2026-08-31".into();
        let err = NewSession::parse(&i, d(2026, 11, 1), SPAN).unwrap_err();
        assert_eq!(
            problems(err),
            vec![("held_on".into(), FieldProblem::OutsidePairing)]
        );
        let ended = PairingSpan {
            ended_on: Some(d(2026, 10, 1)),
            ..SPAN
        };
        assert!(NewSession::parse(&input(), d(2026, 11, 1), ended).is_err());
    }

    #[test]
    fn a_session_of_1991_in_a_pairing_of_1991_is_refused() {
        let old = PairingSpan {
            started_on: d(1991, 9, 1),
            ended_on: None,
        };
        let mut i = input();
        i.held_on = "1991-10-12".into();
        let err = NewSession::parse(&i, d(2026, 11, 1), old).unwrap_err();
        assert_eq!(
            problems(err),
            vec![(
                "held_on".into(),
                FieldProblem::DateWindow {
                    from: 20251031,
                    to: 20261101
                }
            )]
        );
        i.held_on = "0000-10-12".into();
        let err = NewSession::parse(&i, d(2026, 11, 1), old).unwrap_err();
        assert_eq!(
            problems(err),
            vec![("held_on".into(), FieldProblem::Invalid)]
        );
    }

    #[test]
    fn a_confirmed_session_can_be_disputed_only_within_the_edit_window() {
        assert!(disputable(None, d(2026, 11, 1), 7));
        assert!(disputable(Some(d(2026, 10, 25)), d(2026, 11, 1), 7));
        assert!(!disputable(Some(d(2026, 10, 24)), d(2026, 11, 1), 7));
    }

    #[test]
    fn a_nul_byte_in_the_notes_is_a_field_error() {
        let mut i = input();
        i.notes = "好\0课".into();
        let err = NewSession::parse(&i, d(2026, 11, 1), SPAN).unwrap_err();
        assert_eq!(
            problems(err),
            vec![("notes".into(), FieldProblem::BadCharacter)]
        );
    }

    #[test]
    fn minutes_must_be_between_1_and_600() {
        for bad in ["0", "601", "", "abc", "-5"] {
            let mut i = input();
            i.minutes = bad.into();
            let err = NewSession::parse(&i, d(2026, 11, 1), SPAN).unwrap_err();
            assert_eq!(problems(err)[0].0, "minutes", "{bad}");
        }
        for good in ["1", "600"] {
            let mut i = input();
            i.minutes = good.into();
            assert!(
                NewSession::parse(&i, d(2026, 11, 1), SPAN).is_ok(),
                "{good}"
            );
        }
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let i = SessionInput {
            pairing_id: 1,
            kind: "lecture".into(),
            held_on: "yesterday".into(),
            minutes: "0".into(),
            topic: "题".repeat(MAX_TOPIC + 1),
            notes: String::new(),
        };
        let fields: Vec<String> =
            problems(NewSession::parse(&i, d(2026, 11, 1), SPAN).unwrap_err())
                .into_iter()
                .map(|(f, _)| f)
                .collect();
        assert_eq!(fields, ["kind", "held_on", "minutes", "topic"]);
    }

    #[test]
    fn sessions_lock_after_the_edit_window() {
        assert!(editable(d(2026, 11, 1), d(2026, 11, 8), 7));
        assert!(!editable(d(2026, 11, 1), d(2026, 11, 9), 7));
    }

    #[test]
    fn halfway_through_the_term_half_the_quota_is_expected() {
        let term = TermSpan {
            starts_on: d(2026, 9, 1),
            ends_on: d(2026, 12, 31),
        };
        let q = QuotaProgress::new(SessionKind::ObserveMentee, 8, 2, term, d(2026, 10, 31));
        assert_eq!(q.expected, 3);
        assert!(q.behind());
        assert_eq!(q.percent(), 25);
        let summary = QuotaProgress::new(SessionKind::Summary, 1, 0, term, d(2026, 12, 30));
        assert!(!summary.behind(), "the summary is due at the end of term");
        assert_eq!(term.weeks_left(d(2026, 10, 31)), 9);
        assert_eq!(term.weeks_left(d(2027, 1, 5)), 0);
    }

    #[test]
    fn a_pair_is_behind_when_any_quota_is() {
        let term = TermSpan {
            starts_on: d(2026, 9, 1),
            ends_on: d(2026, 12, 31),
        };
        let ok = QuotaProgress::new(SessionKind::DemoLesson, 8, 8, term, d(2026, 12, 1));
        let late = QuotaProgress::new(SessionKind::LessonPlan, 3, 0, term, d(2026, 12, 1));
        assert!(!pair_behind(&[ok]));
        assert!(pair_behind(&[ok, late]));
    }

    proptest! {
        #[test]
        fn progress_never_exceeds_the_total(required in 0i64..50, done in 0i64..200, day in 0i64..400) {
            let term = TermSpan { starts_on: d(2026, 9, 1), ends_on: d(2027, 1, 29) };
            let q = QuotaProgress::new(SessionKind::Talk, required, done, term, d(2026, 8, 1) + chrono::Duration::days(day));
            prop_assert!(q.percent() <= 100);
            prop_assert!(q.expected <= q.required);
        }

        #[test]
        fn expected_progress_never_falls_as_time_passes(required in 0i64..50, a in 0i64..400, b in 0i64..400) {
            let term = TermSpan { starts_on: d(2026, 9, 1), ends_on: d(2027, 1, 29) };
            let (early, late) = (a.min(b), a.max(b));
            let start = d(2026, 8, 1);
            let e1 = QuotaProgress::new(SessionKind::Talk, required, 0, term, start + chrono::Duration::days(early)).expected;
            let e2 = QuotaProgress::new(SessionKind::Talk, required, 0, term, start + chrono::Duration::days(late)).expected;
            prop_assert!(e1 <= e2);
        }
    }
}
