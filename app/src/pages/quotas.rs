//! Center staff set each programme's term quotas, the terms, and the session edit window.
use crate::api::quotas::{fetch_quota_settings, AddTerm, SetEditDays, SetQuota};
use crate::components::error_box::guarded;
use crate::components::form_result::{field_error, form_error, form_problems};
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use leptos::prelude::*;

#[component]
pub fn QuotasPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let set_quota = ServerAction::<SetQuota>::new();
    let add_term = ServerAction::<AddTerm>::new();
    let set_days = ServerAction::<SetEditDays>::new();
    let data = Resource::new(|| (), |_| fetch_quota_settings());
    view! {
        <h1>{move || t().quotas_title}</h1>
        {form_problems(set_quota)}
        {form_error(add_term)}
        {form_problems(set_days)}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |s| {
                let t = t();
                let locale = i18n.locale.get();
                view! {
                    {s.programmes.into_iter().map(|p| view! {
                        <section class="card" data-testid="programme-quotas">
                            <h2>{bilingual(locale, &(p.name.clone(), p.name_en.clone()))}</h2>
                            <div class="quota-grid">
                                {p.quotas.into_iter().map(|(kind, min)| view! {
                                    <ActionForm action=set_quota attr:class="inline-form quota-form">
                                        <input type="hidden" name="programme_id" value=p.id.to_string()/>
                                        <input type="hidden" name="kind" value=kind.clone()/>
                                        <label>
                                            <span>{Texts::label(t.session_kinds, &kind)}</span>
                                            <input type="number" name="min_count" value=min.to_string() min="0" max="100" inputmode="numeric"/>
                                        </label>
                                        <button type="submit" class="secondary">{t.save}</button>
                                    </ActionForm>
                                }).collect_view()}
                            </div>
                        </section>
                    }).collect_view()}
                    <section class="card">
                        <h2>{t.edit_days_label}</h2>
                        <ActionForm action=set_days attr:class="inline-form">
                            <input type="number" name="days" value=s.edit_days.to_string() min="0" max="60" aria-label=t.edit_days_label/>
                            <button type="submit" class="secondary">{t.save}</button>
                        </ActionForm>
                    </section>
                    <section class="card">
                        <h2>{t.terms_title}</h2>
                        <ul>
                            {s.terms.into_iter().map(|term| view! {
                                <li>{format!("{} · {} – {}", term.name, term.starts_on.format("%Y-%m-%d"), term.ends_on.format("%Y-%m-%d"))}</li>
                            }).collect_view()}
                        </ul>
                        <ActionForm action=add_term attr:class="form">
                            <div class="form-grid">
                                <label class="form-row"><span>{t.label_term_name}</span><input type="text" name="name" required maxlength="40"/>{field_error(add_term, "name")}</label>
                                <label class="form-row"><span>{t.label_start}</span><input type="date" name="starts_on" required/>{field_error(add_term, "starts_on")}</label>
                                <label class="form-row"><span>{t.label_end}</span><input type="date" name="ends_on" required/>{field_error(add_term, "ends_on")}</label>
                            </div>
                            <button type="submit" class="primary">{t.add_term}</button>
                        </ActionForm>
                    </section>
                }
            }))}
        </Suspense>
    }
}
