//! The schema's constraints and the SQL modules, on real Postgres (a fresh database per test).
use app::backend::{db, policy};
use app::domain::codes::Role;
use app::views::auth::UserView;
use sqlx::PgPool;

/// A school and two teachers (ids returned), the minimum most constraints need.
async fn seed(pool: &PgPool) -> (i32, i64, i64) {
    let school: i32 = sqlx::query_scalar(
        "INSERT INTO schools (code, name, stage) VALUES ('SIP-900', '测试小学', 'primary') RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let mut ids = Vec::new();
    for staff in ["T100", "T200"] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO teachers (staff_no, name, school_id, subject, stage, hire_date)
             VALUES ($1, '张老师', $2, '语文', 'primary', '2020-08-25') RETURNING id",
        )
        .bind(staff)
        .bind(school)
        .fetch_one(pool)
        .await
        .unwrap();
        ids.push(id);
    }
    (school, ids[0], ids[1])
}

fn violates(result: Result<sqlx::postgres::PgQueryResult, sqlx::Error>, constraint_kind: &str) {
    let err = result.expect_err("the row must be rejected");
    let db_err = err.as_database_error().expect("a database error");
    let code = db_err.code().unwrap_or_default().to_string();
    let expected = match constraint_kind {
        "check" => "23514",
        "unique" => "23505",
        "foreign key" => "23503",
        other => panic!("unknown kind {other}"),
    };
    assert_eq!(code, expected, "{db_err}");
}

#[sqlx::test(migrations = "../migrations")]
async fn hour_records_must_have_positive_hours(pool: PgPool) {
    let (_, t, _) = seed(&pool).await;
    let insert = |hours: f64| {
        sqlx::query(
            "INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source)
             VALUES ($1, $2::numeric, 'general', 'district', '2026-03-01', 'import')",
        )
        .bind(t)
        .bind(hours)
        .execute(&pool)
    };
    violates(insert(0.0).await, "check");
    violates(insert(-2.0).await, "check");
    insert(1.5).await.expect("positive hours are fine");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_teacher_cannot_mentor_themselves(pool: PgPool) {
    let (_, t, _) = seed(&pool).await;
    let res = sqlx::query("INSERT INTO mentor_pairings (mentor_id, mentee_id, started_on) VALUES ($1, $1, '2026-09-01')")
        .bind(t)
        .execute(&pool)
        .await;
    violates(res, "check");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_pair_has_at_most_one_active_pairing_but_keeps_its_history(pool: PgPool) {
    let (_, mentor, mentee) = seed(&pool).await;
    let pair = |ended: Option<&'static str>| {
        sqlx::query("INSERT INTO mentor_pairings (mentor_id, mentee_id, started_on, ended_on) VALUES ($1, $2, '2025-09-01', $3::date)")
            .bind(mentor)
            .bind(mentee)
            .bind(ended)
            .execute(&pool)
    };
    pair(Some("2026-07-01")).await.expect("an ended pairing");
    pair(None)
        .await
        .expect("a new active pairing beside the ended one");
    violates(pair(None).await, "unique");
}

#[sqlx::test(migrations = "../migrations")]
async fn dates_must_be_in_order(pool: PgPool) {
    let (_, mentor, mentee) = seed(&pool).await;
    let res = sqlx::query("INSERT INTO mentor_pairings (mentor_id, mentee_id, started_on, ended_on) VALUES ($1, $2, '2026-09-01', '2026-08-01')")
        .bind(mentor)
        .bind(mentee)
        .execute(&pool)
        .await;
    violates(res, "check");
    let res = sqlx::query(
        "INSERT INTO terms (name, starts_on, ends_on) VALUES ('x', '2026-09-01', '2026-09-01')",
    )
    .execute(&pool)
    .await;
    violates(res, "check");
}

#[sqlx::test(migrations = "../migrations")]
async fn session_minutes_must_be_in_range(pool: PgPool) {
    let (_, mentor, mentee) = seed(&pool).await;
    let pairing: i64 = sqlx::query_scalar("INSERT INTO mentor_pairings (mentor_id, mentee_id, started_on) VALUES ($1, $2, '2026-09-01') RETURNING id")
        .bind(mentor)
        .bind(mentee)
        .fetch_one(&pool)
        .await
        .unwrap();
    let insert = |minutes: i32| {
        sqlx::query("INSERT INTO mentor_sessions (pairing_id, held_on, minutes, kind, topic) VALUES ($1, '2026-09-10', $2, 'observe_mentee', '听课')")
            .bind(pairing)
            .bind(minutes)
            .execute(&pool)
    };
    violates(insert(0).await, "check");
    violates(insert(601).await, "check");
    insert(600).await.expect("a whole day of shadowing");
    insert(45).await.expect("a normal lesson");
}

#[sqlx::test(migrations = "../migrations")]
async fn staff_numbers_are_unique_and_well_formed(pool: PgPool) {
    let (school, _, _) = seed(&pool).await;
    let insert = |staff: &'static str| {
        sqlx::query("INSERT INTO teachers (staff_no, name, school_id, subject, stage, hire_date) VALUES ($1, '李老师', $2, '数学', 'primary', '2021-08-25')")
            .bind(staff)
            .bind(school)
            .execute(&pool)
    };
    violates(insert("T100").await, "unique");
    violates(insert("T 1").await, "check");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_coordinator_role_needs_a_school_and_others_must_not_have_one(pool: PgPool) {
    let (school, _, _) = seed(&pool).await;
    let user: i64 = sqlx::query_scalar("INSERT INTO users (username, password_hash, display_name) VALUES ('user1', 'x', 'U') RETURNING id")
        .fetch_one(&pool)
        .await
        .unwrap();
    let grant = |role: &'static str, school: Option<i32>| {
        sqlx::query("INSERT INTO user_roles (user_id, role, school_id) VALUES ($1, $2, $3)")
            .bind(user)
            .bind(role)
            .bind(school)
            .execute(&pool)
    };
    violates(grant("school_coordinator", None).await, "check");
    violates(grant("teacher", Some(school)).await, "check");
    violates(grant("admin", None).await, "check");
    grant("school_coordinator", Some(school))
        .await
        .expect("a scoped coordinator");
}

