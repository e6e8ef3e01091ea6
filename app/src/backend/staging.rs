//! Where an import waits between its preview and its confirmation: the checked rows, kept for
//! their author only, then written on confirm in one transaction. The pairing import, the
//! ladder's promotions and enrolments, an event's attendees and the roster's intake and the school list each keep
//! theirs in a table of their own with the same columns; this is the one way to store, read and
//! close them.
use super::db;
use crate::error::AppError;
use serde::{de::DeserializeOwned, Serialize};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

#[derive(Clone, Copy)]
pub enum Staged {
    Pairings,
    Growth,
    Award,
    Intake,
    Schools,
}

/// A kind's own column beside the common ones (none for pairings).
pub enum Own<'a> {
    None,
    /// The growth record kind (promotions, enrolments).
    Kind(&'a str),
    /// The event the attendees are awarded.
    Event(i64),
    /// The entry cohort the new teachers join.
    Cohort(i32),
}

/// A batch as stored.
pub struct Batch<R> {
    /// The file's name, or how the rows came (a paste).
    pub source: String,
    pub applied: bool,
    pub rows: Vec<R>,
    pub kind: Option<String>,
    pub event_id: Option<i64>,
    pub cohort_year: Option<i32>,
}

impl Staged {
    fn table(self) -> &'static str {
        match self {
            Staged::Pairings => "pairing_imports",
            Staged::Growth => "growth_imports",
            Staged::Award => "event_awards",
            Staged::Intake => "intake_imports",
            Staged::Schools => "school_imports",
        }
    }

    /// The audit log's name for a batch.
    fn entity(self) -> &'static str {
        match self {
            Staged::Pairings => "pairing_import",
            Staged::Growth => "growth_import",
            Staged::Award => "event_award",
            Staged::Intake => "intake_import",
            Staged::Schools => "school_import",
        }
    }

    /// The source column, the kind, the event and the cohort, as the batch is read.
    fn columns(self) -> &'static str {
        match self {
            Staged::Pairings => "file_name, NULL::text, NULL::bigint, NULL::int",
            Staged::Growth => "file_name, kind, NULL::bigint, NULL::int",
            Staged::Award => "source, NULL::text, event_id, NULL::int",
            Staged::Intake => "file_name, NULL::text, NULL::bigint, cohort_year",
            Staged::Schools => "file_name, NULL::text, NULL::bigint, NULL::int",
        }
    }
}

/// What a batch is stored under: the file's name made printable, at most 200 characters.
pub fn source_name(name: &str) -> String {
    let name: String = crate::domain::text::printable(name)
        .chars()
        .take(200)
        .collect();
    if name.is_empty() {
        "upload".into()
    } else {
        name
    }
}

/// Stores the checked rows for their author and commits with the audit entry; returns the id.
pub async fn store(
    mut tx: Transaction<'_, Postgres>,
    staged: Staged,
    user_id: i64,
    source: &str,
    rows: &impl Serialize,
    own: Own<'_>,
) -> Result<i64, AppError> {
    let json = serde_json::to_value(rows).map_err(|_| AppError::Internal)?;
    let sql = match staged {
        Staged::Pairings => "INSERT INTO pairing_imports (created_by, file_name, rows) VALUES ($1, $2, $3) RETURNING id",
        Staged::Growth => "INSERT INTO growth_imports (created_by, file_name, rows, kind) VALUES ($1, $2, $3, $4) RETURNING id",
        Staged::Award => "INSERT INTO event_awards (created_by, source, rows, event_id) VALUES ($1, $2, $3, $4) RETURNING id",
        Staged::Intake => "INSERT INTO intake_imports (created_by, file_name, rows, cohort_year) VALUES ($1, $2, $3, $4) RETURNING id",
        Staged::Schools => "INSERT INTO school_imports (created_by, file_name, rows) VALUES ($1, $2, $3) RETURNING id",
    };
    let query = sqlx::query_scalar(sql)
        .bind(user_id)
        .bind(source_name(source))
        .bind(json);
    let query = match own {
        Own::None => query,
        Own::Kind(kind) => query.bind(kind),
        Own::Event(event_id) => query.bind(event_id),
        Own::Cohort(year) => query.bind(year),
    };
    let id: i64 = query.fetch_one(&mut *tx).await?;
    let action = match staged {
        Staged::Award => "stage_award",
        _ => "stage_import",
    };
    db::audit::commit(tx, user_id, action, staged.entity(), id).await?;
    Ok(id)
}

/// The author's own batch `id`; anyone else's is not found.
pub async fn load<R: DeserializeOwned>(
    pool: &PgPool,
    staged: Staged,
    id: i64,
    user_id: i64,
) -> Result<Batch<R>, AppError> {
    type Row = (
        String,
        Option<String>,
        Option<i64>,
        Option<i32>,
        bool,
        serde_json::Value,
    );
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {}, applied_at IS NOT NULL, rows FROM {} WHERE id = $1 AND created_by = $2",
        staged.columns(),
        staged.table()
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    let (source, kind, event_id, cohort_year, applied, rows) = row.ok_or(AppError::NotFound)?;
    Ok(Batch {
        source,
        applied,
        rows: serde_json::from_value(rows).map_err(|_| AppError::Internal)?,
        kind,
        event_id,
        cohort_year,
    })
}

/// Locks a batch for its confirmation: one confirm per preview, a second one (a double click,
/// a replayed request) is refused.
pub async fn lock_open(tx: &mut PgConnection, staged: Staged, id: i64) -> Result<(), AppError> {
    let applied: Option<bool> = sqlx::query_scalar(&format!(
        "SELECT applied_at IS NOT NULL FROM {} WHERE id = $1 FOR UPDATE",
        staged.table()
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if applied == Some(false) {
        Ok(())
    } else {
        Err(AppError::Locked)
    }
}

/// Marks the batch confirmed, in the transaction that wrote its rows.
pub async fn mark_applied(tx: &mut PgConnection, staged: Staged, id: i64) -> Result<(), AppError> {
    sqlx::query(&format!(
        "UPDATE {} SET applied_at = now() WHERE id = $1",
        staged.table()
    ))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
