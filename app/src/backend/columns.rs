//! Import files are matched to their columns by the headings people write (in Chinese or
//! English, in any order, with extra columns), not by position: a district's own export from
//! its HR system imports as well as the template.
use crate::error::{AppError, FieldProblem};
use std::collections::HashMap;

/// A column of an import: its key, the template's heading, and the words that name it in a
/// heading (lower-case, without spaces), checked in the list's order (`学校名称` is a school,
/// not a name, when the school comes first).
pub struct Column {
    pub key: &'static str,
    pub heading: &'static str,
    pub names: &'static [&'static str],
    pub required: bool,
}

pub const fn col(
    key: &'static str,
    heading: &'static str,
    names: &'static [&'static str],
    required: bool,
) -> Column {
    Column {
        key,
        heading,
        names,
        required,
    }
}

/// Which column each heading names (by index), from the header row.
pub fn header_map(header: &[String], columns: &[Column]) -> HashMap<&'static str, usize> {
    let mut map = HashMap::new();
    for (i, cell) in header.iter().enumerate() {
        let norm: String = cell
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && !".-_*()（）:：".contains(*c))
            .collect();
        if norm.is_empty() {
            continue;
        }
        if let Some(c) = columns
            .iter()
            .find(|c| !map.contains_key(c.key) && c.names.iter().any(|n| norm.contains(n)))
        {
            map.insert(c.key, i);
        }
    }
    map
}

/// The header row's map, refused when a required column is missing (or the header itself:
/// merged heading cells read as blanks).
pub fn required_columns(
    header: &[String],
    columns: &[Column],
) -> Result<HashMap<&'static str, usize>, AppError> {
    let map = header_map(header, columns);
    if columns
        .iter()
        .any(|c| c.required && !map.contains_key(c.key))
    {
        return Err(AppError::field("file", FieldProblem::MissingColumns));
    }
    Ok(map)
}

/// One data row of a header-mapped file: its line, and each column's cell (printable text).
pub struct KeyedRow {
    pub line: i64,
    cells: HashMap<&'static str, String>,
}

impl KeyedRow {
    /// The cell of column `key`; blank when the file has no such column or cell.
    pub fn cell(&self, key: &str) -> String {
        self.cells.get(key).cloned().unwrap_or_default()
    }
}

/// The data rows of an import file whose first non-blank row is its header: refused without
/// that header (or a required column), or without any data row.
pub fn keyed_rows(file: crate::sheet::Rows, columns: &[Column]) -> Result<Vec<KeyedRow>, AppError> {
    let mut rows = file
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let header = rows.next().map(|(_, cells)| cells).unwrap_or_default();
    let map = required_columns(&header, columns)?;
    let keyed: Vec<KeyedRow> = rows
        .map(|(line, cells)| KeyedRow {
            line,
            cells: map
                .iter()
                .filter_map(|(key, i)| {
                    cells
                        .get(*i)
                        .map(|c| (*key, crate::domain::text::printable(c)))
                })
                .collect(),
        })
        .collect();
    if keyed.is_empty() {
        return Err(AppError::field("file", FieldProblem::Required));
    }
    Ok(keyed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: [Column; 3] = [
        col("school", "学校 school", &["学校", "school"], true),
        col("code", "代码 code", &["代码", "code"], true),
        col("name", "姓名 name", &["姓名", "name"], false),
    ];

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headings_match_in_any_order_and_language_with_extra_columns() {
        let map = header_map(&header(&["备注", "Name", "学校名称", "Code"]), &COLS);
        assert_eq!(map.get("name"), Some(&1));
        assert_eq!(map.get("school"), Some(&2));
        assert_eq!(map.get("code"), Some(&3));
    }

    #[test]
    fn a_missing_required_column_or_a_merged_blank_heading_is_refused() {
        assert!(required_columns(&header(&["学校", ""]), &COLS).is_err());
        assert!(required_columns(&header(&["学校", "代码"]), &COLS).is_ok());
    }
}
