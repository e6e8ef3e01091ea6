use crate::domain::eligibility::Criterion;
use crate::i18n::use_i18n;
use crate::i18n::wording::criterion_text;
use leptos::prelude::*;

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
