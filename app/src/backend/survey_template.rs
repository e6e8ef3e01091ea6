//! The default survey a new one can start from: the new-teacher needs survey (新教师培训需求
//!调研), in four parts — knowledge (知识更新), teaching skills (教学技能), ethics and attitude
//! (师德与态度), support (环境支持) — 18 questions, in the creator's language.
use crate::domain::survey::{NewQuestion, QuestionKind};
use crate::i18n::Locale;

/// One template question; `show_if` names an earlier template question by its index.
pub struct TemplateQuestion {
    pub question: NewQuestion,
    pub show_if: Option<(usize, i32)>,
}

pub fn intro(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "为了让新教师培训更贴近大家的实际需要，请根据自己的情况作答，约需 5 分钟。",
        Locale::En => "To fit new-teacher training to what you need, please answer from your own experience; about 5 minutes.",
    }
}

type Row = (
    &'static str,
    QuestionKind,
    &'static str,
    &'static [&'static str],
    Option<i32>,
    bool,
    Option<(usize, i32)>,
);

const ZH: &[Row] = &[
    (
        "知识更新",
        QuestionKind::Scale,
        "我对任教学科课程标准的理解程度",
        &[],
        None,
        true,
        None,
    ),
    (
        "知识更新",
        QuestionKind::Multi,
        "最希望更新的知识（最多选 3 项）",
        &[
            "学科专业知识",
            "课程标准与教材",
            "教育心理学",
            "信息技术与人工智能",
            "跨学科与项目化学习",
            "评价与考试命题",
        ],
        Some(3),
        true,
        None,
    ),
    (
        "知识更新",
        QuestionKind::Single,
        "最希望的学习方式",
        &["专家讲座", "工作坊研讨", "线上课程", "读书分享", "跟岗学习"],
        None,
        true,
        None,
    ),
    (
        "知识更新",
        QuestionKind::Scale,
        "我对新课改理念（核心素养、大单元）的把握",
        &[],
        None,
        true,
        None,
    ),
    (
        "教学技能",
        QuestionKind::Rank,
        "请按需要程度排序（1 为最需要）",
        &["教学设计", "课堂管理", "作业设计", "学情分析", "信息化教学"],
        None,
        true,
        None,
    ),
    (
        "教学技能",
        QuestionKind::Scale,
        "我的课堂管理能力",
        &[],
        None,
        true,
        None,
    ),
    (
        "教学技能",
        QuestionKind::Single,
        "本学期上过几次公开课",
        &["0 次", "1 次", "2 次及以上"],
        None,
        true,
        None,
    ),
    (
        "教学技能",
        QuestionKind::Single,
        "是否有固定的带教导师",
        &["有", "没有"],
        None,
        true,
        None,
    ),
    (
        "教学技能",
        QuestionKind::Scale,
        "导师带教对我的帮助",
        &[],
        None,
        true,
        Some((7, 0)),
    ),
    (
        "教学技能",
        QuestionKind::Text,
        "在教学中遇到的最大困难",
        &[],
        None,
        false,
        None,
    ),
    (
        "师德与态度",
        QuestionKind::Scale,
        "我对教师职业的认同感",
        &[],
        None,
        true,
        None,
    ),
    (
        "师德与态度",
        QuestionKind::Multi,
        "希望在师德方面得到哪些支持（可多选）",
        &["师德典型学习", "家校沟通", "心理健康与减压", "法律法规"],
        None,
        false,
        None,
    ),
    (
        "师德与态度",
        QuestionKind::Single,
        "三年内的职业规划",
        &["站稳讲台", "成为骨干教师", "承担班主任工作", "尚未考虑"],
        None,
        true,
        None,
    ),
    (
        "环境支持",
        QuestionKind::Scale,
        "学校对新教师成长的支持",
        &[],
        None,
        true,
        None,
    ),
    (
        "环境支持",
        QuestionKind::Multi,
        "最需要学校提供的支持（最多选 2 项）",
        &[
            "减轻非教学任务",
            "更多听课机会",
            "教研组指导",
            "外出学习机会",
            "生活与住房帮助",
        ],
        Some(2),
        true,
        None,
    ),
    (
        "环境支持",
        QuestionKind::Single,
        "最适合参加培训的时间",
        &["工作日下午", "工作日晚上", "周末", "寒暑假"],
        None,
        true,
        None,
    ),
    (
        "环境支持",
        QuestionKind::Scale,
        "我目前的工作压力",
        &[],
        None,
        true,
        None,
    ),
    (
        "环境支持",
        QuestionKind::Text,
        "对区研训工作的其他建议",
        &[],
        None,
        false,
        None,
    ),
];

