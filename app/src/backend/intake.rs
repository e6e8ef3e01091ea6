//! The yearly intake: a list of teachers (.xlsx, or .csv in UTF-8 or GBK) checked row by row
//! into a stored preview — new teacher, changes to one already on the roster, unchanged, or the
//! problem — then written on confirm in one transaction, set-wise: one statement per table
//! whatever the number of rows. Re-importing the same file writes nothing.
use super::caller::Caller;
use super::columns::{col, keyed_rows, Column};
use super::db;
use super::import_file;
use super::policy;
use super::roster::{change_detail, stored_by_staff_no, Stored};
use super::staging::{self, Own, Staged};
use crate::domain::roster::{
    changes, hire_fits_cohort, problem_status, repeated_staff_nos, FieldChange, IntakeStatus,
    TeacherFields, TeacherForm,
};
use crate::domain::teacher::StaffNo;
use crate::error::{AppError, FieldProblem};
use crate::i18n::wording::code_of;
use crate::i18n::{Labels, Texts};
use crate::sheet::{Limits, Rows};
use crate::views::roster::{IntakeCounts, IntakePage, IntakePreview, IntakeRow};
use sqlx::PgConnection;
use std::collections::{HashMap, HashSet};

pub const COLUMNS: [Column; 14] = [
    col(
        "staff_no",
        "工号 staff no.",
        &["工号", "职工号", "教师编号", "staffno"],
        true,
    ),
    col("school", "学校 school", &["学校", "单位", "school"], true),
    col(
        "birth_date",
        "出生日期 birth date",
        &["出生", "birth"],
        false,
    ),
    col("hire_date", "入职日期 hire date", &["入职", "hire"], true),
    col(
        "probation_start",
        "见习期开始 probation start",
        &["见习", "probation"],
        false,
    ),
    col("gender", "性别 gender", &["性别", "gender", "sex"], false),
    col(
        "subject",
        "学科 subject",
        &["学科", "任教学科", "subject"],
        true,
    ),
    col("stage", "学段 stage", &["学段", "stage"], true),
    col(
        "education",
        "学历 education",
        &["学历", "education", "degree"],
        false,
    ),
    col("title", "职称 title", &["职称", "title"], false),
    col(
        "party_stage",
        "政治面貌 party",
        &["政治面貌", "party"],
        false,
    ),
    col(
        "phone",
        "手机 phone",
        &["手机", "电话", "phone", "mobile"],
        false,
    ),
    col("email", "邮箱 e-mail", &["邮箱", "email", "mail"], false),
    col("name", "姓名 name", &["姓名", "name"], true),
];

/// The template's columns in the order people fill them in.
pub const TEMPLATE_ORDER: [&str; 14] = [
    "staff_no",
    "name",
    "gender",
    "birth_date",
    "hire_date",
    "probation_start",
    "school",
    "subject",
    "stage",
    "education",
    "title",
    "party_stage",
    "phone",
    "email",
];

/// A template row that passes every check but the school's code.
pub const TEMPLATE_EXAMPLE: [&str; 14] = [
    "T202600001",
    "林晓",
    "女",
    "2001-05-04",
    "2026-08-20",
    "2026-08-25",
    "SIP-001",
    "语文",
    "小学",
    "硕士",
    "",
    "中共党员",
    "13800001234",
    "",
];

pub fn column(key: &str) -> &'static Column {
    COLUMNS
        .iter()
        .find(|c| c.key == key)
        .expect("a known intake column")
}

/// The rows of the file as forms, choices mapped to codes from labels in either language.
/// The first non-blank row is the header: without it (or a required column) nothing is read.
pub fn rows_of(file: Rows) -> Result<Vec<IntakeRow>, AppError> {
    let labels = |pick: fn(&'static Texts) -> Labels, text: String| {
        if text.is_empty() {
            text
        } else {
            code_of(&text, pick)
        }
    };
    Ok(keyed_rows(file, &COLUMNS)?
        .into_iter()
        .map(|r| IntakeRow {
            line: r.line,
            form: TeacherForm {
                staff_no: r.cell("staff_no"),
                name: r.cell("name"),
                gender: labels(|t| t.genders, r.cell("gender")),
                birth_date: r.cell("birth_date"),
                hire_date: r.cell("hire_date"),
                probation_start: r.cell("probation_start"),
                school: r.cell("school"),
                subject: r.cell("subject"),
                stage: labels(|t| t.stages, r.cell("stage")),
                education: labels(|t| t.educations, r.cell("education")),
                title: labels(|t| t.titles, r.cell("title")),
                party_stage: labels(|t| t.party_stages, r.cell("party_stage")),
                phone: r.cell("phone"),
                email: r.cell("email"),
            },
            status: IntakeStatus::Unchanged,
        })
        .collect())
}

/// What confirming a row writes.
enum Plan {
    New(TeacherFields, i32),
    Update(i64, TeacherFields, Vec<FieldChange>),
    Nothing,
}

