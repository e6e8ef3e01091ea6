//! Who left the district, and who moved school, in the demo's years: a real district loses
//! teachers every summer (resignations, retirements of those hired in the early 1990s) and moves
//! some between schools. Decided on a stream of its own (a fixed number of draws per teacher and
//! year), after the rest of the district is generated, so the district stays deterministic and
//! the same whatever the history's length. A teacher who left has nothing dated after leaving:
//! their pairing and programmes end that day, and later records are not generated.
use super::generate::{anchor, date, District};
use super::rng::Rng;
use chrono::{Datelike, NaiveDate};
use std::collections::{HashMap, HashSet};

/// School years whose end (31 July) can see a teacher leave, and whose start a transfer.
const YEARS: std::ops::RangeInclusive<i32> = 2021..=2026;

/// Chance a year of leaving the district: retirement for those hired before 1997, a new
/// teacher's resignation, anyone else's.
fn leave_chance(hire_year: i32, new_teacher: bool) -> f64 {
    if hire_year <= 1996 {
        0.12
    } else if new_teacher {
        0.035
    } else {
        0.015
    }
}

const TRANSFER_CHANCE: f64 = 0.02;

pub fn apply(d: &mut District, seed: u64) {
    let mut rng = Rng::new(seed ^ 0xDE9A_47ED);
    // Who stays: the coordinators, mentors with a pair today, and this year's intake (the
    // named demo logins are among them). A mentor leaves only after their last pair ended.
    let mut stays: HashSet<i64> = d.coordinators.iter().map(|(_, t)| *t).collect();
    let mut mentored_until: HashMap<i64, NaiveDate> = HashMap::new();
    let mut paired: HashSet<i64> = HashSet::new();
    // The tracked years' pairs only, so a longer history changes nothing here.
    for p in d
        .pairings
        .iter()
        .filter(|p| p.started_on >= date(*YEARS.start(), 1, 1))
    {
        paired.insert(p.mentor_id);
        paired.insert(p.mentee_id);
        match p.ended_on {
            None => {
                stays.insert(p.mentor_id);
            }
            Some(end) => {
                let e = mentored_until.entry(p.mentor_id).or_insert(end);
                *e = (*e).max(end);
            }
        }
    }
    let schools: Vec<i32> = d.schools.iter().map(|s| s.id).collect();
    for t in d.teachers.iter_mut() {
        let hire_year = t.hire_date.year();
        for year in YEARS {
            // Three draws per teacher and year, used or not.
            let leaves = rng.chance(leave_chance(hire_year, t.cohort_year.is_some()));
            let moves = rng.chance(TRANSFER_CHANCE);
            let other = schools[rng.below(schools.len())];
            if t.left_on.is_some() || year <= hire_year {
                continue;
            }
            let last_day = date(year, 7, 31);
            let may_leave = !stays.contains(&t.id)
                && t.cohort_year != Some(anchor().year())
                && mentored_until.get(&t.id).is_none_or(|end| *end < last_day)
                && t.previous_school.is_none_or(|(_, until)| until < last_day);
            if leaves && may_leave && last_day < anchor() {
                t.left_on = Some(last_day);
                continue;
            }
            let first_day = date(year, 8, 15);
            if moves
                && t.previous_school.is_none()
                && !paired.contains(&t.id)
                && !stays.contains(&t.id)
                && other != t.school_id
                && first_day < anchor()
            {
                t.previous_school = Some((other, first_day));
            }
        }
    }
    trim_after_leaving(d);
}

