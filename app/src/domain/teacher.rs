//! A teacher's identity fields as entered by staff (CLI, imports, forms).
use super::text::required;
use crate::error::{AppError, FieldProblem};

/// 工号: letters, digits and dashes, 3–20 long; stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffNo(String);

impl StaffNo {
    pub fn parse(value: &str) -> Result<Self, AppError> {
        let value = required("staff_no", value, 20)?;
        let ok = value.len() >= 3 && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            return Err(AppError::field("staff_no", FieldProblem::Invalid));
        }
        Ok(StaffNo(value.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's display name, 1–50 characters.
pub fn person_name(value: &str) -> Result<String, AppError> {
    required("name", value, 50)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_numbers_are_normalised_to_upper_case() {
        assert_eq!(StaffNo::parse(" t2021-001 ").unwrap().as_str(), "T2021-001");
    }

    #[test]
    fn staff_numbers_reject_symbols_and_short_values() {
        assert!(StaffNo::parse("T20 21").is_err());
        assert!(StaffNo::parse("ab").is_err());
        assert!(StaffNo::parse("工号123").is_err());
    }

    #[test]
    fn person_names_accept_chinese() {
        assert_eq!(person_name("欧阳 明").unwrap(), "欧阳 明");
        assert!(person_name("").is_err());
    }
}
