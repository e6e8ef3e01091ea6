//! Reading an uploaded import file off the async workers. Parsing is CPU work that the limits in
//! `sheet` bound; it runs on the blocking pool, one file at a time in the process, so that two
//! large uploads cannot make logins and pages wait.
use crate::error::{AppError, BUSY_RETRY_SECS};
use crate::sheet::{self, Limits, Rows};
use std::time::Duration;
use tokio::sync::Semaphore;

/// One parse at a time: the other core stays free for requests.
static PARSING: Semaphore = Semaphore::const_new(1);
/// How long an upload waits for the parser before the server says it is busy.
const QUEUE_WAIT: Duration = Duration::from_secs(10);
/// A parse that takes longer than this is abandoned (its thread finishes on its own, still
/// holding the parser, so a slow file cannot be retried into many parallel parses).
const PARSE_BUDGET: Duration = Duration::from_secs(20);

/// The rows of the first sheet (.xlsx) or of the file (.csv), within `limits`.
pub async fn read(file_name: &str, bytes: &[u8], limits: Limits) -> Result<Rows, AppError> {
    if bytes.len() > limits.max_bytes {
        // Refused before queueing: nothing to parse.
        return Ok(sheet::read(file_name, bytes, limits)?);
    }
    let busy = AppError::Busy {
        retry_after_secs: BUSY_RETRY_SECS,
    };
    let permit = tokio::time::timeout(QUEUE_WAIT, PARSING.acquire())
        .await
        .map_err(|_| busy.clone())?
        .map_err(|_| AppError::Internal)?;
    let (name, bytes) = (file_name.to_string(), bytes.to_vec());
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        sheet::read(&name, &bytes, limits)
    });
    match tokio::time::timeout(PARSE_BUDGET, task).await {
        Ok(Ok(rows)) => Ok(rows?),
        Ok(Err(err)) => {
            tracing::error!(error = %err, "import file parser failed");
            Err(AppError::Internal)
        }
        Err(_) => {
            tracing::warn!(file = file_name, "import file took too long to read");
            Err(AppError::field(
                "file",
                crate::error::FieldProblem::SheetTooBig {
                    rows: limits.max_rows as i64,
                    cols: limits.max_cols as i64,
                },
            ))
        }
    }
}
