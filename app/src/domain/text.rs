//! Checks shared by the text fields of every form and import: every domain parse of text goes
//! through [`clean`] (directly or via [`required`]/[`optional`]), so a NUL byte or another
//! control character is a field error, never a database error, and every field has a length.
use crate::error::{AppError, FieldProblem};

/// Trims `value`, refuses control characters (line breaks and tabs are kept) and more than
/// `max` characters (not bytes: names are Chinese). Blank is allowed: the result is then empty.
pub fn clean(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(AppError::field(field, FieldProblem::BadCharacter));
    }
    if value.chars().count() > max {
        return Err(AppError::field(
            field,
            FieldProblem::TooLong { max: max as i64 },
        ));
    }
    Ok(value.to_string())
}

/// [`clean`], and present.
pub fn required(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = clean(field, value, max)?;
    if value.is_empty() {
        return Err(AppError::field(field, FieldProblem::Required));
    }
    Ok(value)
}

/// [`clean`]; `None` when blank.
pub fn optional(field: &str, value: &str, max: usize) -> Result<Option<String>, AppError> {
    let value = clean(field, value, max)?;
    Ok((!value.is_empty()).then_some(value))
}

/// A cell of an import file as it may be stored and shown: trimmed, each control character
/// (a NUL byte, …, which Postgres cannot store in text or JSON) replaced by U+FFFD, so the
/// row's check reports it instead of the database refusing the whole preview.
pub fn printable(value: &str) -> String {
    value
        .trim()
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// A value as one component of a URL query: unreserved bytes as they are, the rest %-encoded.
pub fn url_component(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A code or choice (level, kind, status) before it is looked up: short, no control characters.
/// Anything else is simply not one of the choices.
pub fn choice(value: &str) -> &str {
    let v = value.trim();
    if v.len() > 64 || v.chars().any(char::is_control) {
        ""
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_counts_characters_not_bytes() {
        assert_eq!(required("name", " 王小明 ", 3).unwrap(), "王小明");
        assert!(required("name", "王小明明", 3).is_err());
    }

    #[test]
    fn required_rejects_blank() {
        assert_eq!(
            required("name", "   ", 10),
            Err(AppError::field("name", FieldProblem::Required))
        );
    }

    #[test]
    fn a_nul_byte_is_a_field_error_naming_the_field() {
        for value in ["a\0b", "\0", "标题\u{1b}[31m", "x\u{7f}"] {
            assert_eq!(
                clean("title", value, 100),
                Err(AppError::field("title", FieldProblem::BadCharacter)),
                "{value:?}"
            );
            assert!(optional("note", value, 100).is_err());
        }
    }

    #[test]
    fn a_hostile_cell_keeps_its_length_but_loses_its_nul() {
        assert_eq!(printable(" T2\u{0}01 "), "T2\u{FFFD}01");
    }

    #[test]
    fn line_breaks_and_tabs_are_kept_inside_text() {
        assert_eq!(clean("notes", " a\r\n\tb ", 10).unwrap(), "a\r\n\tb");
    }

    #[test]
    fn optional_text_is_none_when_blank_and_still_bounded() {
        assert_eq!(optional("note", "  ", 5).unwrap(), None);
        assert_eq!(
            optional("note", "123456", 5),
            Err(AppError::field("note", FieldProblem::TooLong { max: 5 }))
        );
    }

    #[test]
    fn a_choice_with_control_characters_or_of_great_length_matches_nothing() {
        assert_eq!(choice(" district "), "district");
        assert_eq!(choice("dis\0trict"), "");
        assert_eq!(choice(&"x".repeat(100)), "");
    }
}
