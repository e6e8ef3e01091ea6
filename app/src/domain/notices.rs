//! Reminders (提醒): their kinds, the facts that make one told once, and the figures a message
//! shows. What is due is decided in SQL next to the data (`backend::notices`).
use crate::i18n::notice_texts::NoticeTexts;
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

/// A reminder's message in the user's language.
pub fn message(kind: &str, p: &NoticeParams, n: &NoticeTexts) -> String {
    let name = p.name.as_deref().unwrap_or_default();
    let title = p.title.as_deref().unwrap_or_default();
    let date = p.date.as_deref().unwrap_or_default();
    let count = p.n.unwrap_or(0);
    match NoticeKind::parse(kind) {
        Some(NoticeKind::SessionToConfirm) => (n.session_to_confirm)(name, date),
        Some(NoticeKind::ClaimsToReview) => (n.claims_to_review)(count),
        Some(NoticeKind::AchievementsToVerify) => (n.achievements_to_verify)(count),
        Some(NoticeKind::HoursBehind) => n.hours_behind.to_string(),
        Some(NoticeKind::PairBehind) => (n.pair_behind)(name, p.weeks.unwrap_or(0)),
        Some(NoticeKind::SurveyOpen) => (n.survey_open)(title, date),
        Some(NoticeKind::SurveyClosing) => (n.survey_closing)(title, date),
        Some(NoticeKind::ItemDue) => (n.item_due)(title, date),
        Some(NoticeKind::ItemOverdue) => (n.item_overdue)(title, date),
        Some(NoticeKind::ProbationEnding) => (n.probation_ending)(date, count),
        None => String::new(),
    }
}

code_enum! {
    /// A school's group robot: 企业微信 or 钉钉.
    RobotKind {
        WeCom => "wecom",
        DingTalk => "dingtalk",
    }
}

/// Minutes to wait before the next try of a delivery that failed `attempts` times; `None`: give
/// up (it is shown to the center as failed).
pub fn retry_after_minutes(attempts: i32) -> Option<i64> {
    match attempts {
        1 => Some(1),
        2 => Some(5),
        3 => Some(15),
        4 => Some(60),
        5 => Some(240),
        _ => None,
    }
}

/// A robot's webhook address: http(s), no spaces, at most 500 characters.
pub fn webhook_url(url: &str) -> Result<String, crate::error::AppError> {
    let url = url.trim();
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 500
        && url.len() > "https://".len()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(url.to_string())
    } else {
        Err(crate::error::AppError::field(
            "url",
            crate::error::FieldProblem::Invalid,
        ))
    }
}

/// A digest's lines: one per kind with its count, in the order of the kinds.
pub fn digest_lines(counts: &[(String, i64)], n: &NoticeTexts) -> Vec<String> {
    NoticeKind::ALL
        .iter()
        .filter_map(|k| {
            let c = counts.iter().find(|(kind, _)| kind == k.code())?.1;
            let label = n.kinds.iter().find(|(code, _)| *code == k.code())?.1;
            Some(format!("{label}：{c}"))
        })
        .collect()
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
    fn a_failed_delivery_is_retried_five_times_ever_later_then_given_up() {
        let waits: Vec<Option<i64>> = (1..=6).map(retry_after_minutes).collect();
        assert_eq!(
            waits,
            [Some(1), Some(5), Some(15), Some(60), Some(240), None]
        );
    }

    #[test]
    fn a_webhook_is_an_http_address_without_spaces() {
        assert!(webhook_url(" https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc ").is_ok());
        assert!(webhook_url("http://127.0.0.1:9/hook").is_ok());
        for bad in ["ftp://x", "https://", "https://a b", "javascript:alert(1)"] {
            assert!(webhook_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_digest_lists_each_kind_with_its_count_in_order() {
        let n = &crate::i18n::notice_texts::ZH;
        let lines = digest_lines(&[("item_due".into(), 2), ("claims_to_review".into(), 3)], n);
        assert_eq!(lines, vec!["学时申报待我审核：3", "清单事项 7 天内到期：2"]);
    }

    #[test]
    fn every_kind_reads_back_from_its_code() {
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(k.code()), Some(*k));
        }
    }
}
