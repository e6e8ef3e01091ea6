use sqlx::PgExecutor;

/// Appends to the audit log: who did what to which record.
pub async fn record<'e>(
    db: impl PgExecutor<'e>,
    actor: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (actor_user_id, action, entity, entity_id) VALUES ($1, $2, $3, $4)",
    )
    .bind(actor)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Records who did what, then commits: every write and its audit entry land together or not at all.
pub async fn commit(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    user_id: i64,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
) -> Result<(), sqlx::Error> {
    record(
        &mut *tx,
        Some(user_id),
        action,
        entity,
        &entity_id.to_string(),
    )
    .await?;
    tx.commit().await
}
