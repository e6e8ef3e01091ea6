use crate::domain::eligibility::{CountRule, Criterion};
use crate::i18n::{use_i18n, Texts};
use leptos::prelude::*;

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
    use crate::domain::hours::format_tenths;
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

/// The criteria of the next tier as a checklist (met ✓ / not met ✗ with what is missing).
#[component]
pub fn CriteriaList(results: Vec<Criterion>) -> impl IntoView {
    let i18n = use_i18n();
    let results = StoredValue::new(results);
    move || {
        let t = i18n.t();
        view! {
            <ul class="criteria" data-testid="criteria">
                {results.get_value().into_iter().map(|c| {
                    let met = c.met();
                    view! {
                        <li class=if met { "met" } else { "unmet" } data-testid="criterion" data-met=met.to_string()>
                            <span class="mark" aria-hidden="true">{if met { "✓" } else { "✗" }}</span>
                            <span class="sr-only">{if met { t.met } else { t.not_met }}</span>
                            {criterion_text(&c, t)}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    }
}
