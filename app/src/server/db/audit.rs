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
