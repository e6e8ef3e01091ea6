//! The one error type of every server function. It carries codes, never text: the page
//! translates them, so the same error reads in the user's language.
#[cfg(feature = "ssr")]
mod response;
#[cfg(feature = "ssr")]
pub use response::{
    error_url, is_plain_form_post, plain_form_of, report, respond, respond_with_outcome,
};

use crate::i18n::Texts;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Required,
    TooLong {
        max: i64,
    },
    Invalid,
    OutOfRange {
        min: i64,
        max: i64,
    },
    DateOrder,
    FutureDate,
    OutsidePairing,
    UnknownStaffNo,
    SamePerson,
    OverCapacity,
    AlreadyPaired,
    OutsideSchool,
    AlreadyExists,
    PairingEnded,
    /// A converted activity below the level its rule counts from.
    BelowLevel,
    FileTooLarge {
        max_mb: i64,
    },
    /// Not a PDF, JPEG or PNG by its content.
    FileType,
    /// The reviewer filed the claim.
    OwnClaim,
    /// Before the teacher's hire date.
    BeforeHire,
    /// The school's approver may not also give the center's approval.
    SecondApproval,
    /// A spreadsheet with more rows or columns than the import takes.
    SheetTooBig {
        rows: i64,
        cols: i64,
    },
    /// Not a spreadsheet (damaged, not .xlsx/.csv).
    FileUnreadable,
    /// A CSV in no encoding we know.
    FileEncoding,
    /// A control character (NUL, …) in a text field.
    BadCharacter,
    /// A date outside its window; both ends as `yyyymmdd` numbers (see [`date_number`]).
    DateWindow {
        from: i64,
        to: i64,
    },
    /// Overlaps an existing record's dates (terms).
    Overlaps,
    /// No school with this code or name.
    UnknownSchool,
    /// The staff number is listed again in the same file.
    DuplicateInFile,
    /// The file lacks a column the import needs (or its header row).
    MissingColumns,
    /// A cell holds a formula: an import takes values only.
    FormulaCells,
    /// The teacher is on another school's roster: a transfer moves them.
    OtherSchool,
    /// A password that is, or contains, the login or staff number.
    SameAsLogin,
    /// A password from the list of common ones.
    CommonPassword,
    /// The repeated password differs.
    Mismatch,
    /// The current password is not right.
    WrongPassword,
    /// The last open center account cannot lose the role or be closed.
    LastCenter,
    /// Already at this school.
    SameSchool,
    /// More choices ticked than the question allows.
    TooManyChoices {
        max: i64,
    },
    /// A ranking must place every option once.
    RankIncomplete,
    /// The survey was already answered by this teacher.
    AlreadyAnswered,
    /// The survey is not open (not yet, or no longer), or not for this teacher.
    SurveyClosed,
}

/// A date as the number `yyyymmdd`, as [`FieldProblem::DateWindow`] carries it.
pub fn date_number(d: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    d.year() as i64 * 10000 + d.month() as i64 * 100 + d.day() as i64
}

fn date_text(n: i64) -> String {
    format!("{:04}-{:02}-{:02}", n / 10000, n / 100 % 100, n % 100)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: FieldProblem,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not logged in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("too many failed attempts")]
    TooManyAttempts { retry_after_secs: i64 },
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The record can no longer be changed (confirmed, or past the edit window).
    #[error("locked")]
    Locked,
    /// Detail is logged on the server; the browser only learns that something failed.
    #[error("internal error")]
    Internal,
    /// Too many requests at once: shed before the database pool runs dry (503).
    #[error("busy")]
    Busy { retry_after_secs: i64 },
    /// The request never produced an answer (network, decoding): built on the client side.
    #[error("request failed")]
    Request,
    /// Signed in with a one-time password: nothing but a new password until it is chosen.
    #[error("password change required")]
    PasswordChange,
}

