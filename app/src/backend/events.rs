//! Training events (center staff): create, list, and award an event's hours to its attendees
//! from a pasted list or a sign-in sheet — checked into a stored preview, written on confirm.
use super::caller::Caller;
use super::db;
use super::import_file;
use super::policy;
use super::staging::{self, Own, Staged};
use crate::domain::events::{
    mark_duplicates, parse_pasted, AwardRow, AwardStatus, EventForm, NewEvent,
};
use crate::domain::requirements::{Category, Scope};
use crate::error::{AppError, FieldProblem};
use crate::sheet::Limits;
use crate::views::auth::UserView;
use crate::views::events::{
    Attendee, AwardOutcome, AwardPreview, EventDetail, EventRow, EventsView,
};
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};
use std::collections::{HashMap, HashSet};

/// Attendee rows one list may hold.
pub const MAX_ATTENDEES: usize = 20_000;

const EVENT_SELECT: &str =
    "SELECT e.id, e.title, e.organizer, e.level, e.category, e.starts_on, e.ends_on,
        (e.hours * 10)::int8 AS tenths,
        (SELECT count(*) FROM hour_records r WHERE r.event_id = e.id) AS awarded
     FROM training_events e ";

#[derive(sqlx::FromRow)]
struct EventDb {
    id: i64,
    title: String,
    organizer: String,
    level: String,
    category: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    tenths: i64,
    awarded: i64,
}

impl From<EventDb> for EventRow {
    fn from(e: EventDb) -> Self {
        EventRow {
            id: e.id,
            title: e.title,
            organizer: e.organizer,
            level: e.level,
            category: e.category,
            starts_on: e.starts_on,
            ends_on: e.ends_on,
            tenths: e.tenths,
            awarded: e.awarded,
        }
    }
}

async fn event(db: &mut PgConnection, id: i64) -> Result<EventRow, AppError> {
    let row: Option<EventDb> = sqlx::query_as(&format!("{EVENT_SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.ok_or(AppError::NotFound)?.into())
}

pub async fn list(c: &Caller, q: &str, year: &str) -> Result<EventsView, AppError> {
    policy::center_staff(&c.user)?;
    let year: Option<i32> = match year.trim() {
        "" => None,
        y => Some(
            y.parse()
                .map_err(|_| AppError::field("year", FieldProblem::Invalid))?,
        ),
    };
    let q = crate::domain::text::clean("q", q, 100)?;
    let pattern = format!("%{}%", q.replace(['%', '_'], ""));
    let rows: Vec<EventDb> = sqlx::query_as(&format!(
        "{EVENT_SELECT} WHERE (e.title ILIKE $1 OR e.organizer ILIKE $1)
           AND ($2::int4 IS NULL OR EXTRACT(YEAR FROM e.starts_on)::int4 = $2)
         ORDER BY e.starts_on DESC, e.id DESC LIMIT 300"
    ))
    .bind(&pattern)
    .bind(year)
    .fetch_all(c.pool())
    .await?;
    Ok(EventsView {
        today: c.today,
        rows: rows.into_iter().map(Into::into).collect(),
    })
}

/// Categories that are converted activities (claimed, not awarded to an audience).
async fn conversion_categories(pool: &PgPool) -> Result<Vec<Category>, AppError> {
    Ok(db::hours::rules(pool)
        .await?
        .into_iter()
        .filter(|r| r.scope == Scope::Cap)
        .filter_map(|r| r.category)
        .collect())
}

pub async fn create(c: &Caller, form: EventForm) -> Result<EventRow, AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let pool = c.pool();
    let e = NewEvent::parse(&form, c.today, &conversion_categories(pool).await?)?;
    let need = match form.need.trim() {
        "" => None,
        n => Some(super::survey_results::need(c, n).await?),
    };
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO training_events (title, organizer, level, category, starts_on, ends_on, hours, created_by,
                                      need_question_id, need_value)
         VALUES ($1, $2, $3, $4, $5, $6, $7::numeric / 10, $8, $9, $10) RETURNING id",
    )
    .bind(&e.title)
    .bind(&e.organizer)
    .bind(e.level.code())
    .bind(e.category.code())
    .bind(e.starts_on)
    .bind(e.ends_on)
    .bind(e.tenths)
    .bind(user.id)
    .bind(need.as_ref().map(|n| n.0))
    .bind(need.as_ref().map(|n| n.1))
    .fetch_one(&mut *tx)
    .await?;
    let row = event(&mut tx, id).await?;
    db::audit::commit(tx, user.id, "create", "training_event", id).await?;
    Ok(row)
}

