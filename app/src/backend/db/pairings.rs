//! Pairings: lookups for the checks, the list, inserts and ends.
use crate::views::pairings::{Candidate, PairingRow, ProgrammeOption, Suggestion};
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

#[derive(sqlx::FromRow)]
pub struct TeacherRef {
    pub id: i64,
    pub school_id: i32,
    pub mentor_capacity: i16,
    pub hire_date: NaiveDate,
}

pub async fn teacher_by_staff_no(
    db: &mut PgConnection,
    staff_no: &str,
) -> Result<Option<TeacherRef>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, school_id, mentor_capacity, hire_date FROM teachers WHERE staff_no = $1 AND active",
    )
    .bind(staff_no)
    .fetch_optional(db)
    .await
}

pub async fn programme_id(db: &mut PgConnection, code: &str) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM programmes WHERE code = $1 AND active")
        .bind(code)
        .fetch_optional(db)
        .await
}

pub async fn active_load(db: &mut PgConnection, mentor_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM mentor_pairings WHERE mentor_id = $1 AND ended_on IS NULL",
    )
    .bind(mentor_id)
    .fetch_one(db)
    .await
}

/// The mentor of the mentee's active pairing in this programme, if any.
pub async fn active_mentor_of(
    db: &mut PgConnection,
    mentee_id: i64,
    programme_id: i32,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT mentor_id FROM mentor_pairings
         WHERE mentee_id = $1 AND COALESCE(programme_id, 0) = $2 AND ended_on IS NULL",
    )
    .bind(mentee_id)
    .bind(programme_id)
    .fetch_optional(db)
    .await
}

pub struct NewPairing {
    pub mentor_id: i64,
    pub mentee_id: i64,
    pub programme_id: i32,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub over_capacity: bool,
    pub created_by: i64,
}

/// Inserts the pairing and grants its mentor's account the mentor role in the same
/// transaction: a teacher paired as a mentor can mentor at once.
pub async fn insert(db: &mut PgConnection, p: &NewPairing) -> Result<i64, sqlx::Error> {
    let id = sqlx::query_scalar(
        "INSERT INTO mentor_pairings (mentor_id, mentee_id, programme_id, started_on, ended_on, over_capacity, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(p.mentor_id)
    .bind(p.mentee_id)
    .bind(p.programme_id)
    .bind(p.started_on)
    .bind(p.ended_on)
    .bind(p.over_capacity)
    .bind(p.created_by)
    .fetch_one(&mut *db)
    .await?;
    sqlx::query(
        "INSERT INTO user_roles (user_id, role) SELECT id, 'mentor' FROM users WHERE teacher_id = $1
         ON CONFLICT DO NOTHING",
    )
    .bind(p.mentor_id)
    .execute(&mut *db)
    .await?;
    Ok(id)
}

/// Ends an active pairing; false when it was not active or `on` is before its start.
pub async fn end(
    db: &mut PgConnection,
    id: i64,
    on: NaiveDate,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let res = sqlx::query(
        "UPDATE mentor_pairings SET ended_on = $2, end_reason = $3
         WHERE id = $1 AND ended_on IS NULL AND started_on <= $2",
    )
    .bind(id)
    .bind(on)
    .bind(reason)
    .execute(db)
    .await?;
    Ok(res.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    mentor_name: String,
    mentor_staff_no: String,
    mentee_id: i64,
    mentee_name: String,
    mentee_staff_no: String,
    school_name: String,
    programme: Option<String>,
    programme_en: Option<String>,
    started_on: NaiveDate,
    ended_on: Option<NaiveDate>,
    end_reason: Option<String>,
    over_capacity: bool,
    cross_school: bool,
    mentor_load: i64,
    mentor_capacity: i16,
}

/// Pairings whose mentee is in `schools` (all schools when `None`), active first.
pub async fn list(
    pool: &PgPool,
    schools: Option<&[i32]>,
    show_ended: bool,
    id: Option<i64>,
) -> Result<Vec<PairingRow>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, m.name AS mentor_name, m.staff_no AS mentor_staff_no, e.id AS mentee_id,
                e.name AS mentee_name, e.staff_no AS mentee_staff_no, s.name AS school_name,
                g.name AS programme, g.name_en AS programme_en, p.started_on, p.ended_on, p.end_reason,
                p.over_capacity, m.mentor_capacity,
                (p.ended_on IS NULL AND m.school_id <> e.school_id) AS cross_school,
                (SELECT count(*) FROM mentor_pairings x WHERE x.mentor_id = p.mentor_id AND x.ended_on IS NULL) AS mentor_load
         FROM mentor_pairings p
         JOIN teachers m ON m.id = p.mentor_id
         JOIN teachers e ON e.id = p.mentee_id
         JOIN schools s ON s.id = e.school_id
         LEFT JOIN programmes g ON g.id = p.programme_id
         WHERE ($1::int[] IS NULL OR e.school_id = ANY($1) OR m.school_id = ANY($1))
           AND ($2 OR p.ended_on IS NULL)
           AND ($3::bigint IS NULL OR p.id = $3)
         ORDER BY p.ended_on IS NOT NULL, s.name, m.name, e.name
         LIMIT 1000",
    )
    .bind(schools)
    .bind(show_ended)
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PairingRow {
            id: r.id,
            mentor_name: r.mentor_name,
            mentor_staff_no: r.mentor_staff_no,
            mentee_id: r.mentee_id,
            mentee_name: r.mentee_name,
            mentee_staff_no: r.mentee_staff_no,
            school_name: r.school_name,
            programme: r.programme.zip(r.programme_en),
            started_on: r.started_on,
            ended_on: r.ended_on,
            end_reason: r.end_reason,
            over_capacity: r.over_capacity,
            cross_school: r.cross_school,
            mentor_load: r.mentor_load,
            mentor_capacity: r.mentor_capacity as i32,
        })
        .collect())
}

