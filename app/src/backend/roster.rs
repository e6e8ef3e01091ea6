//! The roster: center staff see the district's teachers, coordinators their schools'. Search,
//! filters and pages; a record's edit with its history (every change audited field by field).
use super::caller::Caller;
use super::db;
use super::policy;
use crate::domain::roster::{changes, hire_fits_cohort, FieldChange, TeacherFields, TeacherForm};
use crate::error::AppError;
use crate::views::roster::{
    AccountState, Choice, HistoryEntry, RoleItem, RosterQuery, RosterRow, RosterView, SchoolSpell,
    TeacherRecordView,
};
use sqlx::PgPool;

pub const PER_PAGE: i64 = 50;
/// The most rows an export holds (a province's district is well under it).
pub const MAX_EXPORT: i64 = 50_000;

/// The account state as SQL computes it for `u` (a LEFT JOIN of users).
const ACCOUNT_STATE: &str = "CASE WHEN u.id IS NULL THEN 'none' WHEN u.disabled THEN 'disabled'
     WHEN u.password_pending THEN 'pending' WHEN u.must_change_password THEN 'one_time'
     ELSE 'active' END";

fn account_state(code: &str) -> AccountState {
    match code {
        "pending" => AccountState::Pending,
        "one_time" => AccountState::OneTime,
        "active" => AccountState::Active,
        "disabled" => AccountState::Disabled,
        _ => AccountState::None,
    }
}

/// A filter's number, or none when blank or not a number (a hand-edited URL filters nothing).
fn number<T: std::str::FromStr>(value: &str) -> Option<T> {
    value.trim().parse().ok()
}

/// `%text%` for LIKE, with LIKE's own wildcards taken literally.
fn contains_pattern(text: &str) -> String {
    let text: String = crate::domain::text::choice(text)
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{text}%")
}

type RowTuple = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<i32>,
    Option<String>,
    Option<String>,
    bool,
    String,
    i64,
);

/// The rows the filters select within `schools`, a page of them (or all up to
/// [`MAX_EXPORT`] when `page` is `None`), with the total.
async fn select(
    pool: &PgPool,
    schools: &Option<Vec<i32>>,
    q: &RosterQuery,
    page: Option<i64>,
) -> Result<(Vec<RosterRow>, i64), AppError> {
    let (limit, offset) = match page {
        Some(p) => (PER_PAGE, (p - 1) * PER_PAGE),
        None => (MAX_EXPORT, 0),
    };
    let rows: Vec<RowTuple> = sqlx::query_as(&format!(
        "SELECT t.id, t.staff_no, t.name, s.name, t.subject, t.stage, t.cohort_year,
                tl.name, tl.name_en, t.active, {ACCOUNT_STATE}, count(*) OVER ()
         FROM teachers t JOIN schools s ON s.id = t.school_id
         LEFT JOIN users u ON u.teacher_id = t.id
         LEFT JOIN LATERAL (
             SELECT l.id, l.name, l.name_en FROM tier_promotions p JOIN tier_levels l ON l.id = p.level_id
             WHERE p.teacher_id = t.id ORDER BY l.rank DESC LIMIT 1) tl ON true
         WHERE ($1::int[] IS NULL OR t.school_id = ANY($1))
           AND ($2 = '%%' OR t.name LIKE $2 OR t.staff_no ILIKE $2)
           AND ($3::int IS NULL OR t.school_id = $3)
           AND ($4 = '' OR t.subject = $4)
           AND ($5 = '' OR t.stage = $5)
           AND ($6::int IS NULL OR t.cohort_year = $6)
           AND (CASE $7 WHEN 'left' THEN NOT t.active WHEN 'all' THEN true ELSE t.active END)
           AND ($8::int IS NULL OR tl.id = $8)
           AND ($9 = '' OR EXISTS (
               SELECT 1 FROM programme_enrolments e JOIN programmes pr ON pr.id = e.programme_id
               WHERE e.teacher_id = t.id AND e.ended_on IS NULL AND pr.code = $9))
         ORDER BY s.name, t.staff_no
         LIMIT $10 OFFSET $11"
    ))
    .bind(schools)
    .bind(contains_pattern(&q.q))
    .bind(number::<i32>(&q.school))
    .bind(crate::domain::text::choice(&q.subject))
    .bind(crate::domain::text::choice(&q.stage))
    .bind(number::<i32>(&q.cohort))
    .bind(crate::domain::text::choice(&q.status))
    .bind(number::<i32>(&q.tier))
    .bind(crate::domain::text::choice(&q.programme))
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.11);
    Ok((
        rows.into_iter()
            .map(|r| RosterRow {
                id: r.0,
                staff_no: r.1,
                name: r.2,
                school_name: r.3,
                subject: r.4,
                stage: r.5,
                cohort_year: r.6,
                tier: r.7.zip(r.8),
                active: r.9,
                account: account_state(&r.10),
            })
            .collect(),
        total,
    ))
}

