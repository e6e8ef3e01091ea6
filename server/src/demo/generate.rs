//! Builds the demo district in memory, deterministically from a seed. No database here, so the
//! shape of the data can be tested quickly.
use super::names::*;
use super::rng::Rng;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::{HashMap, HashSet};

/// The demo's "today": data run up to here, so every load is identical.
pub fn anchor() -> NaiveDate {
    date(2026, 11, 20)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

pub const COHORT_YEARS: [i32; 6] = [2021, 2022, 2023, 2024, 2025, 2026];
/// New teachers arrive in growing numbers: the intake surge the center plans for.
const COHORT_WEIGHTS: [u32; 6] = [10, 13, 15, 18, 20, 24];

pub struct School {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub stage: &'static str,
    pub teacher_stages: &'static [&'static str],
}

pub struct Teacher {
    pub id: i64,
    pub staff_no: String,
    pub name: String,
    pub gender: &'static str,
    pub school_id: i32,
    pub subject: &'static str,
    pub stage: &'static str,
    pub hire_date: NaiveDate,
    pub cohort_year: Option<i32>,
    pub title: &'static str,
    pub party_stage: &'static str,
    pub education: &'static str,
    /// Earlier school, for teachers who transferred: (school, until).
    pub previous_school: Option<(i32, NaiveDate)>,
    pub tier: u8,
    /// The last day at work, for a teacher who has left the district (31 July).
    pub left_on: Option<NaiveDate>,
}

pub struct Promotion {
    pub teacher_id: i64,
    pub rank: i32,
    pub promoted_on: NaiveDate,
}

pub struct Enrolment {
    pub programme: &'static str,
    pub teacher_id: i64,
    pub stage: &'static str,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub outcome: &'static str,
}

