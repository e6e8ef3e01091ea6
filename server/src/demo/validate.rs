//! The demo's records put through the app's own rules: each is filled into the form that
//! records it, as it would have been typed on its date, and parsed by the same domain function
//! the server calls. The loader refuses a district with any record the app would refuse.
use super::generate::{anchor, District};
use app::domain::claims::{ClaimForm, Conversion, NewClaim};
use app::domain::codes::Level;
use app::domain::events::{EventForm, NewEvent};
use app::domain::growth::{AchievementForm, NewAchievement};
use app::domain::mentoring::{NewSession, PairingSpan, SessionInput};
use app::domain::pairing::{check_dates, PairingForm, PairingRequest};
use app::domain::requirements::Category;
use app::domain::teacher::StaffNo;
use chrono::NaiveDate;

/// What the default rules convert (public lessons 6 h, prizes 18 h, district level or above).
fn conversions() -> [Conversion; 2] {
    [
        Conversion {
            category: Category::Lesson,
            min_level: Level::District,
            unit_tenths: 60,
        },
        Conversion {
            category: Category::Competition,
            min_level: Level::District,
            unit_tenths: 180,
        },
    ]
}

fn tenths(t: i64) -> String {
    format!("{}.{}", t / 10, t % 10)
}

/// Every record the app would refuse, described; empty when the whole district passes.
pub fn problems(d: &District) -> Vec<String> {
    let mut out = Vec::new();
    let mut fail = |what: String, err: &dyn std::fmt::Debug| out.push(format!("{what}: {err:?}"));
    let teacher = |id: i64| &d.teachers[(id - 1) as usize];
    let left_by = |id: i64, on: NaiveDate| teacher(id).left_on.is_some_and(|l| on > l);

    for t in &d.teachers {
        if let Err(e) = StaffNo::parse(&t.staff_no) {
            fail(format!("teacher {}", t.id), &e);
        }
    }
    for a in &d.achievements {
        let t = teacher(a.teacher_id);
        let form = AchievementForm {
            kind: a.kind.into(),
            title: a.title.clone(),
            level: a.level.into(),
            award_rank: a.award_rank.map(|r| r.to_string()).unwrap_or_default(),
            achieved_on: a.achieved_on.to_string(),
            detail: String::new(),
        };
        if let Err(e) = NewAchievement::parse(&form, t.hire_date, a.achieved_on) {
            fail(
                format!("achievement of teacher {} on {}", t.id, a.achieved_on),
                &e,
            );
        }
        if left_by(t.id, a.achieved_on) {
            fail(format!("achievement of teacher {}", t.id), &"after leaving");
        }
    }
    for p in &d.pairings {
        let (mentor, mentee) = (teacher(p.mentor_id), teacher(p.mentee_id));
        let form = PairingForm {
            mentor_staff_no: mentor.staff_no.clone(),
            mentee_staff_no: mentee.staff_no.clone(),
            programme: "mentoring".into(),
            started_on: p.started_on.to_string(),
            ended_on: String::new(),
            override_capacity: None,
        };
        let checked = PairingRequest::parse(&form).and_then(|req| {
            check_dates(&req, mentor.hire_date, mentee.hire_date, p.started_on)
                .map_err(|e| app::error::AppError::Invalid(vec![e]))
        });
        if let Err(e) = checked {
            fail(format!("pairing {}", p.id), &e);
        }
        if p.mentor_id == p.mentee_id
            || p.ended_on.is_some_and(|e| e < p.started_on || e > anchor())
            || left_by(p.mentor_id, p.ended_on.unwrap_or(anchor()))
            || left_by(p.mentee_id, p.ended_on.unwrap_or(anchor()))
        {
            fail(format!("pairing {}", p.id), &"its end");
        }
    }
    for s in &d.sessions {
        let p = &d.pairings[(s.pairing_id - 1) as usize];
        let input = SessionInput {
            pairing_id: s.pairing_id,
            kind: s.kind.into(),
            held_on: s.held_on.to_string(),
            minutes: s.minutes.to_string(),
            topic: s.topic.into(),
            notes: String::new(),
        };
        let span = PairingSpan {
            started_on: p.started_on,
            ended_on: p.ended_on,
        };
        if let Err(e) = NewSession::parse(&input, s.held_on, span) {
            fail(format!("session of pairing {} on {}", p.id, s.held_on), &e);
        }
    }
    let converted = [Category::Lesson, Category::Competition];
    for e in &d.events {
        let form = EventForm {
            title: e.title.clone(),
            organizer: e.organizer.into(),
            level: e.level.into(),
            category: e.category.into(),
            starts_on: e.starts_on.to_string(),
            ends_on: e.ends_on.to_string(),
            hours: tenths(e.hours_tenths),
            need: String::new(),
        };
        if let Err(err) = NewEvent::parse(&form, e.ends_on, &converted) {
            fail(format!("event {}", e.id), &err);
        }
        // The award's preview holds back teachers not yet hired (or gone) on the first day.
        for t in &e.attendees {
            if teacher(*t).hire_date > e.starts_on || left_by(*t, e.ends_on) {
                fail(format!("event {} attendee {t}", e.id), &"not at work then");
            }
        }
    }
    for c in &d.claims {
        let t = teacher(c.teacher_id);
        let form = ClaimForm {
            title: c.title.clone(),
            organizer: c.organizer.into(),
            level: c.level.into(),
            category: c.category.into(),
            starts_on: c.starts_on.to_string(),
            ends_on: c.earned_on.to_string(),
            hours: tenths(c.hours_tenths),
            note: String::new(),
        };
        match NewClaim::parse(&form, c.earned_on, &conversions()) {
            Err(e) => fail(format!("claim {}", c.id), &e),
            Ok(n) if n.tenths != c.hours_tenths => {
                fail(format!("claim {}", c.id), &"hours differ from the rule's")
            }
            // The server refuses a claim that starts before the hire date.
            Ok(n) if n.starts_on < t.hire_date => fail(format!("claim {}", c.id), &"before hire"),
            Ok(_) => {}
        }
        if left_by(t.id, c.earned_on) {
            fail(format!("claim {}", c.id), &"after leaving");
        }
    }
    for p in &d.promotions {
        let t = teacher(p.teacher_id);
        if p.promoted_on < t.hire_date || p.promoted_on > anchor() || left_by(t.id, p.promoted_on) {
            fail(format!("promotion of teacher {}", t.id), &p.promoted_on);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::generate::{generate, DEFAULT_YEARS};
    use super::super::SEED;
    use super::*;

    fn assert_valid(d: &District) {
        let problems = problems(d);
        assert!(
            problems.is_empty(),
            "{} records the app would refuse, e.g. {:#?}",
            problems.len(),
            &problems[..problems.len().min(10)]
        );
    }

    #[test]
    fn every_record_of_the_default_demo_district_passes_the_apps_own_validation() {
        assert_valid(&generate(3000, DEFAULT_YEARS, SEED));
    }

    #[test]
    fn every_record_of_a_long_history_passes_the_apps_own_validation() {
        assert_valid(&generate(800, 20, SEED));
    }

    #[test]
    fn the_check_catches_an_achievement_before_the_hire_date() {
        let mut d = generate(300, DEFAULT_YEARS, SEED);
        let a = d.achievements.first_mut().expect("an achievement");
        let hired = d.teachers[(a.teacher_id - 1) as usize].hire_date;
        a.achieved_on = hired - chrono::Duration::days(10);
        assert!(problems(&d).iter().any(|p| p.contains("BeforeHire")));
    }

    #[test]
    fn no_achievement_of_a_newcomer_is_dated_before_they_came() {
        let d = generate(3000, DEFAULT_YEARS, SEED);
        for a in &d.achievements {
            assert!(a.achieved_on >= d.teachers[(a.teacher_id - 1) as usize].hire_date);
        }
    }
}
