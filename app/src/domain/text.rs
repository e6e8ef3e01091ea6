//! Checks shared by the text fields of every form.
use crate::error::{AppError, FieldProblem};

/// Trims `value` and checks it is present and at most `max` characters (not bytes: names are Chinese).
pub fn required(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::field(field, FieldProblem::Required));
    }
    if value.chars().count() > max {
        return Err(AppError::field(
            field,
            FieldProblem::TooLong { max: max as i64 },
        ));
    }
    Ok(value.to_string())
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
}
