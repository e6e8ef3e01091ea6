//! Numbers the center configures (`app_settings`), with the default when unset.
use sqlx::PgPool;

pub async fn get(pool: &PgPool, key: &str, default: i64) -> Result<i64, sqlx::Error> {
    let v: Option<i32> = sqlx::query_scalar("SELECT value FROM app_settings WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await?;
    Ok(v.map_or(default, i64::from))
}

pub async fn set(
    db: &mut sqlx::PgConnection,
    key: &str,
    value: i64,
    by: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO app_settings (key, value, updated_by) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = $2, updated_by = $3, updated_at = now()",
    )
    .bind(key)
    .bind(value as i32)
    .bind(by)
    .execute(db)
    .await?;
    Ok(())
}
