//! The ladder (center staff only): levels and criteria as data, promotions and enrolments one
//! at a time (the .xlsx import shares the checks), and the candidate pipeline.
use super::caller::Caller;
use super::db;
use super::growth::profiles_with_hours;
use super::policy;
use crate::domain::eligibility::{evaluate, missing, verified_only};
use crate::domain::growth::{past_date, promotion_in_order, LevelForm, NewLevel};
use crate::domain::teacher::StaffNo;
use crate::domain::text::required;
use crate::error::{AppError, FieldProblem};
use crate::views::ladder::{CandidateRow, CandidatesView, LadderView, LevelRow, ProgrammeRow};
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

async fn levels(pool: &PgPool) -> Result<Vec<LevelRow>, AppError> {
    let holders: Vec<(i32, i64)> = sqlx::query_as(
        "SELECT top.level_id, count(*) FROM (
            SELECT DISTINCT ON (tp.teacher_id) tp.teacher_id, tp.level_id
            FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id
            ORDER BY tp.teacher_id, l.rank DESC) top GROUP BY top.level_id",
    )
    .fetch_all(pool)
    .await?;
    Ok(db::growth::ladder(pool)
        .await?
        .into_iter()
        .map(|l| LevelRow {
            holders: holders
                .iter()
                .find(|(id, _)| *id == l.id)
                .map_or(0, |h| h.1),
            id: l.id,
            rank: l.rank,
            name: l.name,
            name_en: l.name_en,
            criteria: l.criteria,
        })
        .collect())
}

pub async fn view(c: &Caller) -> Result<LadderView, AppError> {
    policy::center_staff(&c.user)?;
    let pool = c.pool();
    let programmes: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT p.code, p.name, p.name_en,
                (SELECT count(*) FROM programme_enrolments e WHERE e.programme_id = p.id AND e.ended_on IS NULL)
         FROM programmes p WHERE p.active ORDER BY p.id",
    )
    .fetch_all(pool)
    .await?;
    Ok(LadderView {
        today: c.today,
        levels: levels(pool).await?,
        programmes: programmes
            .into_iter()
            .map(|(code, name, name_en, enrolled)| ProgrammeRow {
                code,
                name,
                name_en,
                enrolled,
            })
            .collect(),
    })
}

pub async fn save_level(c: &Caller, form: LevelForm) -> Result<(), AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let level = NewLevel::parse(&form)?;
    let criteria = serde_json::to_value(&level.criteria).map_err(|_| AppError::Internal)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let taken: Option<i32> =
        sqlx::query_scalar("SELECT id FROM tier_levels WHERE rank = $1 OR name = $2")
            .bind(level.rank)
            .bind(&level.name)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some_and(|t| Some(t) != level.id) {
        return Err(AppError::field("rank", FieldProblem::AlreadyExists));
    }
    let id: i32 = match level.id {
        Some(id) => sqlx::query_scalar(
            "UPDATE tier_levels SET rank = $2, name = $3, name_en = $4, criteria = $5 WHERE id = $1 RETURNING id",
        )
        .bind(id)
        .bind(level.rank)
        .bind(&level.name)
        .bind(&level.name_en)
        .bind(&criteria)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?,
        None => sqlx::query_scalar(
            "INSERT INTO tier_levels (rank, name, name_en, criteria) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(level.rank)
        .bind(&level.name)
        .bind(&level.name_en)
        .bind(&criteria)
        .fetch_one(&mut *tx)
        .await?,
    };
    db::audit::commit(tx, user.id, "save", "tier_level", id).await?;
    Ok(())
}

/// One field's problem, as the checks below report it.
fn field(f: &str, p: FieldProblem) -> AppError {
    AppError::field(f, p)
}

/// The teacher behind a staff number, with the hire date. The row is locked until the
/// transaction ends: two promotions of one teacher at once take turns, so the second sees the
/// first when it checks the ladder order.
async fn teacher_by_staff_no(
    db: &mut PgConnection,
    staff_no: &str,
) -> Result<(i64, NaiveDate), AppError> {
    let no = StaffNo::parse(staff_no).map_err(|_| field("staff_no", FieldProblem::Invalid))?;
    sqlx::query_as(
        "SELECT id, hire_date FROM teachers WHERE upper(staff_no) = upper($1) FOR UPDATE",
    )
    .bind(no.as_str())
    .fetch_optional(db)
    .await?
    .ok_or_else(|| field("staff_no", FieldProblem::UnknownStaffNo))
}

/// A promotion that passed every check.
pub struct CheckedPromotion {
    pub teacher_id: i64,
    pub level_id: i32,
    pub on: NaiveDate,
}

/// The checks every promotion passes, from the form or a file row.
pub async fn check_promotion(
    db: &mut PgConnection,
    staff_no: &str,
    level_id: i32,
    on: &str,
    today: NaiveDate,
) -> Result<CheckedPromotion, AppError> {
    let (teacher_id, hired) = teacher_by_staff_no(db, staff_no).await?;
    let rank: Option<i32> =
        sqlx::query_scalar("SELECT rank FROM tier_levels WHERE id = $1 AND active")
            .bind(level_id)
            .fetch_optional(&mut *db)
            .await?;
    let rank = rank.ok_or_else(|| field("level_id", FieldProblem::Invalid))?;
    let mut errors = Vec::new();
    let on =
        past_date(&mut errors, "promoted_on", on, hired, today).ok_or(AppError::Invalid(errors))?;
    let held: Vec<(i32, NaiveDate)> = sqlx::query_as(
        "SELECT l.rank, tp.promoted_on FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id
         WHERE tp.teacher_id = $1",
    )
    .bind(teacher_id)
    .fetch_all(&mut *db)
    .await?;
    promotion_in_order(rank, on, &held).map_err(|p| field("promoted_on", p))?;
    Ok(CheckedPromotion {
        teacher_id,
        level_id,
        on,
    })
}