pub async fn programmes(pool: &PgPool) -> Result<Vec<ProgrammeOption>, sqlx::Error> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT code, name, name_en FROM programmes WHERE active AND kind IN ('mentoring', 'new_teacher') ORDER BY id")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, name_en)| ProgrammeOption {
            code,
            name,
            name_en,
        })
        .collect())
}

/// The columns both sides of a suggestion share.
#[derive(sqlx::FromRow)]
struct Brief {
    teacher_id: i64,
    staff_no: String,
    name: String,
    school_id: i32,
    school_name: String,
    subject: String,
    stage: String,
}

#[derive(sqlx::FromRow)]
struct Unpaired {
    #[sqlx(flatten)]
    t: Brief,
    cohort_year: Option<i32>,
}

#[derive(sqlx::FromRow)]
struct MentorRow {
    #[sqlx(flatten)]
    t: Brief,
    load: i64,
    capacity: i16,
}

/// New teachers of the last three cohorts without an active mentor, each with up to three
/// mentors of the same subject and stage who have room, same school first.
pub async fn suggestions(
    pool: &PgPool,
    schools: Option<&[i32]>,
    this_year: i32,
) -> Result<Vec<Suggestion>, sqlx::Error> {
    let unpaired: Vec<Unpaired> = sqlx::query_as(
        "SELECT t.id AS teacher_id, t.staff_no, t.name, t.school_id, s.name AS school_name, t.subject, t.stage, t.cohort_year
         FROM teachers t JOIN schools s ON s.id = t.school_id
         WHERE t.active AND t.cohort_year >= $2 - 2
           AND ($1::int[] IS NULL OR t.school_id = ANY($1))
           AND NOT EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentee_id = t.id AND p.ended_on IS NULL)
         ORDER BY t.cohort_year DESC, s.name, t.name LIMIT 200",
    )
    .bind(schools)
    .bind(this_year)
    .fetch_all(pool)
    .await?;
    if unpaired.is_empty() {
        return Ok(Vec::new());
    }
    let subjects: Vec<String> = unpaired.iter().map(|u| u.t.subject.clone()).collect();
    let mentors: Vec<MentorRow> = sqlx::query_as(
        "SELECT t.id AS teacher_id, t.staff_no, t.name, t.school_id, s.name AS school_name, t.subject, t.stage,
                t.mentor_capacity AS capacity, l.load
         FROM teachers t JOIN schools s ON s.id = t.school_id
         CROSS JOIN LATERAL (SELECT count(*) AS load FROM mentor_pairings p
                             WHERE p.mentor_id = t.id AND p.ended_on IS NULL) l
         WHERE t.active AND t.cohort_year IS NULL AND t.subject = ANY($1)
           AND t.mentor_capacity > l.load
           AND (t.title IN ('level1', 'senior', 'professor')
                OR EXISTS (SELECT 1 FROM tier_promotions tp WHERE tp.teacher_id = t.id))",
    )
    .bind(&subjects)
    .fetch_all(pool)
    .await?;
    Ok(unpaired
        .into_iter()
        .map(|Unpaired { t: u, cohort_year }| {
            let mut candidates: Vec<&MentorRow> = mentors
                .iter()
                .filter(|m| m.t.subject == u.subject && m.t.stage == u.stage)
                .collect();
            candidates.sort_by_key(|m| (m.t.school_id != u.school_id, m.load, m.t.teacher_id));
            Suggestion {
                candidates: candidates
                    .into_iter()
                    .take(3)
                    .map(|m| Candidate {
                        teacher_id: m.t.teacher_id,
                        staff_no: m.t.staff_no.clone(),
                        name: m.t.name.clone(),
                        school_name: m.t.school_name.clone(),
                        same_school: m.t.school_id == u.school_id,
                        load: m.load,
                        capacity: m.capacity as i32,
                    })
                    .collect(),
                teacher_id: u.teacher_id,
                staff_no: u.staff_no,
                name: u.name,
                school_name: u.school_name,
                subject: u.subject,
                stage: u.stage,
                cohort_year,
            }
        })
        .collect())
}