/// Drops or closes what a teacher who left would not have after leaving.
fn trim_after_leaving(d: &mut District) {
    let left: HashMap<i64, NaiveDate> = d
        .teachers
        .iter()
        .filter_map(|t| t.left_on.map(|l| (t.id, l)))
        .collect();
    let gone_by = |id: i64, on: NaiveDate| left.get(&id).is_some_and(|l| on > *l);
    for p in d.pairings.iter_mut() {
        if let Some(l) = left.get(&p.mentee_id) {
            if p.ended_on.is_none_or(|e| e > *l) {
                p.ended_on = Some(*l);
            }
        }
    }
    let ends: Vec<Option<NaiveDate>> = d.pairings.iter().map(|p| p.ended_on).collect();
    d.sessions
        .retain(|s| ends[(s.pairing_id - 1) as usize].is_none_or(|e| s.held_on <= e));
    for e in d.events.iter_mut() {
        e.attendees.retain(|t| !gone_by(*t, e.ends_on));
    }
    d.claims
        .retain(|c| !gone_by(c.teacher_id, c.earned_on) && !gone_by(c.teacher_id, c.starts_on));
    d.achievements
        .retain(|a| !gone_by(a.teacher_id, a.achieved_on));
    d.goals.retain(|g| !left.contains_key(&g.teacher_id));
    d.promotions
        .retain(|p| !gone_by(p.teacher_id, p.promoted_on));
    let mut tiers: HashMap<i64, u8> = HashMap::new();
    for p in &d.promotions {
        let tier = tiers.entry(p.teacher_id).or_insert(0);
        *tier = (*tier).max(p.rank as u8);
    }
    for t in d.teachers.iter_mut().filter(|t| t.left_on.is_some()) {
        t.tier = tiers.get(&t.id).copied().unwrap_or(0);
    }
    d.enrolments
        .retain(|e| !gone_by(e.teacher_id, e.started_on));
    for e in d.enrolments.iter_mut() {
        if let Some(l) = left.get(&e.teacher_id) {
            if e.ended_on.is_none_or(|end| end > *l) {
                e.ended_on = Some(*l);
                e.outcome = "withdrawn";
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::generate::{generate, DEFAULT_YEARS};
    use super::*;

    #[test]
    fn every_cohort_that_has_had_a_summer_loses_some_teachers_and_some_move_school() {
        let d = generate(3000, DEFAULT_YEARS, super::super::SEED);
        for year in 2021..=2025 {
            let cohort: Vec<_> = d
                .teachers
                .iter()
                .filter(|t| t.cohort_year == Some(year))
                .collect();
            let left = cohort.iter().filter(|t| t.left_on.is_some()).count();
            assert!(left > 0, "the {year} cohort lost nobody");
            assert!(left * 4 < cohort.len(), "the {year} cohort lost too many");
        }
        let moved = d
            .teachers
            .iter()
            .filter(|t| t.previous_school.is_some())
            .count();
        assert!(moved > 60, "{moved} transfers");
        let retired = d
            .teachers
            .iter()
            .filter(|t| t.left_on.is_some() && t.hire_date.year() <= 1996)
            .count();
        assert!(retired > 20, "{retired} retirements");
    }

    #[test]
    fn this_years_intake_coordinators_and_mentors_with_a_pair_stay() {
        let d = generate(3000, DEFAULT_YEARS, super::super::SEED);
        let left: HashSet<i64> = d
            .teachers
            .iter()
            .filter(|t| t.left_on.is_some())
            .map(|t| t.id)
            .collect();
        assert!(d.coordinators.iter().all(|(_, t)| !left.contains(t)));
        for p in d.pairings.iter().filter(|p| p.ended_on.is_none()) {
            assert!(!left.contains(&p.mentor_id) && !left.contains(&p.mentee_id));
        }
        assert!(d
            .teachers
            .iter()
            .filter(|t| t.cohort_year == Some(2026))
            .all(|t| t.left_on.is_none()));
    }

    #[test]
    fn nothing_is_dated_after_a_teacher_left() {
        let d = generate(1500, 12, 9);
        let left: HashMap<i64, NaiveDate> = d
            .teachers
            .iter()
            .filter_map(|t| t.left_on.map(|l| (t.id, l)))
            .collect();
        assert!(!left.is_empty());
        let after = |id: i64, on: NaiveDate| left.get(&id).is_some_and(|l| on > *l);
        for p in &d.pairings {
            assert!(!after(p.mentee_id, p.ended_on.unwrap_or(anchor())));
            assert!(!after(p.mentor_id, p.ended_on.unwrap_or(anchor())));
        }
        for s in &d.sessions {
            let p = &d.pairings[(s.pairing_id - 1) as usize];
            assert!(!after(p.mentee_id, s.held_on) && !after(p.mentor_id, s.held_on));
        }
        for e in &d.events {
            assert!(e.attendees.iter().all(|t| !after(*t, e.ends_on)));
        }
        assert!(d.claims.iter().all(|c| !after(c.teacher_id, c.earned_on)));
        assert!(d
            .achievements
            .iter()
            .all(|a| !after(a.teacher_id, a.achieved_on)));
        assert!(d
            .promotions
            .iter()
            .all(|p| !after(p.teacher_id, p.promoted_on)));
        assert!(d
            .enrolments
            .iter()
            .all(|e| e.ended_on.is_some() || !left.contains_key(&e.teacher_id)));
        assert!(d.goals.iter().all(|g| !left.contains_key(&g.teacher_id)));
    }
}
