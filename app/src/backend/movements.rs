//! Transfers and departures. A dated transfer keeps the teacher's cohort, history, pairings and
//! hours: from its date the teacher is the new school's (a transfer dated ahead is applied by
//! the scheduled job on the day). A departure (调出区外 / 离职 / 退休) ends the teacher's open
//! pairings and programmes, closes the login and keeps every record. Either can be undone the
//! same day (a mistake), and each step is audited with what it changed, so the undo restores
//! exactly that.
use super::caller::Caller;
use super::db;
use super::policy;
use crate::domain::dates::{parse_date, years_before, Window};
use crate::domain::text::optional;
use crate::error::{AppError, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool};

/// How far ahead a transfer may be dated (the next term's start).
const TRANSFER_AHEAD_DAYS: i64 = 120;
pub const LEAVE_REASONS: [&str; 3] = ["moved_out", "resigned", "retired"];

/// What a transfer or departure changed, kept in its audit entry for the undo.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Moved {
    pub on: String,
    pub from_school: i32,
    #[serde(default)]
    pub to_school: Option<i32>,
    /// The history row the step closed (its `to_date` before), and the one it opened.
    pub closed_row: i64,
    #[serde(default)]
    pub closed_was: Option<String>,
    #[serde(default)]
    pub opened_row: Option<i64>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub pairings: Vec<i64>,
    #[serde(default)]
    pub enrolments: Vec<i64>,
    #[serde(default)]
    pub login_closed: bool,
}

struct Current {
    school_id: i32,
    active: bool,
    hire_date: NaiveDate,
    row_id: i64,
    row_from: NaiveDate,
    row_to: Option<NaiveDate>,
}

/// The teacher's school and latest history row, locked, if the caller manages that school.
async fn managed(c: &Caller, tx: &mut PgConnection, teacher_id: i64) -> Result<Current, AppError> {
    let cur = current(tx, teacher_id).await?;
    if policy::manages_school(&c.user, cur.school_id) {
        Ok(cur)
    } else {
        Err(AppError::Forbidden)
    }
}

async fn current(tx: &mut PgConnection, teacher_id: i64) -> Result<Current, AppError> {
    let row: Option<(i32, bool, NaiveDate)> = sqlx::query_as(
        "SELECT school_id, active, hire_date FROM teachers WHERE id = $1 FOR UPDATE",
    )
    .bind(teacher_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (school_id, active, hire_date) = row.ok_or(AppError::Forbidden)?;
    // The latest history row: the open one, or the one a departure closed.
    let history: Option<(i64, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT id, from_date, to_date FROM teacher_school_history WHERE teacher_id = $1
         ORDER BY from_date DESC, id DESC LIMIT 1 FOR UPDATE",
    )
    .bind(teacher_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (row_id, row_from, row_to) = match history {
        Some(h) => h,
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO teacher_school_history (teacher_id, school_id, from_date)
                 VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(teacher_id)
            .bind(school_id)
            .bind(hire_date)
            .fetch_one(&mut *tx)
            .await?;
            (id, hire_date, None)
        }
    };
    Ok(Current {
        school_id,
        active,
        hire_date,
        row_id,
        row_from,
        row_to,
    })
}

fn date_field(field: &str, value: &str, window: Window) -> Result<NaiveDate, AppError> {
    let d = parse_date(value).ok_or(AppError::field(field, FieldProblem::Invalid))?;
    window
        .check(field, d)
        .map_err(|e| AppError::Invalid(vec![e]))
}

/// Moves a teacher to `to_school` from `on` (up to [`TRANSFER_AHEAD_DAYS`] ahead).
pub async fn transfer(
    c: &Caller,
    teacher_id: i64,
    to_school: &str,
    on: &str,
) -> Result<(), AppError> {
    let mut tx = c.pool().begin().await?;
    let cur = managed(c, &mut tx, teacher_id).await?;
    if !cur.active || cur.row_to.is_some() {
        return Err(AppError::Locked);
    }
    let to: i32 = to_school
        .trim()
        .parse()
        .map_err(|_| AppError::field("to_school", FieldProblem::UnknownSchool))?;
    let known: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM schools WHERE id = $1 AND active)")
            .bind(to)
            .fetch_one(&mut *tx)
            .await?;
    if !known {
        return Err(AppError::field("to_school", FieldProblem::UnknownSchool));
    }
    if to == cur.school_id {
        return Err(AppError::field("to_school", FieldProblem::SameSchool));
    }
    let window = Window::new(
        cur.row_from.max(years_before(c.today, 1)),
        c.today + chrono::Duration::days(TRANSFER_AHEAD_DAYS),
    );
    let on = date_field("on", on, window)?;
    sqlx::query("UPDATE teacher_school_history SET to_date = $2 WHERE id = $1")
        .bind(cur.row_id)
        .bind(on)
        .execute(&mut *tx)
        .await?;
    let opened: i64 = sqlx::query_scalar(
        "INSERT INTO teacher_school_history (teacher_id, school_id, from_date) VALUES ($1, $2, $3)
         RETURNING id",
    )
    .bind(teacher_id)
    .bind(to)
    .bind(on)
    .fetch_one(&mut *tx)
    .await?;
    if on <= c.today {
        set_school(&mut tx, teacher_id, to).await?;
    }
    let moved = Moved {
        on: on.to_string(),
        from_school: cur.school_id,
        to_school: Some(to),
        closed_row: cur.row_id,
        closed_was: cur.row_to.map(|d| d.to_string()),
        opened_row: Some(opened),
        ..Moved::default()
    };
    audit(tx, c, "transfer", teacher_id, &moved).await
}

