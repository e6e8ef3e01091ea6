//! Replays the fuzz corpus and every saved crash through the parsers, on stable Rust and
//! without libFuzzer: `tests/fuzz/corpus/<target>/` (the minimised corpus that
//! `server/scripts/fuzz.sh` grows) and `tests/fuzz/regressions/<target>/` (inputs that once
//! crashed, hung or blew the memory limit; add one file per crash found). Same checks as the
//! fuzz targets in `tests/fuzz/fuzz_targets/`.
use app::sheet::{read, Limits};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const LIMITS: Limits = Limits {
    max_rows: 200,
    max_cols: 20,
};

/// A parser that takes longer than this on one input is as bad as a crash (the fuzzer's
/// `-timeout=10`, with room for a debug build).
const SLOW: Duration = Duration::from_secs(20);

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in ["corpus", "regressions"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) {
            files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
        }
    }
    files.sort();
    files
}

fn replay(target: &str, check: impl Fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no corpus for {target}");
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let start = Instant::now();
        check(&bytes);
        assert!(
            start.elapsed() < SLOW,
            "{} took {:?}",
            file.display(),
            start.elapsed()
        );
    }
}

fn sheet(file_name: &str, bytes: &[u8]) {
    if let Ok(rows) = read(file_name, bytes, LIMITS) {
        assert!(rows.len() <= LIMITS.max_rows + 1, "{} rows", rows.len());
        for (line, cells) in &rows {
            assert!(*line >= 1, "line {line}");
            assert!(cells.len() <= LIMITS.max_cols, "{} cells", cells.len());
        }
    }
}

#[test]
fn every_xlsx_in_the_corpus_and_regressions_reads_within_the_limits() {
    replay("sheet_xlsx", |b| sheet("upload.xlsx", b));
}

#[test]
fn every_csv_in_the_corpus_and_regressions_reads_within_the_limits() {
    replay("sheet_csv", |b| sheet("upload.csv", b));
}

#[test]
fn every_evidence_file_in_the_corpus_and_regressions_is_judged_by_its_content() {
    replay("evidence", |b| {
        if let Ok(content_type) = app::domain::claims::check_evidence(b) {
            assert!(!b.is_empty());
            assert!(matches!(
                content_type,
                "application/pdf" | "image/jpeg" | "image/png"
            ));
        }
    });
}