pub async fn detail(c: &Caller, id: i64) -> Result<EventDetail, AppError> {
    policy::center_staff(&c.user)?;
    let pool = c.pool();
    let event = event(&mut *pool.acquire().await?, id).await?;
    let attendees: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT t.id, t.staff_no, t.name, s.name FROM hour_records r
         JOIN teachers t ON t.id = r.teacher_id JOIN schools s ON s.id = t.school_id
         WHERE r.event_id = $1 ORDER BY t.staff_no LIMIT 500",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(EventDetail {
        event,
        attendees: attendees
            .into_iter()
            .map(|(teacher_id, staff_no, name, school_name)| Attendee {
                teacher_id,
                staff_no,
                name,
                school_name,
            })
            .collect(),
    })
}

/// Checks every row against the teachers and the event's awards, in two queries whatever the
/// list's length.
async fn check(
    db: &mut PgConnection,
    event: &EventRow,
    rows: Vec<(i64, String, String)>,
) -> Result<Vec<AwardRow>, AppError> {
    let keys: Vec<String> = rows
        .iter()
        .map(|(_, s, _)| s.trim().to_ascii_uppercase())
        .collect();
    let found: Vec<(String, i64, String, String, NaiveDate, bool)> = sqlx::query_as(
        "SELECT upper(t.staff_no), t.id, t.name, s.name, t.hire_date, t.active FROM teachers t
         JOIN schools s ON s.id = t.school_id WHERE upper(t.staff_no) = ANY($1)",
    )
    .bind(&keys)
    .fetch_all(&mut *db)
    .await?;
    let teachers: HashMap<String, (i64, String, String, NaiveDate, bool)> = found
        .into_iter()
        .map(|(k, id, name, school, hired, active)| (k, (id, name, school, hired, active)))
        .collect();
    let awarded: HashSet<i64> =
        sqlx::query_scalar("SELECT teacher_id FROM hour_records WHERE event_id = $1")
            .bind(event.id)
            .fetch_all(&mut *db)
            .await?
            .into_iter()
            .collect();
    let mut out: Vec<AwardRow> = rows
        .into_iter()
        .zip(keys)
        .map(|((line, staff_no, sheet_name), key)| {
            let t = teachers.get(&key);
            let status = match t {
                None => AwardStatus::UnknownStaffNo,
                Some((id, ..)) if awarded.contains(id) => AwardStatus::AlreadyAwarded,
                Some((.., false)) => AwardStatus::Left,
                Some((.., hired, _)) if *hired > event.ends_on => AwardStatus::NotYetHired,
                Some(_) => AwardStatus::Ready,
            };
            AwardRow {
                line,
                staff_no,
                sheet_name,
                name: t.map(|t| t.1.clone()),
                school_name: t.map(|t| t.2.clone()),
                teacher_id: t.map(|t| t.0),
                status,
            }
        })
        .collect();
    mark_duplicates(&mut out);
    Ok(out)
}

async fn stage(
    pool: &PgPool,
    user: &UserView,
    event_id: i64,
    source: &str,
    rows: Vec<(i64, String, String)>,
) -> Result<i64, AppError> {
    policy::center_staff(user)?;
    if rows.is_empty() {
        return Err(AppError::field("staff_nos", FieldProblem::Required));
    }
    if rows.len() > MAX_ATTENDEES {
        return Err(AppError::field(
            "staff_nos",
            FieldProblem::TooLong {
                max: MAX_ATTENDEES as i64,
            },
        ));
    }
    // Cells are stored as JSON and looked up as text: control characters (a NUL byte from a
    // hostile file) would make Postgres refuse both, so they are dropped here.
    let printable = |s: String| crate::domain::text::printable(&s);
    let rows = rows
        .into_iter()
        .map(|(line, no, name)| (line, printable(no), printable(name)))
        .collect();
    let mut tx = pool.begin().await?;
    let event = event(&mut tx, event_id).await?;
    let checked = check(&mut tx, &event, rows).await?;
    staging::store(
        tx,
        Staged::Award,
        user.id,
        source,
        &checked,
        Own::Event(event_id),
    )
    .await
}