/// The schools a caller may choose from: their own, or every active one for the center.
pub async fn school_choices(
    pool: &PgPool,
    schools: &Option<Vec<i32>>,
) -> Result<Vec<Choice>, AppError> {
    let rows: Vec<(i32, String)> = sqlx::query_as(
        "SELECT id, name FROM schools WHERE ($1::int[] IS NULL OR id = ANY($1)) AND active ORDER BY name",
    )
    .bind(schools)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: name.clone(),
            label_en: name,
        })
        .collect())
}

pub async fn list(c: &Caller, q: &RosterQuery) -> Result<RosterView, AppError> {
    let schools = policy::managed_schools(&c.user)?;
    let pool = c.pool();
    let page = number::<i64>(&q.page).unwrap_or(1).clamp(1, 100_000);
    let (rows, total) = select(pool, &schools, q, Some(page)).await?;
    let subjects: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT subject FROM teachers WHERE ($1::int[] IS NULL OR school_id = ANY($1)) ORDER BY subject",
    )
    .bind(&schools)
    .fetch_all(pool)
    .await?;
    let cohorts: Vec<i32> = sqlx::query_scalar("SELECT year FROM entry_cohorts ORDER BY year DESC")
        .fetch_all(pool)
        .await?;
    let tiers = db::growth::tier_names(pool).await?;
    let programmes: Vec<(String, String, String)> =
        sqlx::query_as("SELECT code, name, name_en FROM programmes WHERE active ORDER BY id")
            .fetch_all(pool)
            .await?;
    Ok(RosterView {
        rows,
        total,
        page,
        pages: (total + PER_PAGE - 1) / PER_PAGE,
        schools: school_choices(pool, &schools).await?,
        subjects,
        cohorts,
        tiers: tiers
            .into_iter()
            .map(|(id, label, label_en)| Choice {
                value: id.to_string(),
                label,
                label_en,
            })
            .collect(),
        programmes: programmes
            .into_iter()
            .map(|(value, label, label_en)| Choice {
                value,
                label,
                label_en,
            })
            .collect(),
        pending_accounts: super::accounts::pending_count(c).await?,
    })
}

/// Every row the filters select, for the spreadsheet.
pub async fn export(c: &Caller, q: &RosterQuery) -> Result<Vec<RosterRow>, AppError> {
    let schools = policy::managed_schools(&c.user)?;
    Ok(select(c.pool(), &schools, q, None).await?.0)
}

/// A stored teacher as the edit form holds it, with its school and cohort.
pub struct Stored {
    pub id: i64,
    pub form: TeacherForm,
    pub school_id: i32,
    pub school_name: String,
    pub cohort_year: Option<i32>,
    pub active: bool,
}

