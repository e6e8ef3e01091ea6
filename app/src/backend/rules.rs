//! The requirement rules (center staff). A change is a new version from a date; the version in
//! force until then is closed the day before, so earlier judgments keep their numbers.
use super::caller::Caller;
use super::db;
use super::policy;
use crate::domain::claims::parse_tenths;
use crate::domain::codes::Level;
use crate::domain::dates::{parse_date, Window, SETUP_YEARS};
use crate::domain::requirements::Scope;
use crate::error::{AppError, FieldError, FieldProblem};
use crate::views::rules::RulesView;
use chrono::Duration;

pub async fn list(c: &Caller) -> Result<RulesView, AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let mut rules = db::hours::rules(c.pool()).await?;
    rules.sort_by(|a, b| a.code.cmp(&b.code).then(b.valid_from.cmp(&a.valid_from)));
    Ok(RulesView {
        today: c.today,
        rules,
    })
}

/// The edit form as typed.
pub struct RuleInput {
    pub min_hours: String,
    pub max_hours: String,
    pub unit_hours: String,
    pub min_level: String,
    pub period_years: String,
    pub valid_from: String,
}

/// Hours between 0.1 and 9999.9, or nothing when `optional` and blank.
fn hours(field: &str, value: &str, optional: bool, errors: &mut Vec<FieldError>) -> Option<i64> {
    if optional && value.trim().is_empty() {
        return None;
    }
    let t = parse_tenths(value).filter(|t| (1..=99_999).contains(t));
    if t.is_none() {
        errors.push(FieldError {
            field: field.into(),
            problem: FieldProblem::OutOfRange { min: 0, max: 9999 },
        });
    }
    t
}

pub async fn update(c: &Caller, code: &str, input: RuleInput) -> Result<(), AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let pool = c.pool();
    let rules = db::hours::rules(pool).await?;
    let current = rules
        .iter()
        .find(|r| r.code == code && r.valid_to.is_none())
        .ok_or(AppError::NotFound)?;
    let cap = current.scope == Scope::Cap;
    let mut errors = Vec::new();
    let min = hours("min_hours", &input.min_hours, cap, &mut errors);
    let max = hours("max_hours", &input.max_hours, !cap, &mut errors);
    let unit = hours("unit_hours", &input.unit_hours, true, &mut errors);
    // One converted activity is one record, which holds at most 200 hours.
    if unit.is_some_and(|u| u > 2000) {
        errors.push(FieldError {
            field: "unit_hours".into(),
            problem: FieldProblem::OutOfRange { min: 0, max: 200 },
        });
    }
    let level = match input.min_level.trim() {
        "" => None,
        l => {
            let level = Level::parse(l);
            if level.is_none() {
                errors.push(FieldError {
                    field: "min_level".into(),
                    problem: FieldProblem::Invalid,
                });
            }
            level
        }
    };
    let years = input
        .period_years
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1..=10).contains(y));
    if years.is_none() {
        errors.push(FieldError {
            field: "period_years".into(),
            problem: FieldProblem::OutOfRange { min: 1, max: 10 },
        });
    }
    let from = parse_date(&input.valid_from);
    match from {
        None => errors.push(FieldError {
            field: "valid_from".into(),
            problem: FieldProblem::Invalid,
        }),
        // A new version starts today at the earliest: judgments already made keep their rule.
        Some(f) if f <= current.valid_from || f < c.today => errors.push(FieldError {
            field: "valid_from".into(),
            problem: FieldProblem::DateOrder,
        }),
        Some(f) if !Window::district(c.today, SETUP_YEARS).contains(f) => errors.push(FieldError {
            field: "valid_from".into(),
            problem: Window::district(c.today, SETUP_YEARS).problem(),
        }),
        _ => {}
    }
    let (Some(from), Some(years)) = (from, years) else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = pool.begin().await?;
    let closed = sqlx::query(
        "UPDATE requirement_rules SET valid_to = $2 WHERE id = $1 AND valid_to IS NULL",
    )
    .bind(current.id)
    .bind(from - Duration::days(1))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if closed != 1 {
        // Someone else changed the rule meanwhile.
        return Err(AppError::Locked);
    }
    let id: i32 = sqlx::query_scalar(
        "INSERT INTO requirement_rules (code, name, name_en, scope, period_years, min_hours, max_hours,
                                        unit_hours, min_level, category, valid_from, created_by)
         SELECT code, name, name_en, scope, $2, $3::numeric / 10, $4::numeric / 10, $5::numeric / 10,
                $6, category, $7, $8
         FROM requirement_rules WHERE id = $1 RETURNING id",
    )
    .bind(current.id)
    .bind(years)
    .bind(min)
    .bind(max)
    .bind(unit)
    .bind(level.map(Level::code))
    .bind(from)
    .bind(user.id)
    .fetch_one(&mut *tx)
    .await?;
    db::audit::commit(tx, user.id, "new_version", "requirement_rule", id).await?;
    // Every teacher's standing may change with a rule: recompute in the background.
    let (pool, today) = (pool.clone(), c.today);
    tokio::spawn(async move {
        if let Err(err) = super::standing::refresh(&pool, None, today).await {
            tracing::error!(error = ?err, "standing refresh after a rule change");
        }
    });
    Ok(())
}