pub struct Pairing {
    pub id: i64,
    pub mentor_id: i64,
    pub mentee_id: i64,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

pub struct Session {
    pub pairing_id: i64,
    pub held_on: NaiveDate,
    pub minutes: i32,
    pub kind: &'static str,
    pub topic: &'static str,
    pub confirmed: bool,
}

pub struct Event {
    pub id: i64,
    pub title: String,
    pub organizer: &'static str,
    pub level: &'static str,
    pub category: &'static str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub hours_tenths: i64,
    pub attendees: Vec<i64>,
}

pub struct Claim {
    pub id: i64,
    pub teacher_id: i64,
    pub title: String,
    pub organizer: &'static str,
    pub starts_on: NaiveDate,
    pub hours_tenths: i64,
    pub category: &'static str,
    pub level: &'static str,
    pub earned_on: NaiveDate,
    pub status: &'static str,
}

pub struct Achievement {
    pub teacher_id: i64,
    pub kind: &'static str,
    pub title: String,
    pub level: &'static str,
    pub award_rank: Option<i16>,
    pub achieved_on: NaiveDate,
}

pub struct Goal {
    pub teacher_id: i64,
    pub title: &'static str,
    pub target_on: NaiveDate,
    pub progress: i16,
    pub status: &'static str,
}

pub struct Term {
    pub name: &'static str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

pub fn terms() -> Vec<Term> {
    vec![
        Term {
            name: "2024–2025学年第一学期",
            starts_on: date(2024, 9, 1),
            ends_on: date(2025, 1, 24),
        },
        Term {
            name: "2024–2025学年第二学期",
            starts_on: date(2025, 2, 17),
            ends_on: date(2025, 7, 4),
        },
        Term {
            name: "2025–2026学年第一学期",
            starts_on: date(2025, 9, 1),
            ends_on: date(2026, 1, 30),
        },
        Term {
            name: "2025–2026学年第二学期",
            starts_on: date(2026, 2, 24),
            ends_on: date(2026, 7, 3),
        },
        Term {
            name: "2026–2027学年第一学期",
            starts_on: date(2026, 9, 1),
            ends_on: date(2027, 1, 29),
        },
    ]
}

pub struct District {
    pub schools: Vec<School>,
    pub teachers: Vec<Teacher>,
    pub promotions: Vec<Promotion>,
    pub enrolments: Vec<Enrolment>,
    pub pairings: Vec<Pairing>,
    pub sessions: Vec<Session>,
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    pub achievements: Vec<Achievement>,
    pub goals: Vec<Goal>,
    /// One coordinator per school: (school id, teacher id).
    pub coordinators: Vec<(i32, i64)>,
}

/// Years of history the default district holds: the six tracked entry cohorts.
pub const DEFAULT_YEARS: u32 = 6;

/// The district with `years` (≥ 6) of history ending this year. Beyond the six tracked cohorts,
/// the extra years add earlier training events, school-based training and the one-year
/// mentoring of the teachers hired then; the six cohorts' data stay as in the default district.
pub fn generate(teacher_count: u32, years: u32, seed: u64) -> District {
    let first_year = anchor().year() + 1 - years.max(DEFAULT_YEARS) as i32;
    let mut rng = Rng::new(seed);
    let schools = schools(&mut rng, teacher_count);
    let teachers = teachers(&mut rng, &schools, teacher_count);
    let promotions = promotions(&teachers, &mut rng);
    let enrolments = enrolments(&teachers, &mut rng);
    let mut pairings = pairings(&teachers, &mut rng);
    let mut sessions = sessions(&pairings, &mut rng);
    let events = events(&teachers, first_year, &mut rng);
    let claims = claims(&teachers, first_year, &mut rng);
    let achievements = achievements(&teachers, &mut rng);
    let goals = goals(&teachers, &mut rng);
    // Its own stream, so the default district is the same whatever the history's length.
    earlier_mentoring(
        &teachers,
        first_year,
        &mut pairings,
        &mut sessions,
        &mut Rng::new(seed ^ 0x5EED),
    );
    let mentors: HashSet<i64> = pairings.iter().map(|p| p.mentor_id).collect();
    let coordinators = schools
        .iter()
        .filter_map(|s| {
            teachers
                .iter()
                .find(|t| {
                    t.school_id == s.id && t.cohort_year.is_none() && !mentors.contains(&t.id)
                })
                .map(|t| (s.id, t.id))
        })
        .collect();
    let mut district = District {
        schools,
        teachers,
        promotions,
        enrolments,
        pairings,
        sessions,
        events,
        claims,
        achievements,
        goals,
        coordinators,
    };
    super::departures::apply(&mut district, seed);
    district
}

fn schools(rng: &mut Rng, teacher_count: u32) -> Vec<School> {
    let count = (teacher_count / 50).clamp(4, (SCHOOL_PREFIXES.len() * 4) as u32) as usize;
    let weights: Vec<u32> = SCHOOL_KINDS.iter().map(|k| k.3).collect();
    let mut used = HashSet::new();
    let mut schools = Vec::with_capacity(count);
    while schools.len() < count {
        let (suffix, stage, teacher_stages, _) = SCHOOL_KINDS[rng.weighted(&weights)];
        let name = format!("苏州工业园区{}{}", rng.pick(SCHOOL_PREFIXES), suffix);
        if !used.insert(name.clone()) {
            continue;
        }
        let id = schools.len() as i32 + 1;
        schools.push(School {
            id,
            code: format!("SIP-{id:03}"),
            name,
            stage,
            teacher_stages,
        });
    }
    schools
}

fn person_name(rng: &mut Rng) -> String {
    let mut name = (rng.pick(SURNAMES)).to_string();
    name.push_str(rng.pick(GIVEN));
    if rng.chance(0.7) {
        name.push_str(rng.pick(GIVEN));
    }
    name
}

fn teachers(rng: &mut Rng, schools: &[School], count: u32) -> Vec<Teacher> {
    let mut teachers = Vec::with_capacity(count as usize);
    for i in 0..count as i64 {
        // Half the district joined in the six recent cohorts.
        let cohort_year = rng
            .chance(0.5)
            .then(|| COHORT_YEARS[rng.weighted(&COHORT_WEIGHTS)]);
        let hire_year = cohort_year.unwrap_or_else(|| rng.range(1992, 2020) as i32);
        let hire_date = date(hire_year, 8, 20) + Duration::days(rng.range(0, 12));
        let years = anchor().year() - hire_year;
        let school = &schools[rng.below(schools.len())];
        let stage = rng.pick(school.teacher_stages);
        let title = match years {
            0 => "none",
            1..=3 => "level2",
            4..=8 => rng.pick(&["level2", "level1", "level1"]),
            9..=15 => rng.pick(&["level1", "level1", "senior"]),
            _ => rng.pick(&["level1", "senior", "senior", "senior", "professor"]),
        };
        let party_stage = [
            "member",
            "probationary",
            "candidate",
            "activist",
            "applicant",
            "none",
        ][rng.weighted(&[30, 3, 3, 6, 8, 50])];
        let education = if cohort_year.is_some() {
            ["bachelor", "master", "doctor"][rng.weighted(&[55, 43, 2])]
        } else {
            ["college", "bachelor", "master"][rng.weighted(&[10, 70, 20])]
        };
        let previous_school =
            (cohort_year.is_some_and(|y| y <= 2024) && rng.chance(0.06)).then(|| {
                let other = schools[rng.below(schools.len())].id;
                (other, date(hire_year + 2, 8, 15))
            });
        let tier = tier_for(years, rng);
        teachers.push(Teacher {
            id: i + 1,
            staff_no: format!("T{hire_year}{:05}", i + 1),
            name: person_name(rng),
            gender: if rng.chance(0.74) { "f" } else { "m" },
            school_id: school.id,
            subject: rng.pick(subjects(stage)),
            stage,
            hire_date,
            cohort_year,
            title,
            party_stage,
            education,
            previous_school: previous_school.filter(|(other, _)| *other != school.id),
            tier,
            left_on: None,
        });
    }
    teachers
}

/// The highest ladder rank reached (0 = none), by years of service.
fn tier_for(years: i32, rng: &mut Rng) -> u8 {
    let mut tier = 0;
    let steps: [(i32, f64); 5] = [(3, 0.45), (7, 0.5), (11, 0.35), (15, 0.25), (20, 0.3)];
    for (min_years, p) in steps {
        if years >= min_years && rng.chance(p) {
            tier += 1;
        } else {
            break;
        }
    }
    tier
}

fn promotions(teachers: &[Teacher], rng: &mut Rng) -> Vec<Promotion> {
    let mut out = Vec::new();
    for t in teachers.iter().filter(|t| t.tier > 0) {
        let mut year = t.hire_date.year() + 3;
        for rank in 1..=t.tier as i32 {
            year += rng.range(2, 4) as i32;
            let promoted_on = date(year.min(anchor().year()), 6, 30).min(anchor());
            out.push(Promotion {
                teacher_id: t.id,
                rank,
                promoted_on,
            });
        }
    }
    out
}

fn enrolments(teachers: &[Teacher], rng: &mut Rng) -> Vec<Enrolment> {
    let mut out = Vec::new();
    for t in teachers {
        if let Some(year) = t.cohort_year {
            let started_on = t.hire_date;
            let finished = year + 3 <= anchor().year();
            out.push(Enrolment {
                programme: "new_teacher",
                teacher_id: t.id,
                stage: if finished {
                    "结业"
                } else {
                    "规范化培训"
                },
                started_on,
                ended_on: finished.then(|| date(year + 3, 7, 10)),
                outcome: if finished { "completed" } else { "in_progress" },
            });
        }
        if t.tier >= 3 && rng.chance(0.7) {
            out.push(Enrolment {
                programme: "famous",
                teacher_id: t.id,
                stage: rng.pick(&["名教师后备", "特级教师后备", "优秀教师培养"]),
                started_on: date(2024, 9, 1),
                ended_on: None,
                outcome: "in_progress",
            });
        }
        let backbone = t.tier >= 2;
        let member = matches!(t.party_stage, "member" | "probationary");
        let developing = matches!(t.party_stage, "activist" | "candidate");
        if (backbone && developing) || (member && t.tier == 1 && rng.chance(0.5)) {
            out.push(Enrolment {
                programme: "dual",
                teacher_id: t.id,
                stage: if member {
                    "党员培养为骨干"
                } else {
                    "骨干培养为党员"
                },
                started_on: date(2025, 3, 1),
                ended_on: None,
                outcome: "in_progress",
            });
        }
    }
    out
}

/// Mentors for the three newest cohorts: experienced teachers of the same school and stage,
/// the same subject when possible, at most three mentees each. 2024's pairs ended this summer.
fn pairings(teachers: &[Teacher], rng: &mut Rng) -> Vec<Pairing> {
    let mut load = vec![0u8; teachers.len() + 1];
    let mut out = Vec::new();
    let is_mentor = |t: &Teacher| t.cohort_year.is_none() && (t.tier >= 1 || t.title != "level2");
    for mentee in teachers
        .iter()
        .filter(|t| matches!(t.cohort_year, Some(2024..=2026)))
    {
        let year = mentee.cohort_year.unwrap_or(2026);
        if !rng.chance(if year == 2026 { 0.88 } else { 0.95 }) {
            continue;
        }
        let candidates = |same_subject: bool| {
            teachers.iter().filter(move |m| {
                is_mentor(m)
                    && m.school_id == mentee.school_id
                    && m.stage == mentee.stage
                    && (!same_subject || m.subject == mentee.subject)
            })
        };
        let mentor = candidates(true)
            .find(|m| load[m.id as usize] < 3)
            .or_else(|| candidates(false).find(|m| load[m.id as usize] < 3));
        let Some(mentor) = mentor else { continue };
        load[mentor.id as usize] += 1;
        let ended_on = (year == 2024).then(|| date(2026, 7, 3));
        if ended_on.is_some() {
            // An ended pairing frees the mentor for this year's intake.
            load[mentor.id as usize] -= 1;
        }
        out.push(Pairing {
            id: out.len() as i64 + 1,
            mentor_id: mentor.id,
            mentee_id: mentee.id,
            started_on: date(year, 9, 5),
            ended_on,
        });
    }
    out
}

fn sessions(pairings: &[Pairing], rng: &mut Rng) -> Vec<Session> {
    let mut out = Vec::new();
    let kinds: Vec<&str> = SESSION_TOPICS.iter().map(|(k, _)| *k).collect();
    for p in pairings {
        // One pair in five falls behind its quota: the center's attention list.
        let diligent = rng.chance(0.8);
        for term in terms() {
            let from = term.starts_on.max(p.started_on);
            let to = term
                .ends_on
                .min(p.ended_on.unwrap_or(term.ends_on))
                .min(anchor());
            if from >= to {
                continue;
            }
            let weeks = ((to - from).num_days() / 7).max(1);
            let per_week = if diligent { 1.2 } else { 0.35 };
            let count = (weeks as f64 * per_week) as i64 + rng.range(0, 2);
            for _ in 0..count {
                let held_on = from + Duration::days(rng.range(0, (to - from).num_days()));
                let k = rng.weighted(&[30, 30, 15, 12, 10, 0]);
                let (kind, topics) = SESSION_TOPICS[k];
                out.push(Session {
                    pairing_id: p.id,
                    held_on,
                    minutes: session_minutes(kind, rng),
                    kind: kinds[k],
                    topic: rng.pick(topics),
                    confirmed: held_on < anchor() - Duration::days(7) && rng.chance(0.92),
                });
            }
            // Finished terms end with the mentee's summary.
            if term.ends_on <= anchor() && diligent {
                out.push(Session {
                    pairing_id: p.id,
                    held_on: term.ends_on - Duration::days(3),
                    minutes: 60,
                    kind: "summary",
                    topic: "学期带教总结",
                    confirmed: true,
                });
            }
        }
    }
    out
}

/// Teachers hired in the history's years before the tracked cohorts were mentored for their
/// first school year by an experienced colleague of the same school and stage (pairings
/// closed long ago, with their sessions).
fn earlier_mentoring(
    teachers: &[Teacher],
    first_year: i32,
    pairings: &mut Vec<Pairing>,
    sessions: &mut Vec<Session>,
    rng: &mut Rng,
) {
    let mut colleagues: HashMap<(i32, &str), Vec<&Teacher>> = HashMap::new();
    for t in teachers {
        colleagues
            .entry((t.school_id, t.stage))
            .or_default()
            .push(t);
    }
    let kinds: Vec<&str> = SESSION_TOPICS.iter().map(|(k, _)| *k).collect();
    let first_tracked = COHORT_YEARS[0];
    for mentee in teachers.iter().filter(|t| {
        t.cohort_year.is_none() && (first_year..first_tracked).contains(&t.hire_date.year())
    }) {
        let year = mentee.hire_date.year();
        let pool = &colleagues[&(mentee.school_id, mentee.stage)];
        let senior: Vec<&&Teacher> = pool
            .iter()
            .filter(|m| m.id != mentee.id && m.hire_date.year() + 5 <= year)
            .collect();
        if senior.is_empty() || !rng.chance(0.9) {
            continue;
        }
        let mentor = senior[rng.below(senior.len())];
        let started_on = date(year, 9, 5);
        let ended_on = date(year + 1, 7, 3);
        let id = pairings.len() as i64 + 1;
        pairings.push(Pairing {
            id,
            mentor_id: mentor.id,
            mentee_id: mentee.id,
            started_on,
            ended_on: Some(ended_on),
        });
        let terms = [
            (started_on, date(year + 1, 1, 20)),
            (date(year + 1, 2, 20), ended_on),
        ];
        for (from, to) in terms {
            let days = (to - from).num_days();
            for _ in 0..rng.range(16, 26) {
                let k = rng.weighted(&[30, 30, 15, 12, 10, 0]);
                let (kind, topics) = SESSION_TOPICS[k];
                sessions.push(Session {
                    pairing_id: id,
                    held_on: from + Duration::days(rng.range(0, days)),
                    minutes: session_minutes(kind, rng),
                    kind: kinds[k],
                    topic: rng.pick(topics),
                    confirmed: rng.chance(0.95),
                });
            }
            sessions.push(Session {
                pairing_id: id,
                held_on: to - Duration::days(3),
                minutes: 60,
                kind: "summary",
                topic: "学期带教总结",
                confirmed: true,
            });
        }
    }
}

fn session_minutes(kind: &str, rng: &mut Rng) -> i32 {
    match kind {
        "observe_mentee" | "demo_lesson" => rng.pick(&[40, 45]),
        "lesson_plan" => rng.range(40, 90) as i32,
        _ => rng.range(20, 45) as i32,
    }
}

/// Training events a year: the tracked years as the demo has always had them; the earlier
/// history with the district's full calendar, so a long history reaches a real district's
/// volume (20,000 teachers over 25 years: about 2 million hour records).
fn events_in(year: i32) -> usize {
    if year < COHORT_YEARS[0] {
        170
    } else {
        60
    }
}

fn events(teachers: &[Teacher], first_year: i32, rng: &mut Rng) -> Vec<Event> {
    let mut out = Vec::new();
    let levels = ["district", "city", "provincial", "national"];
    for year in first_year..=anchor().year() {
        let last_day = if year == anchor().year() {
            anchor()
        } else {
            date(year, 12, 20)
        };
        for _ in 0..events_in(year) {
            let level = levels[rng.weighted(&[70, 18, 9, 3])];
            let (theme, category) = rng.pick(EVENT_THEMES);
            let subject = rng.pick(subjects("junior"));
            let hours_tenths = match level {
                "district" => rng.range(3, 12) * 10,
                "city" => rng.range(6, 24) * 10,
                "provincial" => rng.range(12, 40) * 10,
                _ => rng.range(24, 60) * 10,
            };
            // Eight hours a day at most, as the 24-hours-a-day rule allows with room.
            let days = (hours_tenths + 79) / 80;
            let starts_on = date(year, 1, 5)
                + Duration::days(rng.range(0, (last_day - date(year, 1, 5)).num_days() - days));
            let ends_on = starts_on + Duration::days(days - 1);
            let eligible: Vec<i64> = teachers
                .iter()
                .filter(|t| t.hire_date <= starts_on)
                .map(|t| t.id)
                .collect();
            if eligible.is_empty() {
                continue;
            }
            let share = match level {
                "district" => rng.range(5, 10),
                _ => rng.range(1, 4),
            } as usize;
            let mut attendees: Vec<i64> = (0..eligible.len() * share / 100)
                .map(|_| eligible[rng.below(eligible.len())])
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            attendees.sort_unstable();
            out.push(Event {
                id: out.len() as i64 + 1,
                title: theme.replace("{}", subject),
                organizer: match level {
                    "district" => "苏州工业园区教师发展中心",
                    "city" => "苏州市教育科学研究院",
                    "provincial" => "江苏省教育厅",
                    _ => "教育部教师工作司",
                },
                level,
                category,
                starts_on,
                ends_on,
                hours_tenths,
                attendees,
            });
        }
    }
    out
}

/// Each teacher's school-based training (校本研修) per year; public lessons and prizes converted
/// to hours (some capped); and claims still in review.
fn claims(teachers: &[Teacher], first_year: i32, rng: &mut Rng) -> Vec<Claim> {
    let mut out = Vec::new();
    let push = |out: &mut Vec<Claim>, c: Claim| {
        out.push(Claim {
            id: out.len() as i64 + 1,
            ..c
        })
    };
    for t in teachers {
        for year in t.hire_date.year().max(first_year)..=anchor().year() {
            // School-based training closes at the end of the spring term, or of the autumn term
            // for a teacher hired after June; never before the hire date nor after today.
            let term_end = if t.hire_date > date(year, 6, 1) {
                date(year, 12, 20)
            } else {
                date(year, 6, 28)
            };
            let earned_on = term_end.min(anchor());
            if earned_on < t.hire_date + Duration::days(30) {
                continue;
            }
            push(
                &mut out,
                Claim {
                    id: 0,
                    teacher_id: t.id,
                    title: format!("{year}年度校本研修"),
                    organizer: "本校教科室",
                    starts_on: date(year, 2, 20).max(t.hire_date).min(earned_on),
                    hours_tenths: rng.range(18, 30) * 10,
                    category: "general",
                    level: "school",
                    earned_on,
                    status: "approved",
                },
            );
            // Experienced teachers give public lessons; a busy one passes the cycle's cap.
            let lessons = if t.tier > 0 {
                rng.range(0, 2 + t.tier as i64)
            } else {
                rng.range(0, 1)
            };
            for _ in 0..lessons {
                let on = date(year, 3, 1) + Duration::days(rng.range(0, 200));
                if on <= anchor() - Duration::days(60) && on > t.hire_date + Duration::days(30) {
                    push(
                        &mut out,
                        Claim {
                            id: 0,
                            teacher_id: t.id,
                            title: format!("{}区级公开课", t.subject),
                            organizer: "苏州工业园区教师发展中心",
                            starts_on: on,
                            hours_tenths: 60,
                            category: "lesson",
                            level: "district",
                            earned_on: on,
                            status: "approved",
                        },
                    );
                }
            }
            let prize_on = date(year, 5, 20).min(anchor() - Duration::days(60));
            if t.tier > 1 && rng.chance(0.2) && prize_on > t.hire_date {
                let on = prize_on;
                push(
                    &mut out,
                    Claim {
                        id: 0,
                        teacher_id: t.id,
                        title: format!("{}优质课评比获奖", t.subject),
                        organizer: "苏州市教育局",
                        starts_on: on,
                        hours_tenths: 180,
                        category: "competition",
                        level: "city",
                        earned_on: on,
                        status: "approved",
                    },
                );
            }
        }
        if rng.chance(0.25) {
            let status = ["submitted", "school_approved", "approved", "rejected"]
                [rng.weighted(&[40, 25, 25, 10])];
            let on =
                (anchor() - Duration::days(rng.range(5, 60))).max(t.hire_date + Duration::days(1));
            let (title, organizer, hours, category, level) = if rng.chance(0.5) {
                (
                    format!("{}学科区级公开课", t.subject),
                    "苏州工业园区教师发展中心",
                    60,
                    "lesson",
                    "district",
                )
            } else {
                (
                    format!("{}骨干教师高级研修班", t.subject),
                    "苏州市教育科学研究院",
                    rng.range(6, 24) * 10,
                    "subject",
                    "city",
                )
            };
            push(
                &mut out,
                Claim {
                    id: 0,
                    teacher_id: t.id,
                    title,
                    organizer,
                    starts_on: on,
                    hours_tenths: hours,
                    category,
                    level,
                    earned_on: on,
                    status,
                },
            );
        }
    }
    out
}

fn achievements(teachers: &[Teacher], rng: &mut Rng) -> Vec<Achievement> {
    let mut out = Vec::new();
    let levels = ["school", "district", "city", "provincial"];
    for t in teachers {
        let count = (t.tier as i64 * 2 + rng.range(0, 2)).min(8);
        for _ in 0..count {
            let kind =
                ["public_lesson", "prize", "paper", "project"][rng.weighted(&[40, 25, 25, 10])];
            let level = levels[rng.weighted(&[30, 45, 18, 7])];
            let last = anchor().year() as i64;
            let year = rng.range((t.hire_date.year() as i64 + 1).min(last), last) as i32;
            // In May of a year after the hire; for this year's newcomers (no May yet since
            // they came) halfway between the hire date and today: never before the hire date,
            // which the form refuses.
            let may = date(year, 5, 15).min(anchor());
            let achieved_on = if may > t.hire_date {
                may
            } else {
                t.hire_date + (anchor() - t.hire_date) / 2
            };
            out.push(Achievement {
                teacher_id: t.id,
                kind,
                title: match kind {
                    "public_lesson" => format!("{}公开课", t.subject),
                    "prize" => format!("{}优质课评比", t.subject),
                    "paper" => format!("{}教学研究论文", t.subject),
                    _ => format!("{}课题研究", t.subject),
                },
                level,
                award_rank: (kind == "prize").then(|| rng.range(1, 3) as i16),
                achieved_on,
            });
        }
    }
    out
}

fn goals(teachers: &[Teacher], rng: &mut Rng) -> Vec<Goal> {
    let mut out = Vec::new();
    for t in teachers.iter().filter(|t| t.cohort_year.is_some()) {
        for _ in 0..rng.range(1, 3) {
            let progress = rng.range(0, 100) as i16;
            out.push(Goal {
                teacher_id: t.id,
                title: rng.pick(GOALS),
                target_on: date(2027, 6, 30),
                progress,
                status: match progress {
                    0 => "planned",
                    100 => "achieved",
                    _ => "in_progress",
                },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_district() {
        let a = generate(300, DEFAULT_YEARS, 7);
        let b = generate(300, DEFAULT_YEARS, 7);
        let names = |d: &District| {
            d.teachers
                .iter()
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b));
        assert_eq!(a.sessions.len(), b.sessions.len());
        assert_eq!(a.events.len(), b.events.len());
    }

    #[test]
    fn default_size_has_sixty_schools_and_six_cohorts() {
        let d = generate(3000, DEFAULT_YEARS, 20261127);
        assert_eq!(d.schools.len(), 60);
        assert_eq!(d.teachers.len(), 3000);
        let cohorts: HashSet<i32> = d.teachers.iter().filter_map(|t| t.cohort_year).collect();
        assert_eq!(cohorts.len(), 6);
    }

    #[test]
    fn mentors_never_exceed_three_active_mentees_nor_mentor_themselves() {
        let d = generate(1500, DEFAULT_YEARS, 1);
        let mut active = std::collections::HashMap::new();
        for p in d.pairings.iter().filter(|p| p.ended_on.is_none()) {
            assert_ne!(p.mentor_id, p.mentee_id);
            *active.entry(p.mentor_id).or_insert(0) += 1;
        }
        assert!(active.values().all(|n| *n <= 3));
        assert!(!active.is_empty());
    }

    #[test]
    fn no_session_is_after_the_anchor_or_before_its_pairing() {
        let d = generate(800, 12, 3);
        for s in &d.sessions {
            let p = &d.pairings[(s.pairing_id - 1) as usize];
            assert!(s.held_on <= anchor());
            assert!(s.held_on >= p.started_on);
        }
    }

    #[test]
    fn more_years_add_earlier_history_and_keep_the_teachers_and_tracked_pairs() {
        let short = generate(600, DEFAULT_YEARS, 5);
        let long = generate(600, 20, 5);
        let pairs = |d: &District| {
            d.pairings
                .iter()
                .map(|p| (p.mentor_id, p.mentee_id, p.started_on))
                .collect::<Vec<_>>()
        };
        assert_eq!(pairs(&short), pairs(&long)[..short.pairings.len()]);
        assert!(long.events.len() > short.events.len() * 3);
        assert!(long.claims.len() > short.claims.len());
        assert!(long.sessions.len() > short.sessions.len());
        let first = long.events.iter().map(|e| e.starts_on).min().unwrap();
        assert_eq!(first.year(), 2007);
        // The earlier pairings are closed, before the tracked cohorts, and never self-mentoring.
        for p in &long.pairings[short.pairings.len()..] {
            assert!(p.ended_on.is_some_and(|e| e.year() <= 2021));
            assert_ne!(p.mentor_id, p.mentee_id);
        }
        let names = |d: &District| {
            d.teachers
                .iter()
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&short), names(&long));
    }
}
