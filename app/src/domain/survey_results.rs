//! A survey's results from its responses: each question's tally overall and cut by years of
//! teaching, stage and subject, and its free-text answers. An anonymous survey shows no tally
//! (and no text) of fewer than [`MIN_GROUP`] answers, so no one's answer can be singled out.
use super::survey::{tally, Answer, Answers, Question, QuestionKind, Tally, MIN_GROUP};
use serde::{Deserialize, Serialize};

/// One response with the groups it is counted in.
#[derive(Clone, Debug, PartialEq)]
pub struct Respondent {
    pub years_band: String,
    pub stage: String,
    pub subject: String,
    pub answers: Answers,
}

/// A group's tally, or how many answered when the group is too small to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupTally {
    pub group: String,
    pub answered: i64,
    /// `None`: hidden (anonymous and fewer than five answers).
    pub tally: Option<Tally>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub question: Question,
    /// `None`: hidden (anonymous and fewer than five answers).
    pub overall: Option<Tally>,
    pub answered: i64,
    /// Cross-tabulations: by years of teaching, by stage, by subject (choice and scale questions).
    pub by_band: Vec<GroupTally>,
    pub by_stage: Vec<GroupTally>,
    pub by_subject: Vec<GroupTally>,
    /// Free-text answers (text questions), in no particular order.
    pub texts: Vec<String>,
}

/// Whether a group of `n` answers may be shown.
pub fn shown(anonymous: bool, n: i64) -> bool {
    !anonymous || n >= MIN_GROUP
}

pub fn results(
    questions: &[Question],
    respondents: &[Respondent],
    anonymous: bool,
) -> Vec<QuestionResult> {
    questions
        .iter()
        .map(|q| {
            let all = tally(q, respondents.iter().map(|r| &r.answers));
            let visible = shown(anonymous, all.answered);
            let cut = |key: fn(&Respondent) -> &str| -> Vec<GroupTally> {
                if q.kind == QuestionKind::Text {
                    return Vec::new();
                }
                let mut groups: Vec<&str> = respondents.iter().map(key).collect();
                groups.sort_unstable();
                groups.dedup();
                groups
                    .into_iter()
                    .map(|g| {
                        let t = tally(
                            q,
                            respondents
                                .iter()
                                .filter(|r| key(r) == g)
                                .map(|r| &r.answers),
                        );
                        GroupTally {
                            group: g.to_string(),
                            answered: t.answered,
                            tally: shown(anonymous, t.answered).then_some(t),
                        }
                    })
                    .filter(|g| g.answered > 0)
                    .collect()
            };
            let texts = if q.kind == QuestionKind::Text && visible {
                respondents
                    .iter()
                    .filter_map(|r| match r.answers.get(&q.id) {
                        Some(Answer::Text(t)) => Some(t.clone()),
                        _ => None,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            QuestionResult {
                question: q.clone(),
                answered: all.answered,
                overall: visible.then_some(all),
                by_band: cut(|r| &r.years_band),
                by_stage: cut(|r| &r.stage),
                by_subject: cut(|r| &r.subject),
                texts,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::survey::QuestionKind;
    use proptest::prelude::*;

    fn question(id: i64, kind: QuestionKind) -> Question {
        Question {
            id,
            position: id as i32,
            section: String::new(),
            kind,
            prompt: format!("Q{id}"),
            options: if kind == QuestionKind::Single {
                vec!["a".into(), "b".into(), "c".into()]
            } else {
                Vec::new()
            },
            max_choices: None,
            required: false,
            show_if: None,
        }
    }

    fn respondent(band: usize, stage: usize, choice: Option<i32>, text: bool) -> Respondent {
        let mut answers = Answers::new();
        if let Some(c) = choice {
            answers.insert(1, Answer::One(c));
        }
        if text {
            answers.insert(2, Answer::Text("需要更多听课".into()));
        }
        Respondent {
            years_band: ["0-3", "4-10", "11+"][band].into(),
            stage: ["primary", "junior"][stage].into(),
            subject: "语文".into(),
            answers,
        }
    }

    #[test]
    fn a_named_survey_shows_every_group_and_its_texts() {
        let qs = [
            question(1, QuestionKind::Single),
            question(2, QuestionKind::Text),
        ];
        let rs = [
            respondent(0, 0, Some(1), true),
            respondent(2, 1, Some(2), false),
        ];
        let r = results(&qs, &rs, false);
        assert_eq!(r[0].overall.as_ref().unwrap().counts, vec![0, 1, 1]);
        assert_eq!(r[0].by_band.len(), 2);
        assert!(r[0].by_band.iter().all(|g| g.tally.is_some()));
        assert_eq!(r[1].texts, vec!["需要更多听课".to_string()]);
    }

    #[test]
    fn an_anonymous_survey_hides_groups_under_five_but_counts_them() {
        let qs = [question(1, QuestionKind::Single)];
        let mut rs: Vec<Respondent> = (0..5).map(|_| respondent(0, 0, Some(0), false)).collect();
        rs.push(respondent(1, 0, Some(2), false));
        let r = &results(&qs, &rs, true)[0];
        assert_eq!(r.overall.as_ref().unwrap().answered, 6);
        let small = r.by_band.iter().find(|g| g.group == "4-10").unwrap();
        assert_eq!((small.answered, small.tally.is_none()), (1, true));
    }

    proptest! {
        /// Whatever the answers, an anonymous survey's results show no tally and no text of
        /// fewer than five answers; a named survey's show them all.
        #[test]
        fn anonymous_results_never_show_a_group_under_five(
            rows in proptest::collection::vec((0usize..3, 0usize..2, proptest::option::of(0i32..3), any::<bool>()), 0..40),
            anonymous: bool,
        ) {
            let qs = [question(1, QuestionKind::Single), question(2, QuestionKind::Text)];
            let rs: Vec<Respondent> = rows.iter().map(|(b, s, c, t)| respondent(*b, *s, *c, *t)).collect();
            for r in results(&qs, &rs, anonymous) {
                let groups = r.by_band.iter().chain(&r.by_stage).chain(&r.by_subject);
                for g in groups {
                    prop_assert_eq!(g.tally.is_some(), !anonymous || g.answered >= MIN_GROUP);
                    if let Some(t) = &g.tally {
                        prop_assert_eq!(t.answered, g.answered);
                    }
                }
                prop_assert_eq!(r.overall.is_some(), !anonymous || r.answered >= MIN_GROUP);
                if anonymous && r.answered < MIN_GROUP {
                    prop_assert!(r.texts.is_empty());
                }
                // The groups of each cut add up to the whole.
                let sum: i64 = r.by_band.iter().map(|g| g.answered).sum();
                if r.question.kind != QuestionKind::Text {
                    prop_assert_eq!(sum, r.answered);
                }
            }
        }
    }
}
