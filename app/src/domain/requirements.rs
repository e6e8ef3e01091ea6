//! The training-hour rules engine (研训学时认定): which hours count, after conversion caps, and how
//! a teacher stands against each requirement. Pure functions over records; the rules are data
//! (`requirement_rules`), these types are what the engine reads them into.
use super::codes::Level;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

code_enum!(
    /// The category of a training record or event.
    Category {
        General => "general",
        Subject => "subject",
        Moral => "moral",
        It => "it",
        Research => "research",
        Lesson => "lesson",
        Competition => "competition",
        Other => "other",
    }
);

impl Level {
    /// 5 for national down to 1 for school: higher is wider.
    pub fn rank(self) -> u8 {
        match self {
            Level::National => 5,
            Level::Provincial => 4,
            Level::City => 3,
            Level::District => 2,
            Level::School => 1,
        }
    }

    pub fn at_least(self, min: Level) -> bool {
        self.rank() >= min.rank()
    }
}

/// One credited record, in tenths of an hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourEntry {
    pub id: i64,
    pub tenths: i64,
    pub category: Category,
    pub level: Level,
    pub earned_on: NaiveDate,
    /// An activity converted to hours (a public lesson, a prize), subject to the caps.
    pub conversion: bool,
}

/// Over which span a cap adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CapPeriod {
    Cycle,
    Year,
}

/// A conversion cap: converted activities of `category` at `min_level` or above count at most
/// `max_tenths` per period (e.g. public lessons 18 hours per cycle, a prize 18 hours a year).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cap {
    pub category: Category,
    pub min_level: Level,
    pub max_tenths: i64,
    pub period: CapPeriod,
}

/// How much of each record counts. A record listed twice counts once; conversions matching a
/// cap count in date order until the cap is used up (the last one partly); others count fully.
pub fn counted(
    entries: &[HourEntry],
    caps: &[Cap],
    cycle_start_year: impl Fn(i32) -> i32,
) -> Vec<(i64, i64)> {
    let mut seen = HashSet::new();
    let mut ordered: Vec<&HourEntry> = entries.iter().filter(|e| seen.insert(e.id)).collect();
    ordered.sort_by_key(|e| (e.earned_on, e.id));
    let mut used: HashMap<(usize, i32), i64> = HashMap::new();
    ordered
        .into_iter()
        .map(|e| {
            let cap = caps.iter().enumerate().find(|(_, c)| {
                e.conversion && c.category == e.category && e.level.at_least(c.min_level)
            });
            let tenths = match cap {
                Some((i, c)) => {
                    let period = match c.period {
                        CapPeriod::Cycle => cycle_start_year(e.earned_on.year()),
                        CapPeriod::Year => e.earned_on.year(),
                    };
                    let so_far = used.entry((i, period)).or_insert(0);
                    let take = e.tenths.max(0).min(c.max_tenths - *so_far).max(0);
                    *so_far += take;
                    take
                }
                None => e.tenths.max(0),
            };
            (e.id, tenths)
        })
        .collect()
}

/// A minimum a teacher must reach, over the cycle or the probation year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minimum {
    pub min_tenths: i64,
    /// Only hours at this level or above count (the 180 at district level or above).
    pub min_level: Option<Level>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub counted_tenths: i64,
    pub required_tenths: i64,
    pub expected_tenths: i64,
    pub remaining_tenths: i64,
    pub on_track: bool,
}

