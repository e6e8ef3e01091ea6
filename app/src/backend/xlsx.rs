//! Excel files, which schools here exchange: the pairing import template and the behind-quota list.
use super::pairing_import::COLUMNS;
use crate::i18n::wording::{bilingual, column_label, criterion_text, field_value};
use crate::i18n::{Locale, Texts};
use crate::views::hours::HoursView;
use crate::views::ladder::CandidatesView;
use crate::views::lists::ItemRow;
use crate::views::mentoring::PairProgress;
use crate::views::roster::{AuditRow, OneTimePassword, RosterRow};
use crate::views::stats::{StatTable, StatsView};
use crate::views::surveys::SurveyResults;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// A built workbook, or the failure logged (naming `what`) and answered as internal.
pub fn built(
    book: Result<Vec<u8>, XlsxError>,
    what: &str,
) -> Result<Vec<u8>, crate::error::AppError> {
    book.map_err(|err| {
        tracing::error!(error = %err, what, "building a workbook failed");
        crate::error::AppError::Internal
    })
}

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

/// A teacher's transcript (学时证明): standing against each rule, then every record.
pub fn transcript(view: &HoursView, locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.texts();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(t.transcript_sheet)?;
    let bold = Format::new().set_bold();
    sheet.write_with_format(0, 0, t.transcript_title, &bold)?;
    sheet.write(
        1,
        0,
        format!(
            "{} · {} · {}",
            view.teacher_name, view.staff_no, view.school_name
        ),
    )?;
    sheet.write(
        2,
        0,
        (t.transcript_as_of)(&view.today.format("%Y-%m-%d").to_string()),
    )?;
    let mut row = 4;
    for (col, title) in [
        t.col_rule,
        t.xlsx_done,
        t.xlsx_required,
        t.xlsx_expected,
        t.col_status,
    ]
    .iter()
    .enumerate()
    {
        sheet.write_with_format(row, col as u16, *title, &header())?;
    }
    for r in &view.progress.rules {
        row += 1;
        let s = &r.standing;
        sheet.write(
            row,
            0,
            bilingual(locale, &(r.name.clone(), r.name_en.clone())),
        )?;
        sheet.write(row, 1, s.counted_tenths as f64 / 10.0)?;
        sheet.write(row, 2, s.required_tenths as f64 / 10.0)?;
        sheet.write(row, 3, s.expected_tenths as f64 / 10.0)?;
        sheet.write(row, 4, if s.on_track { t.on_track } else { t.behind })?;
    }
    row += 2;
    let titles = [
        t.col_date,
        t.label_item,
        t.label_organizer,
        t.col_source,
        t.label_level,
        t.label_category,
        t.label_hours,
        t.col_counted,
    ];
    for (col, title) in titles.iter().enumerate() {
        sheet.write_with_format(row, col as u16, *title, &header())?;
    }
    for r in &view.records {
        row += 1;
        sheet.write(row, 0, r.earned_on.format("%Y-%m-%d").to_string())?;
        sheet.write(row, 1, &r.title)?;
        sheet.write(row, 2, &r.organizer)?;
        sheet.write(row, 3, Texts::label(t.hour_sources, &r.source))?;
        sheet.write(row, 4, Texts::label(t.levels, &r.level))?;
        sheet.write(row, 5, Texts::label(t.categories, &r.category))?;
        sheet.write(row, 6, r.tenths as f64 / 10.0)?;
        sheet.write(row, 7, r.counted_tenths as f64 / 10.0)?;
    }
    sheet.set_column_width(1, 36)?;
    sheet.set_column_width(2, 24)?;
    book.save_to_buffer()
}

/// A one-sheet import template: the columns and one example row.
pub fn template(name: &str, columns: &[&str], example: &[&str]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    for (col, title) in columns.iter().enumerate() {
        sheet.write_with_format(0, col as u16, *title, &header())?;
        sheet.set_column_width(col as u16, 24)?;
    }
    for (col, value) in example.iter().enumerate() {
        sheet.write(1, col as u16, *value)?;
    }
    book.save_to_buffer()
}

/// The candidate pipeline for one tier: who meets every criterion, then who misses one.
pub fn candidates(view: &CandidatesView, locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.texts();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in [t.col_staff_no, t.col_name, t.label_school, t.col_missing]
        .iter()
        .enumerate()
    {
        sheet.write_with_format(0, col as u16, *title, &header())?;
    }
    for (i, r) in view.ready.iter().chain(&view.one_short).enumerate() {
        let row = i as u32 + 1;
        sheet.write(row, 0, &r.staff_no)?;
        sheet.write(row, 1, &r.name)?;
        sheet.write(row, 2, &r.school_name)?;
        let mut missing: Vec<String> = r.missing.iter().map(|c| criterion_text(c, t)).collect();
        if r.relies_on_pending {
            missing.push(t.relies_on_pending.to_string());
        }
        sheet.write(row, 3, missing.join("；"))?;
    }
    sheet.autofit();
    book.save_to_buffer()
}

