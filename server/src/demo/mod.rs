//! The demo district: a realistic, deterministic SIP-like district for trying the app.
mod departures;
mod generate;
mod growth;
mod names;
mod rng;
pub mod validate;

pub use generate::{anchor, generate, District, DEFAULT_YEARS};

use crate::startup::BoxError;
use app::backend::password;
use app::domain::codes::Role;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};

pub const DEMO_PASSWORD: &str = "demo2026";
pub const SEED: u64 = 20_261_127;
/// Rows per INSERT: well under Postgres' 65,535 bind parameters.
const CHUNK: usize = 2000;

/// Loads the district (with `years` of history) into an empty database in one transaction. Returns the demo logins,
/// or `None` when the database already has teachers and `if_empty` is set.
pub async fn load(
    pool: &PgPool,
    teachers: u32,
    years: u32,
    if_empty: bool,
) -> Result<Option<Vec<(&'static str, String)>>, BoxError> {
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM teachers")
        .fetch_one(pool)
        .await?;
    if existing > 0 {
        return if if_empty {
            Ok(None)
        } else {
            Err("the database already has teachers; the demo loads only into an empty one".into())
        };
    }
    if teachers < 50 {
        return Err("--teachers must be at least 50".into());
    }
    if !(DEFAULT_YEARS..=35).contains(&years) {
        return Err("--years must be between 6 and 35".into());
    }
    let district = generate(teachers, years, SEED);
    // Only records the app itself would accept: the same domain checks as its forms.
    let problems = validate::problems(&district);
    if let Some(first) = problems.first() {
        return Err(format!(
            "the demo district has {} records the app would refuse, e.g. {first}",
            problems.len()
        )
        .into());
    }
    let hash = password::hash_async(DEMO_PASSWORD.to_string()).await;
    let mut tx = pool.begin().await?;
    insert_district(&mut tx, &district).await?;
    let logins = insert_users(&mut tx, &district, &hash).await?;
    growth::insert(&mut tx).await?;
    tx.commit().await?;
    Ok(Some(logins))
}

