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

/// One entry per record, each with its `detail` (a JSON object: what changed), in one statement:
/// an import that writes thousands of records logs them at set speed.
pub async fn record_each<'e>(
    db: impl PgExecutor<'e>,
    actor: i64,
    action: &str,
    entity: &str,
    entity_ids: &[i64],
    details: &[serde_json::Value],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (actor_user_id, action, entity, entity_id, detail)
         SELECT $1, $2, $3, v.id::text, v.detail
         FROM UNNEST($4::bigint[], $5::jsonb[]) AS v(id, detail)",
    )
    .bind(actor)
    .bind(action)
    .bind(entity)
    .bind(entity_ids)
    .bind(details)
    .execute(db)
    .await?;
    Ok(())
}

/// [`record_each`] with no detail.
pub async fn record_many<'e>(
    db: impl PgExecutor<'e>,
    actor: i64,
    action: &str,
    entity: &str,
    entity_ids: &[i64],
) -> Result<(), sqlx::Error> {
    let empty = vec![serde_json::json!({}); entity_ids.len()];
    record_each(db, actor, action, entity, entity_ids, &empty).await
}