/// A pasted list. Sends the browser on to the preview (with or without JavaScript).
pub async fn stage_pasted(c: &Caller, event_id: i64, text: &str) -> Result<i64, AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    if text.len() > 1024 * 1024 {
        return Err(AppError::field(
            "staff_nos",
            FieldProblem::TooLong { max: 1024 * 1024 },
        ));
    }
    let id = stage(c.pool(), user, event_id, "paste", parse_pasted(text)).await?;
    leptos_axum::redirect(&format!("/events/award/{id}"));
    Ok(id)
}

/// A sign-in sheet (.xlsx or .csv): the staff-number column is the one headed 工号 / staff, or
/// the first; a 姓名 / name column, if any, is shown beside the name on record.
pub async fn stage_file(
    c: &Caller,
    event_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<i64, AppError> {
    let (pool, user) = (c.pool(), &c.user);
    policy::center_staff(user)?;
    let cells = import_file::read(file_name, bytes, Limits::LIST).await?;
    let header = cells.first().map(|(_, r)| r.clone()).unwrap_or_default();
    let find = |words: &[&str]| {
        header.iter().position(|h| {
            let h = h.to_lowercase();
            words.iter().any(|w| h.contains(w))
        })
    };
    let staff_col = find(&["工号", "staff"]).unwrap_or(0);
    let name_col = find(&["姓名", "name"]);
    let rows = cells
        .into_iter()
        .filter_map(|(line, row)| {
            let staff = row.get(staff_col)?.trim().to_string();
            staff.chars().any(|c| c.is_ascii_digit()).then(|| {
                let name = name_col
                    .and_then(|c| row.get(c))
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default();
                (line, staff, name)
            })
        })
        .collect();
    stage(pool, user, event_id, file_name, rows).await
}

async fn load(c: &Caller, id: i64) -> Result<(i64, String, bool, Vec<AwardRow>), AppError> {
    let batch = staging::load(c.pool(), Staged::Award, id, c.user.id).await?;
    let event_id = batch.event_id.ok_or(AppError::Internal)?;
    Ok((event_id, batch.source, batch.applied, batch.rows))
}

/// The stored preview; only its author sees it.
pub async fn preview(c: &Caller, id: i64) -> Result<AwardPreview, AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let (event_id, source, applied, rows) = load(c, id).await?;
    let event = event(&mut *c.pool().acquire().await?, event_id).await?;
    Ok(AwardPreview {
        id,
        event,
        source,
        applied,
        rows,
    })
}

/// Re-checks the rows (the event row locked, so two confirms cannot both award) and credits
/// every ready one in one transaction.
pub async fn apply(c: &Caller, id: i64) -> Result<AwardOutcome, AppError> {
    let user = &c.user;
    policy::center_staff(user)?;
    let (event_id, _, _, rows) = load(c, id).await?;
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    staging::lock_open(&mut tx, Staged::Award, id).await?;
    sqlx::query("SELECT id FROM training_events WHERE id = $1 FOR UPDATE")
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let event = event(&mut tx, event_id).await?;
    let rows = rows
        .into_iter()
        .map(|r| (r.line, r.staff_no, r.sheet_name))
        .collect();
    let checked = check(&mut tx, &event, rows).await?;
    let ready: Vec<i64> = checked
        .iter()
        .filter(|r| r.status == AwardStatus::Ready)
        .filter_map(|r| r.teacher_id)
        .collect();
    let skipped = (checked.len() - ready.len()) as i64;
    sqlx::query(
        "INSERT INTO event_attendance (event_id, teacher_id)
         SELECT $1, unnest($2::int8[]) ON CONFLICT DO NOTHING",
    )
    .bind(event_id)
    .bind(&ready)
    .execute(&mut *tx)
    .await?;
    let awarded = sqlx::query(
        "INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source, event_id)
         SELECT t, e.hours, e.category, e.level, e.ends_on, 'event', e.id
         FROM training_events e, unnest($2::int8[]) AS t WHERE e.id = $1
         ON CONFLICT (event_id, teacher_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(&ready)
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    staging::mark_applied(&mut tx, Staged::Award, id).await?;
    db::audit::commit(tx, user.id, "award", "training_event", event_id).await?;
    super::standing::touched(pool, &ready, c.today).await;
    Ok(AwardOutcome { awarded, skipped })
}
