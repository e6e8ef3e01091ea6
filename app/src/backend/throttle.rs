//! Login throttling, in Postgres so that every server process shares one count.
//!
//! Each attempt is counted by an atomic upsert *before* its password is checked, so attempts
//! sent in parallel cannot race past the limit. Two counts, in a fixed window:
//! - per username (known or not, alike): 5 attempts in 15 minutes; a success clears it;
//! - per client address: 50 attempts in 15 minutes (a success gives its attempt back), which
//!   stops one address from spraying guesses over many accounts. A whole school behind one NAT
//!   address must not be locked out by one script, so a browser that has logged in to the
//!   account before (it holds a device cookie, stored here as a hash) is not held to the
//!   address count: only to the account's.
use crate::error::AppError;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use std::net::IpAddr;

/// The device cookie's name.
pub const DEVICE_COOKIE: &str = "tg_device";
/// A device is remembered for a year.
pub const DEVICE_MAX_AGE_SECS: i64 = 365 * 24 * 3600;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub per_account: i32,
    pub per_address: i32,
    pub window_secs: i64,
}

impl Limits {
    pub const STANDARD: Limits = Limits {
        per_account: 5,
        per_address: 50,
        window_secs: 15 * 60,
    };
}

fn account_key(username: &str) -> String {
    format!("account:{username}")
}

fn address_key(ip: Option<IpAddr>) -> String {
    format!("ip:{}", ip.map(|i| i.to_string()).unwrap_or_default())
}

/// Whether the count after this attempt is over the limit, and when the window ends.
pub fn verdict(attempts: i32, limit: i32, secs_left: i64) -> Result<(), AppError> {
    if attempts > limit {
        Err(AppError::TooManyAttempts {
            retry_after_secs: secs_left.max(1),
        })
    } else {
        Ok(())
    }
}

/// Counts one attempt against `key`: the attempts in the current window (this one included)
/// and the seconds left in it. A window that has ended starts again at this attempt.
async fn count(pool: &PgPool, key: &str, window_secs: i64) -> Result<(i32, i64), AppError> {
    let row: (i32, i64) = sqlx::query_as(
        "INSERT INTO login_throttle AS t (key, window_start, attempts) VALUES ($1, now(), 1)
         ON CONFLICT (key) DO UPDATE SET
             window_start = CASE WHEN t.window_start <= now() - make_interval(secs => $2)
                                 THEN now() ELSE t.window_start END,
             attempts = CASE WHEN t.window_start <= now() - make_interval(secs => $2)
                             THEN 1 ELSE t.attempts + 1 END
         RETURNING attempts,
             ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::bigint",
    )
    .bind(key)
    .bind(window_secs as f64)
    .fetch_one(pool)
    .await?;
    Ok(row)
}

/// Counts this attempt and refuses it when the address or the username is over its limit.
/// `trusted_device`: the browser has logged in to this account before.
pub async fn admit(
    pool: &PgPool,
    limits: Limits,
    username: &str,
    ip: Option<IpAddr>,
    trusted_device: bool,
) -> Result<(), AppError> {
    if !trusted_device {
        let (n, left) = count(pool, &address_key(ip), limits.window_secs).await?;
        verdict(n, limits.per_address, left)?;
    }
    let (n, left) = count(pool, &account_key(username), limits.window_secs).await?;
    verdict(n, limits.per_account, left)
}

/// A successful login: the username's count starts again and the address gets its attempt back.
pub async fn succeeded(
    pool: &PgPool,
    username: &str,
    ip: Option<IpAddr>,
    trusted_device: bool,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(account_key(username))
        .execute(pool)
        .await?;
    if !trusted_device {
        sqlx::query(
            "UPDATE login_throttle SET attempts = greatest(attempts - 1, 0) WHERE key = $1",
        )
        .bind(address_key(ip))
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Counts whose window ended long ago are no longer needed.
pub async fn sweep(pool: &PgPool) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM login_throttle WHERE window_start < now() - interval '1 day'")
            .execute(pool)
            .await?
            .rows_affected(),
    )
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether the device cookie's token was issued to `user_id` at an earlier login.
pub async fn is_trusted_device(
    pool: &PgPool,
    token: Option<&str>,
    user_id: Option<i64>,
) -> Result<bool, AppError> {
    let (Some(token), Some(user_id)) = (token, user_id) else {
        return Ok(false);
    };
    Ok(sqlx::query_scalar(
        "UPDATE login_devices SET last_used_at = now()
         WHERE token_sha256 = $1 AND user_id = $2 RETURNING true",
    )
    .bind(token_hash(token))
    .bind(user_id)
    .fetch_optional(pool)
    .await?
    .unwrap_or(false))
}

/// A new device token for `user_id`, stored as its hash; the token itself goes to the cookie.
pub async fn remember_device(pool: &PgPool, user_id: i64) -> Result<String, AppError> {
    use password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    sqlx::query("INSERT INTO login_devices (token_sha256, user_id) VALUES ($1, $2)")
        .bind(token_hash(&token))
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attempt_over_the_limit_is_refused_with_the_time_left() {
        assert!(verdict(5, 5, 100).is_ok());
        assert_eq!(
            verdict(6, 5, 100),
            Err(AppError::TooManyAttempts {
                retry_after_secs: 100
            })
        );
        // Never "retry after 0 seconds".
        assert_eq!(
            verdict(6, 5, 0),
            Err(AppError::TooManyAttempts {
                retry_after_secs: 1
            })
        );
    }

    #[test]
    fn known_and_unknown_usernames_share_one_key_shape() {
        assert_eq!(account_key("nobody"), "account:nobody");
        assert_eq!(address_key(None), "ip:");
        assert_eq!(
            address_key(Some(IpAddr::from([10, 0, 0, 1]))),
            "ip:10.0.0.1"
        );
    }
}