/// Inserts `rows` in chunks, each row's values pushed by `bind`.
async fn insert_rows<T>(
    tx: &mut PgConnection,
    head: &str,
    rows: &[T],
    bind: impl Fn(sqlx::query_builder::Separated<'_, '_, Postgres, &'static str>, &T) + Copy,
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(CHUNK) {
        let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(head);
        qb.push_values(chunk, bind);
        qb.build().execute(&mut *tx).await?;
    }
    Ok(())
}

async fn insert_district(tx: &mut PgConnection, d: &District) -> Result<(), BoxError> {
    insert_rows(
        tx,
        "INSERT INTO schools (id, code, name, stage) ",
        &d.schools,
        |mut b, s| {
            b.push_bind(s.id)
                .push_bind(s.code.clone())
                .push_bind(s.name.clone())
                .push_bind(s.stage);
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO entry_cohorts (year, name, starts_on)
         SELECT y, y || '级新教师', make_date(y, 8, 20) FROM generate_series(2021, 2026) AS y",
    )
    .execute(&mut *tx)
    .await?;
    insert_rows(
        tx,
        "INSERT INTO teachers (id, staff_no, name, gender, school_id, subject, stage, hire_date, cohort_year, title, party_stage, education, active, left_on, leave_reason) ",
        &d.teachers,
        |mut b, t| {
            b.push_bind(t.id)
                .push_bind(t.staff_no.clone())
                .push_bind(t.name.clone())
                .push_bind(t.gender)
                .push_bind(t.school_id)
                .push_bind(t.subject)
                .push_bind(t.stage)
                .push_bind(t.hire_date)
                .push_bind(t.cohort_year)
                .push_bind(t.title)
                .push_bind(t.party_stage)
                .push_bind(t.education)
                .push_bind(t.left_on.is_none())
                .push_bind(t.left_on)
                // The demo's leavers: those hired before 1997 retire, the others resign.
                .push_bind(t.left_on.map(|_| {
                    if chrono::Datelike::year(&t.hire_date) <= 1996 {
                        "retired"
                    } else {
                        "resigned"
                    }
                }));
        },
    )
    .await?;
    // Where each teacher taught: the earlier school for those who transferred, then the current
    // one, until the last day for those who left.
    let mut history = Vec::new();
    for t in &d.teachers {
        match t.previous_school {
            Some((school, until)) => {
                history.push((t.id, school, t.hire_date, Some(until)));
                history.push((t.id, t.school_id, until, t.left_on));
            }
            None => history.push((t.id, t.school_id, t.hire_date, t.left_on)),
        }
    }
    insert_rows(
        tx,
        "INSERT INTO teacher_school_history (teacher_id, school_id, from_date, to_date) ",
        &history,
        |mut b, h| {
            b.push_bind(h.0)
                .push_bind(h.1)
                .push_bind(h.2)
                .push_bind(h.3);
        },
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO tier_promotions (teacher_id, level_id, promoted_on) ",
        &d.promotions,
        |mut b, p| {
            b.push_bind(p.teacher_id)
                .push("(SELECT id FROM tier_levels WHERE rank = ")
                .push_bind_unseparated(p.rank)
                .push_unseparated(")")
                .push_bind(p.promoted_on);
        },
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO programme_enrolments (programme_id, teacher_id, stage, started_on, ended_on, outcome) ",
        &d.enrolments,
        |mut b, e| {
            b.push("(SELECT id FROM programmes WHERE code = ")
                .push_bind_unseparated(e.programme)
                .push_unseparated(")")
                .push_bind(e.teacher_id)
                .push_bind(e.stage)
                .push_bind(e.started_on)
                .push_bind(e.ended_on)
                .push_bind(e.outcome);
        },
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO mentor_pairings (id, mentor_id, mentee_id, programme_id, started_on, ended_on, end_reason) ",
        &d.pairings,
        |mut b, p| {
            b.push_bind(p.id)
                .push_bind(p.mentor_id)
                .push_bind(p.mentee_id)
                .push("(SELECT id FROM programmes WHERE code = 'mentoring')")
                .push_bind(p.started_on)
                .push_bind(p.ended_on)
                .push_bind(p.ended_on.map(|end| {
                    if d.teachers[(p.mentee_id - 1) as usize].left_on == Some(end) {
                        "徒弟离职"
                    } else {
                        "带教期满"
                    }
                }));
        },
    )
    .await?;
    for term in generate::terms() {
        sqlx::query("INSERT INTO terms (name, starts_on, ends_on) VALUES ($1, $2, $3)")
            .bind(term.name)
            .bind(term.starts_on)
            .bind(term.ends_on)
            .execute(&mut *tx)
            .await?;
    }
    insert_rows(
        tx,
        "INSERT INTO mentor_sessions (pairing_id, held_on, minutes, kind, topic, notes, mentee_reflection, confirmed_at) ",
        &d.sessions,
        |mut b, s| {
            b.push_bind(s.pairing_id)
                .push_bind(s.held_on)
                .push_bind(s.minutes)
                .push_bind(s.kind)
                .push_bind(s.topic)
                .push_bind("课堂观察与改进建议已记录。")
                .push_bind(s.confirmed.then_some("收获很大，下节课改进提问设计。"))
                .push_bind(s.confirmed.then(|| s.held_on.and_hms_opt(20, 0, 0).map(|t| t.and_utc())));
        },
    )
    .await?;
    insert_events(tx, d).await?;
    insert_claims(tx, d).await?;
    insert_rows(
        tx,
        "INSERT INTO achievements (teacher_id, kind, title, level, award_rank, achieved_on, status) ",
        &d.achievements,
        |mut b, a| {
            b.push_bind(a.teacher_id)
                .push_bind(a.kind)
                .push_bind(a.title.clone())
                .push_bind(a.level)
                .push_bind(a.award_rank)
                .push_bind(a.achieved_on)
                .push_bind("verified");
        },
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO growth_goals (teacher_id, title, target_on, progress, status) ",
        &d.goals,
        |mut b, g| {
            b.push_bind(g.teacher_id)
                .push_bind(g.title)
                .push_bind(g.target_on)
                .push_bind(g.progress)
                .push_bind(g.status);
        },
    )
    .await?;
    // Explicit ids were inserted: move the sequences past them.
    for (table, seq) in [
        ("schools", "schools_id_seq"),
        ("teachers", "teachers_id_seq"),
        ("mentor_pairings", "mentor_pairings_id_seq"),
        ("training_events", "training_events_id_seq"),
        ("hour_claims", "hour_claims_id_seq"),
    ] {
        sqlx::query(&format!(
            "SELECT setval('{seq}', GREATEST((SELECT max(id) FROM {table}), 1))"
        ))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn insert_events(tx: &mut PgConnection, d: &District) -> Result<(), BoxError> {
    insert_rows(
        tx,
        "INSERT INTO training_events (id, title, organizer, level, category, starts_on, ends_on, hours) ",
        &d.events,
        |mut b, e| {
            b.push_bind(e.id)
                .push_bind(e.title.clone())
                .push_bind(e.organizer)
                .push_bind(e.level)
                .push_bind(e.category)
                .push_bind(e.starts_on)
                .push_bind(e.ends_on)
                .push("(")
                .push_bind_unseparated(e.hours_tenths)
                .push_unseparated("::numeric / 10)");
        },
    )
    .await?;
    let attendance: Vec<(&generate::Event, i64)> = d
        .events
        .iter()
        .flat_map(|e| e.attendees.iter().map(move |t| (e, *t)))
        .collect();
    insert_rows(
        tx,
        "INSERT INTO event_attendance (event_id, teacher_id) ",
        &attendance,
        |mut b, (e, t)| {
            b.push_bind(e.id).push_bind(*t);
        },
    )
    .await?;
    // The center awards an event's hours to every attendee at once.
    sqlx::query(
        "INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source, event_id)
         SELECT a.teacher_id, e.hours, e.category, e.level, e.ends_on, 'event', e.id
         FROM event_attendance a JOIN training_events e ON e.id = a.event_id",
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn insert_claims(tx: &mut PgConnection, d: &District) -> Result<(), BoxError> {
    insert_rows(
        tx,
        "INSERT INTO hour_claims (id, teacher_id, title, organizer, starts_on, hours, category, level, earned_on, evidence, status, reject_reason, created_at, school_reviewed_at, center_reviewed_at) ",
        &d.claims,
        |mut b, c| {
            b.push_bind(c.id)
                .push_bind(c.teacher_id)
                .push_bind(c.title.clone())
                .push_bind(c.organizer)
                .push_bind(c.starts_on)
                .push("(")
                .push_bind_unseparated(c.hours_tenths)
                .push_unseparated("::numeric / 10)")
                .push_bind(c.category)
                .push_bind(c.level)
                .push_bind(c.earned_on)
                .push_bind("学校研修记录表（扫描件）")
                .push_bind(c.status)
                .push_bind((c.status == "rejected").then_some("证明材料不完整，请补充听课记录。"))
                .push_bind(c.earned_on.and_hms_opt(9, 0, 0).map(|t| t.and_utc()))
                .push_bind(
                    (c.status != "submitted")
                        .then(|| (c.earned_on + chrono::Duration::days(3)).and_hms_opt(10, 0, 0))
                        .flatten()
                        .map(|t| t.and_utc()),
                )
                .push_bind(
                    (c.status == "approved")
                        .then(|| (c.earned_on + chrono::Duration::days(7)).and_hms_opt(10, 0, 0))
                        .flatten()
                        .map(|t| t.and_utc()),
                );
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source, claim_id)
         SELECT teacher_id, hours, category, level, earned_on, 'claim', id
         FROM hour_claims WHERE status = 'approved'",
    )
    .execute(&mut *tx)
    .await?;
    // Claims still in review carry a scanned certificate, so reviewers have a file to open.
    sqlx::query(
        "INSERT INTO claim_evidence (claim_id, file_name, content_type, size_bytes, sha256, data)
         SELECT id, '证明材料.pdf', 'application/pdf', octet_length($1::bytea), $2, $1::bytea
         FROM hour_claims WHERE status IN ('submitted', 'school_approved')",
    )
    .bind(DEMO_PDF)
    .bind(demo_pdf_sha256())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A one-page PDF standing in for a scanned certificate.
const DEMO_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

fn demo_pdf_sha256() -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(DEMO_PDF)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every teacher gets an account (username = staff number, lower-case). Four are renamed to
/// easy demo logins, one per role; `center` is center staff without a teacher record.
async fn insert_users(
    tx: &mut PgConnection,
    d: &District,
    hash: &str,
) -> Result<Vec<(&'static str, String)>, BoxError> {
    // The demo teacher: a 2026 newcomer with a mentor; the mentor and the school's coordinator follow.
    let pairing = d
        .pairings
        .iter()
        .find(|p| {
            p.ended_on.is_none()
                && d.teachers[(p.mentee_id - 1) as usize].cohort_year == Some(2026)
                && d.coordinators.iter().any(|(s, c)| {
                    *s == d.teachers[(p.mentee_id - 1) as usize].school_id && *c != p.mentor_id
                })
        })
        .ok_or("demo district too small to pick the demo logins")?;
    let teacher = pairing.mentee_id;
    let mentor = pairing.mentor_id;
    let school = d.teachers[(teacher - 1) as usize].school_id;
    let coordinator = d
        .coordinators
        .iter()
        .find(|(s, _)| *s == school)
        .map(|(_, c)| *c)
        .ok_or("no coordinator for the demo school")?;
    let alias = |id: i64| match id {
        _ if id == teacher => Some("teacher"),
        _ if id == mentor => Some("mentor"),
        _ if id == coordinator => Some("coordinator"),
        _ => None,
    };
    insert_rows(
        tx,
        "INSERT INTO users (id, username, password_hash, display_name, teacher_id, disabled) ",
        &d.teachers,
        |mut b, t| {
            let username = alias(t.id)
                .map(str::to_string)
                .unwrap_or_else(|| t.staff_no.to_lowercase());
            b.push_bind(t.id)
                .push_bind(username)
                .push_bind(hash.to_string())
                .push_bind(t.name.clone())
                .push_bind(t.id)
                // A teacher who left keeps the account, closed.
                .push_bind(t.left_on.is_some());
        },
    )
    .await?;
    sqlx::query("SELECT setval('users_id_seq', (SELECT max(id) FROM users))")
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO user_roles (user_id, role) SELECT id, 'teacher' FROM users")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO user_roles (user_id, role)
         SELECT DISTINCT mentor_id, 'mentor' FROM mentor_pairings WHERE ended_on IS NULL",
    )
    .execute(&mut *tx)
    .await?;
    insert_rows(
        tx,
        "INSERT INTO user_roles (user_id, role, school_id) ",
        &d.coordinators,
        |mut b, (s, t)| {
            b.push_bind(*t)
                .push_bind("school_coordinator")
                .push_bind(*s);
        },
    )
    .await?;
    app::backend::db::users::create(
        tx,
        "center",
        hash,
        "中心管理员",
        None,
        &[(Role::CenterStaff, None)],
    )
    .await?;
    Ok(vec![
        ("center staff", "center".to_string()),
        ("school coordinator", "coordinator".to_string()),
        ("mentor", "mentor".to_string()),
        ("teacher", "teacher".to_string()),
    ])
}
