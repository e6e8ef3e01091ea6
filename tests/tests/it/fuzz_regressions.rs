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
    ..Limits::LIST
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

fn replay(target: &str, check: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no corpus for {target}");
    for file in files {
        // The fuzzer may be reducing this corpus right now: a file can vanish.
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        let start = Instant::now();
        if let Err(panic) = std::panic::catch_unwind(|| check(&bytes)) {
            eprintln!("{target}: {} panicked", file.display());
            std::panic::resume_unwind(panic);
        }
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
    // As the fuzz target does: a zip is the upload; anything else is the sheet XML (and, after
    // a 0xFF byte, the shared strings) packed into a valid workbook.
    replay("sheet_xlsx", |b| {
        if b.starts_with(b"PK") {
            sheet("upload.xlsx", b)
        } else {
            let (xml, shared) = match b.iter().position(|x| *x == 0xFF) {
                Some(i) => (&b[..i], &b[i + 1..]),
                None => (b, &b""[..]),
            };
            sheet("upload.xlsx", &workbook(xml, shared))
        }
    });
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A workbook of stored (uncompressed) parts, as the fuzz target builds with the zip crate.
fn workbook(sheet: &[u8], shared: &[u8]) -> Vec<u8> {
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", shared),
    ];
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in parts {
        let (crc, size) = (crc32(data), data.len() as u32);
        let offset = out.len() as u32;
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]); // version, flags, stored, time, date
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        };
        out.extend_from_slice(b"PK\x03\x04");
        common(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02\x14\x00");
        common(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let (at, len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00\x06\x00\x06\x00");
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[test]
fn the_replay_builds_workbooks_the_reader_accepts() {
    let xml = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#;
    let shared = br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>T202100002</t></si></sst>"#;
    let rows = read("upload.xlsx", &workbook(xml, shared), LIMITS).expect("a valid workbook");
    assert_eq!(
        rows,
        vec![(1, vec!["T202100002".to_string(), "x".to_string()])]
    );
}

/// Crashes found by fuzzing (`tests/fuzz/regressions/sheet_xlsx/refused/`): calamine 0.38 does
/// unchecked arithmetic on cell references and dimensions, so a debug build panicked (the import
/// answered 500) and a release build wrapped around: column letters past u32
/// (`ref="AAAAAAAAAAAAAAAA1"`), row digits past u32 (`r="A66666666666"`), and a dimension whose
/// end comes before its start (`ref="A8:B3"`, `ref="E1:B3"`). `app::sheet::read` refuses each.
#[test]
fn cell_references_past_any_sheet_are_refused_not_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/sheet_xlsx/refused");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut open = Vec::new();
    for file in files {
        let xml = std::fs::read(&file).unwrap();
        let bytes = if xml.starts_with(b"PK") {
            xml
        } else {
            let (sheet_xml, shared) = match xml.iter().position(|x| *x == 0xFF) {
                Some(i) => (&xml[..i], &xml[i + 1..]),
                None => (&xml[..], &b""[..]),
            };
            workbook(sheet_xml, shared)
        };
        let result = std::panic::catch_unwind(|| read("upload.xlsx", &bytes, LIMITS));
        if !matches!(result, Ok(Err(_))) {
            open.push(file.file_name().unwrap().to_string_lossy().to_string());
        }
    }
    assert!(open.is_empty(), "not refused (a panic): {open:?}");
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
