//! Pairing management for school coordinators (their school) and center staff (the district).
use super::caller::Caller;
use super::ctx::today;
use super::db::{self, mentoring::PairScope, pairings::NewPairing};
use super::policy;
use crate::domain::dates::{years_after, Window, SETUP_YEARS};
use crate::domain::pairing::{parse_date, PairingForm, PairingRequest};
use crate::domain::teacher::StaffNo;
use crate::domain::text::required;
use crate::error::{AppError, FieldProblem};
use crate::views::auth::UserView;
use crate::views::pairings::{BehindView, PairingRow, PairingsView, SuggestionsView};
use chrono::Datelike;
use sqlx::PgConnection;
use std::collections::HashMap;

/// A request that passed every check against the database.
pub struct Checked {
    pub pairing: NewPairing,
    pub mentee_school: i32,
    /// An identical active pairing exists: nothing to do (re-imports stay idempotent).
    pub exists: bool,
}

/// The checks a pairing must pass, shared by the form and the import. `planned` counts the
/// mentees given to each mentor earlier in the same import.
pub async fn check(
    db: &mut PgConnection,
    req: &PairingRequest,
    user_id: i64,
    planned: &HashMap<i64, i64>,
) -> Result<Checked, (&'static str, FieldProblem)> {
    let internal = |_| ("", FieldProblem::Invalid);
    let mentor = db::pairings::teacher_by_staff_no(db, req.mentor.as_str())
        .await
        .map_err(internal)?
        .ok_or(("mentor_staff_no", FieldProblem::UnknownStaffNo))?;
    let mentee = db::pairings::teacher_by_staff_no(db, req.mentee.as_str())
        .await
        .map_err(internal)?
        .ok_or(("mentee_staff_no", FieldProblem::UnknownStaffNo))?;
    crate::domain::pairing::check_dates(req, mentor.hire_date, mentee.hire_date, today()).map_err(
        |e| {
            (
                if e.field == "ended_on" {
                    "ended_on"
                } else {
                    "started_on"
                },
                e.problem,
            )
        },
    )?;
    let programme_id = db::pairings::programme_id(db, &req.programme)
        .await
        .map_err(internal)?
        .ok_or(("programme", FieldProblem::Invalid))?;
    let current = db::pairings::active_mentor_of(db, mentee.id, programme_id)
        .await
        .map_err(internal)?;
    let pairing = NewPairing {
        mentor_id: mentor.id,
        mentee_id: mentee.id,
        programme_id,
        started_on: req.started_on,
        ended_on: req.ended_on,
        over_capacity: false,
        created_by: user_id,
    };
    match current {
        Some(m) if m == mentor.id => {
            return Ok(Checked {
                pairing,
                mentee_school: mentee.school_id,
                exists: true,
            })
        }
        Some(_) => return Err(("mentee_staff_no", FieldProblem::AlreadyPaired)),
        None => {}
    }
    let load = db::pairings::active_load(db, mentor.id)
        .await
        .map_err(internal)?
        + planned.get(&mentor.id).copied().unwrap_or(0);
    let over = load >= mentor.mentor_capacity as i64;
    if over && !req.override_capacity {
        return Err(("mentor_staff_no", FieldProblem::OverCapacity));
    }
    Ok(Checked {
        pairing: NewPairing {
            over_capacity: over,
            ..pairing
        },
        mentee_school: mentee.school_id,
        exists: false,
    })
}