impl Stored {
    /// The stored values in [`crate::domain::roster::CHANGEABLE`] order.
    pub fn values(&self) -> [String; crate::domain::roster::CHANGEABLE.len()] {
        let f = &self.form;
        [
            f.name.clone(),
            f.gender.clone(),
            f.birth_date.clone(),
            f.hire_date.clone(),
            f.probation_start.clone(),
            self.school_id.to_string(),
            f.subject.clone(),
            f.stage.clone(),
            f.education.clone(),
            f.title.clone(),
            f.party_stage.clone(),
            f.phone.clone(),
            f.email.clone(),
        ]
    }
}

#[derive(sqlx::FromRow)]
pub struct StoredRow {
    id: i64,
    staff_no: String,
    name: String,
    gender: Option<String>,
    birth_date: Option<chrono::NaiveDate>,
    hire_date: chrono::NaiveDate,
    probation_start: Option<chrono::NaiveDate>,
    school_id: i32,
    school_name: String,
    subject: String,
    stage: String,
    education: Option<String>,
    title: String,
    party_stage: String,
    phone: Option<String>,
    email: Option<String>,
    cohort_year: Option<i32>,
    active: bool,
}

/// The columns [`stored_from`] reads, for `teachers t JOIN schools s`.
pub const STORED_COLUMNS: &str = "t.id, t.staff_no, t.name, t.gender, t.birth_date, t.hire_date,
    t.probation_start, t.school_id, s.name AS school_name, t.subject, t.stage, t.education,
    t.title, t.party_stage, t.phone, t.email, t.cohort_year, t.active";

pub fn stored_from(r: StoredRow) -> Stored {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    Stored {
        id: r.id,
        form: TeacherForm {
            staff_no: r.staff_no,
            name: r.name,
            gender: r.gender.unwrap_or_default(),
            birth_date: date(r.birth_date),
            hire_date: r.hire_date.to_string(),
            probation_start: date(r.probation_start),
            school: r.school_id.to_string(),
            subject: r.subject,
            stage: r.stage,
            education: r.education.unwrap_or_default(),
            title: r.title,
            party_stage: r.party_stage,
            phone: r.phone.unwrap_or_default(),
            email: r.email.unwrap_or_default(),
        },
        school_id: r.school_id,
        school_name: r.school_name,
        cohort_year: r.cohort_year,
        active: r.active,
    }
}

/// The stored teachers with these staff numbers (upper-case), locked when `lock`.
pub async fn stored_by_staff_no(
    db: &mut sqlx::PgConnection,
    staff_nos: &[String],
    lock: bool,
) -> Result<Vec<Stored>, sqlx::Error> {
    let rows: Vec<StoredRow> = sqlx::query_as(&format!(
        "SELECT {STORED_COLUMNS} FROM teachers t JOIN schools s ON s.id = t.school_id
         WHERE t.staff_no = ANY($1){}",
        if lock { " FOR UPDATE OF t" } else { "" }
    ))
    .bind(staff_nos)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(stored_from).collect())
}

