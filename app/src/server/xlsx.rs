//! Excel files, which schools here exchange: the pairing import template and the behind-quota list.
use super::pairing_import::COLUMNS;
use crate::api::mentoring::PairProgress;
use crate::i18n::{Locale, Texts};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

fn header() -> Format {
    Format::new().set_bold().set_background_color("#E8EEF7")
}

/// The import template: the four columns and one example row.
pub fn pairing_template() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("pairings")?;
    for (col, title) in COLUMNS.iter().enumerate() {
        sheet.write_with_format(0, col as u16, *title, &header())?;
        sheet.set_column_width(col as u16, 26)?;
    }
    for (col, example) in ["T201000001", "T202600123", "mentoring", "2026-09-01"]
        .iter()
        .enumerate()
    {
        sheet.write(1, col as u16, *example)?;
    }
    book.save_to_buffer()
}

/// One row per pair behind quota, one column pair (done / required) per session kind.
pub fn behind_sheet(rows: &[PairProgress], locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.texts();
    let mut kinds: Vec<_> = rows
        .iter()
        .flat_map(|r| r.quotas.iter().map(|q| q.kind))
        .collect();
    kinds.sort_by_key(|k| k.code());
    kinds.dedup();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let mut titles: Vec<String> = [
        t.label_school,
        t.label_mentor,
        t.label_mentee,
        t.label_subject,
        t.col_last_session,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for k in &kinds {
        let label = Texts::label(t.session_kinds, k.code());
        titles.push(format!("{label} {}", t.xlsx_done));
        titles.push(format!("{label} {}", t.xlsx_expected));
        titles.push(format!("{label} {}", t.xlsx_required));
    }
    for (col, title) in titles.iter().enumerate() {
        sheet.write_with_format(0, col as u16, title, &header())?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write(row, 0, &r.school_name)?;
        sheet.write(row, 1, &r.mentor_name)?;
        sheet.write(row, 2, &r.name)?;
        sheet.write(row, 3, &r.subject)?;
        sheet.write(
            row,
            4,
            r.last_session
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        )?;
        for (k, kind) in kinds.iter().enumerate() {
            if let Some(q) = r.quotas.iter().find(|q| q.kind == *kind) {
                let col = 5 + k as u16 * 3;
                sheet.write(row, col, q.done as f64)?;
                sheet.write(row, col + 1, q.expected as f64)?;
                sheet.write(row, col + 2, q.required as f64)?;
            }
        }
    }
    sheet.autofit();
    book.save_to_buffer()
}
