//! Words built from data for people to read: shared by the pages and the server's
//! spreadsheets, so both say the same thing.
use super::{Locale, Texts};
use crate::domain::eligibility::{CountRule, Criterion};
use crate::domain::hours::format_tenths;

/// Picks the Chinese or English form of a name the center stores in both.
pub fn bilingual(locale: Locale, pair: &(String, String)) -> String {
    match locale {
        Locale::ZhCn => pair.0.clone(),
        Locale::En => pair.1.clone(),
    }
}

/// A column heading: a message code, or `=name` for a name from the data (a tier).
pub fn column_label(t: &'static Texts, code: &str) -> String {
    match code.strip_prefix('=') {
        Some(name) => name.to_string(),
        None => Texts::label(t.stat_columns, code),
    }
}

/// What a count rule asks for, in words: "近 5 年区级及以上公开课（二等奖及以上）".
pub fn count_what(rule: &CountRule, t: &'static Texts) -> String {
    let level = rule
        .min_level
        .as_deref()
        .map(|l| (t.level_or_above)(&Texts::label(t.levels, l)))
        .unwrap_or_default();
    let kind = Texts::label(t.achievement_kinds, &rule.kind);
    let rank = rule
        .max_rank
        .map(|r| (t.rank_or_better)(r))
        .unwrap_or_default();
    let years = rule
        .within_years
        .map(|y| (t.within_years)(y))
        .unwrap_or_default();
    format!("{years}{level}{kind}{rank}")
}

/// One criterion: what it asks, what the teacher has, and when unmet, what is still missing.
pub fn criterion_text(c: &Criterion, t: &'static Texts) -> String {
    match c {
        Criterion::Years { need, have } => (t.crit_years)(*need, *have),
        Criterion::Degree { need, have } => (t.crit_degree)(
            &Texts::label(t.degrees, need.code()),
            &have
                .map(|h| Texts::label(t.degrees, h.code()))
                .unwrap_or_else(|| t.none.to_string()),
        ),
        Criterion::Hours {
            need_tenths,
            have_tenths,
        } => (t.crit_hours)(&format_tenths(*need_tenths), &format_tenths(*have_tenths)),
        Criterion::Mentees { need, have } => (t.crit_mentees)(*need, *have),
        Criterion::Count { rule, have } => {
            let what = count_what(rule, t);
            if *have >= rule.count {
                (t.crit_count)(&what, rule.count, *have)
            } else {
                (t.crit_missing)(rule.count - have, &what)
            }
        }
    }
}

/// A field's value in a change, as people read it: choices by their label, blank as a dash.
pub fn field_value(t: &'static Texts, field: &str, value: &str) -> String {
    let labels = match field {
        "gender" => Some(t.genders),
        "stage" => Some(t.stages),
        "education" => Some(t.educations),
        "title" => Some(t.titles),
        "party_stage" => Some(t.party_stages),
        _ => None,
    };
    match labels {
        _ if value.is_empty() => "—".to_string(),
        Some(labels) => Texts::label(labels, value),
        None => value.to_string(),
    }
}

/// The code a spreadsheet cell names: the code itself, or its label in either language (any
/// case), as `pick` lists them (`|t| t.stages`). Anything else comes back as typed, for the
/// field's own check to refuse.
pub fn code_of(text: &str, pick: fn(&'static Texts) -> super::Labels) -> String {
    let text = text.trim();
    [Locale::ZhCn, Locale::En]
        .into_iter()
        .flat_map(|l| pick(l.texts()).iter())
        .find(|(code, label)| *code == text || label.eq_ignore_ascii_case(text))
        .map_or_else(|| text.to_string(), |(code, _)| code.to_string())
}