/// The import's blanks keep what is stored: the stored record with the file's values over it.
fn merged(stored: &Stored, form: &TeacherForm) -> TeacherForm {
    let pick = |new: &String, old: &String| {
        if new.is_empty() {
            old.clone()
        } else {
            new.clone()
        }
    };
    let s = &stored.form;
    TeacherForm {
        staff_no: s.staff_no.clone(),
        name: pick(&form.name, &s.name),
        gender: pick(&form.gender, &s.gender),
        birth_date: pick(&form.birth_date, &s.birth_date),
        hire_date: pick(&form.hire_date, &s.hire_date),
        probation_start: pick(&form.probation_start, &s.probation_start),
        school: stored.school_id.to_string(),
        subject: pick(&form.subject, &s.subject),
        stage: pick(&form.stage, &s.stage),
        education: pick(&form.education, &s.education),
        title: pick(&form.title, &s.title),
        party_stage: pick(&form.party_stage, &s.party_stage),
        phone: pick(&form.phone, &s.phone),
        email: pick(&form.email, &s.email),
    }
}

/// Checks every row against the roster (locking the listed teachers when `lock`), setting each
/// row's status; returns what each would write.
async fn check_rows(
    db: &mut PgConnection,
    c: &Caller,
    cohort_year: i32,
    rows: &mut [IntakeRow],
    lock: bool,
) -> Result<Vec<Plan>, AppError> {
    let scope = policy::managed_schools(&c.user)?;
    let schools: Vec<(i32, String, String, bool)> =
        sqlx::query_as("SELECT id, code, name, active FROM schools")
            .fetch_all(&mut *db)
            .await?;
    let staff_nos: Vec<String> = rows
        .iter()
        .filter_map(|r| StaffNo::parse(&r.form.staff_no).ok())
        .map(|s| s.as_str().to_string())
        .collect();
    let stored: HashMap<String, Stored> = stored_by_staff_no(db, &staff_nos, lock)
        .await?
        .into_iter()
        .map(|s| (s.form.staff_no.clone(), s))
        .collect();
    // Logins that another account holds already (a staff account named like a staff number).
    let logins: Vec<String> = staff_nos.iter().map(|s| s.to_lowercase()).collect();
    let taken: HashSet<String> = sqlx::query_scalar::<_, String>(
        "SELECT upper(username) FROM users WHERE username = ANY($1) AND teacher_id IS NULL",
    )
    .bind(&logins)
    .fetch_all(&mut *db)
    .await?
    .into_iter()
    .collect();
    let repeated = repeated_staff_nos(rows.iter().map(|r| r.form.staff_no.as_str()));
    let mut plans = Vec::with_capacity(rows.len());
    for (row, repeated) in rows.iter_mut().zip(repeated) {
        let outcome = if repeated {
            Err(AppError::field("staff_no", FieldProblem::DuplicateInFile))
        } else {
            check_row(c, &scope, &schools, &stored, &taken, cohort_year, &row.form)
        };
        let plan = outcome.unwrap_or_else(|err| {
            row.status = problem_status(err);
            Plan::Nothing
        });
        match &plan {
            Plan::New(..) => row.status = IntakeStatus::New,
            Plan::Update(_, _, changed) => row.status = IntakeStatus::Changes(changed.clone()),
            Plan::Nothing if !matches!(row.status, IntakeStatus::Problem { .. }) => {
                row.status = IntakeStatus::Unchanged
            }
            Plan::Nothing => {}
        }
        plans.push(plan);
    }
    Ok(plans)
}

fn check_row(
    c: &Caller,
    scope: &Option<Vec<i32>>,
    schools: &[(i32, String, String, bool)],
    stored: &HashMap<String, Stored>,
    taken: &HashSet<String>,
    cohort_year: i32,
    form: &TeacherForm,
) -> Result<Plan, AppError> {
    let fields = TeacherFields::parse(form, c.today)?;
    let school = schools
        .iter()
        .find(|s| s.3 && (s.1.eq_ignore_ascii_case(&fields.school) || s.2 == fields.school))
        .ok_or(AppError::field("school", FieldProblem::UnknownSchool))?;
    if !policy::within(scope, school.0) {
        return Err(AppError::field("school", FieldProblem::OutsideSchool));
    }
    let Some(existing) = stored.get(fields.staff_no.as_str()) else {
        if taken.contains(fields.staff_no.as_str()) {
            return Err(AppError::field("staff_no", FieldProblem::AlreadyExists));
        }
        hire_fits_cohort(fields.hire_date, cohort_year)?;
        return Ok(Plan::New(fields, school.0));
    };
    if !policy::within(scope, existing.school_id) {
        return Err(AppError::field("staff_no", FieldProblem::OutsideSchool));
    }
    if existing.school_id != school.0 {
        return Err(AppError::field("school", FieldProblem::OtherSchool));
    }
    let fields = TeacherFields::parse(&merged(existing, form), c.today)?;
    if let Some(cohort) = existing.cohort_year {
        hire_fits_cohort(fields.hire_date, cohort)?;
    }
    let changed = changes(
        &existing.values(),
        &fields.values(existing.school_id),
        false,
    );
    Ok(if changed.is_empty() {
        Plan::Nothing
    } else {
        Plan::Update(existing.id, fields, changed)
    })
}

