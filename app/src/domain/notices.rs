//! Reminders (提醒): their kinds, the facts that make one told once, and the figures a message
//! shows. What is due is decided in SQL next to the data (`backend::notices`).
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

code_enum! {
    NoticeKind {
        SessionToConfirm => "session_to_confirm",
        ClaimsToReview => "claims_to_review",
        AchievementsToVerify => "achievements_to_verify",
        HoursBehind => "hours_behind",
        PairBehind => "pair_behind",
        SurveyOpen => "survey_open",
        SurveyClosing => "survey_closing",
        ItemDue => "item_due",
        ItemOverdue => "item_overdue",
        ProbationEnding => "probation_ending",
    }
}

/// A week's key (`2026-W49`, ISO weeks): a weekly reminder tells a fact once per week.
pub fn week_key(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// Whole weeks from `today` to `end` (0 in the last week, never negative).
pub fn weeks_left(today: NaiveDate, end: NaiveDate) -> i64 {
    ((end - today).num_days() / 7).max(0)
}

/// A survey reminds again this many days before it closes.
pub const CLOSING_DAYS: i64 = 2;
/// A probation year ending within this many days with hours missing is told.
pub const PROBATION_DAYS: i64 = 30;

/// The figures and names a reminder's message shows (all optional; each kind uses some).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeParams {
    #[serde(default)]
    pub n: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub weeks: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_weekly_fact_changes_on_monday_and_across_the_year_end() {
        assert_eq!(week_key(d("2026-12-06")), "2026-W49");
        assert_eq!(week_key(d("2026-12-07")), "2026-W50");
        assert_eq!(week_key(d("2027-01-01")), "2026-W53");
    }

    #[test]
    fn weeks_left_count_whole_weeks_and_stop_at_zero() {
        assert_eq!(weeks_left(d("2026-12-06"), d("2027-01-20")), 6);
        assert_eq!(weeks_left(d("2026-12-06"), d("2026-12-10")), 0);
        assert_eq!(weeks_left(d("2026-12-06"), d("2026-11-10")), 0);
    }

    #[test]
    fn every_kind_reads_back_from_its_code() {
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(k.code()), Some(*k));
        }
    }
}
