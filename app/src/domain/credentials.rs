use super::text::required;
use crate::error::{AppError, FieldProblem};

/// What the login form sends, checked before any database work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

pub const MAX_PASSWORD_LEN: usize = 128;
pub const MIN_NEW_PASSWORD_LEN: usize = 8;

impl Credentials {
    pub fn parse(username: &str, password: &str) -> Result<Self, AppError> {
        let username = required("username", username, 40)?;
        if !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return Err(AppError::field("username", FieldProblem::Invalid));
        }
        if password.is_empty() {
            return Err(AppError::field("password", FieldProblem::Required));
        }
        if password.chars().count() > MAX_PASSWORD_LEN {
            return Err(AppError::field(
                "password",
                FieldProblem::TooLong {
                    max: MAX_PASSWORD_LEN as i64,
                },
            ));
        }
        // Usernames are case-insensitive: staff numbers are typed on phones.
        Ok(Credentials {
            username: username.to_ascii_lowercase(),
            password: password.to_string(),
        })
    }
}

/// A password an administrator sets for a new account.
pub fn new_password(password: &str) -> Result<String, AppError> {
    let len = password.chars().count();
    if !(MIN_NEW_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&len) {
        return Err(AppError::field(
            "password",
            FieldProblem::OutOfRange {
                min: MIN_NEW_PASSWORD_LEN as i64,
                max: MAX_PASSWORD_LEN as i64,
            },
        ));
    }
    Ok(password.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_is_trimmed_and_lowercased() {
        let c = Credentials::parse("  T2021001 ", "secret").unwrap();
        assert_eq!(c.username, "t2021001");
    }

    #[test]
    fn empty_password_is_a_field_error() {
        assert_eq!(
            Credentials::parse("center", ""),
            Err(AppError::field("password", FieldProblem::Required))
        );
    }

    #[test]
    fn username_with_spaces_inside_is_invalid() {
        assert_eq!(
            Credentials::parse("a b", "x"),
            Err(AppError::field("username", FieldProblem::Invalid))
        );
    }

    #[test]
    fn overlong_password_is_refused_before_hashing() {
        let long = "x".repeat(MAX_PASSWORD_LEN + 1);
        assert!(matches!(
            Credentials::parse("center", &long),
            Err(AppError::Invalid(_))
        ));
    }

    #[test]
    fn new_passwords_need_eight_characters() {
        assert!(new_password("short").is_err());
        assert!(new_password("long-enough").is_ok());
    }
}
