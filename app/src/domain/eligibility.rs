//! The eligibility engine (晋升条件): what a tier asks for, read from the ladder's data, and
//! which of it a teacher's record meets, with what is still missing.
use super::codes::Level;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

code_enum!(
    /// 成果: 公开课, 获奖, 论文, 课题.
    AchievementKind {
        PublicLesson => "public_lesson",
        Prize => "prize",
        Paper => "paper",
        Project => "project",
    }
);

code_enum!(
    Degree {
        College => "college",
        Bachelor => "bachelor",
        Master => "master",
        Doctor => "doctor",
    }
);

impl Degree {
    fn rank(self) -> u8 {
        match self {
            Degree::College => 1,
            Degree::Bachelor => 2,
            Degree::Master => 3,
            Degree::Doctor => 4,
        }
    }
}

/// "At least `count` achievements of `kind`, at `min_level` or above, placed `max_rank` or
/// better (prizes: 1 = first prize), in the last `within_years` years."
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRule {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rank: Option<i16>,
    pub count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_years: Option<u32>,
}

/// A tier's criteria as the center keeps them (JSON in `tier_levels.criteria`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criteria {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_years: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<String>,
    /// Hours counted in the current cycle (after the caps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle_hours: Option<u32>,
    /// Mentees the teacher has mentored (pairings ever started).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentees: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<CountRule>,
}

/// One recorded achievement as the engine reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Achieved {
    pub kind: AchievementKind,
    pub level: Level,
    pub rank: Option<i16>,
    pub on: NaiveDate,
    /// Verified by the school or the center (unverified ones count toward the teacher's own
    /// gap; the candidate pipeline says when a candidate relies on them).
    pub verified: bool,
}

/// What the engine knows of a teacher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub hire_date: NaiveDate,
    pub degree: Option<Degree>,
    pub cycle_tenths: i64,
    pub mentees: u32,
    pub achievements: Vec<Achieved>,
}

/// One criterion and how the teacher stands: `have` of `need` (hours in tenths).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Criterion {
    Years { need: u32, have: u32 },
    Degree { need: Degree, have: Option<Degree> },
    Hours { need_tenths: i64, have_tenths: i64 },
    Mentees { need: u32, have: u32 },
    Count { rule: CountRule, have: u32 },
}

impl Criterion {
    pub fn met(&self) -> bool {
        match self {
            Criterion::Years { need, have } | Criterion::Mentees { need, have } => have >= need,
            Criterion::Degree { need, have } => have.is_some_and(|h| h.rank() >= need.rank()),
            Criterion::Hours {
                need_tenths,
                have_tenths,
            } => have_tenths >= need_tenths,
            Criterion::Count { rule, have } => *have >= rule.count,
        }
    }
}