impl AppError {
    pub fn field(field: &str, problem: FieldProblem) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_string(),
            problem,
        }])
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Invalid(_) => 422,
            AppError::Locked => 409,
            AppError::Internal => 500,
            AppError::Busy { .. } => 503,
            AppError::Request => 400,
            AppError::PasswordChange => 403,
        }
    }

    /// The message for `field`, if this error is about it.
    pub fn field_message(&self, field: &str, t: &Texts) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| problem_message(e.problem, t)),
            _ => None,
        }
    }

    /// The message for the whole form or page.
    pub fn message(&self, t: &Texts) -> String {
        match self {
            AppError::Unauthorized => t.err_unauthorized.into(),
            AppError::Forbidden => t.err_forbidden.into(),
            AppError::NotFound => t.err_not_found.into(),
            AppError::BadCredentials => t.err_bad_credentials.into(),
            AppError::TooManyAttempts { retry_after_secs } => {
                (t.err_too_many)((retry_after_secs + 59) / 60)
            }
            AppError::Invalid(_) => t.err_invalid.into(),
            AppError::Locked => t.err_locked.into(),
            AppError::Internal => t.err_internal.into(),
            AppError::Busy { .. } => t.err_busy.into(),
            AppError::Request => t.err_network.into(),
            AppError::PasswordChange => t.err_password_change.into(),
        }
    }

    /// A short code used in URLs when a form posted without JavaScript comes back with an error.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::BadCredentials => "bad_credentials",
            AppError::TooManyAttempts { .. } => "too_many",
            AppError::Invalid(_) => "invalid",
            AppError::Locked => "locked",
            AppError::Internal => "internal",
            AppError::Busy { .. } => "busy",
            AppError::Request => "request",
            AppError::PasswordChange => "password_change",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "unauthorized" => AppError::Unauthorized,
            "forbidden" => AppError::Forbidden,
            "not_found" => AppError::NotFound,
            "bad_credentials" => AppError::BadCredentials,
            "too_many" => AppError::TooManyAttempts {
                retry_after_secs: 15 * 60,
            },
            "invalid" => AppError::Invalid(Vec::new()),
            "locked" => AppError::Locked,
            "internal" => AppError::Internal,
            "busy" => AppError::Busy {
                retry_after_secs: BUSY_RETRY_SECS,
            },
            "request" => AppError::Request,
            "password_change" => AppError::PasswordChange,
            _ => return None,
        })
    }
}

/// The problems without figures, by their code in a URL (`field.code`).
const PLAIN_PROBLEMS: &[(&str, FieldProblem)] = &[
    ("required", FieldProblem::Required),
    ("invalid", FieldProblem::Invalid),
    ("date_order", FieldProblem::DateOrder),
    ("future", FieldProblem::FutureDate),
    ("outside_pairing", FieldProblem::OutsidePairing),
    ("unknown_staff_no", FieldProblem::UnknownStaffNo),
    ("same_person", FieldProblem::SamePerson),
    ("over_capacity", FieldProblem::OverCapacity),
    ("already_paired", FieldProblem::AlreadyPaired),
    ("outside_school", FieldProblem::OutsideSchool),
    ("already_exists", FieldProblem::AlreadyExists),
    ("pairing_ended", FieldProblem::PairingEnded),
    ("below_level", FieldProblem::BelowLevel),
    ("file_type", FieldProblem::FileType),
    ("own_claim", FieldProblem::OwnClaim),
    ("before_hire", FieldProblem::BeforeHire),
    ("second_approval", FieldProblem::SecondApproval),
    ("file_unreadable", FieldProblem::FileUnreadable),
    ("file_encoding", FieldProblem::FileEncoding),
    ("bad_character", FieldProblem::BadCharacter),
    ("overlaps", FieldProblem::Overlaps),
    ("unknown_school", FieldProblem::UnknownSchool),
    ("duplicate_in_file", FieldProblem::DuplicateInFile),
    ("missing_columns", FieldProblem::MissingColumns),
    ("formula", FieldProblem::FormulaCells),
    ("other_school", FieldProblem::OtherSchool),
    ("same_as_login", FieldProblem::SameAsLogin),
    ("common_password", FieldProblem::CommonPassword),
    ("mismatch", FieldProblem::Mismatch),
    ("wrong_password", FieldProblem::WrongPassword),
    ("last_center", FieldProblem::LastCenter),
    ("same_school", FieldProblem::SameSchool),
    ("rank_incomplete", FieldProblem::RankIncomplete),
    ("already_answered", FieldProblem::AlreadyAnswered),
    ("survey_closed", FieldProblem::SurveyClosed),
];

