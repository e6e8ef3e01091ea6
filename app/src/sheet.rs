//! Import files (.xlsx or .csv) read into rows of text, within limits set before anything is
//! built: a spreadsheet declares its own dimensions and zips whatever it likes, so a 1.6 KB file
//! can ask for a 512 GiB range or inflate to gigabytes. Every count here is checked as it grows.
use crate::error::{AppError, FieldProblem};
use std::io::{Cursor, Read};

/// The largest upload any import accepts, before unzipping.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// What the parts of an .xlsx may inflate to, all together.
pub const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;
/// Parts in an .xlsx: a workbook of a few sheets has a dozen.
const MAX_ZIP_ENTRIES: usize = 1000;

/// How large a table an import takes.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_rows: usize,
    pub max_cols: usize,
    /// The largest file taken, before unzipping.
    pub max_bytes: usize,
    /// Refuse an .xlsx whose cells hold formulas (an import of records takes values only).
    pub values_only: bool,
}

impl Limits {
    /// Imports of lists (pairings, sign-in sheets, promotions): 5,000 rows, 30 columns.
    pub const LIST: Limits = Limits {
        max_rows: 5000,
        max_cols: 30,
        max_bytes: MAX_FILE_BYTES,
        values_only: false,
    };

    /// The roster's intake: a district's whole list of teachers, values only.
    pub const ROSTER: Limits = Limits {
        max_rows: 20_000,
        max_cols: 30,
        max_bytes: 8 * 1024 * 1024,
        values_only: true,
    };
}

/// Why a file was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetError {
    /// More bytes than the upload limit.
    TooManyBytes { max_mb: i64 },
    /// More rows or columns than the import takes (declared or found).
    TooBig { rows: i64, cols: i64 },
    /// Not a spreadsheet this reader understands (damaged zip, no sheet, bad XML, bad CSV).
    Unreadable,
    /// Text that is neither UTF-8, UTF-16 nor GB18030 (GBK).
    Encoding,
    /// A formula where only values are taken.
    Formula,
}

impl From<SheetError> for AppError {
    fn from(err: SheetError) -> Self {
        let problem = match err {
            SheetError::TooManyBytes { max_mb } => FieldProblem::FileTooLarge { max_mb },
            SheetError::TooBig { rows, cols } => FieldProblem::SheetTooBig { rows, cols },
            SheetError::Unreadable => FieldProblem::FileUnreadable,
            SheetError::Encoding => FieldProblem::FileEncoding,
            SheetError::Formula => FieldProblem::FormulaCells,
        };
        AppError::field("file", problem)
    }
}

/// A row's 1-based line number in the file and its cells as text.
pub type Rows = Vec<(i64, Vec<String>)>;

/// The rows of the first sheet (.xlsx) or of the file (.csv, by its name).
pub fn read(file_name: &str, bytes: &[u8], limits: Limits) -> Result<Rows, SheetError> {
    if bytes.len() > limits.max_bytes {
        return Err(SheetError::TooManyBytes {
            max_mb: (limits.max_bytes / (1024 * 1024)) as i64,
        });
    }
    if file_name.to_ascii_lowercase().ends_with(".csv") {
        let text = decode_text(bytes)?;
        // Text, not binary: no NUL or other control characters but tab and line ends.
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
        {
            return Err(SheetError::Unreadable);
        }
        read_csv(&text, limits)
    } else {
        // calamine 0.38 does unchecked arithmetic on cell references and dimensions (found by
        // fuzzing: `ref="AAAAAAAAAAAAAAAA1"`, `r="A66666666666"`): a debug build panics there.
        // Such a file is unreadable, never a crashed request.
        std::panic::catch_unwind(|| read_xlsx(bytes, limits)).unwrap_or(Err(SheetError::Unreadable))
    }
}

fn too_big(limits: Limits) -> SheetError {
    SheetError::TooBig {
        rows: limits.max_rows as i64,
        cols: limits.max_cols as i64,
    }
}

/// CSV text as UTF-8. Excel and WPS in China save CSV as GBK unless told otherwise; "Unicode
/// text" is UTF-16. A BOM decides; else valid UTF-8 is taken as is; else GB18030 (a superset
/// of GBK) if it decodes cleanly.
pub fn decode_text(bytes: &[u8]) -> Result<String, SheetError> {
    use encoding_rs::{GB18030, UTF_16BE, UTF_16LE, UTF_8};
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, bad) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return if bad {
            Err(SheetError::Encoding)
        } else {
            Ok(text.into_owned())
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        // UTF-16 without a BOM shows up as a NUL beside every ASCII character.
        if !looks_like_utf16(bytes) {
            return Ok(text.to_string());
        }
    }
    let candidates = if looks_like_utf16(bytes) {
        let le = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count()
            >= bytes.iter().step_by(2).filter(|b| **b == 0).count();
        if le {
            [UTF_16LE, UTF_16BE]
        } else {
            [UTF_16BE, UTF_16LE]
        }
    } else {
        [GB18030, UTF_8]
    };
    for encoding in candidates {
        let (text, bad) = encoding.decode_without_bom_handling(bytes);
        if !bad {
            return Ok(text.into_owned());
        }
    }
    Err(SheetError::Encoding)
}

fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(400)];
    sample.len() >= 4 && sample.iter().filter(|b| **b == 0).count() * 4 >= sample.len()
}

/// Rows with the file's own line numbers (the reader skips blank lines).
fn read_csv(text: &str, limits: Limits) -> Result<Rows, SheetError> {
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Rows::new();
    // The line of the last record's start, counted on from there: counting from the file's
    // start for every record was quadratic (10 s for 20,000 rows).
    let (mut counted_to, mut line) = (0usize, 1i64);
    for record in reader.records() {
        let record = record.map_err(|err| {
            tracing_info(&err);
            SheetError::Unreadable
        })?;
        // One header row beyond the data rows.
        if rows.len() > limits.max_rows || record.len() > limits.max_cols {
            return Err(too_big(limits));
        }
        // The reader's own line count skips blank lines: count newlines up to the record.
        let mut at = record
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(0)
            .min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\n' | b'\r') {
            at += 1;
        }
        line += bytes[counted_to.min(at)..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as i64;
        counted_to = counted_to.max(at);
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}

fn tracing_info(err: &dyn std::fmt::Display) {
    #[cfg(feature = "ssr")]
    tracing::info!(error = %err, "unreadable import file");
    #[cfg(not(feature = "ssr"))]
    let _ = err;
}

/// Reads every part of the zip once, counting what it inflates to, so that calamine (which
/// inflates the shared strings whole) only ever sees a package whose parts are known to be small.
fn check_package(bytes: &[u8]) -> Result<(), SheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| {
        tracing_info(&err);
        SheetError::Unreadable
    })?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(SheetError::Unreadable);
    }
    let mut left = MAX_INFLATED_BYTES;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|err| {
            tracing_info(&err);
            SheetError::Unreadable
        })?;
        loop {
            let n = part.read(&mut buf).map_err(|err| {
                tracing_info(&err);
                SheetError::Unreadable
            })?;
            if n == 0 {
                break;
            }
            left = left.checked_sub(n as u64).ok_or(SheetError::TooManyBytes {
                max_mb: (MAX_INFLATED_BYTES / (1024 * 1024)) as i64,
            })?;
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8], limits: Limits) -> Result<Rows, SheetError> {
    use calamine::{Data, Reader, Xlsx};
    check_package(bytes)?;
    let unreadable = |err: calamine::XlsxError| {
        tracing_info(&err);
        SheetError::Unreadable
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let first = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(SheetError::Unreadable)?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(unreadable)?;
    // A header row beyond the data rows.
    let (max_row, max_col) = (limits.max_rows as u32, limits.max_cols as u32 - 1);
    let declared = cells.dimensions();
    // A dimension that ends before it starts (`ref="A8:B3"`) describes no sheet.
    if declared.end.0 < declared.start.0 || declared.end.1 < declared.start.1 {
        return Err(SheetError::Unreadable);
    }
    if declared.end.0 > declared.start.0.saturating_add(max_row)
        || declared.end.1 > declared.start.1.saturating_add(max_col)
    {
        return Err(too_big(limits));
    }
    // Sparse until the end: cells arrive in file order, at any position the file names.
    let mut found: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    let mut count = 0usize;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        let value = Data::from(cell.get_value().clone());
        if value == Data::Empty {
            continue;
        }
        count += 1;
        if col > max_col || count > (limits.max_rows + 1) * limits.max_cols {
            return Err(too_big(limits));
        }
        if !found.contains_key(&row) && found.len() > limits.max_rows {
            return Err(too_big(limits));
        }
        let text = match value {
            Data::DateTime(dt) => dt
                .as_datetime()
                .map(|d| d.date().format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            other => other.to_string(),
        };
        let cells_of_row = found.entry(row).or_default();
        if cells_of_row.len() <= col as usize {
            cells_of_row.resize(col as usize + 1, String::new());
        }
        cells_of_row[col as usize] = text;
    }
    drop(cells);
    if limits.values_only {
        let formulas = book.worksheet_formula(&first).map_err(unreadable)?;
        if formulas.used_cells().any(|(_, _, f)| !f.is_empty()) {
            return Err(SheetError::Formula);
        }
    }
    Ok(found
        .into_iter()
        .map(|(row, cells)| (row as i64 + 1, cells))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Limits = Limits {
        max_rows: 3,
        max_cols: 4,
        ..Limits::LIST
    };

    #[test]
    fn gbk_csv_is_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("工号,姓名\nT1,张三\n");
        let rows = read("list.csv", &gbk, SMALL).unwrap();
        assert_eq!(rows[1].1, vec!["T1", "张三"]);
    }

    #[test]
    fn utf16_csv_with_or_without_bom_is_decoded() {
        let text = "工号,姓名\r\nT1,李四\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(&le);
        for bytes in [with_bom, le] {
            let rows = read("list.csv", &bytes, SMALL).unwrap();
            assert_eq!(rows[1].1, vec!["T1", "李四"]);
        }
    }

    #[test]
    fn utf8_with_bom_keeps_line_numbers_past_blank_lines() {
        let rows = read("a.csv", "\u{feff}a,b\n\n\nc,d\n".as_bytes(), SMALL).unwrap();
        assert_eq!(rows[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(rows[1].0, 4);
    }

    #[test]
    fn a_cell_over_two_lines_moves_the_next_rows_line_on() {
        let rows = read("a.csv", "a,b\n\"x\ny\",z\nc,d\n".as_bytes(), SMALL).unwrap();
        let lines: Vec<i64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![1, 2, 4]);
    }

    #[test]
    fn bytes_that_are_no_known_encoding_are_refused_as_such() {
        assert_eq!(decode_text(&[0x81, 0x20, 0xFF]), Err(SheetError::Encoding));
    }

    #[test]
    fn a_csv_of_control_characters_is_unreadable() {
        assert_eq!(
            read("nul.csv", &[0u8; 64], SMALL),
            Err(SheetError::Unreadable)
        );
        assert_eq!(
            read("bell.csv", b"a,\x07b\n", SMALL),
            Err(SheetError::Unreadable)
        );
    }

    #[test]
    fn csv_beyond_the_row_or_column_limit_is_refused() {
        let rows = "a\n".repeat(SMALL.max_rows + 2);
        assert!(matches!(
            read("a.csv", rows.as_bytes(), SMALL),
            Err(SheetError::TooBig { rows: 3, cols: 4 })
        ));
        assert!(matches!(
            read("a.csv", b"1,2,3,4,5\n", SMALL),
            Err(SheetError::TooBig { .. })
        ));
    }

    #[test]
    fn a_file_over_the_byte_limit_is_refused_before_reading() {
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert_eq!(
            read("a.xlsx", &big, SMALL),
            Err(SheetError::TooManyBytes { max_mb: 2 })
        );
    }

    #[test]
    fn anything_but_a_zip_is_unreadable_as_xlsx() {
        assert_eq!(
            read("a.xlsx", b"PK\x03\x04garbage", SMALL),
            Err(SheetError::Unreadable)
        );
        assert_eq!(read("a.xlsx", b"", SMALL), Err(SheetError::Unreadable));
    }

    /// A workbook from another writer than this app's: the cells given, on the first sheet.
    #[cfg(feature = "ssr")]
    fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (row, col, text) in cells {
            sheet.write(*row, *col, *text).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn xlsx_rows_come_back_with_their_line_numbers() {
        let book = workbook(&[(0, 0, "工号"), (0, 1, "姓名"), (2, 0, "T1"), (2, 1, "张三")]);
        let rows = read("a.xlsx", &book, SMALL).unwrap();
        assert_eq!(rows[0], (1, vec!["工号".to_string(), "姓名".to_string()]));
        assert_eq!(rows[1], (3, vec!["T1".to_string(), "张三".to_string()]));
    }

    /// The 1.6 KB file that asked for a 512 GiB range: cells at A1 and XFD1048576.
    #[cfg(feature = "ssr")]
    #[test]
    fn a_cell_at_the_far_corner_is_refused_without_building_the_range() {
        let book = workbook(&[(0, 0, "a"), (1_048_575, 16_383, "b")]);
        assert!(book.len() < 10_000);
        assert_eq!(
            read("far.xlsx", &book, Limits::LIST),
            Err(SheetError::TooBig {
                rows: 5000,
                cols: 30
            })
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn too_many_rows_or_columns_in_an_xlsx_are_refused() {
        let rows: Vec<(u32, u16, &str)> = (0..5).map(|r| (r, 0, "x")).collect();
        assert!(matches!(
            read("rows.xlsx", &workbook(&rows), SMALL),
            Err(SheetError::TooBig { .. })
        ));
        assert!(matches!(
            read("cols.xlsx", &workbook(&[(0, 4, "x")]), SMALL),
            Err(SheetError::TooBig { .. })
        ));
    }

    /// A small zip whose part inflates past the limit (a 300 MB shared string did this).
    #[cfg(feature = "ssr")]
    #[test]
    fn a_part_that_inflates_past_the_limit_is_refused() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("xl/sharedStrings.xml", options).unwrap();
        let block = vec![b'a'; 1024 * 1024];
        for _ in 0..(MAX_INFLATED_BYTES / (1024 * 1024) + 1) {
            zip.write_all(&block).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < MAX_FILE_BYTES);
        assert_eq!(
            read("bomb.xlsx", &bytes, Limits::LIST),
            Err(SheetError::TooManyBytes { max_mb: 64 })
        );
    }
}
