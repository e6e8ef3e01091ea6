//! The messages of reminders (提醒), in both languages: `Texts::notices`.
use super::texts::Labels;

pub struct NoticeTexts {
    pub title: &'static str,
    pub bell: fn(i64) -> String,
    pub none: &'static str,
    pub go: &'static str,
    pub read_all: &'static str,
    pub kinds_title: &'static str,
    pub kinds_saved: &'static str,
    pub kinds: Labels,
    pub session_to_confirm: fn(&str, &str) -> String,
    pub claims_to_review: fn(i64) -> String,
    pub achievements_to_verify: fn(i64) -> String,
    pub hours_behind: &'static str,
    pub pair_behind: fn(&str, i64) -> String,
    pub survey_open: fn(&str, &str) -> String,
    pub survey_closing: fn(&str, &str) -> String,
    pub item_due: fn(&str, &str) -> String,
    pub item_overdue: fn(&str, &str) -> String,
    pub probation_ending: fn(&str, i64) -> String,
}

pub static ZH: NoticeTexts = NoticeTexts {
    title: "提醒",
    bell: |n| format!("提醒（{n} 条未读）"),
    none: "没有提醒。",
    go: "去处理",
    read_all: "全部标为已读",
    kinds_title: "接收哪些提醒",
    kinds_saved: "已保存提醒设置。",
    kinds: &[
        ("session_to_confirm", "带教记录待我确认"),
        ("claims_to_review", "学时申报待我审核"),
        ("achievements_to_verify", "成果待我认定"),
        ("hours_behind", "我的学时进度落后（每周至多一次）"),
        ("pair_behind", "结对带教进度落后"),
        ("survey_open", "有问卷请我填写"),
        ("survey_closing", "问卷即将截止"),
        ("item_due", "清单事项 7 天内到期"),
        ("item_overdue", "清单事项已逾期"),
        ("probation_ending", "见习期将结束而学时不足"),
    ],
    session_to_confirm: |name, date| format!("{name} 老师记录了 {date} 的一次带教，等待您确认。"),
    claims_to_review: |n| format!("有 {n} 份学时申报等待您审核。"),
    achievements_to_verify: |n| format!("有 {n} 项成果等待您认定。"),
    hours_behind: "您的研训学时落后于应有进度。",
    pair_behind: |name, w| format!("与 {name} 的结对本学期带教进度落后，学期还剩 {w} 周。"),
    survey_open: |title, date| format!("问卷“{title}”请您填写，{date} 截止。"),
    survey_closing: |title, date| format!("问卷“{title}”将于 {date} 截止，您还没有提交。"),
    item_due: |title, date| format!("清单事项“{title}”将于 {date} 到期。"),
    item_overdue: |title, date| format!("清单事项“{title}”已于 {date} 逾期。"),
    probation_ending: |date, n| format!("您的见习期将于 {date} 结束，还差 {n} 学时。"),
};

pub static EN: NoticeTexts = NoticeTexts {
    title: "Reminders",
    bell: |n| format!("Reminders ({n} unread)"),
    none: "No reminders.",
    go: "Go",
    read_all: "Mark all read",
    kinds_title: "Which reminders I get",
    kinds_saved: "Reminder settings saved.",
    kinds: &[
        ("session_to_confirm", "Sessions waiting for my confirmation"),
        ("claims_to_review", "Claims waiting for my review"),
        (
            "achievements_to_verify",
            "Achievements waiting for my verification",
        ),
        ("hours_behind", "My hours behind the pace (weekly at most)"),
        ("pair_behind", "Mentoring pairs behind quota"),
        ("survey_open", "A survey for me"),
        ("survey_closing", "A survey about to close"),
        ("item_due", "A list item due within 7 days"),
        ("item_overdue", "A list item overdue"),
        ("probation_ending", "Probation ending with hours missing"),
    ],
    session_to_confirm: |name, date| {
        format!("{name} logged a session on {date}; it waits for your confirmation.")
    },
    claims_to_review: |n| format!("{n} hour claims wait for your review."),
    achievements_to_verify: |n| format!("{n} achievements wait for your verification."),
    hours_behind: "Your training hours are behind the expected pace.",
    pair_behind: |name, w| {
        format!("Your pairing with {name} is behind this term's quota; {w} weeks of term left.")
    },
    survey_open: |title, date| format!("The survey “{title}” is for you; it closes {date}."),
    survey_closing: |title, date| {
        format!("The survey “{title}” closes {date} and you have not submitted it.")
    },
    item_due: |title, date| format!("The list item “{title}” is due {date}."),
    item_overdue: |title, date| format!("The list item “{title}” was due {date}."),
    probation_ending: |date, n| {
        format!("Your probation year ends {date}; {n} hours are still missing.")
    },
};
