//! Evidence files kept beside claims and achievements: which table holds whose, and the list
//! of each record's files.
use crate::views::hours::EvidenceFile;
use sqlx::PgPool;
use std::collections::HashMap;

/// What the files prove, and so where they are kept.
#[derive(Clone, Copy)]
pub enum Owner {
    Claim,
    Achievement,
    LoopNote,
}

impl Owner {
    /// The table of the files and its column naming the record.
    pub fn table(self) -> (&'static str, &'static str) {
        match self {
            Owner::Claim => ("claim_evidence", "claim_id"),
            Owner::Achievement => ("achievement_evidence", "achievement_id"),
            Owner::LoopNote => ("loop_note_evidence", "note_id"),
        }
    }
}

/// The files of each of the records `ids` (without their bytes), by record id.
pub async fn listed(
    pool: &PgPool,
    owner: Owner,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<EvidenceFile>>, sqlx::Error> {
    let (table, key) = owner.table();
    let files: Vec<(i64, i64, String, String, i32)> = sqlx::query_as(&format!(
        "SELECT {key}, id, file_name, content_type, size_bytes FROM {table}
         WHERE {key} = ANY($1) ORDER BY id"
    ))
    .bind(ids)
    .fetch_all(pool)
    .await?;
    let mut by_record: HashMap<i64, Vec<EvidenceFile>> = HashMap::new();
    for (record, id, file_name, content_type, size_bytes) in files {
        by_record.entry(record).or_default().push(EvidenceFile {
            id,
            file_name,
            content_type,
            size_bytes,
        });
    }
    Ok(by_record)
}
