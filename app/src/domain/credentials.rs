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

/// What a user chooses for themselves: at least this long.
pub const MIN_CHOSEN_PASSWORD_LEN: usize = 10;

/// Passwords people pick first (world lists and local habits: 5201314, woaini, laoshi123, …),
/// lower-case, one per line.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let one_char = lower.chars().all(|c| lower.starts_with(c));
    one_char || COMMON_PASSWORDS.lines().any(|w| w == lower)
}

/// A password a user chooses (first login, change): 10–128 characters, typed the same twice,
/// not their login or staff number (in any case, nor containing it), not a common password.
pub fn chosen_password(password: &str, repeat: &str, logins: &[&str]) -> Result<String, AppError> {
    let len = password.chars().count();
    let problem = if !(MIN_CHOSEN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&len) {
        Some(FieldProblem::OutOfRange {
            min: MIN_CHOSEN_PASSWORD_LEN as i64,
            max: MAX_PASSWORD_LEN as i64,
        })
    } else if logins
        .iter()
        .filter(|l| l.len() >= 3)
        .any(|l| password.to_lowercase().contains(&l.to_lowercase()))
    {
        Some(FieldProblem::SameAsLogin)
    } else if is_common(password) {
        Some(FieldProblem::CommonPassword)
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(AppError::field("new_password", problem));
    }
    if password != repeat {
        return Err(AppError::field("repeat_password", FieldProblem::Mismatch));
    }
    Ok(password.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen_problem(pw: &str) -> Option<FieldProblem> {
        match chosen_password(pw, pw, &["t2026001", "T2026001"]) {
            Err(AppError::Invalid(e)) => Some(e[0].problem),
            _ => None,
        }
    }

    #[test]
    fn a_chosen_password_needs_ten_characters() {
        assert!(matches!(
            chosen_problem("Short-pw1"),
            Some(FieldProblem::OutOfRange { min: 10, .. })
        ));
        assert_eq!(chosen_problem("晨光-教研-2026-秋"), None);
    }

    #[test]
    fn a_chosen_password_may_not_be_or_contain_the_staff_number() {
        assert_eq!(
            chosen_problem("T2026001"),
            Some(FieldProblem::OutOfRange { min: 10, max: 128 })
        );
        assert_eq!(
            chosen_problem("my-t2026001-pw"),
            Some(FieldProblem::SameAsLogin)
        );
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        assert_eq!(
            chosen_problem("1234567890"),
            Some(FieldProblem::CommonPassword)
        );
        assert_eq!(
            chosen_problem("Password2026"),
            Some(FieldProblem::CommonPassword)
        );
        assert_eq!(
            chosen_problem("5201314520"),
            Some(FieldProblem::CommonPassword)
        );
        assert_eq!(
            chosen_problem("aaaaaaaaaaaa"),
            Some(FieldProblem::CommonPassword)
        );
    }

    #[test]
    fn the_repeat_must_match() {
        assert_eq!(
            chosen_password("river-stone-47", "river-stone-48", &[]),
            Err(AppError::field("repeat_password", FieldProblem::Mismatch))
        );
        assert!(chosen_password("river-stone-47", "river-stone-47", &[]).is_ok());
    }

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
