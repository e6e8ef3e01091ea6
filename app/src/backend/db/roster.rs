//! Teachers written in bulk: the edit form writes one, an intake thousands, with the same
//! statements (one per table, over arrays).
use crate::domain::roster::TeacherFields;
use sqlx::PgConnection;

/// The changeable columns of `fields`, as parallel arrays in the order the statements bind them.
struct Columns {
    name: Vec<String>,
    gender: Vec<Option<&'static str>>,
    birth_date: Vec<Option<chrono::NaiveDate>>,
    hire_date: Vec<chrono::NaiveDate>,
    probation_start: Vec<Option<chrono::NaiveDate>>,
    subject: Vec<String>,
    stage: Vec<&'static str>,
    education: Vec<Option<&'static str>>,
    title: Vec<&'static str>,
    party_stage: Vec<&'static str>,
    phone: Vec<Option<String>>,
    email: Vec<Option<String>>,
}

impl Columns {
    fn of(fields: &[TeacherFields]) -> Self {
        Columns {
            name: fields.iter().map(|f| f.name.clone()).collect(),
            gender: fields.iter().map(|f| f.gender).collect(),
            birth_date: fields.iter().map(|f| f.birth_date).collect(),
            hire_date: fields.iter().map(|f| f.hire_date).collect(),
            probation_start: fields.iter().map(|f| f.probation_start).collect(),
            subject: fields.iter().map(|f| f.subject.clone()).collect(),
            stage: fields.iter().map(|f| f.stage.code()).collect(),
            education: fields.iter().map(|f| f.education).collect(),
            title: fields.iter().map(|f| f.title.code()).collect(),
            party_stage: fields.iter().map(|f| f.party_stage.code()).collect(),
            phone: fields.iter().map(|f| f.phone.clone()).collect(),
            email: fields.iter().map(|f| f.email.clone()).collect(),
        }
    }
}

/// `$2`–`$13` of both statements: the changeable columns.
const COLUMN_ARRAYS: &str = "$2::text[], $3::text[], $4::date[], $5::date[], $6::date[],
    $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[]";
const COLUMN_NAMES: &str = "name, gender, birth_date, hire_date, probation_start, subject, stage,
    education, title, party_stage, phone, email";

fn bind_columns<'q>(
    query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    c: &'q Columns,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    query
        .bind(&c.name)
        .bind(&c.gender)
        .bind(&c.birth_date)
        .bind(&c.hire_date)
        .bind(&c.probation_start)
        .bind(&c.subject)
        .bind(&c.stage)
        .bind(&c.education)
        .bind(&c.title)
        .bind(&c.party_stage)
        .bind(&c.phone)
        .bind(&c.email)
}

/// Writes the changeable fields of teachers `ids` (not their staff number or school); their
/// accounts follow a new name.
pub async fn update_teachers(
    tx: &mut PgConnection,
    ids: &[i64],
    fields: &[TeacherFields],
) -> Result<(), sqlx::Error> {
    let c = Columns::of(fields);
    let set: Vec<String> = COLUMN_NAMES
        .split(',')
        .map(|n| format!("{0} = v.{0}", n.trim()))
        .collect();
    let sql = format!(
        "UPDATE teachers t SET {} FROM UNNEST($1::bigint[], {COLUMN_ARRAYS})
             AS v(id, {COLUMN_NAMES}) WHERE t.id = v.id",
        set.join(", ")
    );
    bind_columns(sqlx::query(&sql).bind(ids), &c)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE users u SET display_name = t.name FROM teachers t
         WHERE u.teacher_id = t.id AND t.id = ANY($1) AND u.display_name <> t.name",
    )
    .bind(ids)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Adds new teachers of entry cohort `cohort_year` at `school_ids` (beside `fields`), each with
/// a school history from the hire date and a teacher's account (their lower-case staff number)
/// waiting for its one-time password. Returns the new ids in the order given.
pub async fn insert_teachers(
    tx: &mut PgConnection,
    fields: &[TeacherFields],
    school_ids: &[i32],
    cohort_year: i32,
) -> Result<Vec<i64>, sqlx::Error> {
    let c = Columns::of(fields);
    let staff_nos: Vec<&str> = fields.iter().map(|f| f.staff_no.as_str()).collect();
    let sql = format!(
        "INSERT INTO teachers (staff_no, {COLUMN_NAMES}, school_id, cohort_year)
         SELECT v.staff_no, {COLUMN_NAMES}, v.school_id, $16
         FROM UNNEST($1::text[], {COLUMN_ARRAYS}, $14::int[], $15::int[])
             AS v(staff_no, {COLUMN_NAMES}, school_id, ord)
         ORDER BY v.ord
         RETURNING id, staff_no"
    );
    let order: Vec<i32> = (0..fields.len() as i32).collect();
    let rows = bind_columns(sqlx::query(&sql).bind(&staff_nos), &c)
        .bind(school_ids)
        .bind(&order)
        .bind(cohort_year)
        .fetch_all(&mut *tx)
        .await?;
    let mut by_staff_no = std::collections::HashMap::new();
    for row in &rows {
        use sqlx::Row;
        by_staff_no.insert(row.try_get::<String, _>(1)?, row.try_get::<i64, _>(0)?);
    }
    let ids: Vec<i64> = staff_nos
        .iter()
        .map(|s| by_staff_no.get(*s).copied().unwrap_or_default())
        .collect();
    sqlx::query(
        "INSERT INTO teacher_school_history (teacher_id, school_id, from_date)
         SELECT id, school_id, hire_date FROM teachers WHERE id = ANY($1)",
    )
    .bind(&ids)
    .execute(&mut *tx)
    .await?;
    // '!' is no argon2 hash: a pending account cannot log in until it gets its password.
    sqlx::query(
        "WITH made AS (
             INSERT INTO users (username, password_hash, display_name, teacher_id, password_pending)
             SELECT lower(staff_no), '!', name, id, true FROM teachers WHERE id = ANY($1)
             RETURNING id)
         INSERT INTO user_roles (user_id, role) SELECT id, 'teacher' FROM made",
    )
    .bind(&ids)
    .execute(&mut *tx)
    .await?;
    Ok(ids)
}