/// Where a teacher stands against `rule` over `[from, to]` on `today`: the counted hours in the
/// span against the pace a teacher keeping up would have (pro rata from the later of the span
/// start and `start`).
pub fn standing(
    entries: &[HourEntry],
    counted: &[(i64, i64)],
    rule: Minimum,
    span: (NaiveDate, NaiveDate),
    start: NaiveDate,
    today: NaiveDate,
) -> Standing {
    let amounts: HashMap<i64, i64> = counted.iter().copied().collect();
    let mut seen = HashSet::new();
    let counted_tenths: i64 = entries
        .iter()
        .filter(|e| seen.insert(e.id))
        .filter(|e| e.earned_on >= span.0 && e.earned_on <= span.1)
        .filter(|e| rule.min_level.is_none_or(|min| e.level.at_least(min)))
        .map(|e| amounts.get(&e.id).copied().unwrap_or(0))
        .sum();
    let from = span.0.max(start);
    let length = (span.1 - from).num_days().max(1);
    let elapsed = (today - from).num_days().clamp(0, length);
    let expected_tenths = rule.min_tenths * elapsed / length;
    Standing {
        counted_tenths,
        required_tenths: rule.min_tenths,
        expected_tenths,
        remaining_tenths: (rule.min_tenths - counted_tenths).max(0),
        on_track: counted_tenths >= expected_tenths,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hours::cycle_years;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cycle_start(year: i32) -> i32 {
        cycle_years(year).0
    }

    /// The Jiangsu district defaults: public lessons 6 h each, 18 per cycle; a prize 18 a year.
    fn caps() -> Vec<Cap> {
        vec![
            Cap {
                category: Category::Lesson,
                min_level: Level::District,
                max_tenths: 180,
                period: CapPeriod::Cycle,
            },
            Cap {
                category: Category::Competition,
                min_level: Level::District,
                max_tenths: 180,
                period: CapPeriod::Year,
            },
        ]
    }

    fn entry(
        id: i64,
        tenths: i64,
        category: Category,
        level: Level,
        on: NaiveDate,
        conversion: bool,
    ) -> HourEntry {
        HourEntry {
            id,
            tenths,
            category,
            level,
            earned_on: on,
            conversion,
        }
    }

    #[test]
    fn the_fourth_public_lesson_in_a_cycle_counts_nothing() {
        let lessons: Vec<HourEntry> = (1..=4)
            .map(|i| {
                entry(
                    i,
                    60,
                    Category::Lesson,
                    Level::District,
                    d(2026, i as u32, 10),
                    true,
                )
            })
            .collect();
        let c = counted(&lessons, &caps(), cycle_start);
        assert_eq!(c, vec![(1, 60), (2, 60), (3, 60), (4, 0)]);
    }

    #[test]
    fn a_school_level_lesson_is_not_a_conversion_under_the_district_cap() {
        let e = [entry(
            1,
            60,
            Category::Lesson,
            Level::School,
            d(2026, 3, 1),
            true,
        )];
        assert_eq!(counted(&e, &caps(), cycle_start), vec![(1, 60)]);
    }

    #[test]
    fn prize_caps_start_again_each_year() {
        let e = [
            entry(
                1,
                180,
                Category::Competition,
                Level::City,
                d(2026, 5, 1),
                true,
            ),
            entry(
                2,
                180,
                Category::Competition,
                Level::City,
                d(2026, 11, 1),
                true,
            ),
            entry(
                3,
                180,
                Category::Competition,
                Level::City,
                d(2027, 5, 1),
                true,
            ),
        ];
        assert_eq!(
            counted(&e, &caps(), cycle_start),
            vec![(1, 180), (2, 0), (3, 180)]
        );
    }

    #[test]
    fn the_district_share_counts_only_district_level_or_above() {
        let e = [
            entry(
                1,
                300,
                Category::General,
                Level::School,
                d(2026, 3, 1),
                false,
            ),
            entry(
                2,
                200,
                Category::Subject,
                Level::District,
                d(2026, 4, 1),
                false,
            ),
        ];
        let c = counted(&e, &caps(), cycle_start);
        let rule = Minimum {
            min_tenths: 1800,
            min_level: Some(Level::District),
        };
        let s = standing(
            &e,
            &c,
            rule,
            (d(2026, 1, 1), d(2030, 12, 31)),
            d(2010, 9, 1),
            d(2026, 12, 31),
        );
        assert_eq!(s.counted_tenths, 200);
        assert_eq!(s.remaining_tenths, 1600);
    }

    #[test]
    fn probation_is_measured_from_the_hire_date() {
        let e = [entry(
            1,
            600,
            Category::General,
            Level::District,
            d(2026, 10, 1),
            false,
        )];
        let c = counted(&e, &caps(), cycle_start);
        let rule = Minimum {
            min_tenths: 1200,
            min_level: None,
        };
        let hired = d(2026, 8, 25);
        let s = standing(&e, &c, rule, (hired, d(2027, 8, 24)), hired, d(2027, 2, 22));
        assert!(s.on_track, "{s:?}");
        assert!(
            (590..=610).contains(&s.expected_tenths),
            "{}",
            s.expected_tenths
        );
    }

    fn arb_entry() -> impl Strategy<Value = HourEntry> {
        (
            0i64..40,
            1i64..300,
            0usize..8,
            0usize..5,
            0i64..2000,
            any::<bool>(),
        )
            .prop_map(|(id, tenths, c, l, day, conv)| HourEntry {
                id,
                tenths,
                category: Category::ALL[c],
                level: Level::ALL[l],
                earned_on: d(2021, 1, 1) + chrono::Duration::days(day),
                conversion: conv,
            })
    }

    proptest! {
        #[test]
        fn caps_are_never_exceeded(entries in proptest::collection::vec(arb_entry(), 0..60)) {
            let caps = caps();
            let c = counted(&entries, &caps, cycle_start);
            let by_id: HashMap<i64, &HourEntry> = entries.iter().rev().map(|e| (e.id, e)).collect();
            let mut sums: HashMap<(usize, i32), i64> = HashMap::new();
            for (id, tenths) in &c {
                let e = by_id[id];
                if let Some(i) = caps.iter().position(|k| e.conversion && k.category == e.category && e.level.at_least(k.min_level)) {
                    let period = match caps[i].period { CapPeriod::Cycle => cycle_start(e.earned_on.year()), CapPeriod::Year => e.earned_on.year() };
                    *sums.entry((i, period)).or_insert(0) += tenths;
                }
            }
            for ((i, _), total) in sums {
                prop_assert!(total <= caps[i].max_tenths);
            }
        }

        #[test]
        fn a_record_counts_at_most_once(entries in proptest::collection::vec(arb_entry(), 0..60)) {
            let c = counted(&entries, &caps(), cycle_start);
            let ids: HashSet<i64> = c.iter().map(|(id, _)| *id).collect();
            prop_assert_eq!(ids.len(), c.len());
            let mut doubled = entries.clone();
            doubled.extend(entries.iter().copied());
            prop_assert_eq!(counted(&doubled, &caps(), cycle_start).iter().map(|(_, t)| t).sum::<i64>(),
                            c.iter().map(|(_, t)| t).sum::<i64>());
        }

        #[test]
        fn the_total_is_the_sum_of_what_each_record_counts(entries in proptest::collection::vec(arb_entry(), 0..60)) {
            let c = counted(&entries, &caps(), cycle_start);
            let rule = Minimum { min_tenths: 3600, min_level: None };
            let span = (d(2021, 1, 1), d(2030, 12, 31));
            let s = standing(&entries, &c, rule, span, d(2000, 1, 1), d(2026, 6, 1));
            prop_assert_eq!(s.counted_tenths, c.iter().map(|(_, t)| t).sum::<i64>());
        }

        #[test]
        fn more_hours_never_turn_on_track_into_behind(entries in proptest::collection::vec(arb_entry(), 0..40), extra in 1i64..500, day in 0i64..1800) {
            let rule = Minimum { min_tenths: 3600, min_level: None };
            let span = (d(2026, 1, 1), d(2030, 12, 31));
            let today = d(2026, 1, 1) + chrono::Duration::days(day);
            let before = standing(&entries, &counted(&entries, &caps(), cycle_start), rule, span, d(2000, 1, 1), today);
            let mut more = entries.clone();
            more.push(entry(1000, extra, Category::General, Level::District, d(2026, 1, 1), false));
            let after = standing(&more, &counted(&more, &caps(), cycle_start), rule, span, d(2000, 1, 1), today);
            prop_assert!(after.counted_tenths >= before.counted_tenths);
            prop_assert!(!before.on_track || after.on_track);
        }
    }
}
