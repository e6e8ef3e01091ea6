use crate::domain::hours::format_tenths;
use crate::domain::requirements::Progress;
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use leptos::prelude::*;

/// One bar per rule in force (counted of required, with the pace expected by today), then the
/// conversion caps with how much of each the current period has used.
#[component]
pub fn RuleBars(progress: Progress) -> impl IntoView {
    let i18n = use_i18n();
    let progress = StoredValue::new(progress);
    move || {
        let t = i18n.t();
        let locale = i18n.locale.get();
        let p = progress.get_value();
        let rules = p.rules.into_iter().map(|r| {
            let s = r.standing;
            let pct = crate::domain::percent::progress(s.counted_tenths, s.required_tenths);
            let class = if s.on_track { "bar-fill" } else { "bar-fill warn" };
            let span = format!("{} – {}", r.from.format("%Y-%m-%d"), r.to.format("%Y-%m-%d"));
            view! {
                <div class="quota" data-testid=format!("rule-{}", r.code) data-counted=s.counted_tenths>
                    <div class="quota-label">
                        <span>{bilingual(locale, &(r.name.clone(), r.name_en.clone()))}</span>
                        <span class="muted">{(t.hours_of)(&format_tenths(s.counted_tenths), &format_tenths(s.required_tenths))}</span>
                    </div>
                    <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct
                        aria-label=bilingual(locale, &(r.name.clone(), r.name_en.clone()))
                        aria-valuetext=(t.hours_of)(&format_tenths(s.counted_tenths), &format_tenths(s.required_tenths))>
                        <div class=class style=format!("width:{pct}%")></div>
                    </div>
                    <p class="muted small">
                        {span} " · " {(t.expected_by_today)(&format_tenths(s.expected_tenths))}
                        {(s.remaining_tenths > 0).then(|| format!(" · {}", (t.still_needed)(&format_tenths(s.remaining_tenths))))}
                        " · "
                        <span class=if s.on_track { "pill ok" } else { "pill warn" }>{if s.on_track { t.on_track } else { t.behind }}</span>
                    </p>
                </div>
            }
        }).collect_view();
        let caps = p.caps.into_iter().map(|c| view! {
            <li data-testid=format!("cap-{}", c.code)>
                {bilingual(locale, &(c.name.clone(), c.name_en.clone()))} ": "
                {(t.cap_used)(&format_tenths(c.used_tenths), &format_tenths(c.max_tenths), c.from_year, c.to_year)}
                {c.unit_tenths.map(|u| format!(" · {}", (t.cap_unit)(&Texts::label(t.categories, c.category.code()), &format_tenths(u))))}
            </li>
        }).collect_view();
        view! {
            <div class="rule-bars">{rules}</div>
            <ul class="caps muted">{caps}</ul>
        }
    }
}