async fn stored(db: &mut sqlx::PgConnection, id: i64, lock: bool) -> Result<Stored, AppError> {
    let row: Option<StoredRow> = sqlx::query_as(&format!(
        "SELECT {STORED_COLUMNS} FROM teachers t JOIN schools s ON s.id = t.school_id
         WHERE t.id = $1{}",
        if lock { " FOR UPDATE OF t" } else { "" }
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(stored_from).ok_or(AppError::Forbidden)
}

/// The record if the caller manages its school; 403 otherwise (also when missing).
async fn managed(
    c: &Caller,
    db: &mut sqlx::PgConnection,
    id: i64,
    lock: bool,
) -> Result<Stored, AppError> {
    let schools = policy::managed_schools(&c.user)?;
    let record = stored(db, id, lock).await?;
    if policy::within(&schools, record.school_id) {
        Ok(record)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The changes an audit entry's detail lists (`{"changes": [{field, old, new}]}`).
pub fn change_detail(changes: &[FieldChange]) -> serde_json::Value {
    serde_json::json!({ "changes": changes })
}

pub async fn record(c: &Caller, id: i64) -> Result<TeacherRecordView, AppError> {
    let pool = c.pool();
    let mut conn = pool.acquire().await?;
    let s = managed(c, &mut conn, id, false).await?;
    let account: Option<(String, String)> = sqlx::query_as(&format!(
        "SELECT u.username, {ACCOUNT_STATE} FROM users u WHERE u.teacher_id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let history: Vec<(String, Option<String>, String, serde_json::Value)> = sqlx::query_as(
        "SELECT to_char(a.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                u.display_name, a.action, a.detail
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
         WHERE a.entity = 'teacher' AND a.entity_id = $1::text
         ORDER BY a.at DESC, a.id DESC LIMIT 200",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let spells: Vec<(String, chrono::NaiveDate, Option<chrono::NaiveDate>)> = sqlx::query_as(
        "SELECT s.name, h.from_date, h.to_date FROM teacher_school_history h
         JOIN schools s ON s.id = h.school_id WHERE h.teacher_id = $1 ORDER BY h.from_date, h.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let left: (Option<chrono::NaiveDate>, Option<String>) =
        sqlx::query_as("SELECT left_on, leave_reason FROM teachers WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let roles: Vec<(String, Option<i32>, Option<String>)> = sqlx::query_as(
        "SELECT r.role, r.school_id, s.name FROM users u JOIN user_roles r ON r.user_id = u.id
         LEFT JOIN schools s ON s.id = r.school_id
         WHERE u.teacher_id = $1 AND r.role <> 'teacher' ORDER BY r.role, s.name",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let undo = super::movements::undoable(&mut conn, id, c.today)
        .await?
        .map(|(_, action, _)| action);
    let slip = super::accounts::take_slip(id).await?;
    Ok(TeacherRecordView {
        id,
        slip,
        school_name: s.school_name.clone(),
        cohort_year: s.cohort_year,
        active: s.active,
        account: account
            .as_ref()
            .map_or(AccountState::None, |(_, state)| account_state(state)),
        username: account.map(|(u, _)| u),
        district_schools: school_choices(pool, &None).await?,
        spells: spells
            .into_iter()
            .map(|(school_name, from, to)| SchoolSpell {
                school_name,
                from: from.to_string(),
                to: to.map(|d| d.to_string()),
            })
            .collect(),
        left_on: left.0.map(|d| d.to_string()),
        leave_reason: left.1,
        undo,
        roles: roles
            .into_iter()
            .map(|(role, school_id, school_name)| RoleItem {
                role,
                school_id,
                school_name,
            })
            .collect(),
        may_grant: policy::grants_roles(&c.user).is_ok(),
        history: history
            .into_iter()
            .map(|(at, actor, action, detail)| HistoryEntry {
                at,
                actor: actor.unwrap_or_default(),
                action,
                changes: serde_json::from_value(detail["changes"].clone()).unwrap_or_default(),
            })
            .collect(),
        form: s.form,
    })
}

/// Saves the edit form: the fields that differ, audited with their old and new values. The
/// staff number (the login) and the school (a transfer) are not changed here.
pub async fn update(c: &Caller, id: i64, form: TeacherForm) -> Result<usize, AppError> {
    let pool = c.pool();
    let mut tx = pool.begin().await?;
    let s = managed(c, &mut tx, id, true).await?;
    let form = TeacherForm {
        staff_no: s.form.staff_no.clone(),
        school: s.school_id.to_string(),
        ..form
    };
    let fields = TeacherFields::parse(&form, c.today)?;
    if let Some(cohort) = s.cohort_year {
        hire_fits_cohort(fields.hire_date, cohort)?;
    }
    let changed = changes(&s.values(), &fields.values(s.school_id), false);
    if changed.is_empty() {
        return Ok(0);
    }
    db::roster::update_teachers(&mut tx, &[id], std::slice::from_ref(&fields)).await?;
    db::audit::record_each(
        &mut *tx,
        c.user.id,
        "update",
        "teacher",
        &[id],
        &[change_detail(&changed)],
    )
    .await?;
    tx.commit().await?;
    Ok(changed.len())
}
