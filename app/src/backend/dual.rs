//! 党员骨干双培养: per school, the share of new Party members who are 名师/骨干, and the share
//! of newly named 名师/骨干 who are Party members, over a window of years, against the targets.
//! Center staff see every school; a coordinator sees their own.
use super::caller::Caller;
use super::db::{self, settings};
use super::policy;
use super::stat_queries::{self, Scope};
use crate::domain::stats::Filters;
use crate::error::{AppError, FieldProblem};
use crate::views::ladder::{DualSchool, DualTeacher, DualView};
use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;

#[derive(sqlx::FromRow)]
struct DualDb {
    id: i64,
    name: String,
    party_stage: String,
    tier: Option<String>,
    tier_en: Option<String>,
}

/// The settings' keys and defaults, in the order [`settings`] reads them.
pub const SETTINGS: [(&str, i64); 4] = [
    ("dual_window_years", 3),
    ("dual_backbone_min_rank", 2),
    ("dual_members_from_backbone", 50),
    ("dual_backbone_are_members", 60),
];

/// The targets and how they are counted, as the center set them.
pub struct DualSettings {
    pub min_rank: i64,
    pub window_years: i64,
    /// The window's first day: 1 January, `window_years - 1` years back.
    pub from: NaiveDate,
    pub target_members_from_backbone: i64,
    pub target_backbone_are_members: i64,
}

pub async fn settings(pool: &PgPool, today: NaiveDate) -> Result<DualSettings, AppError> {
    let v = settings::get_many(pool, &SETTINGS).await?;
    let window = v[0];
    Ok(DualSettings {
        min_rank: v[1],
        window_years: window,
        from: NaiveDate::from_ymd_opt(today.year() - window as i32 + 1, 1, 1).unwrap_or(today),
        target_members_from_backbone: v[2],
        target_backbone_are_members: v[3],
    })
}

/// Per school of the scope: new members (became 预备党员 in the window) and how many are
/// 名师/骨干 today; newly named 名师/骨干 (first reached the backbone rank in the window) and how
/// many are members today.
pub async fn per_school(
    pool: &PgPool,
    s: &Scope,
    d: &DualSettings,
) -> Result<Vec<DualSchool>, AppError> {
    let rows: Vec<(i32, String, i64, i64, i64, i64)> = s
        .query(&s.sql(stat_queries::DUAL_BY_SCHOOL))?
        .bind(d.min_rank as i32)
        .bind(d.from)
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(school_id, school_name, a, b, c, d)| DualSchool {
            school_id,
            school_name,
            new_members: a,
            new_members_backbone: b,
            new_backbone: c,
            new_backbone_members: d,
        })
        .collect())
}

/// The schools added up (the district row).
pub fn total(schools: &[DualSchool]) -> DualSchool {
    DualSchool {
        school_id: 0,
        school_name: String::new(),
        new_members: schools.iter().map(|s| s.new_members).sum(),
        new_members_backbone: schools.iter().map(|s| s.new_members_backbone).sum(),
        new_backbone: schools.iter().map(|s| s.new_backbone).sum(),
        new_backbone_members: schools.iter().map(|s| s.new_backbone_members).sum(),
    }
}

pub async fn view(c: &Caller, school: &str) -> Result<DualView, AppError> {
    let user = &c.user;
    let scope = policy::managed_schools(user)?;
    let school_id: Option<i32> = match school.trim() {
        "" => scope.as_ref().and_then(|s| s.first().copied()),
        s => Some(
            s.parse()
                .map_err(|_| AppError::field("school", FieldProblem::Invalid))?,
        ),
    };
    if school_id.is_some_and(|id| !policy::within(&scope, id)) {
        return Err(AppError::Forbidden);
    }
    let pool = c.pool();
    let d = settings(pool, c.today).await?;
    let all = Scope {
        schools: scope,
        filters: Filters::default(),
    };
    let schools = per_school(pool, &all, &d).await?;
    let district = total(&schools);
    let teachers: Vec<DualDb> = match school_id {
        Some(id) => {
            sqlx::query_as(
                "SELECT t.id, t.name, t.party_stage, top.name AS tier, top.name_en AS tier_en FROM teachers t
                 LEFT JOIN LATERAL (SELECT l.name, l.name_en FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id
                                    WHERE tp.teacher_id = t.id ORDER BY l.rank DESC LIMIT 1) top ON true
                 WHERE t.school_id = $1 AND t.active AND (t.party_stage <> 'none' OR top.name IS NOT NULL)
                 ORDER BY t.party_stage DESC, t.name",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        }
        None => Vec::new(),
    };
    Ok(DualView {
        from: d.from,
        target_members_from_backbone: d.target_members_from_backbone,
        target_backbone_are_members: d.target_backbone_are_members,
        backbone_min_rank: d.min_rank,
        window_years: d.window_years,
        schools,
        district,
        teachers: teachers
            .into_iter()
            .map(|d| DualTeacher {
                teacher_id: d.id,
                name: d.name,
                party_stage: d.party_stage,
                tier: d.tier.zip(d.tier_en),
            })
            .collect(),
        school_id,
    })
}

/// The targets (percent), the lowest rank that counts as 名师/骨干, and the window in years.
pub async fn set_targets(
    c: &Caller,
    members_from_backbone: &str,
    backbone_are_members: &str,
    min_rank: &str,
    window_years: &str,
) -> Result<(), AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let mut values = Vec::new();
    let mut errors = Vec::new();
    // Each setting with the form field that holds it (errors name the field).
    for (key, field, value, max) in [
        (
            "dual_members_from_backbone",
            "members_from_backbone",
            members_from_backbone,
            100,
        ),
        (
            "dual_backbone_are_members",
            "backbone_are_members",
            backbone_are_members,
            100,
        ),
        ("dual_backbone_min_rank", "min_rank", min_rank, 50),
        ("dual_window_years", "window_years", window_years, 20),
    ] {
        match value.trim().parse::<i64>() {
            Ok(v) if (1..=max).contains(&v) => values.push((key, v)),
            _ => errors.push(crate::error::FieldError {
                field: field.into(),
                problem: FieldProblem::OutOfRange { min: 1, max },
            }),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    for (key, value) in values {
        settings::set(&mut tx, key, value, user.id).await?;
    }
    db::audit::commit(tx, user.id, "set", "dual_targets", "").await?;
    Ok(())
}
