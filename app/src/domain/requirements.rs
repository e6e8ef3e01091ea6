//! The training-hour rules engine (研训学时认定): which hours count, after conversion caps, and how
//! a teacher stands against each requirement. Pure functions over records; the rules are data
//! (`requirement_rules`), these types are what the engine reads them into.
use super::codes::Level;
use super::hours::CYCLE_EPOCH;
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

/// A conversion cap: converted activities of `category` at `min_level` or above count at most
/// `max_tenths` per period of `period_years` (e.g. public lessons 18 hours per 5-year cycle, a
/// prize 18 hours a year). A cap applies to records earned while its version was in force; `key`
/// names the rule across its versions, so a new version does not reset what was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cap {
    pub key: usize,
    pub category: Category,
    pub min_level: Level,
    pub max_tenths: i64,
    pub period_years: i32,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
}

impl Cap {
    fn applies(&self, e: &HourEntry) -> bool {
        e.conversion
            && self.category == e.category
            && e.level.at_least(self.min_level)
            && (self.valid_from..=self.valid_to).contains(&e.earned_on)
    }
}

/// The first year of the period of `years` years (counted from the 2021 national cycle) that
/// holds `year`: the cycle for 5, the calendar year for 1.
pub fn period_start(year: i32, years: i32) -> i32 {
    let years = years.max(1);
    CYCLE_EPOCH + (year - CYCLE_EPOCH).div_euclid(years) * years
}