impl FieldError {
    /// `field.problem[.a.b]`: a field error in a URL, for plain forms that come back with it.
    pub fn to_code(&self) -> String {
        let p = match self.problem {
            FieldProblem::TooLong { max } => format!("too_long.{max}"),
            FieldProblem::OutOfRange { min, max } => format!("range.{min}.{max}"),
            FieldProblem::FileTooLarge { max_mb } => format!("file_large.{max_mb}"),
            FieldProblem::DateWindow { from, to } => format!("date_window.{from}.{to}"),
            FieldProblem::SheetTooBig { rows, cols } => format!("sheet_big.{rows}.{cols}"),
            FieldProblem::TooManyChoices { max } => format!("too_many.{max}"),
            plain => PLAIN_PROBLEMS
                .iter()
                .find(|(_, p)| *p == plain)
                .map_or("invalid", |(code, _)| code)
                .to_string(),
        };
        format!("{}.{p}", self.field)
    }

    /// Reads back what `to_code` wrote; anything unknown is `Invalid`.
    pub fn from_code(code: &str) -> Option<Self> {
        let mut parts = code.split('.');
        let field = parts.next().filter(|f| !f.is_empty())?.to_string();
        let kind = parts.next().unwrap_or("");
        let mut n = parts.map(|p| p.parse::<i64>().unwrap_or(0));
        let problem = match kind {
            "too_long" => FieldProblem::TooLong { max: n.next()? },
            "range" => FieldProblem::OutOfRange {
                min: n.next()?,
                max: n.next()?,
            },
            "file_large" => FieldProblem::FileTooLarge { max_mb: n.next()? },
            "date_window" => FieldProblem::DateWindow {
                from: n.next()?,
                to: n.next()?,
            },
            "sheet_big" => FieldProblem::SheetTooBig {
                rows: n.next()?,
                cols: n.next()?,
            },
            "too_many" => FieldProblem::TooManyChoices { max: n.next()? },
            plain => PLAIN_PROBLEMS
                .iter()
                .find(|(code, _)| *code == plain)
                .map_or(FieldProblem::Invalid, |(_, p)| *p),
        };
        Some(FieldError { field, problem })
    }
}

