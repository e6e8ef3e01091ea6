//! The import-file reader on .csv uploads: never panics, never builds more than the limits.
#![no_main]
use app::sheet::{read, Limits};
use libfuzzer_sys::fuzz_target;

const LIMITS: Limits = Limits {
    max_rows: 200,
    max_cols: 20,
    ..Limits::LIST
};

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = read("upload.csv", data, LIMITS) {
        // One header row beyond the data rows.
        assert!(rows.len() <= LIMITS.max_rows + 1, "{} rows", rows.len());
        for (line, cells) in &rows {
            assert!(*line >= 1, "line {line}");
            assert!(cells.len() <= LIMITS.max_cols, "{} cells", cells.len());
        }
    }
});