pub async fn insert_promotion(
    db: &mut PgConnection,
    p: &CheckedPromotion,
    note: Option<&str>,
    by: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO tier_promotions (teacher_id, level_id, promoted_on, approved_by, note)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(p.teacher_id)
    .bind(p.level_id)
    .bind(p.on)
    .bind(by)
    .bind(note)
    .fetch_one(db)
    .await
}

pub async fn promote(
    c: &Caller,
    staff_no: &str,
    level_id: i32,
    on: &str,
    note: &str,
) -> Result<(), AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let note = crate::domain::text::optional("note", note, 500)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let p = check_promotion(&mut tx, staff_no, level_id, on, c.today).await?;
    let id = insert_promotion(&mut tx, &p, note.as_deref(), user.id).await?;
    db::audit::commit(tx, user.id, "promote", "tier_promotion", id).await?;
    Ok(())
}

/// An enrolment that passed every check.
pub struct CheckedEnrolment {
    pub teacher_id: i64,
    pub programme_id: i32,
    pub stage: String,
    pub on: NaiveDate,
}

pub async fn check_enrolment(
    db: &mut PgConnection,
    staff_no: &str,
    programme: &str,
    stage: &str,
    on: &str,
    today: NaiveDate,
) -> Result<CheckedEnrolment, AppError> {
    let (teacher_id, hired) = teacher_by_staff_no(db, staff_no).await?;
    let programme_id: Option<i32> =
        sqlx::query_scalar("SELECT id FROM programmes WHERE (code = $1 OR name = $1) AND active")
            .bind(crate::domain::text::choice(programme))
            .fetch_optional(&mut *db)
            .await?;
    let programme_id = programme_id.ok_or_else(|| field("programme", FieldProblem::Invalid))?;
    let stage = match stage.trim() {
        "" => "enrolled".to_string(),
        s => required("stage", s, 40)?,
    };
    let mut errors = Vec::new();
    let on =
        past_date(&mut errors, "started_on", on, hired, today).ok_or(AppError::Invalid(errors))?;
    let open: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM programme_enrolments WHERE programme_id = $1 AND teacher_id = $2 AND ended_on IS NULL)",
    )
    .bind(programme_id)
    .bind(teacher_id)
    .fetch_one(&mut *db)
    .await?;
    if open {
        return Err(field("programme", FieldProblem::AlreadyExists));
    }
    Ok(CheckedEnrolment {
        teacher_id,
        programme_id,
        stage,
        on,
    })
}

pub async fn insert_enrolment(
    db: &mut PgConnection,
    e: &CheckedEnrolment,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO programme_enrolments (programme_id, teacher_id, stage, started_on)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(e.programme_id)
    .bind(e.teacher_id)
    .bind(&e.stage)
    .bind(e.on)
    .fetch_one(db)
    .await
}

pub async fn enrol(
    c: &Caller,
    staff_no: &str,
    programme: &str,
    stage: &str,
    on: &str,
) -> Result<(), AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let e = check_enrolment(&mut tx, staff_no, programme, stage, on, c.today).await?;
    let id = insert_enrolment(&mut tx, &e).await?;
    db::audit::commit(tx, user.id, "enrol", "programme_enrolment", id).await?;
    Ok(())
}

/// For one level: teachers whose next tier it is and who meet every criterion, and those who
/// miss exactly one, with what is missing.
pub async fn candidates(c: &Caller, level_id: Option<i32>) -> Result<CandidatesView, AppError> {
    policy::center_staff(&c.user)?;
    let (pool, today) = (c.pool(), c.today);
    let levels = levels(pool).await?;
    let level = match level_id {
        Some(id) => levels
            .iter()
            .find(|l| l.id == id)
            .ok_or(AppError::NotFound)?,
        None => levels.first().ok_or(AppError::NotFound)?,
    }
    .clone();
    let below = levels
        .iter()
        .filter(|l| l.rank < level.rank)
        .map(|l| l.rank)
        .max()
        .unwrap_or(0);
    let names: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT t.id, t.staff_no, t.name, s.name FROM teachers t JOIN schools s ON s.id = t.school_id WHERE t.active",
    )
    .fetch_all(pool)
    .await?;
    let names: std::collections::HashMap<i64, (String, String, String)> = names
        .into_iter()
        .map(|(id, a, b, c)| (id, (a, b, c)))
        .collect();
    let mut ready = Vec::new();
    let mut one_short = Vec::new();
    for (id, rank, profile) in profiles_with_hours(pool, None, today).await? {
        // Whose next step this level is: holding the level just below (or none, for the first).
        if rank != below {
            continue;
        }
        let results = evaluate(&level.criteria, &profile, today);
        let short = missing(&results);
        if short > 1 {
            continue;
        }
        let Some((staff_no, name, school_name)) = names.get(&id).cloned() else {
            continue;
        };
        let relies_on_pending =
            missing(&evaluate(&level.criteria, &verified_only(&profile), today)) > short;
        let row = CandidateRow {
            relies_on_pending,
            teacher_id: id,
            staff_no,
            name,
            school_name,
            missing: results.into_iter().filter(|c| !c.met()).collect(),
        };
        if short == 0 {
            ready.push(row);
        } else {
            one_short.push(row);
        }
    }
    Ok(CandidatesView {
        level_id: level.id,
        levels,
        ready,
        one_short,
    })
}
