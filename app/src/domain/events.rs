//! Training events (研训活动) and the attendee lists whose hours the center awards in bulk.
use super::claims::{check_hours, parse_common, parse_tenths};
use super::codes::Level;
use super::requirements::Category;
use crate::error::{AppError, FieldError, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventForm {
    pub title: String,
    pub organizer: String,
    pub level: String,
    pub category: String,
    pub starts_on: String,
    pub ends_on: String,
    pub hours: String,
    /// The survey need the event answers (`question:value`), or empty.
    #[serde(default)]
    pub need: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvent {
    pub title: String,
    pub organizer: String,
    pub level: Level,
    pub category: Category,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub tenths: i64,
}

impl NewEvent {
    /// Every problem at once. Converted activities (public lessons, prizes) are claimed by the
    /// teacher who gave them, not awarded to an audience: `conversions` lists their categories.
    pub fn parse(
        form: &EventForm,
        today: NaiveDate,
        conversions: &[Category],
    ) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let common = parse_common(
            &form.title,
            &form.organizer,
            &form.level,
            &form.category,
            &form.starts_on,
            &form.ends_on,
            today,
            &mut errors,
        );
        let mut tenths = None;
        if let Some(c) = &common {
            if conversions.contains(&c.category) {
                errors.push(FieldError {
                    field: "category".into(),
                    problem: FieldProblem::Invalid,
                });
            }
            match check_hours("hours", parse_tenths(&form.hours), c.starts_on, c.ends_on) {
                Ok(t) => tenths = Some(t),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let (Some(c), Some(tenths)) = (common, tenths) else {
            return Err(AppError::Invalid(Vec::new()));
        };
        Ok(NewEvent {
            title: c.title,
            organizer: c.organizer,
            level: c.level,
            category: c.category,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            tenths,
        })
    }
}

/// What the check found for one attendee row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AwardStatus {
    Ready,
    /// Listed again: the earlier line is the one that counts.
    Duplicate {
        first_line: i64,
    },
    AlreadyAwarded,
    UnknownStaffNo,
    /// Hired after the event ended.
    NotYetHired,
    /// No longer an active teacher (left the district): never credited.
    Left,
}

/// One attendee row of a pasted list or a sign-in sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardRow {
    pub line: i64,
    pub staff_no: String,
    /// The name as the sheet gives it, if it has a name column.
    pub sheet_name: String,
    /// The name on record, when the staff number is known.
    pub name: Option<String>,
    pub school_name: Option<String>,
    pub teacher_id: Option<i64>,
    pub status: AwardStatus,
}

/// Staff numbers pasted one per line (or separated by commas, tabs or spaces, as copied from a
/// spreadsheet column), with their line numbers. A cell that holds no digit is a header: skipped.
pub fn parse_pasted(text: &str) -> Vec<(i64, String, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line
            .split([',', '，', '\t', ';', '；'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let Some(first) = cells.first() else { continue };
        let words: Vec<&str> = first.split_whitespace().collect();
        let has_digit = |w: &&str| w.chars().any(|c| c.is_ascii_digit());
        if !has_digit(&words[0]) {
            continue;
        }
        let line_no = i as i64 + 1;
        if cells.len() == 1 && words.iter().all(has_digit) {
            // "T1003 T1004": several numbers on one line.
            out.extend(
                words
                    .iter()
                    .map(|w| (line_no, w.to_string(), String::new())),
            );
            continue;
        }
        let name = match cells.get(1) {
            Some(n) => n.to_string(),
            None => words[1..].join(" "),
        };
        out.push((line_no, words[0].to_string(), name));
    }
    out
}

/// Marks every repeat of a staff number (case-insensitive) after its first line.
pub fn mark_duplicates(rows: &mut [AwardRow]) {
    let mut first: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for row in rows.iter_mut() {
        let key = row.staff_no.trim().to_ascii_uppercase();
        match first.get(&key) {
            Some(line) => row.status = AwardStatus::Duplicate { first_line: *line },
            None => {
                first.insert(key, row.line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn form() -> EventForm {
        EventForm {
            title: "新课标背景下的数学教学设计".into(),
            organizer: "区教师发展中心".into(),
            level: "district".into(),
            category: "subject".into(),
            starts_on: "2026-11-02".into(),
            ends_on: String::new(),
            hours: "6".into(),
            need: String::new(),
        }
    }

    #[test]
    fn a_one_day_event_takes_at_most_24_hours() {
        let today = d(2026, 11, 27);
        assert_eq!(NewEvent::parse(&form(), today, &[]).unwrap().tenths, 60);
        let mut f = form();
        f.hours = "25".into();
        assert_eq!(
            NewEvent::parse(&f, today, &[]),
            Err(AppError::field(
                "hours",
                FieldProblem::OutOfRange { min: 0, max: 24 }
            ))
        );
        f.ends_on = "2026-11-03".into();
        assert!(NewEvent::parse(&f, today, &[]).is_ok());
    }

    #[test]
    fn conversion_categories_are_not_event_categories() {
        let mut f = form();
        f.category = "lesson".into();
        assert_eq!(
            NewEvent::parse(&f, d(2026, 11, 27), &[Category::Lesson]),
            Err(AppError::field("category", FieldProblem::Invalid))
        );
    }

    #[test]
    fn pasted_lists_accept_lines_columns_and_headers() {
        let rows = parse_pasted("工号\t姓名\nT1001\t王芳\n\n t1002 \nT1003 T1004\nT1005，李明\n");
        let got: Vec<(i64, &str, &str)> = rows
            .iter()
            .map(|(l, s, n)| (*l, s.as_str(), n.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "T1001", "王芳"),
                (4, "t1002", ""),
                (5, "T1003", ""),
                (5, "T1004", ""),
                (6, "T1005", "李明"),
            ]
        );
    }

    #[test]
    fn a_repeated_staff_number_points_at_its_first_line() {
        let row = |line: i64, no: &str| AwardRow {
            line,
            staff_no: no.into(),
            sheet_name: String::new(),
            name: None,
            school_name: None,
            teacher_id: None,
            status: AwardStatus::Ready,
        };
        let mut rows = vec![row(1, "T1001"), row(2, "t1001"), row(3, "T1002")];
        mark_duplicates(&mut rows);
        assert_eq!(rows[1].status, AwardStatus::Duplicate { first_line: 1 });
        assert_eq!(rows[2].status, AwardStatus::Ready);
    }
}
