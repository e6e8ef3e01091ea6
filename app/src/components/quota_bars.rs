use crate::domain::mentoring::QuotaProgress;
use crate::i18n::{use_i18n, Texts};
use leptos::prelude::*;

/// One bar per quota: done of required, with the pace expected by today.
#[component]
pub fn QuotaBars(quotas: Vec<QuotaProgress>) -> impl IntoView {
    let i18n = use_i18n();
    let quotas = StoredValue::new(quotas);
    move || {
        let t = i18n.t();
        quotas
            .get_value()
            .into_iter()
            .map(|q| {
                let class = if q.behind() { "bar-fill warn" } else { "bar-fill" };
                view! {
                    <div class="quota" data-testid=format!("quota-{}", q.kind.code()) data-done=q.done>
                        <div class="quota-label">
                            <span>{Texts::label(t.session_kinds, q.kind.code())}</span>
                            <span class="muted">
                                {format!("{}/{} · {}", q.done, q.required, (t.quota_expected)(q.expected))}
                            </span>
                        </div>
                        <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=q.percent()
                            aria-label=Texts::label(t.session_kinds, q.kind.code()) aria-valuetext=format!("{}/{}", q.done, q.required)>
                            <div class=class style=format!("width:{}%", q.percent())></div>
                        </div>
                    </div>
                }
            })
            .collect_view()
    }
}