#[sqlx::test(migrations = "../migrations")]
async fn claims_need_a_reason_to_be_rejected(pool: PgPool) {
    let (_, t, _) = seed(&pool).await;
    let res = sqlx::query(
        "INSERT INTO hour_claims (teacher_id, title, hours, category, level, earned_on, evidence, status)
         VALUES ($1, '公开课', 6, 'lesson', 'district', '2026-05-01', '证明', 'rejected')",
    )
    .bind(t)
    .execute(&pool)
    .await;
    violates(res, "check");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_default_ladder_and_rules_are_data(pool: PgPool) {
    let ladder: Vec<String> = sqlx::query_scalar("SELECT name FROM tier_levels ORDER BY rank")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(
        ladder,
        ["教坛新秀", "教学能手", "学科带头人", "名教师", "特级教师"]
    );
    let cycle: f64 = sqlx::query_scalar(
        "SELECT min_hours::float8 FROM requirement_rules WHERE code = 'cycle_total'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(cycle, 360.0);
}

#[sqlx::test(migrations = "../migrations")]
async fn users_load_with_their_roles_and_disabled_users_do_not(pool: PgPool) {
    let (school, t, _) = seed(&pool).await;
    let mut tx = pool.begin().await.unwrap();
    let id = db::users::create(
        &mut tx,
        "coord",
        "hash",
        "王老师",
        Some(t),
        &[
            (Role::Teacher, None),
            (Role::SchoolCoordinator, Some(school)),
        ],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let user = db::users::load_view(&pool, id)
        .await
        .unwrap()
        .expect("user");
    assert!(user.has(Role::SchoolCoordinator));
    assert_eq!(user.coordinated_schools(), vec![school]);
    assert_eq!(user.roles[1].school_name.as_deref(), Some("测试小学"));

    sqlx::query("UPDATE users SET disabled = true WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    assert!(db::users::load_view(&pool, id).await.unwrap().is_none());
}

fn user(teacher_id: Option<i64>, roles: &[(Role, Option<i32>)]) -> UserView {
    UserView {
        must_change_password: false,
        id: 1,
        username: "u".into(),
        display_name: "U".into(),
        teacher_id,
        roles: roles
            .iter()
            .map(|(role, school_id)| app::views::auth::RoleGrant {
                role: *role,
                school_id: *school_id,
                school_name: None,
            })
            .collect(),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn mentors_see_active_mentees_only(pool: PgPool) {
    let (_, mentor, mentee) = seed(&pool).await;
    let as_mentor = user(Some(mentor), &[(Role::Teacher, None), (Role::Mentor, None)]);
    assert!(policy::can_view_teacher(&pool, &as_mentor, mentee)
        .await
        .is_err());
    sqlx::query("INSERT INTO mentor_pairings (mentor_id, mentee_id, started_on) VALUES ($1, $2, '2026-09-01')")
        .bind(mentor)
        .bind(mentee)
        .execute(&pool)
        .await
        .unwrap();
    assert!(policy::can_view_teacher(&pool, &as_mentor, mentee)
        .await
        .is_ok());
    sqlx::query("UPDATE mentor_pairings SET ended_on = '2026-10-01'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(policy::can_view_teacher(&pool, &as_mentor, mentee)
        .await
        .is_err());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_demo_district_loads_once_with_every_demo_login(pool: PgPool) {
    let logins = server::demo::load(&pool, 150, server::demo::DEFAULT_YEARS, false)
        .await
        .unwrap()
        .expect("loaded");
    assert_eq!(logins.len(), 4);
    for (_, username) in &logins {
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE username = $1)")
                .bind(username)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert!(exists, "{username}");
    }
    let teachers: i64 = sqlx::query_scalar("SELECT count(*) FROM teachers")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(teachers, 150);
    // A second load leaves the data alone.
    assert!(
        server::demo::load(&pool, 150, server::demo::DEFAULT_YEARS, true)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        server::demo::load(&pool, 150, server::demo::DEFAULT_YEARS, false)
            .await
            .is_err()
    );
}
