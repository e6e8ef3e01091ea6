//! Hour claims: filing with evidence, withdrawing, the review queue and the approval chain
//! (school coordinator first, then center staff), and who may read an evidence file.
use super::caller::Caller;
use super::db::{self, hours::ClaimDbRow, hours::CLAIM_SELECT};
use super::evidence::{self, Owner, Upload};
use super::policy;
use crate::domain::claims::{ClaimForm, ClaimStatus, Conversion, NewClaim, ReviewStep};
use crate::domain::codes::{Level, Role};
use crate::domain::notices::NoticeKind;
use crate::domain::requirements::{Rule, Scope};
use crate::domain::text::required;
use crate::error::{AppError, FieldError, FieldProblem};
use crate::views::hours::{ClaimFormView, QueueView, SchoolOption};

/// The conversions in force on `on`: what a public lesson or a prize counts.
pub fn conversions(rules: &[Rule], on: chrono::NaiveDate) -> Vec<Conversion> {
    rules
        .iter()
        .filter(|r| r.scope == Scope::Cap && r.in_force(on))
        .filter_map(|r| {
            Some(Conversion {
                category: r.category?,
                min_level: r.min_level.unwrap_or(Level::School),
                unit_tenths: r.unit_tenths.or(r.max_tenths)?,
            })
        })
        .collect()
}

pub async fn form_view(c: &Caller) -> Result<ClaimFormView, AppError> {
    let user = &c.user;
    policy::own_teacher(user)?;
    let today = c.today;
    Ok(ClaimFormView {
        today,
        conversions: conversions(&db::hours::rules(c.pool()).await?, today),
    })
}