pub fn problem_message(problem: FieldProblem, t: &Texts) -> String {
    match problem {
        FieldProblem::Required => t.field_required.into(),
        FieldProblem::TooLong { max } => (t.field_too_long)(max),
        FieldProblem::Invalid => t.field_invalid.into(),
        FieldProblem::OutOfRange { min, max } => (t.field_out_of_range)(min, max),
        FieldProblem::DateOrder => t.field_date_order.into(),
        FieldProblem::FutureDate => t.field_future_date.into(),
        FieldProblem::OutsidePairing => t.field_outside_pairing.into(),
        FieldProblem::UnknownStaffNo => t.field_unknown_staff_no.into(),
        FieldProblem::SamePerson => t.field_same_person.into(),
        FieldProblem::OverCapacity => t.field_over_capacity.into(),
        FieldProblem::AlreadyPaired => t.field_already_paired.into(),
        FieldProblem::OutsideSchool => t.field_outside_school.into(),
        FieldProblem::AlreadyExists => t.field_already_exists.into(),
        FieldProblem::PairingEnded => t.field_pairing_ended.into(),
        FieldProblem::BelowLevel => t.field_below_level.into(),
        FieldProblem::FileTooLarge { max_mb } => (t.field_file_too_large)(max_mb),
        FieldProblem::FileType => t.field_file_type.into(),
        FieldProblem::OwnClaim => t.field_own_claim.into(),
        FieldProblem::BeforeHire => t.field_before_hire.into(),
        FieldProblem::SecondApproval => t.field_second_approval.into(),
        FieldProblem::SheetTooBig { rows, cols } => (t.field_sheet_too_big)(rows, cols),
        FieldProblem::FileUnreadable => t.field_file_unreadable.into(),
        FieldProblem::FileEncoding => t.field_file_encoding.into(),
        FieldProblem::BadCharacter => t.field_bad_character.into(),
        FieldProblem::DateWindow { from, to } => {
            (t.field_date_window)(&date_text(from), &date_text(to))
        }
        FieldProblem::Overlaps => t.field_overlaps.into(),
        FieldProblem::UnknownSchool => t.field_unknown_school.into(),
        FieldProblem::DuplicateInFile => t.field_duplicate_in_file.into(),
        FieldProblem::MissingColumns => t.field_missing_columns.into(),
        FieldProblem::FormulaCells => t.field_formula_cells.into(),
        FieldProblem::OtherSchool => t.field_other_school.into(),
        FieldProblem::SameAsLogin => t.field_same_as_login.into(),
        FieldProblem::CommonPassword => t.field_common_password.into(),
        FieldProblem::Mismatch => t.field_mismatch.into(),
        FieldProblem::WrongPassword => t.field_wrong_password.into(),
        FieldProblem::LastCenter => t.field_last_center.into(),
        FieldProblem::SameSchool => t.field_same_school.into(),
        FieldProblem::TooManyChoices { max } => (t.field_too_many_choices)(max),
        FieldProblem::RankIncomplete => t.field_rank_incomplete.into(),
        FieldProblem::AlreadyAnswered => t.field_already_answered.into(),
        FieldProblem::SurveyClosed => t.field_survey_closed.into(),
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let err = match value {
            // The arguments could not be read: a malformed request, reported as invalid input,
            // naming the field when the decoder does ("missing field `reason`").
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                match missing_field(&msg) {
                    Some(field) => AppError::field(field, FieldProblem::Required),
                    None => AppError::Invalid(Vec::new()),
                }
            }
            ServerFnErrorErr::ServerError(_) => AppError::Internal,
            _ => AppError::Request,
        };
        // On the server this runs inside the request (e.g. arguments that do not decode):
        // answer with the error's own status rather than a blanket 500.
        #[cfg(feature = "ssr")]
        response::report(&err);
        err
    }
}

/// How long a client told the server is busy waits before trying again.
pub const BUSY_RETRY_SECS: i64 = 5;