fn counts(rows: &[IntakeRow]) -> IntakeCounts {
    let mut n = IntakeCounts::default();
    for r in rows {
        match r.status {
            IntakeStatus::New => n.new += 1,
            IntakeStatus::Changes(_) => n.changed += 1,
            IntakeStatus::Unchanged => n.unchanged += 1,
            IntakeStatus::Problem { .. } => n.problems += 1,
        }
    }
    n
}

/// The cohorts an intake can join, newest first, and the accounts waiting for passwords.
pub async fn page(c: &Caller) -> Result<IntakePage, AppError> {
    policy::managed_schools(&c.user)?;
    Ok(IntakePage {
        cohorts: sqlx::query_scalar("SELECT year FROM entry_cohorts ORDER BY year DESC")
            .fetch_all(c.pool())
            .await?,
        pending_accounts: super::accounts::pending_count(c).await?,
    })
}

/// Reads and checks the file into a stored preview for its author; returns its id.
pub async fn stage(
    c: &Caller,
    cohort: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<i64, AppError> {
    policy::managed_schools(&c.user)?;
    let pool = c.pool();
    let cohort_year: i32 = cohort
        .trim()
        .parse()
        .map_err(|_| AppError::field("cohort", FieldProblem::Invalid))?;
    let known: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM entry_cohorts WHERE year = $1)")
            .bind(cohort_year)
            .fetch_one(pool)
            .await?;
    if !known {
        return Err(AppError::field("cohort", FieldProblem::Invalid));
    }
    let mut rows = rows_of(import_file::read(file_name, bytes, Limits::ROSTER).await?)?;
    let mut conn = pool.acquire().await?;
    check_rows(&mut conn, c, cohort_year, &mut rows, false).await?;
    let tx = sqlx::Acquire::begin(&mut *conn).await?;
    staging::store(
        tx,
        Staged::Intake,
        c.user.id,
        file_name,
        &rows,
        Own::Cohort(cohort_year),
    )
    .await
}

/// New or unchanged rows shown beyond those with problems or changes.
const SHOWN_OTHERS: usize = 200;

pub async fn preview(c: &Caller, id: i64) -> Result<IntakePreview, AppError> {
    policy::managed_schools(&c.user)?;
    let batch = staging::load::<IntakeRow>(c.pool(), Staged::Intake, id, c.user.id).await?;
    let counts = counts(&batch.rows);
    let total = batch.rows.len();
    let (mut shown, others): (Vec<IntakeRow>, Vec<IntakeRow>) =
        batch.rows.into_iter().partition(|r| {
            matches!(
                r.status,
                IntakeStatus::Problem { .. } | IntakeStatus::Changes(_)
            )
        });
    shown.extend(others.into_iter().take(SHOWN_OTHERS));
    shown.sort_by_key(|r| r.line);
    Ok(IntakePreview {
        id,
        file_name: batch.source,
        cohort_year: batch.cohort_year.unwrap_or_default(),
        applied: batch.applied,
        counts,
        hidden: (total - shown.len()) as i64,
        rows: shown,
    })
}

/// Writes every row that still checks out, in one transaction: new teachers with their
/// accounts (waiting for one-time passwords), changes field by field, each audited.
pub async fn apply(c: &Caller, id: i64) -> Result<IntakeCounts, AppError> {
    policy::managed_schools(&c.user)?;
    let pool = c.pool();
    let batch = staging::load::<IntakeRow>(pool, Staged::Intake, id, c.user.id).await?;
    let cohort_year = batch.cohort_year.ok_or(AppError::Internal)?;
    let mut rows = batch.rows;
    let mut tx = pool.begin().await?;
    staging::lock_open(&mut tx, Staged::Intake, id).await?;
    let plans = check_rows(&mut tx, c, cohort_year, &mut rows, true).await?;
    let (mut new, mut new_schools, mut updated, mut update_ids, mut details) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for plan in plans {
        match plan {
            Plan::New(fields, school_id) => {
                new.push(fields);
                new_schools.push(school_id);
            }
            Plan::Update(teacher_id, fields, changed) => {
                update_ids.push(teacher_id);
                updated.push(fields);
                details.push(change_detail(&changed));
            }
            Plan::Nothing => {}
        }
    }
    if !new.is_empty() {
        let ids = db::roster::insert_teachers(&mut tx, &new, &new_schools, cohort_year).await?;
        db::audit::record_many(&mut *tx, c.user.id, "intake", "teacher", &ids).await?;
    }
    if !updated.is_empty() {
        db::roster::update_teachers(&mut tx, &update_ids, &updated).await?;
        db::audit::record_each(
            &mut *tx,
            c.user.id,
            "update",
            "teacher",
            &update_ids,
            &details,
        )
        .await?;
    }
    staging::mark_applied(&mut tx, Staged::Intake, id).await?;
    db::audit::commit(tx, c.user.id, "apply_import", "intake_import", id).await?;
    Ok(counts(&rows))
}