/// The header row and the data rows of a statistics table, as text.
fn stat_rows(table: &StatTable, t: &'static Texts) -> (Vec<String>, Vec<Vec<String>>) {
    let header = table.columns.iter().map(|c| column_label(t, c)).collect();
    let rows = table
        .rows
        .iter()
        .map(|r| {
            std::iter::once(r.label.clone())
                .chain(r.cells.iter().cloned())
                .collect()
        })
        .collect();
    (header, rows)
}

/// A statistics view as a workbook: one sheet per table, its title on the sheet tab.
pub fn stats_sheets(view: &StatsView, locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.texts();
    let mut book = Workbook::new();
    for table in &view.tables {
        let sheet = book.add_worksheet();
        let name: String = Texts::label(t.stat_tables, &table.id)
            .chars()
            .take(31)
            .collect();
        sheet.set_name(name)?;
        let (header_row, rows) = stat_rows(table, t);
        for (col, title) in header_row.iter().enumerate() {
            sheet.write_with_format(0, col as u16, title, &header())?;
        }
        for (i, cells) in rows.iter().enumerate() {
            for (col, cell) in cells.iter().enumerate() {
                match cell.parse::<f64>() {
                    Ok(n) if col > 0 => sheet.write(i as u32 + 1, col as u16, n)?,
                    _ => sheet.write(i as u32 + 1, col as u16, cell)?,
                };
            }
        }
        sheet.autofit();
        // Below the table, after a blank row: the figures are not final (as on the page).
        if view.updating {
            sheet.write_string(rows.len() as u32 + 2, 0, t.stat_updating)?;
        }
    }
    book.save_to_buffer()
}

/// A cell as a spreadsheet opening the CSV will read it: text that starts like a formula
/// (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'` so that it stays text (a school or teacher
/// name from an import must never run as a formula). Numbers keep their sign.
pub fn csv_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula_like = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula_like && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The same tables as CSV (UTF-8 with a BOM so Excel opens Chinese correctly), a blank line
/// and the table's title between tables; first, while the figures are being updated, a line
/// that says so.
pub fn stats_csv(view: &StatsView, locale: Locale) -> Vec<u8> {
    let t = locale.texts();
    let mut out = b"\xEF\xBB\xBF".to_vec();
    // First, as on the page: the figures are not final while a large change is counted.
    if view.updating {
        out.extend_from_slice(t.stat_updating.as_bytes());
        out.extend_from_slice(b"\r\n\r\n");
    }
    for (i, table) in view.tables.iter().enumerate() {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let (header_row, rows) = stat_rows(table, t);
        let _ = w.write_record([Texts::label(t.stat_tables, &table.id)]);
        for r in std::iter::once(header_row).chain(rows) {
            let _ = w.write_record(r.iter().map(|c| csv_cell(c).into_owned()));
        }
        if i > 0 {
            out.extend_from_slice(b"\r\n");
        }
        out.extend(w.into_inner().unwrap_or_default());
    }
    out
}

/// Writes a header row and text rows to a new sheet; every cell is text (a name starting with
/// `=` stays a name).
fn text_sheet(titles: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    text_sheets(&[(
        "",
        titles.iter().map(|t| t.to_string()).collect(),
        rows.to_vec(),
    )])
}

/// One sheet per (name, column titles, rows), every cell written as text.
type TextSheet = (&'static str, Vec<String>, Vec<Vec<String>>);

fn text_sheets(sheets: &[TextSheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    for (name, titles, rows) in sheets {
        let sheet = book.add_worksheet();
        if !name.is_empty() {
            sheet.set_name(*name)?;
        }
        for (col, title) in titles.iter().enumerate() {
            sheet.write_with_format(0, col as u16, title, &header())?;
        }
        for (i, cells) in rows.iter().enumerate() {
            for (col, cell) in cells.iter().enumerate() {
                sheet.write_string(i as u32 + 1, col as u16, cell)?;
            }
        }
        sheet.autofit();
    }
    book.save_to_buffer()
}

/// The list items as filtered: kind, item, owner, stage, due date, standing.
pub fn lists_sheet(rows: &[ItemRow], locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.texts();
    let l = t.lists;
    let titles = [
        l.label_kind,
        l.label_title,
        l.col_owner,
        l.col_stage,
        l.label_due,
        "",
    ];
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                Texts::label(l.kinds, &r.kind),
                r.title.clone(),
                r.owner.clone(),
                Texts::label(l.stages, &r.stage),
                r.due_on.format("%Y-%m-%d").to_string(),
                Texts::label(l.due_states, &r.due_state),
            ]
        })
        .collect();
    text_sheet(&titles, &rows)
}