/// How much of each record counts. A record listed twice counts once; conversions matching a
/// cap count in date order until the cap is used up (the last one partly); others count fully.
pub fn counted(entries: &[HourEntry], caps: &[Cap]) -> Vec<(i64, i64)> {
    let mut seen = HashSet::new();
    let mut ordered: Vec<&HourEntry> = entries.iter().filter(|e| seen.insert(e.id)).collect();
    ordered.sort_by_key(|e| (e.earned_on, e.id));
    let mut used: HashMap<(usize, i32), i64> = HashMap::new();
    ordered
        .into_iter()
        .map(|e| {
            let tenths = match caps.iter().find(|c| c.applies(e)) {
                Some(c) => {
                    let period = period_start(e.earned_on.year(), c.period_years);
                    let so_far = used.entry((c.key, period)).or_insert(0);
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

code_enum!(
    /// What a rule measures: a minimum over the cycle, the probation year or each calendar year,
    /// or a cap on converted activities.
    Scope {
        Cycle => "cycle",
        Probation => "probation",
        Yearly => "yearly",
        Cap => "cap",
    }
);

/// One version of a requirement rule, as the center keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub scope: Scope,
    pub period_years: i32,
    pub min_tenths: Option<i64>,
    pub max_tenths: Option<i64>,
    pub unit_tenths: Option<i64>,
    pub min_level: Option<Level>,
    pub category: Option<Category>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl Rule {
    pub fn in_force(&self, on: NaiveDate) -> bool {
        self.valid_from <= on && self.valid_to.is_none_or(|to| on <= to)
    }
}

/// Where a teacher stands against one minimum rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleProgress {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub scope: Scope,
    pub min_level: Option<Level>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub standing: Standing,
}

/// How much of a conversion cap the current period has used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapUse {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub category: Category,
    pub min_level: Level,
    pub unit_tenths: Option<i64>,
    pub max_tenths: i64,
    pub used_tenths: i64,
    pub from_year: i32,
    pub to_year: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub rules: Vec<RuleProgress>,
    pub caps: Vec<CapUse>,
    /// What each record counts after the caps, by record id.
    pub counted: Vec<(i64, i64)>,
    pub on_track: bool,
}

/// Is `category` converted from an activity (a public lesson, a prize) under some cap?
pub fn is_conversion(rules: &[Rule], category: Category) -> bool {
    rules
        .iter()
        .any(|r| r.scope == Scope::Cap && r.category == Some(category))
}

/// The version of each rule in force on `on`, in the given order.
fn in_force_on(rules: &[Rule], on: NaiveDate) -> Vec<&Rule> {
    rules.iter().filter(|r| r.in_force(on)).collect()
}

/// A teacher's standing against every rule in force today, and what each record counts.
pub fn progress(
    entries: &[HourEntry],
    rules: &[Rule],
    hire_date: NaiveDate,
    today: NaiveDate,
) -> Progress {
    let keys: Vec<&str> = {
        let mut k: Vec<&str> = rules.iter().map(|r| r.code.as_str()).collect();
        k.dedup();
        k
    };
    let caps: Vec<Cap> = rules
        .iter()
        .filter(|r| r.scope == Scope::Cap)
        .filter_map(|r| {
            Some(Cap {
                key: keys.iter().position(|k| *k == r.code)?,
                category: r.category?,
                min_level: r.min_level.unwrap_or(Level::School),
                max_tenths: r.max_tenths?,
                period_years: r.period_years,
                valid_from: r.valid_from,
                valid_to: r.valid_to.unwrap_or(NaiveDate::MAX),
            })
        })
        .collect();
    let counted = counted(entries, &caps);
    let amounts: HashMap<i64, i64> = counted.iter().copied().collect();
    let mut out = Vec::new();
    let mut cap_uses = Vec::new();
    for rule in in_force_on(rules, today) {
        let start = period_start(today.year(), rule.period_years);
        let end = start + rule.period_years.max(1) - 1;
        let year_span = (ymd(start, 1, 1), ymd(end, 12, 31));
        match rule.scope {
            Scope::Cap => {
                let (Some(category), Some(max_tenths)) = (rule.category, rule.max_tenths) else {
                    continue;
                };
                let min_level = rule.min_level.unwrap_or(Level::School);
                let used_tenths = entries
                    .iter()
                    .filter(|e| {
                        e.conversion
                            && e.category == category
                            && e.level.at_least(min_level)
                            && (year_span.0..=year_span.1).contains(&e.earned_on)
                    })
                    .map(|e| e.id)
                    .collect::<HashSet<_>>()
                    .into_iter()
                    .map(|id| amounts.get(&id).copied().unwrap_or(0))
                    .sum();
                cap_uses.push(CapUse {
                    code: rule.code.clone(),
                    name: rule.name.clone(),
                    name_en: rule.name_en.clone(),
                    category,
                    min_level,
                    unit_tenths: rule.unit_tenths,
                    max_tenths,
                    used_tenths,
                    from_year: start,
                    to_year: end,
                });
            }
            scope => {
                let Some(min_tenths) = rule.min_tenths else {
                    continue;
                };
                let span = match scope {
                    Scope::Probation => {
                        let end = hire_date
                            .checked_add_months(chrono::Months::new(12))
                            .map(|d| d - chrono::Duration::days(1))
                            .unwrap_or(hire_date);
                        // Only for teachers whose probation year falls in the current cycle.
                        if end < ymd(period_start(today.year(), 5), 1, 1) {
                            continue;
                        }
                        (hire_date, end)
                    }
                    _ => year_span,
                };
                let minimum = Minimum {
                    min_tenths,
                    min_level: rule.min_level,
                };
                out.push(RuleProgress {
                    code: rule.code.clone(),
                    name: rule.name.clone(),
                    name_en: rule.name_en.clone(),
                    scope,
                    min_level: rule.min_level,
                    from: span.0,
                    to: span.1,
                    standing: standing(entries, &counted, minimum, span, hire_date, today),
                });
            }
        }
    }
    let on_track = out.iter().all(|r| r.standing.on_track);
    Progress {
        rules: out,
        caps: cap_uses,
        counted,
        on_track,
    }
}

impl Progress {
    /// The cycle total and its district-level share as the home cards show them: the cycle
    /// rules without and with a minimum level. `None` when no cycle rule is in force.
    pub fn cycle(&self) -> Option<super::hours::CycleProgress> {
        let cycle = |with_level: bool| {
            self.rules
                .iter()
                .find(|r| r.scope == Scope::Cycle && r.min_level.is_some() == with_level)
        };
        let total = cycle(false)?;
        let district = cycle(true);
        Some(super::hours::CycleProgress {
            from_year: total.from.year(),
            to_year: total.to.year(),
            total_tenths: total.standing.counted_tenths,
            district_tenths: district.map_or(0, |d| d.standing.counted_tenths),
            required_tenths: total.standing.required_tenths,
            required_district_tenths: district.map_or(0, |d| d.standing.required_tenths),
            expected_tenths: total.standing.expected_tenths,
            on_track: self.on_track,
        })
    }
}

/// The earliest record date that can change `progress(.., today)`: the start of the longest
/// period in force, less a year for a probation year that began before it. Loading only records
/// from here on gives the same standing.
pub fn relevant_since(rules: &[Rule], today: NaiveDate) -> NaiveDate {
    let years = in_force_on(rules, today)
        .iter()
        .map(|r| r.period_years)
        .max()
        .unwrap_or(1);
    ymd(period_start(today.year(), years) - 1, 1, 1)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The Jiangsu district defaults: public lessons 6 h each, 18 per cycle; a prize 18 a year.
    fn caps() -> Vec<Cap> {
        vec![
            Cap {
                key: 0,
                category: Category::Lesson,
                min_level: Level::District,
                max_tenths: 180,
                period_years: 5,
                valid_from: NaiveDate::MIN,
                valid_to: NaiveDate::MAX,
            },
            Cap {
                key: 1,
                category: Category::Competition,
                min_level: Level::District,
                max_tenths: 180,
                period_years: 1,
                valid_from: NaiveDate::MIN,
                valid_to: NaiveDate::MAX,
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
        let c = counted(&lessons, &caps());
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
        assert_eq!(counted(&e, &caps()), vec![(1, 60)]);
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
        assert_eq!(counted(&e, &caps()), vec![(1, 180), (2, 0), (3, 180)]);
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
        let c = counted(&e, &caps());
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
        let c = counted(&e, &caps());
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

    fn rule(
        code: &str,
        scope: Scope,
        min: Option<i64>,
        max: Option<i64>,
        from: NaiveDate,
        to: Option<NaiveDate>,
    ) -> Rule {
        Rule {
            id: 0,
            code: code.into(),
            name: code.into(),
            name_en: code.into(),
            scope,
            period_years: if scope == Scope::Probation { 1 } else { 5 },
            min_tenths: min,
            max_tenths: max,
            unit_tenths: max.map(|_| 60),
            min_level: (scope == Scope::Cap).then_some(Level::District),
            category: (scope == Scope::Cap).then_some(Category::Lesson),
            valid_from: from,
            valid_to: to,
        }
    }

    #[test]
    fn progress_uses_the_version_in_force_today_and_keeps_cap_use_across_versions() {
        let rules = vec![
            rule(
                "cycle_total",
                Scope::Cycle,
                Some(3600),
                None,
                d(2021, 1, 1),
                Some(d(2026, 12, 31)),
            ),
            rule(
                "cycle_total",
                Scope::Cycle,
                Some(4000),
                None,
                d(2027, 1, 1),
                None,
            ),
            rule(
                "lesson_cap",
                Scope::Cap,
                None,
                Some(180),
                d(2021, 1, 1),
                Some(d(2026, 12, 31)),
            ),
            rule(
                "lesson_cap",
                Scope::Cap,
                None,
                Some(120),
                d(2027, 1, 1),
                None,
            ),
            rule(
                "probation",
                Scope::Probation,
                Some(1200),
                None,
                d(2021, 1, 1),
                None,
            ),
        ];
        let lessons: Vec<HourEntry> = [d(2026, 3, 1), d(2026, 4, 1), d(2027, 3, 1)]
            .iter()
            .enumerate()
            .map(|(i, on)| {
                entry(
                    i as i64 + 1,
                    60,
                    Category::Lesson,
                    Level::District,
                    *on,
                    true,
                )
            })
            .collect();
        let p = progress(&lessons, &rules, d(2010, 9, 1), d(2026, 11, 27));
        assert_eq!(
            p.rules.len(),
            1,
            "no probation bar for a teacher hired in 2010"
        );
        assert_eq!(p.rules[0].standing.required_tenths, 3600);
        let later = progress(&lessons, &rules, d(2010, 9, 1), d(2027, 6, 1));
        assert_eq!(later.rules[0].standing.required_tenths, 4000);
        // Two lessons (120) used the cycle's cap before the new 120 cap came in: the third counts 0.
        assert_eq!(later.counted, vec![(1, 60), (2, 60), (3, 0)]);
        assert_eq!(later.caps[0].used_tenths, 120);
        assert_eq!(later.caps[0].max_tenths, 120);
    }

    #[test]
    fn a_new_teacher_is_measured_on_the_probation_year_too() {
        let rules = vec![
            rule(
                "cycle_total",
                Scope::Cycle,
                Some(3600),
                None,
                d(2021, 1, 1),
                None,
            ),
            rule(
                "probation",
                Scope::Probation,
                Some(1200),
                None,
                d(2021, 1, 1),
                None,
            ),
        ];
        let e = [entry(
            1,
            400,
            Category::General,
            Level::School,
            d(2026, 10, 1),
            false,
        )];
        let p = progress(&e, &rules, d(2026, 8, 25), d(2026, 11, 27));
        let probation = p.rules.iter().find(|r| r.code == "probation").unwrap();
        assert_eq!(
            (probation.from, probation.to),
            (d(2026, 8, 25), d(2027, 8, 24))
        );
        assert_eq!(probation.standing.counted_tenths, 400);
        assert!(probation.standing.on_track, "{:?}", probation.standing);
        assert!(p.on_track);
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
        fn records_before_relevant_since_never_change_todays_standing(entries in proptest::collection::vec(arb_entry(), 0..60), day in 0i64..2500) {
            let today = d(2021, 1, 1) + chrono::Duration::days(day);
            let rules = vec![
                rule("cycle_total", Scope::Cycle, Some(3600), None, d(2021, 1, 1), None),
                rule("lesson_cap", Scope::Cap, None, Some(180), d(2021, 1, 1), None),
                rule("probation", Scope::Probation, Some(1200), None, d(2021, 1, 1), None),
            ];
            let hired = d(2023, 8, 25);
            // Record ids are unique in the database.
            let mut ids = HashSet::new();
            let entries: Vec<HourEntry> = entries.into_iter().filter(|e| ids.insert(e.id)).collect();
            let since = relevant_since(&rules, today);
            let recent: Vec<HourEntry> = entries.iter().copied().filter(|e| e.earned_on >= since).collect();
            let all = progress(&entries, &rules, hired, today);
            let some = progress(&recent, &rules, hired, today);
            prop_assert_eq!(all.rules, some.rules);
            prop_assert_eq!(all.caps, some.caps);
        }

        #[test]
        fn caps_are_never_exceeded(entries in proptest::collection::vec(arb_entry(), 0..60)) {
            let caps = caps();
            let c = counted(&entries, &caps);
            let by_id: HashMap<i64, &HourEntry> = entries.iter().rev().map(|e| (e.id, e)).collect();
            let mut sums: HashMap<(usize, i32), i64> = HashMap::new();
            for (id, tenths) in &c {
                let e = by_id[id];
                if let Some(i) = caps.iter().position(|k| k.applies(e)) {
                    let period = period_start(e.earned_on.year(), caps[i].period_years);
                    *sums.entry((i, period)).or_insert(0) += tenths;
                }
            }
            for ((i, _), total) in sums {
                prop_assert!(total <= caps[i].max_tenths);
            }
        }

        #[test]
        fn a_record_counts_at_most_once(entries in proptest::collection::vec(arb_entry(), 0..60)) {
            let c = counted(&entries, &caps());
            let ids: HashSet<i64> = c.iter().map(|(id, _)| *id).collect();
            prop_assert_eq!(ids.len(), c.len());
            let mut doubled = entries.clone();
            doubled.extend(entries.iter().copied());
            prop_assert_eq!(counted(&doubled, &caps()).iter().map(|(_, t)| t).sum::<i64>(),
                            c.iter().map(|(_, t)| t).sum::<i64>());
        }

        #[test]
        fn the_total_is_the_sum_of_what_each_record_counts(entries in proptest::collection::vec(arb_entry(), 0..60)) {
            let c = counted(&entries, &caps());
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
            let before = standing(&entries, &counted(&entries, &caps()), rule, span, d(2000, 1, 1), today);
            let mut more = entries.clone();
            more.push(entry(1000, extra, Category::General, Level::District, d(2026, 1, 1), false));
            let after = standing(&more, &counted(&more, &caps()), rule, span, d(2000, 1, 1), today);
            prop_assert!(after.counted_tenths >= before.counted_tenths);
            prop_assert!(!before.on_track || after.on_track);
        }
    }
}
