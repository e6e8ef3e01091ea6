use crate::domain::codes::Role;
use crate::views::auth::{RoleGrant, UserView};
use sqlx::{PgExecutor, PgPool};

pub struct LoginAccount {
    pub id: i64,
    /// The account's own username, whatever name it was found by: the login throttle counts
    /// per account, so an alias and a staff number share one count.
    pub username: String,
    pub password_hash: String,
    pub disabled: bool,
    /// When the account's sessions last ended (a reset, a password change, a one-time password
    /// handed out), as Unix seconds rounded up, read with the hash: a session that this hash
    /// opens began no earlier.
    pub sessions_valid_from: Option<i64>,
}

/// The account that `username` (lower-case) names: its username, or for a teacher's account
/// the teacher's staff number in any case, so every teacher logs in with their staff number
/// whatever else their account is called. A username wins over a staff number.
pub async fn find_for_login(
    pool: &PgPool,
    username: &str,
) -> Result<Option<LoginAccount>, sqlx::Error> {
    let row: Option<(i64, String, String, bool, Option<i64>)> = sqlx::query_as(
        "SELECT id, username, password_hash, disabled,
                ceil(extract(epoch FROM sessions_valid_from))::bigint FROM (
             SELECT id, username, password_hash, disabled, sessions_valid_from, 0 AS pref
             FROM users WHERE username = $1
             UNION ALL
             SELECT u.id, u.username, u.password_hash, u.disabled, u.sessions_valid_from, 1
             FROM teachers t JOIN users u ON u.teacher_id = t.id
             WHERE lower(t.staff_no) = $1
         ) a ORDER BY pref, id LIMIT 1",
    )
    .bind(username)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(
        |(id, username, password_hash, disabled, sessions_valid_from)| LoginAccount {
            id,
            username,
            password_hash,
            disabled,
            sessions_valid_from,
        },
    ))
}

pub async fn touch_login(pool: &PgPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET last_login_at = now() WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The user with their roles; `None` when missing or disabled. (A session's user comes with
/// the session: `session_store`.)
pub async fn load_view(pool: &PgPool, id: i64) -> Result<Option<UserView>, sqlx::Error> {
    let rows: Vec<ViewRow> = sqlx::query_as(&format!(
        "SELECT {VIEW_COLUMNS} FROM users u {VIEW_JOINS}
         WHERE u.id = $1 AND NOT u.disabled ORDER BY r.id"
    ))
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(view_of(rows))
}

/// A user's view as rows of `VIEW_COLUMNS`: one row per role grant (one row with no role for a
/// user without any), from `users u` with `VIEW_JOINS`, ordered by `r.id`.
pub type ViewRow = (
    i64,
    String,
    String,
    Option<i64>,
    bool,
    Option<String>,
    Option<i32>,
    Option<String>,
);
pub const VIEW_COLUMNS: &str = "u.id, u.username, u.display_name, u.teacher_id, \
    u.must_change_password, r.role, r.school_id, sc.name";
pub const VIEW_JOINS: &str = "LEFT JOIN user_roles r ON r.user_id = u.id \
    LEFT JOIN schools sc ON sc.id = r.school_id";

/// The user of `rows` (see [`ViewRow`]); `None` without any.
pub fn view_of(rows: Vec<ViewRow>) -> Option<UserView> {
    let (id, username, display_name, teacher_id, must_change_password, ..) =
        rows.first().cloned()?;
    let roles = rows
        .into_iter()
        .filter_map(|(.., role, school_id, school_name)| {
            Role::parse(role.as_deref()?).map(|role| RoleGrant {
                role,
                school_id,
                school_name,
            })
        })
        .collect();
    Some(UserView {
        id,
        username,
        display_name,
        teacher_id,
        roles,
        must_change_password,
    })
}

/// Creates an account with its roles; `username` must already be validated and lower-case.
pub async fn create(
    tx: &mut sqlx::PgConnection,
    username: &str,
    password_hash: &str,
    display_name: &str,
    teacher_id: Option<i64>,
    roles: &[(Role, Option<i32>)],
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, display_name, teacher_id)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(username)
    .bind(password_hash)
    .bind(display_name)
    .bind(teacher_id)
    .fetch_one(&mut *tx)
    .await?;
    for (role, school_id) in roles {
        grant(&mut *tx, id, *role, *school_id).await?;
    }
    Ok(id)
}

pub async fn grant<'e>(
    db: impl PgExecutor<'e>,
    user_id: i64,
    role: Role,
    school_id: Option<i32>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, school_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(role.code())
    .bind(school_id)
    .execute(db)
    .await?;
    Ok(())
}
