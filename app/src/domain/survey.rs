//! Needs surveys (需求调研): the kinds of question, how a question is built from its form, how
//! an answer form is read (conditions, required questions, ranges), and the rules the results
//! keep (years-of-teaching bands, no anonymous group under five).
use super::text::{clean, required};
use crate::error::{AppError, FieldError, FieldProblem};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// An anonymous survey shows no group (a school, a band, the whole survey) with fewer answers.
pub const MIN_GROUP: i64 = 5;
/// Most options a choice or ranking question has.
pub const MAX_OPTIONS: usize = 12;
/// Most questions in a survey.
pub const MAX_QUESTIONS: usize = 60;
/// Longest free-text answer, in characters.
pub const MAX_TEXT: usize = 1000;
pub const SCALE: std::ops::RangeInclusive<i32> = 1..=5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    Single,
    Multi,
    Scale,
    Rank,
    Text,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 5] = [
        QuestionKind::Single,
        QuestionKind::Multi,
        QuestionKind::Scale,
        QuestionKind::Rank,
        QuestionKind::Text,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multi => "multi",
            QuestionKind::Scale => "scale",
            QuestionKind::Rank => "rank",
            QuestionKind::Text => "text",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether the question lists options to choose or rank.
    pub fn has_options(self) -> bool {
        matches!(
            self,
            QuestionKind::Single | QuestionKind::Multi | QuestionKind::Rank
        )
    }

    /// The values a training need can name: every option (ranked ones too), or the scale.
    pub fn need_values(self, options: usize) -> Vec<i32> {
        match self {
            QuestionKind::Rank => (0..options as i32).collect(),
            other => other.condition_values(options),
        }
    }

    /// The values a condition on this question can name: option indexes, or the scale.
    pub fn condition_values(self, options: usize) -> Vec<i32> {
        match self {
            QuestionKind::Single | QuestionKind::Multi => (0..options as i32).collect(),
            QuestionKind::Scale => SCALE.collect(),
            QuestionKind::Rank | QuestionKind::Text => Vec::new(),
        }
    }
}

/// A question as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub position: i32,
    pub section: String,
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<String>,
    /// Multiple choice: at most this many.
    pub max_choices: Option<i32>,
    pub required: bool,
    /// Shown only when the answer to question `.0` holds the value `.1`.
    pub show_if: Option<(i64, i32)>,
}

/// One answer: a choice or a scale value; several choices or a ranking (option indexes, the
/// first ranked first); or text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    One(i32),
    Many(Vec<i32>),
    Text(String),
}

impl Answer {
    /// Whether this answer holds `value` (the test of a condition).
    pub fn holds(&self, value: i32) -> bool {
        match self {
            Answer::One(v) => *v == value,
            Answer::Many(vs) => vs.contains(&value),
            Answer::Text(_) => false,
        }
    }
}

/// Answers by question id.
pub type Answers = BTreeMap<i64, Answer>;

/// A question's form as posted by the survey builder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    pub section: String,
    pub kind: String,
    pub prompt: String,
    /// One option per line.
    #[serde(default)]
    pub options: String,
    #[serde(default)]
    pub max_choices: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pub required: Option<String>,
    /// `<question id>:<value>`, or empty for always shown.
    #[serde(default)]
    pub show_if: String,
}

/// A question ready to store (its position is the survey's next).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewQuestion {
    pub section: String,
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<String>,
    pub max_choices: Option<i32>,
    pub required: bool,
    pub show_if: Option<(i64, i32)>,
}