async fn set_school(
    tx: &mut PgConnection,
    teacher_id: i64,
    school: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE teachers SET school_id = $2 WHERE id = $1")
        .bind(teacher_id)
        .bind(school)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn audit(
    tx: sqlx::Transaction<'_, sqlx::Postgres>,
    c: &Caller,
    action: &str,
    teacher_id: i64,
    moved: &Moved,
) -> Result<(), AppError> {
    let mut tx = tx;
    let detail = serde_json::to_value(moved).map_err(|_| AppError::Internal)?;
    db::audit::record_each(
        &mut *tx,
        c.user.id,
        action,
        "teacher",
        &[teacher_id],
        &[detail],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records that a teacher left on `on` (today or earlier) for `reason`.
pub async fn depart(
    c: &Caller,
    teacher_id: i64,
    on: &str,
    reason: &str,
    note: &str,
) -> Result<(), AppError> {
    let reason = LEAVE_REASONS
        .iter()
        .find(|r| **r == reason.trim())
        .ok_or(AppError::field("reason", FieldProblem::Invalid))?;
    optional("note", note, 200)?;
    let mut tx = c.pool().begin().await?;
    let cur = managed(c, &mut tx, teacher_id).await?;
    if !cur.active || cur.row_to.is_some() {
        return Err(AppError::Locked);
    }
    let on = date_field(
        "on",
        on,
        Window::new(cur.row_from.max(cur.hire_date), c.today),
    )?;
    let user: Option<(i64, bool)> =
        sqlx::query_as("SELECT id, disabled FROM users WHERE teacher_id = $1 FOR UPDATE")
            .bind(teacher_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((user_id, _)) = user {
        if policy::last_center(&mut tx, user_id).await? {
            return Err(AppError::field("teacher", FieldProblem::LastCenter));
        }
    }
    sqlx::query(
        "UPDATE teachers SET active = false, left_on = $2, leave_reason = $3 WHERE id = $1",
    )
    .bind(teacher_id)
    .bind(on)
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE teacher_school_history SET to_date = $2 WHERE id = $1")
        .bind(cur.row_id)
        .bind(on)
        .execute(&mut *tx)
        .await?;
    let pairings: Vec<i64> = sqlx::query_scalar(
        "UPDATE mentor_pairings SET ended_on = GREATEST(started_on, $2), end_reason = $3
         WHERE (mentor_id = $1 OR mentee_id = $1) AND ended_on IS NULL RETURNING id",
    )
    .bind(teacher_id)
    .bind(on)
    .bind(format!("departure:{reason}"))
    .fetch_all(&mut *tx)
    .await?;
    let enrolments: Vec<i64> = sqlx::query_scalar(
        "UPDATE programme_enrolments SET ended_on = GREATEST(started_on, $2), outcome = 'withdrawn'
         WHERE teacher_id = $1 AND ended_on IS NULL RETURNING id",
    )
    .bind(teacher_id)
    .bind(on)
    .fetch_all(&mut *tx)
    .await?;
    let login_closed = match user {
        Some((user_id, false)) => {
            sqlx::query(
                "UPDATE users SET disabled = true, sessions_valid_from = now() WHERE id = $1",
            )
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            true
        }
        _ => false,
    };
    let moved = Moved {
        on: on.to_string(),
        from_school: cur.school_id,
        closed_row: cur.row_id,
        closed_was: cur.row_to.map(|d| d.to_string()),
        reason: Some(reason.to_string()),
        pairings,
        enrolments,
        login_closed,
        ..Moved::default()
    };
    audit(tx, c, "depart", teacher_id, &moved).await?;
    if let Some((user_id, _)) = user {
        c.state.sessions.forget_user(user_id);
    }
    Ok(())
}

/// The transfer or departure recorded today for this teacher and not yet undone: its audit
/// entry id and what it changed.
pub async fn undoable(
    db: &mut PgConnection,
    teacher_id: i64,
    today: NaiveDate,
) -> Result<Option<(i64, String, Moved)>, sqlx::Error> {
    let last: Option<(i64, String, serde_json::Value, NaiveDate)> = sqlx::query_as(
        "SELECT id, action, detail, (at AT TIME ZONE 'Asia/Shanghai')::date FROM audit_log
         WHERE entity = 'teacher' AND entity_id = $1::text AND action IN ('transfer', 'depart', 'undo')
         ORDER BY id DESC LIMIT 1",
    )
    .bind(teacher_id)
    .fetch_optional(&mut *db)
    .await?;
    Ok(last.and_then(|(id, action, detail, day)| {
        let moved: Moved = serde_json::from_value(detail).ok()?;
        (action != "undo" && day == today).then_some((id, action, moved))
    }))
}

/// Undoes today's transfer or departure, exactly as it was recorded: for those who manage the
/// teacher's school now or managed it before the step.
pub async fn undo(c: &Caller, teacher_id: i64) -> Result<(), AppError> {
    let mut tx = c.pool().begin().await?;
    let cur = current(&mut tx, teacher_id).await?;
    let step = undoable(&mut tx, teacher_id, c.today).await?;
    let allowed = policy::manages_school(&c.user, cur.school_id)
        || step
            .as_ref()
            .is_some_and(|(_, _, m)| policy::manages_school(&c.user, m.from_school));
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let (entry, action, moved) = step.ok_or(AppError::Locked)?;
    let closed_was: Option<NaiveDate> = moved.closed_was.as_deref().and_then(parse_date);
    if action == "transfer" {
        if let Some(opened) = moved.opened_row {
            sqlx::query("DELETE FROM teacher_school_history WHERE id = $1")
                .bind(opened)
                .execute(&mut *tx)
                .await?;
        }
        set_school(&mut tx, teacher_id, moved.from_school).await?;
    } else {
        sqlx::query(
            "UPDATE teachers SET active = true, left_on = NULL, leave_reason = NULL WHERE id = $1",
        )
        .bind(teacher_id)
        .execute(&mut *tx)
        .await?;
        // Reopened unless the same pair or programme was opened again since (then the new
        // one stands).
        sqlx::query(
            "UPDATE mentor_pairings p SET ended_on = NULL, end_reason = NULL WHERE p.id = ANY($1)
             AND NOT EXISTS (SELECT 1 FROM mentor_pairings x WHERE x.ended_on IS NULL
                             AND x.mentor_id = p.mentor_id AND x.mentee_id = p.mentee_id)",
        )
        .bind(&moved.pairings)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE programme_enrolments e SET ended_on = NULL, outcome = 'in_progress' WHERE e.id = ANY($1)
             AND NOT EXISTS (SELECT 1 FROM programme_enrolments x WHERE x.ended_on IS NULL
                             AND x.programme_id = e.programme_id AND x.teacher_id = e.teacher_id)",
        )
        .bind(&moved.enrolments)
        .execute(&mut *tx)
        .await?;
        if moved.login_closed {
            sqlx::query("UPDATE users SET disabled = false WHERE teacher_id = $1")
                .bind(teacher_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query("UPDATE teacher_school_history SET to_date = $2 WHERE id = $1")
        .bind(moved.closed_row)
        .bind(closed_was)
        .execute(&mut *tx)
        .await?;
    let undo = serde_json::json!({ "undid": entry, "action": action });
    db::audit::record_each(
        &mut *tx,
        c.user.id,
        "undo",
        "teacher",
        &[teacher_id],
        &[undo],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Applies the transfers whose day has come (the scheduled job): each teacher's school is the
/// one of their open history row from its first day.
pub async fn apply_due(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE teachers t SET school_id = h.school_id
         FROM teacher_school_history h
         WHERE h.teacher_id = t.id AND h.to_date IS NULL AND t.active
           AND h.from_date <= (now() AT TIME ZONE 'Asia/Shanghai')::date
           AND t.school_id <> h.school_id",
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
