//! The session store: sessions in `user_sessions` as JSON, each loaded with its user in one
//! statement (the session's `uid` joined to the account and its role grants, if the account may
//! still use the session), so a signed-in request costs one round trip before its own work
//! rather than two — or none while the session is kept in memory (`session_cache`).
use super::session_cache::SessionCache;
use super::users::{self, ViewRow, VIEW_COLUMNS, VIEW_JOINS};
use crate::views::auth::UserView;
use async_trait::async_trait;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::LazyLock;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, ExpiredDeletion, Result, SessionStore};

/// Session keys: the signed-in account, and when it signed in (Unix seconds).
pub const USER_ID: &str = "uid";
pub const LOGIN_AT: &str = "login_at";
/// The key under which a loaded session carries its user (`UserView`), or nothing when the
/// account may not use it (disabled, gone, or its sessions ended since the login). Never saved.
pub const USER: &str = "user";

#[derive(Clone, Debug)]
pub struct Store {
    pool: PgPool,
    cache: SessionCache,
}

/// A session with its user, one row per role grant. The account may use the session while it
/// is enabled and its sessions were not ended (a password reset or change) after the login.
static LOAD: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT s.data::text, extract(epoch FROM s.expiry_date)::int8, {VIEW_COLUMNS}
         FROM user_sessions s
         LEFT JOIN users u ON u.id = (s.data->>'{USER_ID}')::int8 AND NOT u.disabled
              AND (u.sessions_valid_from IS NULL OR ceil(extract(epoch FROM u.sessions_valid_from))::int8
                   <= coalesce((s.data->>'{LOGIN_AT}')::int8, 0))
         {VIEW_JOINS}
         WHERE s.id = $1 AND s.expiry_date > now()
         ORDER BY r.id"
    )
});

/// A session's row written (`INSERT` and what to do when its id is taken).
const INSERT: &str = "INSERT INTO user_sessions (id, data, expiry_date) \
    VALUES ($1, $2::jsonb, to_timestamp($3))";

impl Store {
    /// A store that keeps loaded sessions in memory once `cache().listen(..)` runs.
    pub fn new(pool: PgPool) -> Self {
        Store {
            pool,
            cache: SessionCache::default(),
        }
    }

    /// The sessions this store keeps loaded (for `listen`, and for changes made elsewhere
    /// in the app to the accounts they show).
    pub fn cache(&self) -> SessionCache {
        self.cache.clone()
    }

    /// Runs `sql` (an `INSERT` of `record`), answering how many rows it wrote.
    async fn write(&self, sql: &str, record: &Record) -> Result<u64> {
        let done = sqlx::query(sql)
            .bind(record.id.to_string())
            .bind(saved_data(record)?)
            .bind(record.expiry_date.unix_timestamp() as f64)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        self.cache.forget(&record.id);
        Ok(done.rows_affected())
    }
}

fn backend(err: sqlx::Error) -> Error {
    Error::Backend(err.to_string())
}

/// The record's data as saved: without the user it was loaded with.
fn saved_data(record: &Record) -> Result<String> {
    let data: HashMap<&String, &serde_json::Value> =
        record.data.iter().filter(|(k, _)| *k != USER).collect();
    serde_json::to_string(&data).map_err(|e| Error::Encode(e.to_string()))
}

/// One row per role grant of the session's user (one row without a user when it has none).
type Row = (
    String,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<bool>,
    Option<String>,
    Option<i32>,
    Option<String>,
);

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A new id until one is free (a collision is all but impossible, never silently shared).
        while self
            .write(&format!("{INSERT} ON CONFLICT (id) DO NOTHING"), record)
            .await?
            == 0
        {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let sql = format!(
            "{INSERT} ON CONFLICT (id) DO UPDATE \
             SET data = excluded.data, expiry_date = excluded.expiry_date"
        );
        self.write(&sql, record).await?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        if let Some(record) = self.cache.get(id) {
            return Ok(Some(record));
        }
        let generation = self.cache.generation();
        let rows: Vec<Row> = sqlx::query_as(&LOAD)
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let Some((data, expiry, ..)) = rows.first() else {
            return Ok(None);
        };
        let mut data: HashMap<String, serde_json::Value> =
            serde_json::from_str(data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(*expiry)
            .map_err(|e| Error::Decode(e.to_string()))?;
        if let Some(user) = user_of(rows) {
            let user = serde_json::to_value(user).map_err(|e| Error::Encode(e.to_string()))?;
            data.insert(USER.to_string(), user);
        }
        let account = data.get(USER_ID).and_then(serde_json::Value::as_i64);
        let record = Record {
            id: *id,
            data,
            expiry_date,
        };
        self.cache.keep(generation, &record, account);
        Ok(Some(record))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        sqlx::query("DELETE FROM user_sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        self.cache.forget(id);
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> Result<()> {
        sqlx::query("DELETE FROM user_sessions WHERE expiry_date <= now()")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// The user of a session's rows, when the join found one.
fn user_of(rows: Vec<Row>) -> Option<UserView> {
    let rows: Vec<ViewRow> = rows
        .into_iter()
        .filter_map(
            |(_, _, id, username, name, teacher, must_change, role, school, school_name)| {
                Some((
                    id?,
                    username?,
                    name?,
                    teacher,
                    must_change?,
                    role,
                    school,
                    school_name,
                ))
            },
        )
        .collect();
    users::view_of(rows)
}
