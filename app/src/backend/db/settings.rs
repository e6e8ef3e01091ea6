//! Numbers the center configures (`app_settings`), with the default when unset.
use sqlx::PgPool;

pub async fn get(pool: &PgPool, key: &str, default: i64) -> Result<i64, sqlx::Error> {
    Ok(get_many(pool, &[(key, default)]).await?[0])
}

/// The statement of [`get_many`]: the settings set among the keys $1.
pub const GET_MANY: &str = "SELECT key, value FROM app_settings WHERE key = ANY($1)";

/// Several settings in one query, in the order asked.
pub async fn get_many(pool: &PgPool, keys: &[(&str, i64)]) -> Result<Vec<i64>, sqlx::Error> {
    let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
    let set: Vec<(String, i32)> = sqlx::query_as(GET_MANY)
        .bind(&names)
        .fetch_all(pool)
        .await?;
    Ok(keys
        .iter()
        .map(|(k, default)| {
            set.iter()
                .find(|(key, _)| key == k)
                .map_or(*default, |(_, v)| i64::from(*v))
        })
        .collect())
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