/// Files a claim for the user's own teacher record, with its evidence, in one transaction.
/// Every problem (fields and files) is reported at once and nothing is written.
pub async fn file(c: &Caller, form: &ClaimForm, uploads: &[Upload]) -> Result<i64, AppError> {
    let (pool, user) = (c.pool(), &c.user);
    let teacher_id = policy::own_teacher(user)?;
    let today = c.today;
    let rules = db::hours::rules(pool).await?;
    let hire_date: chrono::NaiveDate =
        sqlx::query_scalar("SELECT hire_date FROM teachers WHERE id = $1")
            .bind(teacher_id)
            .fetch_one(pool)
            .await?;
    let mut errors = match NewClaim::parse(form, today, &conversions(&rules, today)) {
        Ok(c) if c.starts_on < hire_date => vec![FieldError {
            field: "starts_on".into(),
            problem: FieldProblem::BeforeHire,
        }],
        Ok(_) => Vec::new(),
        Err(AppError::Invalid(e)) => e,
        Err(other) => return Err(other),
    };
    let files = evidence::check(uploads, 1, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let claim = NewClaim::parse(form, today, &conversions(&rules, today))?;
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hour_claims (teacher_id, title, organizer, hours, category, level,
                                  starts_on, earned_on, evidence)
         VALUES ($1, $2, $3, $4::numeric / 10, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(teacher_id)
    .bind(&claim.title)
    .bind(&claim.organizer)
    .bind(claim.tenths)
    .bind(claim.category.code())
    .bind(claim.level.code())
    .bind(claim.starts_on)
    .bind(claim.ends_on)
    .bind(&claim.note)
    .fetch_one(&mut *tx)
    .await?;
    evidence::store(&mut tx, Owner::Claim, id, &files).await?;
    db::audit::commit(tx, user.id, "file", "hour_claim", id).await?;
    super::notices::after_write(c.pool(), c.today, &[NoticeKind::ClaimsToReview]).await;
    Ok(id)
}

pub async fn withdraw(c: &Caller, id: i64) -> Result<(), AppError> {
    let user = &c.user;
    let teacher_id = policy::own_teacher(user)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT teacher_id, status FROM hour_claims WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (owner, status) = row.ok_or(AppError::NotFound)?;
    // Someone else's claim answers as a missing one: ids cannot be probed.
    if owner != teacher_id {
        return Err(AppError::NotFound);
    }
    if !ClaimStatus::parse(&status).is_some_and(ClaimStatus::pending) {
        return Err(AppError::Locked);
    }
    sqlx::query("UPDATE hour_claims SET status = 'withdrawn', withdrawn_at = now() WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    db::audit::commit(tx, user.id, "withdraw", "hour_claim", id).await?;
    Ok(())
}

/// Queue rows shown at most.
const QUEUE_LIMIT: i64 = 200;

pub async fn queue(
    c: &Caller,
    status: &str,
    school: &str,
    level: &str,
    q: &str,
) -> Result<QueueView, AppError> {
    let user = &c.user;
    let schools = policy::managed_schools(user)?;
    let is_center = schools.is_none();
    let status = match status.trim() {
        "" => if is_center {
            "school_approved"
        } else {
            "submitted"
        }
        .to_string(),
        "all" => "all".to_string(),
        s => ClaimStatus::parse(s)
            .ok_or_else(|| AppError::field("status", FieldProblem::Invalid))?
            .code()
            .to_string(),
    };
    let level = match level.trim() {
        "" => None,
        l => Some(Level::parse(l).ok_or_else(|| AppError::field("level", FieldProblem::Invalid))?),
    };
    let school: Option<i32> = match school.trim() {
        "" => None,
        s => Some(
            s.parse()
                .map_err(|_| AppError::field("school", FieldProblem::Invalid))?,
        ),
    };
    let q = crate::domain::text::clean("q", q, 100)?;
    let pattern = format!("%{}%", q.replace(['%', '_'], ""));
    let filter = "WHERE ($1 = 'all' OR c.status = $1)
          AND ($2::int4[] IS NULL OR t.school_id = ANY($2))
          AND ($3::int4 IS NULL OR t.school_id = $3)
          AND ($4::text IS NULL OR c.level = $4)
          AND (t.name ILIKE $5 OR t.staff_no ILIKE $5 OR c.title ILIKE $5)";
    let pool = c.pool();
    let rows: Vec<ClaimDbRow> = sqlx::query_as(&format!(
        "{CLAIM_SELECT} {filter} ORDER BY c.created_at, c.id LIMIT {QUEUE_LIMIT}"
    ))
    .bind(&status)
    .bind(&schools)
    .bind(school)
    .bind(level.map(Level::code))
    .bind(&pattern)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM hour_claims c JOIN teachers t ON t.id = c.teacher_id {filter}"
    ))
    .bind(&status)
    .bind(&schools)
    .bind(school)
    .bind(level.map(Level::code))
    .bind(&pattern)
    .fetch_one(pool)
    .await?;
    let school_options: Vec<(i32, String)> = if is_center {
        sqlx::query_as("SELECT id, name FROM schools ORDER BY code")
            .fetch_all(pool)
            .await?
    } else {
        Vec::new()
    };
    Ok(QueueView {
        status,
        rows: db::hours::with_evidence(pool, rows).await?,
        total,
        schools: school_options
            .into_iter()
            .map(|(id, name)| SchoolOption { id, name })
            .collect(),
        is_center,
    })
}

/// Decides a claim at its current step. The school step belongs to the coordinators of the
/// teacher's school, the center step to center staff; nobody decides their own claim. The
/// center's approval credits the hours in the same transaction.
pub async fn review(c: &Caller, id: i64, decision: &str, reason: &str) -> Result<(), AppError> {
    let user = &c.user;
    policy::managed_schools(user)?;
    let approve = match decision {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::field("decision", FieldProblem::Invalid)),
    };
    let reason = if approve {
        None
    } else {
        Some(required("reason", reason, 500)?)
    };
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let row: Option<(i64, i32, String, Option<i64>)> = sqlx::query_as(
        "SELECT c.teacher_id, t.school_id, c.status, c.school_reviewed_by FROM hour_claims c
         JOIN teachers t ON t.id = c.teacher_id WHERE c.id = $1 FOR UPDATE OF c",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (teacher_id, school_id, status, school_reviewer) = row.ok_or(AppError::NotFound)?;
    let status = ClaimStatus::parse(&status).ok_or(AppError::Internal)?;
    let allowed_school = policy::manages_school(user, school_id);
    if !allowed_school {
        return Err(AppError::NotFound);
    }
    let step = ReviewStep::of(status).ok_or(AppError::Locked)?;
    // A school without a coordinator (none named, or every one disabled) would leave its
    // claims at the first step for ever: center staff take that step for it, and the audit
    // log says so. Another member of the center gives the final approval (see below).
    let mut for_school = false;
    let may_decide = match step {
        ReviewStep::School if user.coordinated_schools().contains(&school_id) => true,
        ReviewStep::School if user.has(Role::CenterStaff) => {
            let has_coordinator: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM user_roles r JOIN users u ON u.id = r.user_id
                 WHERE r.role = 'school_coordinator' AND r.school_id = $1 AND NOT u.disabled)",
            )
            .bind(school_id)
            .fetch_one(&mut *tx)
            .await?;
            for_school = !has_coordinator;
            for_school
        }
        ReviewStep::School => false,
        ReviewStep::Center => user.has(Role::CenterStaff),
    };
    if !may_decide {
        return Err(AppError::Forbidden);
    }
    if user.teacher_id == Some(teacher_id) {
        return Err(AppError::field("decision", FieldProblem::OwnClaim));
    }
    // Two people, two steps: whoever gave the school's approval does not also give the center's.
    if step == ReviewStep::Center && school_reviewer == Some(user.id) {
        return Err(AppError::field("decision", FieldProblem::SecondApproval));
    }
    let (reviewer, at) = match step {
        ReviewStep::School => ("school_reviewed_by", "school_reviewed_at"),
        ReviewStep::Center => ("center_reviewed_by", "center_reviewed_at"),
    };
    let next = if approve {
        step.approved()
    } else {
        ClaimStatus::Rejected
    };
    sqlx::query(&format!(
        "UPDATE hour_claims SET status = $2, reject_reason = $3, {reviewer} = $4, {at} = now()
         WHERE id = $1"
    ))
    .bind(id)
    .bind(next.code())
    .bind(&reason)
    .bind(user.id)
    .execute(&mut *tx)
    .await?;
    if next == ClaimStatus::Approved {
        sqlx::query(
            "INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source, claim_id)
             SELECT teacher_id, hours, category, level, earned_on, 'claim', id
             FROM hour_claims WHERE id = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    let action = match (approve, for_school) {
        (true, false) => "approve",
        (false, false) => "reject",
        (true, true) => "approve_for_school",
        (false, true) => "reject_for_school",
    };
    db::audit::commit(tx, user.id, action, "hour_claim", id).await?;
    if next == ClaimStatus::SchoolApproved {
        super::notices::after_write(pool, c.today, &[NoticeKind::ClaimsToReview]).await;
    }
    if next == ClaimStatus::Approved {
        super::standing::touched(pool, &[teacher_id], c.today).await;
    }
    Ok(())
}

/// An evidence file for its claim's teacher, the coordinators of their school, and center staff.
pub async fn evidence(c: &Caller, id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    let (pool, user) = (c.pool(), &c.user);
    let row: Option<(i64, i32, String, String, Vec<u8>)> = sqlx::query_as(
        "SELECT c.teacher_id, t.school_id, e.file_name, e.content_type, e.data
         FROM claim_evidence e JOIN hour_claims c ON c.id = e.claim_id
         JOIN teachers t ON t.id = c.teacher_id WHERE e.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    // Same answer for a missing file and someone else's: ids cannot be probed.
    let (teacher_id, school_id, name, content_type, data) = row.ok_or(AppError::Forbidden)?;
    let allowed = user.teacher_id == Some(teacher_id) || policy::manages_school(user, school_id);
    if !allowed {
        return Err(AppError::Forbidden);
    }
    Ok((name, content_type, data))
}
