//! The growth path: who may see it, the gap to the next tier, achievements and their
//! verification (the school's coordinator or center staff; never one's own).
use super::caller::Caller;
use super::db;
use super::evidence::{self, Owner, Upload};
use super::hours::subject;
use super::policy;
use crate::domain::eligibility::{evaluate, Profile};
use crate::domain::growth::{AchievementForm, NewAchievement};
use crate::domain::notices::NoticeKind;
use crate::domain::text::required;
use crate::error::{AppError, FieldProblem};
use crate::views::auth::UserView;
use crate::views::growth::{GrowthView, NextTier};
use chrono::NaiveDate;
use sqlx::PgPool;

/// The next level above `rank` on the ladder, with how the profile meets its criteria.
pub fn next_tier(
    ladder: &[db::growth::LadderLevel],
    rank: i32,
    profile: &Profile,
    today: NaiveDate,
) -> Option<NextTier> {
    let next = ladder
        .iter()
        .filter(|l| l.rank > rank)
        .min_by_key(|l| l.rank)?;
    Some(NextTier {
        id: next.id,
        name: next.name.clone(),
        name_en: next.name_en.clone(),
        results: evaluate(&next.criteria, profile, today),
    })
}

/// Profiles with their counted cycle hours filled in from the rules engine.
pub async fn profiles_with_hours(
    pool: &PgPool,
    only: Option<&[i64]>,
    today: NaiveDate,
) -> Result<Vec<(i64, i32, Profile)>, AppError> {
    let mut profiles = db::growth::profiles(pool, only).await?;
    let rules = db::hours::rules(pool).await?;
    let hours = db::hours::entries_by_teacher(pool, &rules, only, today).await?;
    let by_teacher: std::collections::HashMap<i64, i64> = hours
        .into_iter()
        .map(|(id, hired, entries)| {
            let p = crate::domain::requirements::progress(&entries, &rules, hired, today);
            (id, p.cycle().map_or(0, |c| c.total_tenths))
        })
        .collect();
    for (id, _, p) in &mut profiles {
        p.cycle_tenths = by_teacher.get(id).copied().unwrap_or(0);
    }
    Ok(profiles)
}

async fn teacher_school(pool: &PgPool, teacher_id: i64) -> Result<i32, AppError> {
    sqlx::query_scalar("SELECT school_id FROM teachers WHERE id = $1")
        .bind(teacher_id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// Coordinators of the teacher's school and center staff review and verify.
fn reviews(user: &UserView, school_id: i32) -> bool {
    policy::manages_school(user, school_id)
}

/// A teacher's growth path as the caller may see it (their own when `teacher_id` is `None`).
pub async fn view(c: &Caller, teacher_id: Option<i64>) -> Result<GrowthView, AppError> {
    let (pool, user, today) = (c.pool(), &c.user, c.today);
    let id = subject(c, teacher_id).await?;
    let summary = db::teachers::summary(pool, id, today)
        .await?
        .ok_or(AppError::NotFound)?;
    let school_id = teacher_school(pool, id).await?;
    let ladder = db::growth::ladder(pool).await?;
    let (_, rank, profile) = profiles_with_hours(pool, Some(&[id]), today)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let is_mentor: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM mentor_pairings WHERE mentee_id = $1 AND mentor_id = $2 AND ended_on IS NULL)",
    )
    .bind(id)
    .bind(user.teacher_id)
    .fetch_one(pool)
    .await?;
    Ok(GrowthView {
        today,
        teacher_id: id,
        name: summary.name,
        staff_no: summary.staff_no,
        school_name: summary.school_name,
        subject: summary.subject,
        hire_date: summary.hire_date,
        cohort_year: summary.cohort_year,
        party_stage: summary.party_stage,
        tier: summary.tier,
        next: next_tier(&ladder, rank, &profile, today),
        timeline: db::growth::timeline(pool, id).await?,
        achievements: db::growth::achievements(pool, id).await?,
        goals: db::growth::goals(pool, id).await?,
        own: user.teacher_id == Some(id),
        can_verify: reviews(user, school_id) && user.teacher_id != Some(id),
        can_comment: is_mentor,
        can_review: reviews(user, school_id) && user.teacher_id != Some(id),
        can_correct: policy::may_correct(user),
    })
}