/// Whole years from `from` to `today`.
pub fn full_years(from: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - from.year();
    if (today.month(), today.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

fn counts(rule: &CountRule, achievements: &[Achieved], today: NaiveDate) -> u32 {
    let kind = AchievementKind::parse(&rule.kind);
    let min_level = rule.min_level.as_deref().and_then(Level::parse);
    let since = rule
        .within_years
        .and_then(|y| today.with_year(today.year() - y as i32));
    achievements
        .iter()
        .filter(|a| Some(a.kind) == kind)
        .filter(|a| min_level.is_none_or(|m| a.level.at_least(m)))
        .filter(|a| {
            rule.max_rank
                .is_none_or(|max| a.rank.is_some_and(|r| r <= max))
        })
        .filter(|a| since.is_none_or(|s| a.on > s) && a.on <= today)
        .count() as u32
}

/// Every criterion of `criteria` against the profile, in a stable order.
pub fn evaluate(criteria: &Criteria, p: &Profile, today: NaiveDate) -> Vec<Criterion> {
    let mut out = Vec::new();
    if let Some(need) = criteria.min_years {
        out.push(Criterion::Years {
            need,
            have: full_years(p.hire_date, today),
        });
    }
    if let Some(need) = criteria.degree.as_deref().and_then(Degree::parse) {
        out.push(Criterion::Degree {
            need,
            have: p.degree,
        });
    }
    if let Some(hours) = criteria.cycle_hours {
        out.push(Criterion::Hours {
            need_tenths: hours as i64 * 10,
            have_tenths: p.cycle_tenths,
        });
    }
    if let Some(need) = criteria.mentees {
        out.push(Criterion::Mentees {
            need,
            have: p.mentees,
        });
    }
    for rule in &criteria.counts {
        out.push(Criterion::Count {
            rule: rule.clone(),
            have: counts(rule, &p.achievements, today),
        });
    }
    out
}

/// The profile with only verified achievements.
pub fn verified_only(p: &Profile) -> Profile {
    Profile {
        achievements: p
            .achievements
            .iter()
            .copied()
            .filter(|a| a.verified)
            .collect(),
        ..p.clone()
    }
}

/// How many criteria are not met: 0 is a candidate, 1 is "missing exactly one".
pub fn missing(results: &[Criterion]) -> usize {
    results.iter().filter(|c| !c.met()).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// 学科带头人 as the default ladder has it (after the 2024 Suzhou notice).
    fn subject_leader() -> Criteria {
        serde_json::from_str(
            r#"{"min_years": 6, "degree": "bachelor", "cycle_hours": 216, "mentees": 1, "counts": [
                {"kind": "public_lesson", "count": 4, "within_years": 5},
                {"kind": "public_lesson", "min_level": "district", "count": 2, "within_years": 5},
                {"kind": "prize", "min_level": "district", "max_rank": 2, "count": 1, "within_years": 5},
                {"kind": "paper", "count": 1, "within_years": 5}]}"#,
        )
        .unwrap()
    }

    fn lesson(level: Level, on: NaiveDate) -> Achieved {
        Achieved {
            kind: AchievementKind::PublicLesson,
            level,
            rank: None,
            on,
            verified: true,
        }
    }

    fn strong() -> Profile {
        Profile {
            hire_date: d(2015, 9, 1),
            degree: Some(Degree::Master),
            cycle_tenths: 2400,
            mentees: 2,
            achievements: vec![
                lesson(Level::School, d(2023, 3, 1)),
                lesson(Level::School, d(2024, 3, 1)),
                lesson(Level::District, d(2025, 3, 1)),
                lesson(Level::City, d(2026, 3, 1)),
                Achieved {
                    kind: AchievementKind::Prize,
                    level: Level::District,
                    rank: Some(2),
                    on: d(2025, 6, 1),
                    verified: true,
                },
                Achieved {
                    kind: AchievementKind::Paper,
                    level: Level::City,
                    rank: None,
                    on: d(2024, 6, 1),
                    verified: false,
                },
            ],
        }
    }

    #[test]
    fn a_teacher_meeting_every_criterion_is_a_candidate() {
        let r = evaluate(&subject_leader(), &strong(), d(2026, 11, 27));
        assert_eq!(missing(&r), 0, "{r:?}");
    }

    #[test]
    fn old_lessons_a_third_prize_and_a_college_degree_do_not_count() {
        let mut p = strong();
        p.degree = Some(Degree::College);
        p.achievements[3].on = d(2020, 3, 1);
        p.achievements[4].rank = Some(3);
        let r = evaluate(&subject_leader(), &p, d(2026, 11, 27));
        let unmet: Vec<&Criterion> = r.iter().filter(|c| !c.met()).collect();
        assert_eq!(unmet.len(), 4, "{unmet:?}");
        assert!(matches!(unmet[1], Criterion::Count { have: 3, .. }));
    }

    #[test]
    fn a_candidate_on_an_unverified_paper_is_short_of_it_once_verified_only() {
        let p = strong();
        let all = evaluate(&subject_leader(), &p, d(2026, 11, 27));
        let verified = evaluate(&subject_leader(), &verified_only(&p), d(2026, 11, 27));
        assert_eq!((missing(&all), missing(&verified)), (0, 1));
    }

    #[test]
    fn years_count_whole_years_only() {
        assert_eq!(full_years(d(2020, 9, 1), d(2026, 8, 31)), 5);
        assert_eq!(full_years(d(2020, 9, 1), d(2026, 9, 1)), 6);
        assert_eq!(full_years(d(2027, 9, 1), d(2026, 9, 1)), 0);
    }

    fn arb_achieved() -> impl Strategy<Value = Achieved> {
        (
            0usize..4,
            0usize..5,
            proptest::option::of(1i16..4),
            0i64..3000,
            any::<bool>(),
        )
            .prop_map(|(k, l, rank, day, verified)| Achieved {
                kind: AchievementKind::ALL[k],
                level: Level::ALL[l],
                rank,
                on: d(2018, 1, 1) + chrono::Duration::days(day),
                verified,
            })
    }

    proptest! {
        #[test]
        fn adding_a_record_never_makes_a_met_criterion_unmet(
            base in proptest::collection::vec(arb_achieved(), 0..20),
            extra in arb_achieved(),
            hours in 0i64..4000,
            more_hours in 0i64..500,
        ) {
            let today = d(2026, 11, 27);
            let mut p = strong();
            p.achievements = base;
            p.cycle_tenths = hours;
            let before = evaluate(&subject_leader(), &p, today);
            p.achievements.push(extra);
            p.cycle_tenths += more_hours;
            p.mentees += 1;
            let after = evaluate(&subject_leader(), &p, today);
            for (b, a) in before.iter().zip(&after) {
                prop_assert!(!b.met() || a.met(), "{b:?} -> {a:?}");
            }
            prop_assert!(missing(&after) <= missing(&before));
        }
    }
}