fn field_error((field, problem): (&'static str, FieldProblem)) -> AppError {
    if field.is_empty() {
        AppError::Internal
    } else {
        AppError::field(field, problem)
    }
}

pub async fn list(c: &Caller, show_ended: bool) -> Result<PairingsView, AppError> {
    let user = &c.user;
    let schools = policy::managed_schools(user)?;
    let pool = c.pool();
    Ok(PairingsView {
        today: c.today,
        pairings: db::pairings::list(pool, schools.as_deref(), show_ended, None).await?,
        programmes: db::pairings::programmes(pool).await?,
    })
}

async fn row(pool: &sqlx::PgPool, id: i64) -> Result<PairingRow, AppError> {
    db::pairings::list(pool, None, true, Some(id))
        .await?
        .pop()
        .ok_or(AppError::Internal)
}

pub async fn create(c: &Caller, form: PairingForm) -> Result<PairingRow, AppError> {
    let user = &c.user;
    let schools = policy::managed_schools(user)?;
    let req = PairingRequest::parse(&form)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    // Scope first, so that nothing about another school's teachers is revealed.
    if let Some(mentee) = db::pairings::teacher_by_staff_no(&mut tx, req.mentee.as_str()).await? {
        if !policy::within(&schools, mentee.school_id) {
            return Err(AppError::Forbidden);
        }
    }
    let checked = check(&mut tx, &req, user.id, &HashMap::new())
        .await
        .map_err(field_error)?;
    if checked.exists {
        return Err(AppError::field(
            "mentee_staff_no",
            FieldProblem::AlreadyPaired,
        ));
    }
    let id = db::pairings::insert(&mut tx, &checked.pairing).await?;
    db::audit::commit(tx, user.id, "create_pairing", "mentor_pairing", id).await?;
    row(pool, id).await
}

/// The pairing if the user manages its mentee's school; 403 otherwise (also when missing).
async fn managed_pairing(
    c: &Caller,
    user: &UserView,
    id: i64,
) -> Result<db::sessions::PairingRef, AppError> {
    let schools = policy::managed_schools(user)?;
    db::sessions::pairing(c.pool(), id)
        .await?
        .filter(|p| policy::within(&schools, p.mentee_school_id))
        .ok_or(AppError::Forbidden)
}

/// A pairing ends (or passes to a new mentor) on or after its start, at most
/// [`SETUP_YEARS`] ahead.
fn end_date(
    field: &str,
    value: &str,
    started_on: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, AppError> {
    let on = parse_date(value).ok_or(AppError::field(field, FieldProblem::Invalid))?;
    if on < started_on {
        return Err(AppError::field(field, FieldProblem::DateOrder));
    }
    Window::new(started_on, years_after(today(), SETUP_YEARS))
        .check(field, on)
        .map_err(|e| AppError::Invalid(vec![e]))
}

pub async fn end(c: &Caller, id: i64, ended_on: &str, reason: &str) -> Result<(), AppError> {
    let user = &c.user;
    let pairing = managed_pairing(c, user, id).await?;
    let on = end_date("ended_on", ended_on, pairing.started_on)?;
    let reason = required("reason", reason, 200)?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    if !db::pairings::end(&mut tx, id, on, &reason).await? {
        return Err(AppError::Locked);
    }
    db::audit::commit(tx, user.id, "end_pairing", "mentor_pairing", id).await?;
    Ok(())
}

/// Ends the pairing on `on_date` and starts the mentee with the new mentor the same day.
pub async fn reassign(
    c: &Caller,
    id: i64,
    mentor_staff_no: &str,
    on_date: &str,
    override_capacity: bool,
) -> Result<PairingRow, AppError> {
    let user = &c.user;
    let pairing = managed_pairing(c, user, id).await?;
    let on = end_date("on_date", on_date, pairing.started_on)?;
    let mentor = StaffNo::parse(mentor_staff_no)
        .map_err(|_| AppError::field("mentor_staff_no", FieldProblem::Invalid))?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let (mentee_staff_no, programme): (String, String) = sqlx::query_as(
        "SELECT t.staff_no, g.code FROM mentor_pairings p JOIN teachers t ON t.id = p.mentee_id
         JOIN programmes g ON g.id = p.programme_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if !db::pairings::end(&mut tx, id, on, "更换导师").await? {
        return Err(AppError::Locked);
    }
    let req = PairingRequest {
        mentor,
        mentee: StaffNo::parse(&mentee_staff_no)?,
        programme,
        started_on: on,
        ended_on: None,
        override_capacity,
    };
    let checked = check(&mut tx, &req, user.id, &HashMap::new())
        .await
        .map_err(field_error)?;
    if checked.exists {
        return Err(AppError::field(
            "mentor_staff_no",
            FieldProblem::AlreadyPaired,
        ));
    }
    let new_id = db::pairings::insert(&mut tx, &checked.pairing).await?;
    db::audit::commit(tx, user.id, "reassign_pairing", "mentor_pairing", new_id).await?;
    row(pool, new_id).await
}

pub async fn suggestions(c: &Caller) -> Result<SuggestionsView, AppError> {
    let user = &c.user;
    let schools = policy::managed_schools(user)?;
    let today = c.today;
    Ok(SuggestionsView {
        today,
        items: db::pairings::suggestions(c.pool(), schools.as_deref(), today.year()).await?,
    })
}

/// The behind-quota list as the caller may see it (the page and its Excel export).
pub async fn behind(c: &Caller, sort: &str, all: bool) -> Result<BehindView, AppError> {
    behind_on(c.pool(), c, sort, all).await
}

/// As `behind`, read from `pool` (statistics read it from the standby).
pub async fn behind_on(
    pool: &sqlx::PgPool,
    c: &Caller,
    sort: &str,
    all: bool,
) -> Result<BehindView, AppError> {
    let (user, today) = (&c.user, c.today);
    let schools = policy::managed_schools(user)?;
    let term = db::terms::current(pool, today).await?;
    let scope = match schools {
        Some(ids) => PairScope::Schools(ids),
        None => PairScope::District,
    };
    let mut rows: Vec<_> = db::mentoring::pair_progress(pool, scope, term.as_ref(), today)
        .await?
        .into_iter()
        // Disputed sessions need the coordinator whether or not the pair is behind.
        .filter(|p| all || p.behind || p.disputed > 0)
        .collect();
    sort_behind(&mut rows, sort);
    Ok(BehindView {
        term: term.map(|t| t.view(today)),
        rows,
    })
}

/// How far a pair is behind: the sum of its shortfalls against the expected pace.
pub fn shortfall(p: &crate::views::mentoring::PairProgress) -> i64 {
    p.quotas.iter().map(|q| (q.expected - q.done).max(0)).sum()
}

pub fn sort_behind(rows: &mut [crate::views::mentoring::PairProgress], sort: &str) {
    match sort {
        "school" => rows.sort_by(|a, b| {
            (&a.school_name, &a.mentor_name).cmp(&(&b.school_name, &b.mentor_name))
        }),
        "mentor" => rows.sort_by(|a, b| (&a.mentor_name, &a.name).cmp(&(&b.mentor_name, &b.name))),
        _ => rows.sort_by_key(|p| (-shortfall(p), p.pairing_id)),
    }
}