const EN: &[Row] = &[
    (
        "Knowledge",
        QuestionKind::Scale,
        "How well I understand my subject's curriculum standards",
        &[],
        None,
        true,
        None,
    ),
    (
        "Knowledge",
        QuestionKind::Multi,
        "Knowledge I most want to update (up to 3)",
        &[
            "Subject knowledge",
            "Curriculum and textbooks",
            "Educational psychology",
            "IT and AI in teaching",
            "Interdisciplinary and project learning",
            "Assessment and test design",
        ],
        Some(3),
        true,
        None,
    ),
    (
        "Knowledge",
        QuestionKind::Single,
        "How I prefer to learn",
        &[
            "Expert lectures",
            "Workshops",
            "Online courses",
            "Reading circles",
            "Shadowing",
        ],
        None,
        true,
        None,
    ),
    (
        "Knowledge",
        QuestionKind::Scale,
        "My grasp of the new curriculum ideas (core competencies, large units)",
        &[],
        None,
        true,
        None,
    ),
    (
        "Teaching skills",
        QuestionKind::Rank,
        "Rank by need (1 = most needed)",
        &[
            "Lesson design",
            "Classroom management",
            "Homework design",
            "Knowing the students",
            "Teaching with IT",
        ],
        None,
        true,
        None,
    ),
    (
        "Teaching skills",
        QuestionKind::Scale,
        "My classroom management",
        &[],
        None,
        true,
        None,
    ),
    (
        "Teaching skills",
        QuestionKind::Single,
        "Open lessons given this term",
        &["None", "One", "Two or more"],
        None,
        true,
        None,
    ),
    (
        "Teaching skills",
        QuestionKind::Single,
        "Do you have a regular mentor?",
        &["Yes", "No"],
        None,
        true,
        None,
    ),
    (
        "Teaching skills",
        QuestionKind::Scale,
        "How much my mentor helps",
        &[],
        None,
        true,
        Some((7, 0)),
    ),
    (
        "Teaching skills",
        QuestionKind::Text,
        "The hardest thing in my teaching",
        &[],
        None,
        false,
        None,
    ),
    (
        "Ethics and attitude",
        QuestionKind::Scale,
        "How much I identify with the profession",
        &[],
        None,
        true,
        None,
    ),
    (
        "Ethics and attitude",
        QuestionKind::Multi,
        "Support wanted on professional ethics (any)",
        &[
            "Model teachers' stories",
            "Working with parents",
            "Mental health and stress",
            "Laws and regulations",
        ],
        None,
        false,
        None,
    ),
    (
        "Ethics and attitude",
        QuestionKind::Single,
        "My plan for the next three years",
        &[
            "Teach confidently",
            "Become a backbone teacher",
            "Take on a homeroom class",
            "Not decided",
        ],
        None,
        true,
        None,
    ),
    (
        "Support",
        QuestionKind::Scale,
        "How my school supports new teachers",
        &[],
        None,
        true,
        None,
    ),
    (
        "Support",
        QuestionKind::Multi,
        "Support most needed from my school (up to 2)",
        &[
            "Fewer non-teaching tasks",
            "More lesson observation",
            "Guidance from the subject group",
            "Study visits",
            "Help with living and housing",
        ],
        Some(2),
        true,
        None,
    ),
    (
        "Support",
        QuestionKind::Single,
        "Best time for training",
        &[
            "Weekday afternoons",
            "Weekday evenings",
            "Weekends",
            "School holidays",
        ],
        None,
        true,
        None,
    ),
    (
        "Support",
        QuestionKind::Scale,
        "My workload pressure now",
        &[],
        None,
        true,
        None,
    ),
    (
        "Support",
        QuestionKind::Text,
        "Other suggestions for the district's training",
        &[],
        None,
        false,
        None,
    ),
];

pub fn questions(locale: Locale) -> Vec<TemplateQuestion> {
    let rows = match locale {
        Locale::ZhCn => ZH,
        Locale::En => EN,
    };
    rows.iter()
        .map(
            |(section, kind, prompt, options, max_choices, required, show_if)| TemplateQuestion {
                question: NewQuestion {
                    section: section.to_string(),
                    kind: *kind,
                    prompt: prompt.to_string(),
                    options: options.iter().map(|o| o.to_string()).collect(),
                    max_choices: max_choices
                        .or((*kind == QuestionKind::Multi).then_some(options.len() as i32)),
                    required: *required,
                    show_if: None,
                },
                show_if: *show_if,
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::survey::{NewQuestion as Parsed, QuestionForm};

    /// Each template question passes the same checks as one built by hand, in both languages,
    /// and a condition names an earlier question that can hold its value.
    #[test]
    fn the_template_questions_pass_the_builders_checks() {
        for locale in [Locale::ZhCn, Locale::En] {
            let qs = questions(locale);
            assert!(qs.len() <= 25);
            for (i, t) in qs.iter().enumerate() {
                let q = &t.question;
                let form = QuestionForm {
                    section: q.section.clone(),
                    kind: q.kind.code().into(),
                    prompt: q.prompt.clone(),
                    options: q.options.join("\n"),
                    max_choices: q.max_choices.map(|m| m.to_string()).unwrap_or_default(),
                    required: q.required.then(|| "on".into()),
                    show_if: String::new(),
                };
                assert_eq!(&Parsed::parse(&form, &[]).unwrap(), q, "{locale:?} #{i}");
                if let Some((on, value)) = t.show_if {
                    assert!(on < i);
                    let cond = &qs[on].question;
                    assert!(cond
                        .kind
                        .condition_values(cond.options.len())
                        .contains(&value));
                }
            }
        }
    }
}
