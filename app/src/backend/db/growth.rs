//! SQL for the growth path: the timeline, achievements, goals, and the eligibility profiles.
use super::evidence::{self, Owner};
use crate::domain::codes::Level;
use crate::domain::eligibility::{Achieved, AchievementKind, Criteria, Degree, Profile};
use crate::views::growth::{AchievementRow, GoalNote, GoalRow, TimelineItem};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use std::collections::HashMap;

/// Every dated step of a teacher's path, newest first.
pub async fn timeline(pool: &PgPool, teacher_id: i64) -> Result<Vec<TimelineItem>, sqlx::Error> {
    let rows: Vec<(NaiveDate, String, String, String, String, String)> = sqlx::query_as(
        "SELECT t.hire_date, 'hire', '', s.name, s.name, COALESCE(c.name, '')
           FROM teachers t JOIN schools s ON s.id = t.school_id
           LEFT JOIN entry_cohorts c ON c.year = t.cohort_year WHERE t.id = $1
         UNION ALL
         SELECT h.from_date, 'transfer', '', s.name, s.name, ''
           FROM teacher_school_history h JOIN schools s ON s.id = h.school_id JOIN teachers t ON t.id = h.teacher_id
          WHERE h.teacher_id = $1 AND h.from_date > t.hire_date
         UNION ALL
         SELECT tp.promoted_on, 'promotion', '', l.name, l.name_en, COALESCE(tp.note, '')
           FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id WHERE tp.teacher_id = $1
         UNION ALL
         SELECT e.started_on, 'programme', e.outcome, p.name, p.name_en, e.stage
           FROM programme_enrolments e JOIN programmes p ON p.id = e.programme_id WHERE e.teacher_id = $1
         UNION ALL
         SELECT c.changed_on, 'party', c.stage, '', '', '' FROM party_stage_changes c WHERE c.teacher_id = $1
         UNION ALL
         SELECT a.achieved_on, 'achievement', a.kind, a.title, a.title, a.level
           FROM achievements a WHERE a.teacher_id = $1 AND a.status <> 'rejected'
         UNION ALL
         SELECT p.started_on, 'pairing', CASE WHEN p.mentee_id = $1 THEN 'mentee' ELSE 'mentor' END,
                o.name, o.name, COALESCE(p.ended_on::text, '')
           FROM mentor_pairings p
           JOIN teachers o ON o.id = CASE WHEN p.mentee_id = $1 THEN p.mentor_id ELSE p.mentee_id END
          WHERE p.mentee_id = $1 OR p.mentor_id = $1
         ORDER BY 1 DESC, 2",
    )
    .bind(teacher_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(on, kind, code, title, title_en, detail)| TimelineItem {
            on,
            kind,
            code,
            title,
            title_en,
            detail,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct AchievementDb {
    id: i64,
    kind: String,
    title: String,
    level: String,
    award_rank: Option<i16>,
    achieved_on: NaiveDate,
    status: String,
    reject_reason: Option<String>,
}

pub const ACHIEVEMENT_COLUMNS: &str =
    "a.id, a.kind, a.title, a.level, a.award_rank, a.achieved_on, a.status, a.reject_reason";

/// A teacher's achievements with their evidence files, newest first.
pub async fn achievements(
    pool: &PgPool,
    teacher_id: i64,
) -> Result<Vec<AchievementRow>, sqlx::Error> {
    let rows: Vec<AchievementDb> = sqlx::query_as(&format!(
        "SELECT {ACHIEVEMENT_COLUMNS} FROM achievements a WHERE a.teacher_id = $1
         ORDER BY a.achieved_on DESC, a.id DESC"
    ))
    .bind(teacher_id)
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut by_id = evidence::listed(pool, Owner::Achievement, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| AchievementRow {
            evidence: by_id.remove(&r.id).unwrap_or_default(),
            id: r.id,
            kind: r.kind,
            title: r.title,
            level: r.level,
            award_rank: r.award_rank,
            achieved_on: r.achieved_on,
            status: r.status,
            reject_reason: r.reject_reason,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct NoteDb {
    goal_id: i64,
    kind: String,
    author: String,
    body: String,
    progress: Option<i16>,
    at: DateTime<Utc>,
}

/// A teacher's goals with their notes in order.
pub async fn goals(pool: &PgPool, teacher_id: i64) -> Result<Vec<GoalRow>, sqlx::Error> {
    let goals: Vec<(i64, String, Option<String>, NaiveDate, i16, String)> = sqlx::query_as(
        "SELECT id, title, measures, target_on, progress, status FROM growth_goals
         WHERE teacher_id = $1 ORDER BY target_on, id",
    )
    .bind(teacher_id)
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = goals.iter().map(|g| g.0).collect();
    let notes: Vec<NoteDb> = sqlx::query_as(
        "SELECT n.goal_id, n.kind, u.display_name AS author, n.body, n.progress, n.created_at AS at
         FROM goal_notes n JOIN users u ON u.id = n.author_id
         WHERE n.goal_id = ANY($1) ORDER BY n.created_at, n.id",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let mut by_goal: HashMap<i64, Vec<GoalNote>> = HashMap::new();
    for n in notes {
        by_goal.entry(n.goal_id).or_default().push(GoalNote {
            kind: n.kind,
            author: n.author,
            body: n.body,
            progress: n.progress,
            at: n.at,
        });
    }
    Ok(goals
        .into_iter()
        .map(
            |(id, title, measures, target_on, progress, status)| GoalRow {
                notes: by_goal.remove(&id).unwrap_or_default(),
                id,
                title,
                measures,
                target_on,
                progress,
                status,
            },
        )
        .collect())
}

/// One ladder level as the engine reads it.
#[derive(Clone, Debug)]
pub struct LadderLevel {
    pub id: i32,
    pub rank: i32,
    pub name: String,
    pub name_en: String,
    pub criteria: Criteria,
}

/// The statement of [`ladder`].
pub const LADDER: &str =
    "SELECT id, rank, name, name_en, criteria FROM tier_levels WHERE active ORDER BY rank";

pub async fn ladder(pool: &PgPool) -> Result<Vec<LadderLevel>, sqlx::Error> {
    let rows: Vec<(i32, i32, String, String, serde_json::Value)> =
        sqlx::query_as(LADDER).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, rank, name, name_en, criteria)| LadderLevel {
            id,
            rank,
            name,
            name_en,
            // Criteria the engine cannot read are treated as none; the editor writes valid ones.
            criteria: serde_json::from_value(criteria).unwrap_or_default(),
        })
        .collect())
}

/// Eligibility profiles of the given teachers (or every active one): everything but the hours,
/// which the caller adds from the rules engine.
pub async fn profiles(
    pool: &PgPool,
    only: Option<&[i64]>,
) -> Result<Vec<(i64, i32, Profile)>, sqlx::Error> {
    let teachers: Vec<(i64, NaiveDate, Option<String>, i32, i64)> = sqlx::query_as(
        "SELECT t.id, t.hire_date, t.education,
                COALESCE((SELECT max(l.rank) FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id
                          WHERE tp.teacher_id = t.id), 0),
                (SELECT count(DISTINCT p.mentee_id) FROM mentor_pairings p WHERE p.mentor_id = t.id)
         FROM teachers t WHERE ($1::int8[] IS NULL AND t.active) OR t.id = ANY($1) ORDER BY t.id",
    )
    .bind(only)
    .fetch_all(pool)
    .await?;
    let achieved: Vec<(i64, String, String, Option<i16>, NaiveDate, bool)> = sqlx::query_as(
        "SELECT teacher_id, kind, level, award_rank, achieved_on, status = 'verified' FROM achievements
         WHERE status <> 'rejected' AND ($1::int8[] IS NULL OR teacher_id = ANY($1))",
    )
    .bind(only)
    .fetch_all(pool)
    .await?;
    let mut by_teacher: HashMap<i64, Vec<Achieved>> = HashMap::new();
    for (t, kind, level, rank, on, verified) in achieved {
        if let (Some(kind), Some(level)) = (AchievementKind::parse(&kind), Level::parse(&level)) {
            by_teacher.entry(t).or_default().push(Achieved {
                kind,
                level,
                rank,
                on,
                verified,
            });
        }
    }
    Ok(teachers
        .into_iter()
        .map(|(id, hire_date, education, rank, mentees)| {
            (
                id,
                rank,
                Profile {
                    hire_date,
                    degree: education.as_deref().and_then(Degree::parse),
                    cycle_tenths: 0,
                    mentees: mentees as u32,
                    achievements: by_teacher.remove(&id).unwrap_or_default(),
                },
            )
        })
        .collect())
}

/// The active tier levels as (id, name, English name), lowest rank first: the choices of the
/// roster's and the surveys' tier filters.
pub async fn tier_names(pool: &sqlx::PgPool) -> Result<Vec<(i32, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, name_en FROM tier_levels WHERE active ORDER BY rank")
        .fetch_all(pool)
        .await
}