/// A survey's results: response rates (by school, by cohort), every shown tally as
/// question · answer · count · per cent, and the free-text answers. Hidden groups stay hidden.
pub fn survey_book(r: &SurveyResults, locale: Locale) -> Result<Vec<u8>, XlsxError> {
    use crate::domain::percent::percent;
    use crate::domain::survey::value_labels;
    let t = locale.texts();
    let s = t.surveys;
    let mut rates: Vec<Vec<String>> = Vec::new();
    for (dim, rows) in [
        (t.label_school, &r.by_school),
        (t.label_cohort, &r.by_cohort),
    ] {
        for row in rows {
            rates.push(vec![
                dim.to_string(),
                row.group.clone(),
                row.targeted.to_string(),
                row.answered.to_string(),
                percent(row.answered, row.targeted).to_string(),
            ]);
        }
    }
    let mut answers: Vec<Vec<String>> = Vec::new();
    let mut texts: Vec<Vec<String>> = Vec::new();
    for q in &r.questions {
        let prompt = format!("{}. {}", q.question.position, q.question.prompt);
        for x in &q.texts {
            texts.push(vec![prompt.clone(), x.clone()]);
        }
        let Some(tally) = &q.overall else { continue };
        for (i, label) in value_labels(&q.question).iter().enumerate() {
            let count = tally.counts.get(i).copied().unwrap_or(0);
            answers.push(vec![
                prompt.clone(),
                label.clone(),
                count.to_string(),
                percent(count, tally.answered).to_string(),
            ]);
        }
    }
    let titles = |cols: &[&str]| cols.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    text_sheets(&[
        (
            s.sheet_rates,
            titles(&["", "", s.col_targeted, s.col_answered, "%"]),
            rates,
        ),
        (
            s.sheet_answers,
            titles(&[s.label_prompt, s.col_answer, s.col_count, "%"]),
            answers,
        ),
        (
            s.sheet_texts,
            titles(&[s.label_prompt, s.col_answer]),
            texts,
        ),
    ])
}

/// The roster as the filters selected it.
pub fn roster_sheet(rows: &[RosterRow], locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.texts();
    let titles = [
        t.col_staff_no,
        t.col_name,
        t.label_school,
        t.label_subject,
        t.label_stage,
        t.label_cohort,
        t.label_tier,
        t.roster_status,
        t.roster_account,
    ];
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.staff_no.clone(),
                r.name.clone(),
                r.school_name.clone(),
                r.subject.clone(),
                Texts::label(t.stages, &r.stage),
                r.cohort_year
                    .map(|y| (t.cohort_name)(y))
                    .unwrap_or_default(),
                r.tier
                    .as_ref()
                    .map(|p| bilingual(locale, p))
                    .unwrap_or_default(),
                Texts::label(t.roster_statuses, if r.active { "active" } else { "left" }),
                Texts::label(t.account_states, r.account.code()),
            ]
        })
        .collect();
    text_sheet(&titles, &rows)
}

/// The audit log as the filters selected it; changes one per line.
pub fn audit_sheet(rows: &[AuditRow], locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.texts();
    let titles = [
        t.audit_at,
        t.audit_who,
        t.audit_action,
        t.audit_what,
        t.audit_changes,
    ];
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let what = match &r.teacher {
                Some((_, name, staff_no)) => format!("{name} · {staff_no}"),
                None => format!(
                    "{} {}",
                    Texts::label(t.audit_entities, &r.entity),
                    r.entity_id
                ),
            };
            let changes: Vec<String> = r
                .changes
                .iter()
                .map(|c| {
                    format!(
                        "{}: {} → {}",
                        Texts::label(t.record_fields, &c.field),
                        field_value(t, &c.field, &c.old),
                        field_value(t, &c.field, &c.new)
                    )
                })
                .collect();
            vec![
                r.at.clone(),
                r.actor.clone(),
                Texts::label(t.audit_actions, &r.action),
                what,
                changes.join("\n"),
            ]
        })
        .collect();
    text_sheet(&titles, &rows)
}

/// New one-time passwords to hand out: login, name, school, password.
pub fn passwords_sheet(slips: &[OneTimePassword], locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.texts();
    let titles = [t.slip_login, t.col_name, t.label_school, t.slip_password];
    let rows: Vec<Vec<String>> = slips
        .iter()
        .map(|s| {
            vec![
                s.login.clone(),
                s.name.clone(),
                s.school_name.clone(),
                s.password.clone(),
            ]
        })
        .collect();
    text_sheet(&titles, &rows)
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_that_look_like_formulas_stay_text() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(csv_cell("+1+1"), "'+1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("\tcmd"), "'\tcmd");
        assert_eq!(csv_cell("-12.5"), "-12.5");
        assert_eq!(csv_cell("园区第十小学"), "园区第十小学");
    }
}
