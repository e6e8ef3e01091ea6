//! Passwords: a user's own change (forced after a one-time password), a reset by center staff
//! or the school's coordinator, and the one-time passwords handed out for new accounts. A
//! one-time password is shown once, to the person handing it out, and stored only as a hash.
use super::caller::Caller;
use super::ctx::{self, session_error, LOGIN_AT};
use super::{db, password, policy};
use crate::domain::codes::Role;
use crate::domain::credentials::chosen_password;
use crate::error::{AppError, FieldProblem};
use crate::views::roster::OneTimePassword;
use sqlx::PgConnection;

pub use crate::views::auth::PASSWORD_PAGE;

/// How many one-time passwords one batch hands out (hashing is CPU work): the rest wait for
/// the next batch.
pub const MAX_BATCH: i64 = 2000;

/// Replaces the caller's password. Their other sessions end; this one goes on.
pub async fn change_password(
    c: &Caller,
    current: &str,
    new: &str,
    repeat: &str,
) -> Result<(), AppError> {
    let pool = c.pool();
    let (hash, staff_no): (String, Option<String>) = sqlx::query_as(
        "SELECT u.password_hash, t.staff_no FROM users u LEFT JOIN teachers t ON t.id = u.teacher_id
         WHERE u.id = $1",
    )
    .bind(c.user.id)
    .fetch_one(pool)
    .await?;
    let logins: Vec<&str> = std::iter::once(c.user.username.as_str())
        .chain(staff_no.as_deref())
        .collect();
    let chosen = chosen_password(new, repeat, &logins)?;
    if current.chars().count() > crate::domain::credentials::MAX_PASSWORD_LEN
        || !password::verify_async(hash, current.to_string()).await
    {
        return Err(AppError::field(
            "current_password",
            FieldProblem::WrongPassword,
        ));
    }
    if chosen == current {
        return Err(AppError::field("new_password", FieldProblem::SameAsLogin));
    }
    let new_hash = password::hash_async(chosen).await;
    let mut tx = pool.begin().await?;
    let valid_from: i64 = sqlx::query_scalar(
        "UPDATE users SET password_hash = $2, must_change_password = false, password_pending = false,
                sessions_valid_from = now()
         WHERE id = $1 RETURNING ceil(extract(epoch FROM sessions_valid_from))::bigint",
    )
    .bind(c.user.id)
    .bind(&new_hash)
    .fetch_one(&mut *tx)
    .await?;
    db::audit::commit(tx, c.user.id, "change_password", "user", c.user.id).await?;
    c.state.sessions.forget_user(c.user.id);
    // A new session id, dated so that it outlives the end of the older ones.
    let session = ctx::session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(LOGIN_AT, valid_from)
        .await
        .map_err(session_error)?;
    leptos_axum::redirect(if c.user.teacher_id.is_some() {
        "/growth"
    } else {
        "/"
    });
    Ok(())
}

/// The account of `teacher_id` if the caller may reset it: center staff anyone's, a
/// coordinator those of their schools' teachers, but never a center account.
async fn resettable(c: &Caller, teacher_id: i64) -> Result<(i64, OneTimePassword), AppError> {
    type Row = (i64, String, String, String, i32, bool, bool);
    let row: Option<Row> = sqlx::query_as(
        "SELECT u.id, u.username, t.name, s.name, t.school_id, u.disabled,
                EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $2)
         FROM teachers t JOIN users u ON u.teacher_id = t.id JOIN schools s ON s.id = t.school_id
         WHERE t.id = $1",
    )
    .bind(teacher_id)
    .bind(Role::CenterStaff.code())
    .fetch_optional(c.pool())
    .await?;
    let (user_id, login, name, school_name, school_id, disabled, center) =
        row.ok_or(AppError::Forbidden)?;
    let allowed =
        c.user.has(Role::CenterStaff) || (!center && policy::manages_school(&c.user, school_id));
    if !allowed {
        return Err(AppError::Forbidden);
    }
    if disabled {
        return Err(AppError::Locked);
    }
    Ok((
        user_id,
        OneTimePassword {
            login,
            name,
            school_name,
            password: String::new(),
        },
    ))
}

/// A new one-time password for a teacher's account; their sessions end at once.
pub async fn reset(c: &Caller, teacher_id: i64) -> Result<OneTimePassword, AppError> {
    let (user_id, mut slip) = resettable(c, teacher_id).await?;
    slip.password = password::one_time();
    let hash = one_time_hashes(vec![slip.password.clone()])
        .await?
        .remove(0);
    let mut tx = c.pool().begin().await?;
    sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = true, password_pending = false,
                sessions_valid_from = now()
         WHERE id = $1",
    )
    .bind(user_id)
    .bind(hash)
    .execute(&mut *tx)
    .await?;
    db::audit::commit(tx, c.user.id, "reset_password", "teacher", teacher_id).await?;
    c.state.sessions.forget_user(user_id);
    if crate::error::is_plain_form_post() {
        keep_slip(teacher_id, &slip).await?;
    }
    Ok(slip)
}

/// Session key of a reset's slip on its way from the form post to the record page.
const SLIP: &str = "slip";