/// The field a decoder's "missing field `x`" message names.
fn missing_field(msg: &str) -> Option<&str> {
    let rest = msg.split_once("missing field `")?.1;
    let field = rest.split('`').next()?;
    (!field.is_empty()).then_some(field)
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        // The database is out of reach for now (pool exhausted, restarting, failing over):
        // the client is told to retry, not that something broke.
        let unavailable = match &err {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
            // 08: connection exception; 57P0x: shutdown, crash shutdown, cannot connect now.
            sqlx::Error::Database(e) => e
                .code()
                .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
            _ => false,
        };
        if unavailable {
            tracing::warn!(error = %err, "database unavailable: answering busy");
            return AppError::Busy {
                retry_after_secs: BUSY_RETRY_SECS,
            };
        }
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    /// One of every problem. The `match` stops compiling when a problem is added and not listed
    /// here, so the round trip below covers each one.
    fn every_problem() -> Vec<FieldProblem> {
        let mut all: Vec<FieldProblem> = PLAIN_PROBLEMS.iter().map(|(_, p)| *p).collect();
        all.extend([
            FieldProblem::TooLong { max: 500 },
            FieldProblem::OutOfRange { min: 0, max: 24 },
            FieldProblem::FileTooLarge { max_mb: 10 },
            FieldProblem::SheetTooBig {
                rows: 5000,
                cols: 30,
            },
            FieldProblem::DateWindow {
                from: 20210101,
                to: 20261128,
            },
            FieldProblem::TooManyChoices { max: 3 },
        ]);
        for p in &all {
            match p {
                FieldProblem::Required
                | FieldProblem::TooLong { .. }
                | FieldProblem::Invalid
                | FieldProblem::OutOfRange { .. }
                | FieldProblem::DateOrder
                | FieldProblem::FutureDate
                | FieldProblem::OutsidePairing
                | FieldProblem::UnknownStaffNo
                | FieldProblem::SamePerson
                | FieldProblem::OverCapacity
                | FieldProblem::AlreadyPaired
                | FieldProblem::OutsideSchool
                | FieldProblem::AlreadyExists
                | FieldProblem::PairingEnded
                | FieldProblem::BelowLevel
                | FieldProblem::FileTooLarge { .. }
                | FieldProblem::FileType
                | FieldProblem::OwnClaim
                | FieldProblem::BeforeHire
                | FieldProblem::SecondApproval
                | FieldProblem::SheetTooBig { .. }
                | FieldProblem::FileUnreadable
                | FieldProblem::FileEncoding
                | FieldProblem::BadCharacter
                | FieldProblem::DateWindow { .. }
                | FieldProblem::Overlaps
                | FieldProblem::UnknownSchool
                | FieldProblem::DuplicateInFile
                | FieldProblem::MissingColumns
                | FieldProblem::FormulaCells
                | FieldProblem::OtherSchool
                | FieldProblem::SameAsLogin
                | FieldProblem::CommonPassword
                | FieldProblem::Mismatch
                | FieldProblem::WrongPassword
                | FieldProblem::LastCenter
                | FieldProblem::SameSchool
                | FieldProblem::TooManyChoices { .. }
                | FieldProblem::RankIncomplete
                | FieldProblem::AlreadyAnswered
                | FieldProblem::SurveyClosed => {}
            }
        }
        all
    }

    #[test]
    fn every_field_problem_survives_the_trip_through_a_url() {
        let all = every_problem();
        assert_eq!(all.len(), 41, "one of each problem");
        for problem in all {
            let e = FieldError {
                field: "hours".into(),
                problem,
            };
            assert_eq!(FieldError::from_code(&e.to_code()), Some(e));
        }
    }

    #[test]
    fn an_unknown_problem_code_reads_as_invalid() {
        assert_eq!(
            FieldError::from_code("hours.no_such_problem").map(|e| e.problem),
            Some(FieldProblem::Invalid)
        );
        assert_eq!(FieldError::from_code(".required"), None);
    }

    #[test]
    fn field_message_is_found_only_for_its_field() {
        let err = AppError::field("username", FieldProblem::Required);
        let t = Locale::ZhCn.texts();
        assert_eq!(
            err.field_message("username", t).as_deref(),
            Some("此项必填。")
        );
        assert_eq!(err.field_message("password", t), None);
    }

    #[test]
    fn throttling_message_rounds_minutes_up() {
        let err = AppError::TooManyAttempts {
            retry_after_secs: 61,
        };
        assert!(err.message(Locale::En.texts()).contains("2 minutes"));
        assert_eq!(err.status_code(), 429);
    }

    #[test]
    fn a_missing_argument_is_named() {
        assert_eq!(missing_field("missing field `reason`"), Some("reason"));
        assert_eq!(missing_field("invalid digit found in string"), None);
    }

    #[test]
    fn every_error_code_round_trips() {
        let all = [
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::BadCredentials,
            AppError::TooManyAttempts {
                retry_after_secs: 15 * 60,
            },
            AppError::Invalid(Vec::new()),
            AppError::Locked,
            AppError::Internal,
            AppError::Busy {
                retry_after_secs: BUSY_RETRY_SECS,
            },
            AppError::Request,
            AppError::PasswordChange,
        ];
        for err in all {
            // Stops compiling when an error is added and not listed above.
            match err {
                AppError::Unauthorized
                | AppError::Forbidden
                | AppError::NotFound
                | AppError::BadCredentials
                | AppError::TooManyAttempts { .. }
                | AppError::Invalid(_)
                | AppError::Locked
                | AppError::Internal
                | AppError::Busy { .. }
                | AppError::Request
                | AppError::PasswordChange => {}
            }
            assert_eq!(AppError::from_code(err.code()), Some(err.clone()));
        }
        assert_eq!(AppError::from_code("no_such_code"), None);
    }
}