/// Records an achievement for the user's own teacher record, with its evidence files.
pub async fn file_achievement(
    c: &Caller,
    form: &AchievementForm,
    uploads: &[Upload],
) -> Result<i64, AppError> {
    let (pool, user) = (c.pool(), &c.user);
    let teacher_id = policy::own_teacher(user)?;
    let hire_date: NaiveDate = sqlx::query_scalar("SELECT hire_date FROM teachers WHERE id = $1")
        .bind(teacher_id)
        .fetch_one(pool)
        .await?;
    let mut errors = match NewAchievement::parse(form, hire_date, c.today) {
        Ok(_) => Vec::new(),
        Err(AppError::Invalid(e)) => e,
        Err(other) => return Err(other),
    };
    let files = evidence::check(uploads, 0, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let a = NewAchievement::parse(form, hire_date, c.today)?;
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO achievements (teacher_id, kind, title, level, award_rank, achieved_on, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(teacher_id)
    .bind(a.kind.code())
    .bind(&a.title)
    .bind(a.level.code())
    .bind(a.award_rank)
    .bind(a.achieved_on)
    .bind(&a.detail)
    .fetch_one(&mut *tx)
    .await?;
    evidence::store(&mut tx, Owner::Achievement, id, &files).await?;
    db::audit::commit(tx, user.id, "record", "achievement", id).await?;
    let now = [NoticeKind::AchievementsToVerify];
    super::notices::after_write(c.pool(), c.today, &now).await;
    Ok(id)
}

/// The achievement's teacher and school, and its status, locked for the change.
async fn lock_achievement(
    tx: &mut sqlx::PgConnection,
    id: i64,
) -> Result<(i64, i32, String), AppError> {
    let row: Option<(i64, i32, String)> = sqlx::query_as(
        "SELECT a.teacher_id, t.school_id, a.status FROM achievements a
         JOIN teachers t ON t.id = a.teacher_id WHERE a.id = $1 FOR UPDATE OF a",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    row.ok_or(AppError::NotFound)
}

pub async fn verify(c: &Caller, id: i64, decision: &str, reason: &str) -> Result<(), AppError> {
    let user = &c.user;
    let verify = match decision {
        "verify" => true,
        "reject" => false,
        _ => return Err(AppError::field("decision", FieldProblem::Invalid)),
    };
    let reason = if verify {
        None
    } else {
        Some(required("reason", reason, 500)?)
    };
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let (teacher_id, school_id, status) = lock_achievement(&mut tx, id).await?;
    // An achievement outside the reviewer's schools answers as a missing one.
    if !reviews(user, school_id) {
        return Err(AppError::NotFound);
    }
    if user.teacher_id == Some(teacher_id) {
        return Err(AppError::field("decision", FieldProblem::OwnClaim));
    }
    if status != "pending" {
        return Err(AppError::Locked);
    }
    sqlx::query(
        "UPDATE achievements SET status = $2, reject_reason = $3, verified_by = $4, verified_at = now() WHERE id = $1",
    )
    .bind(id)
    .bind(if verify { "verified" } else { "rejected" })
    .bind(&reason)
    .bind(user.id)
    .execute(&mut *tx)
    .await?;
    db::audit::commit(
        tx,
        user.id,
        if verify { "verify" } else { "reject" },
        "achievement",
        id,
    )
    .await?;
    Ok(())
}

/// Only the teacher, only while nobody has verified it.
pub async fn delete_achievement(c: &Caller, id: i64) -> Result<(), AppError> {
    let user = &c.user;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let (teacher_id, _, status) = lock_achievement(&mut tx, id).await?;
    // Only its teacher deletes it; to anyone else it answers as a missing one.
    if user.teacher_id != Some(teacher_id) {
        return Err(AppError::NotFound);
    }
    if status == "verified" {
        return Err(AppError::Locked);
    }
    sqlx::query("DELETE FROM achievements WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    db::audit::commit(tx, user.id, "delete", "achievement", id).await?;
    Ok(())
}

/// An achievement's evidence file, for whoever may see the teacher's path.
pub async fn evidence(c: &Caller, id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    let (pool, user) = (c.pool(), &c.user);
    let row: Option<(i64, String, String, Vec<u8>)> = sqlx::query_as(
        "SELECT a.teacher_id, e.file_name, e.content_type, e.data FROM achievement_evidence e
         JOIN achievements a ON a.id = e.achievement_id WHERE e.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let (teacher_id, name, content_type, data) = row.ok_or(AppError::Forbidden)?;
    super::policy::can_view_teacher(pool, user, teacher_id).await?;
    Ok((name, content_type, data))
}

/// Center staff change a verified achievement; the old values and the reason are kept.
pub async fn correct_achievement(
    c: &Caller,
    id: i64,
    form: &AchievementForm,
    reason: &str,
) -> Result<(), AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let reason = required("reason", reason, 500)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let (teacher_id, _, status) = lock_achievement(&mut tx, id).await?;
    if status != "verified" {
        // Unverified records are still the teacher's to change.
        return Err(AppError::Locked);
    }
    let hire_date: NaiveDate = sqlx::query_scalar("SELECT hire_date FROM teachers WHERE id = $1")
        .bind(teacher_id)
        .fetch_one(&mut *tx)
        .await?;
    let a = NewAchievement::parse(form, hire_date, c.today)?;
    sqlx::query(
        "INSERT INTO achievement_corrections (achievement_id, old_values, reason, corrected_by)
         SELECT id, jsonb_build_object('kind', kind, 'title', title, 'level', level,
                                       'award_rank', award_rank, 'achieved_on', achieved_on), $2, $3
         FROM achievements WHERE id = $1",
    )
    .bind(id)
    .bind(&reason)
    .bind(user.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE achievements SET kind = $2, title = $3, level = $4, award_rank = $5, achieved_on = $6 WHERE id = $1",
    )
    .bind(id)
    .bind(a.kind.code())
    .bind(&a.title)
    .bind(a.level.code())
    .bind(a.award_rank)
    .bind(a.achieved_on)
    .execute(&mut *tx)
    .await?;
    db::audit::commit(tx, user.id, "correct", "achievement", id).await?;
    Ok(())
}