/// A plain form's answer is a redirect, so the new password waits in the session (never in
/// the URL) for the record page, which shows it once ([`take_slip`]).
async fn keep_slip(teacher_id: i64, slip: &OneTimePassword) -> Result<(), AppError> {
    ctx::session()
        .await?
        .insert(SLIP, (teacher_id, slip))
        .await
        .map_err(session_error)
}

/// The slip of a reset just made for `teacher_id`, removed as it is read.
pub async fn take_slip(teacher_id: i64) -> Result<Option<OneTimePassword>, AppError> {
    let session = ctx::session().await?;
    let kept: Option<(i64, OneTimePassword)> = session.get(SLIP).await.map_err(session_error)?;
    match kept {
        Some((id, slip)) if id == teacher_id => {
            session
                .remove::<(i64, OneTimePassword)>(SLIP)
                .await
                .map_err(session_error)?;
            Ok(Some(slip))
        }
        _ => Ok(None),
    }
}

/// Hashes on the blocking pool, in two halves (this machine has two cores).
async fn one_time_hashes(passwords: Vec<String>) -> Result<Vec<String>, AppError> {
    let half = passwords.len().div_ceil(2).max(1);
    let tasks: Vec<_> = passwords
        .chunks(half)
        .map(|chunk| {
            let chunk = chunk.to_vec();
            tokio::task::spawn_blocking(move || {
                chunk
                    .iter()
                    .map(|p| password::hash_one_time(p))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut hashes = Vec::with_capacity(passwords.len());
    for task in tasks {
        hashes.extend(task.await.map_err(|err| {
            tracing::error!(error = %err, "hashing task failed");
            AppError::Internal
        })?);
    }
    Ok(hashes)
}

/// Accounts in the caller's schools (or `school`) still waiting for a one-time password.
async fn pending(
    db: &mut PgConnection,
    schools: &Option<Vec<i32>>,
    school: Option<i32>,
    limit: i64,
) -> Result<Vec<(i64, i64, OneTimePassword)>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT u.id, t.id, u.username, t.name, s.name
         FROM users u JOIN teachers t ON t.id = u.teacher_id JOIN schools s ON s.id = t.school_id
         WHERE u.password_pending AND NOT u.disabled AND t.active
           AND ($1::int[] IS NULL OR t.school_id = ANY($1))
           AND ($2::int IS NULL OR t.school_id = $2)
         ORDER BY s.name, t.staff_no
         LIMIT $3
         FOR UPDATE OF u SKIP LOCKED",
    )
    .bind(schools)
    .bind(school)
    .bind(limit)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, teacher_id, login, name, school_name)| {
            (
                user_id,
                teacher_id,
                OneTimePassword {
                    login,
                    name,
                    school_name,
                    password: String::new(),
                },
            )
        })
        .collect())
}

/// How many accounts in the caller's scope wait for a one-time password.
pub async fn pending_count(c: &Caller) -> Result<i64, AppError> {
    let schools = policy::managed_schools(&c.user)?;
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM users u JOIN teachers t ON t.id = u.teacher_id
         WHERE u.password_pending AND NOT u.disabled AND t.active
           AND ($1::int[] IS NULL OR t.school_id = ANY($1))",
    )
    .bind(&schools)
    .fetch_one(c.pool())
    .await?)
}

/// Hands out one-time passwords to the waiting accounts of the caller's schools (or of
/// `school`), at most [`MAX_BATCH`]: returned once, stored as hashes, to be changed at the
/// first login.
pub async fn issue(c: &Caller, school: Option<i32>) -> Result<Vec<OneTimePassword>, AppError> {
    let schools = policy::managed_schools(&c.user)?;
    if let Some(s) = school {
        if !policy::within(&schools, s) {
            return Err(AppError::Forbidden);
        }
    }
    let mut tx = c.pool().begin().await?;
    let mut accounts = pending(&mut tx, &schools, school, MAX_BATCH).await?;
    if accounts.is_empty() {
        return Ok(Vec::new());
    }
    let passwords: Vec<String> = accounts.iter().map(|_| password::one_time()).collect();
    let hashes = one_time_hashes(passwords.clone()).await?;
    let user_ids: Vec<i64> = accounts.iter().map(|a| a.0).collect();
    let teacher_ids: Vec<i64> = accounts.iter().map(|a| a.1).collect();
    sqlx::query(
        "UPDATE users u SET password_hash = v.hash, password_pending = false,
                must_change_password = true, sessions_valid_from = now()
         FROM UNNEST($1::bigint[], $2::text[]) AS v(id, hash) WHERE u.id = v.id",
    )
    .bind(&user_ids)
    .bind(&hashes)
    .execute(&mut *tx)
    .await?;
    db::audit::record_many(
        &mut *tx,
        c.user.id,
        "issue_password",
        "teacher",
        &teacher_ids,
    )
    .await?;
    tx.commit().await?;
    for user in &user_ids {
        c.state.sessions.forget_user(*user);
    }
    for (account, password) in accounts.iter_mut().zip(passwords) {
        account.2.password = password;
    }
    Ok(accounts.into_iter().map(|a| a.2).collect())
}