impl NewQuestion {
    /// Every problem at once; `earlier` are the survey's questions so far (a condition names one).
    pub fn parse(form: &QuestionForm, earlier: &[Question]) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let keep = |r: Result<_, AppError>, errors: &mut Vec<FieldError>| match r {
            Ok(v) => Some(v),
            Err(AppError::Invalid(e)) => {
                errors.extend(e);
                None
            }
            Err(_) => None,
        };
        let section = keep(clean("section", &form.section, 60), &mut errors);
        let prompt = keep(required("prompt", &form.prompt, 300), &mut errors);
        let kind = QuestionKind::parse(form.kind.trim());
        if kind.is_none() {
            errors.push(field("kind", FieldProblem::Invalid));
        }
        let mut options = Vec::new();
        if kind.is_some_and(|k| k.has_options()) {
            if let Some(text) = keep(clean("options", &form.options, 2000), &mut errors) {
                options = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect();
                if options.len() < 2 || options.len() > MAX_OPTIONS {
                    errors.push(field(
                        "options",
                        FieldProblem::OutOfRange {
                            min: 2,
                            max: MAX_OPTIONS as i64,
                        },
                    ));
                } else if options.iter().any(|o| o.chars().count() > 80) {
                    errors.push(field("options", FieldProblem::TooLong { max: 80 }));
                } else if (1..options.len()).any(|i| options[..i].contains(&options[i])) {
                    errors.push(field("options", FieldProblem::DuplicateInFile));
                }
            }
        }
        let mut max_choices = None;
        if kind == Some(QuestionKind::Multi) && !options.is_empty() {
            let n = options.len() as i32;
            max_choices = match form.max_choices.trim() {
                "" => Some(n),
                v => match v.parse::<i32>().ok().filter(|m| (1..=n).contains(m)) {
                    Some(m) => Some(m),
                    None => {
                        errors.push(field(
                            "max_choices",
                            FieldProblem::OutOfRange {
                                min: 1,
                                max: n as i64,
                            },
                        ));
                        None
                    }
                },
            };
        }
        let show_if = match form.show_if.trim() {
            "" => None,
            v => {
                let parsed = v
                    .split_once(':')
                    .and_then(|(q, val)| Some((q.parse::<i64>().ok()?, val.parse::<i32>().ok()?)))
                    .filter(|(q, val)| {
                        earlier.iter().any(|e| {
                            e.id == *q && e.kind.condition_values(e.options.len()).contains(val)
                        })
                    });
                if parsed.is_none() {
                    errors.push(field("show_if", FieldProblem::Invalid));
                }
                parsed
            }
        };
        if earlier.len() >= MAX_QUESTIONS {
            errors.push(field(
                "prompt",
                FieldProblem::OutOfRange {
                    min: 1,
                    max: MAX_QUESTIONS as i64,
                },
            ));
        }
        match (errors.is_empty(), section, prompt, kind) {
            (true, Some(section), Some(prompt), Some(kind)) => Ok(NewQuestion {
                section,
                kind,
                prompt,
                options,
                max_choices,
                required: form.required.is_some(),
                show_if,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

fn field(name: &str, problem: FieldProblem) -> FieldError {
    FieldError {
        field: name.to_string(),
        problem,
    }
}

/// The form field of question `id` (`q12`); a multiple-choice tick is `q12_3`, a rank `q12_r3`.
pub fn answer_field(id: i64) -> String {
    format!("q{id}")
}

/// Whether `q` is shown, given the answers so far (its condition's question comes earlier).
pub fn visible(q: &Question, answers: &Answers) -> bool {
    match q.show_if {
        None => true,
        Some((on, value)) => answers.get(&on).is_some_and(|a| a.holds(value)),
    }
}

/// Reads an answer form (`fields`: name → value, as posted). A draft may leave anything out;
/// a submission must answer every required question that is shown. A question hidden by its
/// condition keeps no answer. Every problem is reported at once, on the question's field.
pub fn read_answers(
    questions: &[Question],
    fields: &HashMap<String, String>,
    submit: bool,
) -> Result<Answers, AppError> {
    let mut answers = Answers::new();
    let mut errors = Vec::new();
    for q in questions {
        let name = answer_field(q.id);
        match read_one(q, &name, fields) {
            Ok(Some(a)) if visible(q, &answers) => {
                answers.insert(q.id, a);
            }
            Ok(None) if submit && q.required && visible(q, &answers) => {
                errors.push(field(&name, FieldProblem::Required));
            }
            Ok(_) => {}
            Err(problem) => errors.push(field(&name, problem)),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(AppError::Invalid(errors))
    }
}

fn read_one(
    q: &Question,
    name: &str,
    fields: &HashMap<String, String>,
) -> Result<Option<Answer>, FieldProblem> {
    let value = |k: &str| fields.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let n = q.options.len() as i32;
    match q.kind {
        QuestionKind::Single | QuestionKind::Scale => {
            let Some(v) = value(name) else {
                return Ok(None);
            };
            let range = if q.kind == QuestionKind::Scale {
                SCALE
            } else {
                0..=n - 1
            };
            v.parse::<i32>()
                .ok()
                .filter(|v| range.contains(v))
                .map(|v| Some(Answer::One(v)))
                .ok_or(FieldProblem::Invalid)
        }
        QuestionKind::Multi => {
            let chosen: Vec<i32> = (0..n)
                .filter(|i| value(&format!("{name}_{i}")).is_some())
                .collect();
            let max = q.max_choices.unwrap_or(n);
            if chosen.len() as i32 > max {
                return Err(FieldProblem::TooManyChoices { max: max as i64 });
            }
            Ok((!chosen.is_empty()).then_some(Answer::Many(chosen)))
        }
        QuestionKind::Rank => {
            let mut ranks = Vec::new();
            for i in 0..n {
                match value(&format!("{name}_r{i}")) {
                    None => {}
                    Some(v) => match v.parse::<i32>().ok().filter(|r| (1..=n).contains(r)) {
                        Some(r) => ranks.push((r, i)),
                        None => return Err(FieldProblem::Invalid),
                    },
                }
            }
            if ranks.is_empty() {
                return Ok(None);
            }
            ranks.sort();
            // A ranking places every option once: 1, 2, …, n.
            if ranks.len() as i32 != n || ranks.iter().enumerate().any(|(k, r)| r.0 != k as i32 + 1)
            {
                return Err(FieldProblem::RankIncomplete);
            }
            Ok(Some(Answer::Many(ranks.into_iter().map(|r| r.1).collect())))
        }
        QuestionKind::Text => match fields.get(name) {
            None => Ok(None),
            Some(v) => match clean(name, v, MAX_TEXT) {
                Ok(t) if t.is_empty() => Ok(None),
                Ok(t) => Ok(Some(Answer::Text(t))),
                Err(AppError::Invalid(e)) => {
                    Err(e.first().map_or(FieldProblem::Invalid, |e| e.problem))
                }
                Err(_) => Err(FieldProblem::Invalid),
            },
        },
    }
}

/// The form fields that show `answers` again (a saved draft, a refused submission).
pub fn answer_fields(questions: &[Question], answers: &Answers) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for q in questions {
        let name = answer_field(q.id);
        match (q.kind, answers.get(&q.id)) {
            (_, None) => {}
            (QuestionKind::Multi, Some(Answer::Many(vs))) => {
                for v in vs {
                    out.insert(format!("{name}_{v}"), "1".to_string());
                }
            }
            (QuestionKind::Rank, Some(Answer::Many(vs))) => {
                for (k, v) in vs.iter().enumerate() {
                    out.insert(format!("{name}_r{v}"), (k + 1).to_string());
                }
            }
            (_, Some(Answer::One(v))) => {
                out.insert(name, v.to_string());
            }
            (_, Some(Answer::Text(t))) => {
                out.insert(name, t.clone());
            }
            (_, Some(Answer::Many(_))) => {}
        }
    }
    out
}

/// Years of teaching on `on` for a teacher hired on `hired`, as the band results are cut by.
pub fn years_band(hired: NaiveDate, on: NaiveDate) -> &'static str {
    let mut years = on.year() - hired.year();
    if (on.month(), on.day()) < (hired.month(), hired.day()) {
        years -= 1;
    }
    match years {
        ..=3 => "0-3",
        4..=10 => "4-10",
        _ => "11+",
    }
}

pub const YEARS_BANDS: [&str; 3] = ["0-3", "4-10", "11+"];

/// How one question was answered by a group: `counts[v]` for each value (options, or the scale
/// 1–5 at 0–4); for a ranking, how often each option came first, and its mean place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Answers to this question in the group.
    pub answered: i64,
    pub counts: Vec<i64>,
    /// Rankings: each option's mean place (1 = first), ×100 to stay an integer.
    pub mean_place_x100: Vec<i64>,
}

/// The tally of `q` over `answers` (each one response's answers).
pub fn tally<'a>(q: &Question, answers: impl IntoIterator<Item = &'a Answers>) -> Tally {
    let width = if q.kind == QuestionKind::Scale {
        SCALE.count()
    } else {
        q.options.len()
    };
    let mut t = Tally {
        counts: vec![0; width],
        ..Tally::default()
    };
    let mut place_sums = vec![0i64; width];
    for a in answers {
        let Some(a) = a.get(&q.id) else { continue };
        t.answered += 1;
        match (q.kind, a) {
            (QuestionKind::Scale, Answer::One(v)) => bump(&mut t.counts, (*v - 1) as usize),
            (QuestionKind::Single, Answer::One(v)) => bump(&mut t.counts, *v as usize),
            (QuestionKind::Multi, Answer::Many(vs)) => {
                vs.iter().for_each(|v| bump(&mut t.counts, *v as usize))
            }
            (QuestionKind::Rank, Answer::Many(vs)) => {
                if let Some(first) = vs.first() {
                    bump(&mut t.counts, *first as usize);
                }
                for (place, v) in vs.iter().enumerate() {
                    if let Some(s) = place_sums.get_mut(*v as usize) {
                        *s += place as i64 + 1;
                    }
                }
            }
            _ => {}
        }
    }
    if q.kind == QuestionKind::Rank && t.answered > 0 {
        t.mean_place_x100 = place_sums
            .iter()
            .map(|s| (s * 100 + t.answered / 2) / t.answered)
            .collect();
    }
    t
}

fn bump(counts: &mut [i64], i: usize) {
    if let Some(c) = counts.get_mut(i) {
        *c += 1;
    }
}

/// The labels of a question's values: its options, or 1–5 for a scale.
pub fn value_labels(q: &Question) -> Vec<String> {
    match q.kind {
        QuestionKind::Scale => SCALE.map(|v| v.to_string()).collect(),
        _ => q.options.clone(),
    }
}

/// The label of one value of a question (as a condition or a need names it).
pub fn value_label(q: &Question, value: i32) -> String {
    match q.kind {
        QuestionKind::Scale => value.to_string(),
        _ => q.options.get(value as usize).cloned().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(id: i64, kind: QuestionKind, options: usize) -> Question {
        Question {
            id,
            position: id as i32,
            section: String::new(),
            kind,
            prompt: format!("Q{id}"),
            options: (0..options).map(|i| format!("o{i}")).collect(),
            max_choices: (kind == QuestionKind::Multi).then_some(2),
            required: true,
            show_if: None,
        }
    }

    fn fields(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn problems(err: AppError) -> Vec<(String, FieldProblem)> {
        match err {
            AppError::Invalid(e) => e.into_iter().map(|e| (e.field, e.problem)).collect(),
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn a_submission_needs_every_shown_required_question_and_a_draft_does_not() {
        let qs = [q(1, QuestionKind::Single, 3), q(2, QuestionKind::Text, 0)];
        let none = fields(&[]);
        assert_eq!(read_answers(&qs, &none, false).unwrap(), Answers::new());
        assert_eq!(
            problems(read_answers(&qs, &none, true).unwrap_err()),
            vec![
                ("q1".into(), FieldProblem::Required),
                ("q2".into(), FieldProblem::Required)
            ]
        );
    }

    #[test]
    fn a_question_hidden_by_its_condition_is_neither_required_nor_kept() {
        let mut follow = q(2, QuestionKind::Text, 0);
        follow.show_if = Some((1, 0));
        let qs = [q(1, QuestionKind::Single, 2), follow];
        // Answer 1 (not 0): question 2 is hidden, its text dropped, and nothing is missing.
        let a = read_answers(&qs, &fields(&[("q1", "1"), ("q2", "typed")]), true).unwrap();
        assert_eq!(a.len(), 1);
        // Answer 0: question 2 is shown and required.
        let err = read_answers(&qs, &fields(&[("q1", "0")]), true).unwrap_err();
        assert_eq!(problems(err), vec![("q2".into(), FieldProblem::Required)]);
    }

    #[test]
    fn values_outside_the_question_are_refused() {
        let qs = [
            q(1, QuestionKind::Single, 3),
            q(2, QuestionKind::Scale, 0),
            q(3, QuestionKind::Multi, 4),
        ];
        let err = read_answers(
            &qs,
            &fields(&[
                ("q1", "3"),
                ("q2", "6"),
                ("q3_0", "1"),
                ("q3_1", "1"),
                ("q3_2", "1"),
            ]),
            false,
        )
        .unwrap_err();
        assert_eq!(
            problems(err),
            vec![
                ("q1".into(), FieldProblem::Invalid),
                ("q2".into(), FieldProblem::Invalid),
                ("q3".into(), FieldProblem::TooManyChoices { max: 2 })
            ]
        );
    }

    #[test]
    fn a_ranking_places_every_option_once() {
        let qs = [q(1, QuestionKind::Rank, 3)];
        let ok = read_answers(
            &qs,
            &fields(&[("q1_r0", "2"), ("q1_r1", "3"), ("q1_r2", "1")]),
            true,
        )
        .unwrap();
        assert_eq!(ok[&1], Answer::Many(vec![2, 0, 1]));
        for bad in [
            vec![("q1_r0", "1"), ("q1_r1", "1"), ("q1_r2", "2")],
            vec![("q1_r0", "1"), ("q1_r1", "2")],
        ] {
            let err = read_answers(&qs, &fields(&bad), true).unwrap_err();
            assert_eq!(
                problems(err),
                vec![("q1".into(), FieldProblem::RankIncomplete)]
            );
        }
    }

    #[test]
    fn text_answers_are_cleaned_and_bounded() {
        let qs = [q(1, QuestionKind::Text, 0)];
        let long = "长".repeat(MAX_TEXT + 1);
        let err = read_answers(&qs, &fields(&[("q1", &long)]), false).unwrap_err();
        assert_eq!(
            problems(err),
            vec![(
                "q1".into(),
                FieldProblem::TooLong {
                    max: MAX_TEXT as i64
                }
            )]
        );
        let err = read_answers(&qs, &fields(&[("q1", "a\u{0}b")]), false).unwrap_err();
        assert_eq!(
            problems(err),
            vec![("q1".into(), FieldProblem::BadCharacter)]
        );
    }

    #[test]
    fn a_question_form_needs_options_for_choices_and_a_real_condition() {
        let earlier = [q(7, QuestionKind::Single, 2)];
        let form = QuestionForm {
            kind: "single".into(),
            prompt: "最需要的培训".into(),
            options: "只有一个".into(),
            show_if: "7:5".into(),
            ..QuestionForm::default()
        };
        let fields: Vec<String> = problems(NewQuestion::parse(&form, &earlier).unwrap_err())
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(fields, vec!["options", "show_if"]);
        let ok = NewQuestion::parse(
            &QuestionForm {
                kind: "multi".into(),
                prompt: "p".into(),
                options: "a\n\n b \nc".into(),
                required: Some("on".into()),
                show_if: "7:1".into(),
                ..QuestionForm::default()
            },
            &earlier,
        )
        .unwrap();
        assert_eq!(ok.options, vec!["a", "b", "c"]);
        assert_eq!(ok.max_choices, Some(3));
        assert_eq!(ok.show_if, Some((7, 1)));
        assert!(ok.required);
    }

    #[test]
    fn years_bands_count_completed_years() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(years_band(d("2022-09-01"), d("2026-08-31")), "0-3");
        assert_eq!(years_band(d("2022-09-01"), d("2026-09-01")), "4-10");
        assert_eq!(years_band(d("2015-09-01"), d("2026-09-01")), "11+");
    }

    #[test]
    fn a_tally_counts_choices_scales_and_first_places() {
        let rank = q(3, QuestionKind::Rank, 3);
        let scale = q(2, QuestionKind::Scale, 0);
        let rows: Vec<Answers> = vec![
            [(3, Answer::Many(vec![0, 1, 2])), (2, Answer::One(5))].into(),
            [(3, Answer::Many(vec![0, 2, 1])), (2, Answer::One(1))].into(),
            [(2, Answer::One(5))].into(),
        ];
        let t = tally(&rank, &rows);
        assert_eq!((t.answered, t.counts.clone()), (2, vec![2, 0, 0]));
        assert_eq!(t.mean_place_x100, vec![100, 250, 250]);
        let s = tally(&scale, &rows);
        assert_eq!((s.answered, s.counts), (3, vec![1, 0, 0, 0, 2]));
    }

    #[test]
    fn answers_shown_again_read_back_the_same() {
        let qs = [
            q(1, QuestionKind::Single, 3),
            q(2, QuestionKind::Multi, 4),
            q(3, QuestionKind::Rank, 3),
            q(4, QuestionKind::Text, 0),
        ];
        let a: Answers = [
            (1, Answer::One(2)),
            (2, Answer::Many(vec![0, 3])),
            (3, Answer::Many(vec![1, 2, 0])),
            (4, Answer::Text("多听课".into())),
        ]
        .into();
        assert_eq!(read_answers(&qs, &answer_fields(&qs, &a), true).unwrap(), a);
    }

    proptest! {
        /// Whatever is posted, reading never panics, and what it keeps is within the question.
        #[test]
        fn any_posted_form_reads_to_answers_within_their_questions(
            posted in proptest::collection::vec(("q[1-4](_r?[0-9])?", "[0-9a-z]{0,3}"), 0..12),
            submit: bool,
        ) {
            let qs = [
                q(1, QuestionKind::Single, 3),
                q(2, QuestionKind::Multi, 4),
                q(3, QuestionKind::Rank, 3),
                q(4, QuestionKind::Scale, 0),
            ];
            let f: HashMap<String, String> = posted.into_iter().collect();
            if let Ok(a) = read_answers(&qs, &f, submit) {
                for (id, answer) in &a {
                    let q = &qs[*id as usize - 1];
                    let t = tally(q, [&a]);
                    prop_assert_eq!(t.answered, 1);
                    match answer {
                        Answer::One(v) if q.kind == QuestionKind::Scale => prop_assert!(SCALE.contains(v)),
                        Answer::One(v) => prop_assert!((0..q.options.len() as i32).contains(v)),
                        Answer::Many(vs) => prop_assert!(vs.iter().all(|v| (0..q.options.len() as i32).contains(v))),
                        Answer::Text(_) => prop_assert!(false, "no text question here"),
                    }
                }
            }
        }
    }
}
