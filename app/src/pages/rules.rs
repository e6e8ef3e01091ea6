//! Requirement rules (center staff): the version in force of each rule with a form that starts
//! a new version from a date, and every earlier version below it.
use crate::api::rules::{fetch_rules, UpdateRule};
use crate::components::error_box::guarded;
use crate::components::form_result::{form_done, form_problems};
use crate::domain::hours::format_tenths;
use crate::domain::requirements::{Rule, Scope};
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use crate::pages::hours::level_codes;
use leptos::prelude::*;

fn hours(t: Option<i64>) -> String {
    t.map(format_tenths).unwrap_or_default()
}

fn summary(r: &Rule, t: &'static Texts) -> String {
    let level = r
        .min_level
        .map(|l| {
            format!(
                " · {}",
                (t.level_or_above)(&Texts::label(t.levels, l.code()))
            )
        })
        .unwrap_or_default();
    let amount = match r.scope {
        Scope::Cap => (t.rule_cap)(&hours(r.max_tenths), &hours(r.unit_tenths)),
        _ => (t.rule_min)(&hours(r.min_tenths)),
    };
    format!("{}{level} · {}", amount, (t.rule_years)(r.period_years))
}

#[component]
pub fn RulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let update = ServerAction::<UpdateRule>::new();
    let data = Resource::new(|| (), |_| fetch_rules());
    view! {
        <h1>{move || t().rules_title}</h1>
        <p class="muted">{move || t().rules_intro}</p>
        {move || form_done(update)().then(|| view! { <p class="notice" role="status" data-testid="rule-saved">{t().rule_saved}</p> })}
        {form_problems(update)}
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = t();
                let locale = i18n.locale.get();
                let today = v.today.format("%Y-%m-%d").to_string();
                let current: Vec<Rule> = v.rules.iter().filter(|r| r.valid_to.is_none()).cloned().collect();
                view! {
                    {current.into_iter().map(|r| {
                        let history: Vec<Rule> = v.rules.iter().filter(|h| h.code == r.code && h.valid_to.is_some()).cloned().collect();
                        let cap = r.scope == Scope::Cap;
                        let level = r.min_level.map(|l| l.code()).unwrap_or("");
                        let today = today.clone();
                        let testid = format!("rule-card-{}", r.code);
                        view! {
                            <section class="card" data-testid=testid>
                                <div class="card-head">
                                    <h2>{bilingual(locale, &(r.name.clone(), r.name_en.clone()))}</h2>
                                    <span class="muted">{(t.valid_since)(&r.valid_from.format("%Y-%m-%d").to_string())}</span>
                                </div>
                                <p data-testid="rule-summary">{summary(&r, t)}</p>
                                <details>
                                    <summary>{t.new_version}</summary>
                                    <ActionForm action=update attr:class="form">
                                        <input type="hidden" name="code" value=r.code.clone()/>
                                        <div class="form-grid">
                                            {if cap {
                                                view! {
                                                    <input type="hidden" name="min_hours" value=""/>
                                                    <label class="form-row"><span>{t.label_cap_hours}</span><input type="text" name="max_hours" inputmode="decimal" value=hours(r.max_tenths) required/></label>
                                                    <label class="form-row"><span>{t.label_unit_hours}</span><input type="text" name="unit_hours" inputmode="decimal" value=hours(r.unit_tenths)/></label>
                                                }.into_any()
                                            } else {
                                                view! {
                                                    <label class="form-row"><span>{t.label_min_hours}</span><input type="text" name="min_hours" inputmode="decimal" value=hours(r.min_tenths) required data-testid="rule-min"/></label>
                                                    <input type="hidden" name="max_hours" value=""/>
                                                    <input type="hidden" name="unit_hours" value=""/>
                                                }.into_any()
                                            }}
                                            <label class="form-row"><span>{t.label_min_level}</span>
                                                <select name="min_level">
                                                    <option value="">{t.none}</option>
                                                    {level_codes().into_iter().map(|c| view! { <option value=c selected=c == level>{Texts::label(t.levels, c)}</option> }).collect_view()}
                                                </select></label>
                                            <label class="form-row"><span>{t.label_period_years}</span><input type="number" name="period_years" min="1" max="10" value=r.period_years.to_string()/></label>
                                            <label class="form-row"><span>{t.label_valid_from}</span><input type="date" name="valid_from" required value=today data-testid="rule-from"/></label>
                                        </div>
                                        <button type="submit" class="primary" data-testid="rule-save">{t.save_version}</button>
                                    </ActionForm>
                                </details>
                                {(!history.is_empty()).then(|| view! {
                                    <h3>{t.earlier_versions}</h3>
                                    <ul class="muted">
                                        {history.into_iter().map(|h| view! {
                                            <li>{format!("{} – {}: {}", h.valid_from.format("%Y-%m-%d"), h.valid_to.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(), summary(&h, t))}</li>
                                        }).collect_view()}
                                    </ul>
                                })}
                            </section>
                        }
                    }).collect_view()}
                }
            }))}
        </Transition>
    }
}
