//! Filing a claim (学时申报). A plain multipart form posted to /hours/claims, so evidence files
//! upload with or without JavaScript; on a problem the server sends the browser back here with
//! the problems and what was typed.
use crate::api::hours::fetch_claim_form;
use crate::components::error_box::guarded;
use crate::components::error_box::ErrorBox;
use crate::components::textarea::textarea_text;
use crate::domain::claims::MAX_EVIDENCE_FILES;
use crate::domain::hours::format_tenths;
use crate::error::{problem_message, AppError, FieldError};
use crate::i18n::{use_i18n, Texts};
use crate::pages::hours::{category_codes, code_options, level_codes};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn NewClaimPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let query = use_query_map();
    let data = Resource::new(|| (), |_| fetch_claim_form());
    let typed = move |k: &str| query.read().get(k).unwrap_or_default();
    let problems = move || -> Vec<FieldError> {
        typed("fields")
            .split(',')
            .filter_map(FieldError::from_code)
            .collect()
    };
    let problem = move |field: &'static str| {
        move || {
            problems()
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| view! { <span class="field-error" data-testid=format!("error-{field}")>{problem_message(e.problem, t())}</span> })
        }
    };
    view! {
        <h1>{move || t().new_claim}</h1>
        {move || query.read().get("error").and_then(|c| AppError::from_code(&c)).map(|e| view! { <ErrorBox error=e/> })}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |f| {
                let t = t();
                let hints = f.conversions.iter().map(|c| (t.conversion_hint)(
                    &Texts::label(t.categories, c.category.code()),
                    &Texts::label(t.levels, c.min_level.code()),
                    &format_tenths(c.unit_tenths),
                )).collect::<Vec<_>>();
                let today = f.today.format("%Y-%m-%d").to_string();
                let level = typed("level");
                let category = typed("category");
                view! {
                    <form method="post" action="/hours/claims" enctype="multipart/form-data" class="form card" data-testid="claim-form">
                        <label class="form-row"><span>{t.label_item}</span>
                            <input type="text" name="title" required maxlength="200" value=typed("title") data-testid="claim-title"/>{problem("title")}</label>
                        <label class="form-row"><span>{t.label_organizer}</span>
                            <input type="text" name="organizer" required maxlength="100" value=typed("organizer") data-testid="claim-organizer"/>{problem("organizer")}</label>
                        <div class="form-grid">
                            <label class="form-row"><span>{t.label_level}</span>
                                <select name="level" data-testid="claim-level">{code_options(&level_codes(), t.levels, if level.is_empty() { "district" } else { &level })}</select>{problem("level")}</label>
                            <label class="form-row"><span>{t.label_category}</span>
                                <select name="category" data-testid="claim-category">{code_options(&category_codes(), t.categories, if category.is_empty() { "subject" } else { &category })}</select>{problem("category")}</label>
                            <label class="form-row"><span>{t.label_start}</span>
                                <input type="date" name="starts_on" required max=today.clone() value=typed("starts_on") data-testid="claim-start"/>{problem("starts_on")}</label>
                            <label class="form-row"><span>{t.label_end}</span>
                                <input type="date" name="ends_on" max=today value=typed("ends_on") data-testid="claim-end"/>{problem("ends_on")}</label>
                            <label class="form-row"><span>{t.label_hours}</span>
                                <input type="text" name="hours" inputmode="decimal" value=typed("hours") data-testid="claim-hours"/>{problem("hours")}</label>
                        </div>
                        <ul class="muted small">{hints.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
                        <label class="form-row"><span>{t.label_evidence}</span>
                            <input type="file" name="evidence" multiple required accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" data-testid="claim-evidence"/>
                            <span class="muted small">{(t.evidence_hint)(MAX_EVIDENCE_FILES as i64)}</span>{problem("evidence")}</label>
                        <label class="form-row"><span>{t.label_note}</span>
                            <textarea name="note" rows="2" maxlength="2000">{textarea_text(typed("note"))}</textarea>{problem("note")}</label>
                        <p class="actions">
                            <button type="submit" class="primary" data-testid="submit-claim">{t.submit_claim}</button>
                            <A href="/hours">{t.cancel}</A>
                        </p>
                    </form>
                }
            }))}
        </Suspense>
    }
}
