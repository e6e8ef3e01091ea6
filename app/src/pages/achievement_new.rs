//! Recording an achievement (公开课, 获奖, 论文, 课题) with evidence: a plain multipart form
//! posted to /growth/achievements; problems come back with what was typed, as for claims.
use crate::components::error_box::ErrorBox;
use crate::components::textarea::textarea_text;
use crate::domain::claims::MAX_EVIDENCE_FILES;
use crate::domain::eligibility::AchievementKind;
use crate::error::{problem_message, AppError, FieldError};
use crate::i18n::use_i18n;
use crate::pages::hours::{code_options, level_codes};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn NewAchievementPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let typed = move |k: &str| query.read().get(k).unwrap_or_default();
    let problem = move |field: &'static str| {
        move || {
            typed("fields")
                .split(',')
                .filter_map(FieldError::from_code)
                .find(|e| e.field == field)
                .map(|e| view! { <span class="field-error" data-testid=format!("error-{field}")>{problem_message(e.problem, i18n.t())}</span> })
        }
    };
    let kinds: Vec<&'static str> = AchievementKind::ALL.iter().map(|k| k.code()).collect();
    move || {
        let t = i18n.t();
        let kind = typed("kind");
        let level = typed("level");
        view! {
            <h1>{t.add_achievement}</h1>
            {query.read().get("error").and_then(|c| AppError::from_code(&c)).map(|e| view! { <ErrorBox error=e/> })}
            <form method="post" action="/growth/achievements" enctype="multipart/form-data" class="form card" data-testid="achievement-form">
                <div class="form-grid">
                    <label class="form-row"><span>{t.label_kind}</span>
                        <select name="kind" data-testid="achievement-kind">{code_options(&kinds, t.achievement_kinds, if kind.is_empty() { "public_lesson" } else { &kind })}</select>{problem("kind")}</label>
                    <label class="form-row"><span>{t.label_level}</span>
                        <select name="level" data-testid="achievement-level">{code_options(&level_codes(), t.levels, if level.is_empty() { "district" } else { &level })}</select>{problem("level")}</label>
                    <label class="form-row"><span>{t.label_date}</span>
                        <input type="date" name="achieved_on" required value=typed("achieved_on") data-testid="achievement-date"/>{problem("achieved_on")}</label>
                    <label class="form-row"><span>{t.label_award_rank}</span>
                        <input type="number" name="award_rank" min="1" max="5" value=typed("award_rank")/>{problem("award_rank")}</label>
                </div>
                <label class="form-row"><span>{t.label_item}</span>
                    <input type="text" name="title" required maxlength="200" value=typed("title") data-testid="achievement-title"/>{problem("title")}</label>
                <label class="form-row"><span>{t.label_evidence}</span>
                    <input type="file" name="evidence" multiple accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"/>
                    <span class="muted small">{(t.evidence_hint)(MAX_EVIDENCE_FILES as i64)}</span>{problem("evidence")}</label>
                <label class="form-row"><span>{t.label_note}</span>
                    <textarea name="detail" rows="2" maxlength="2000">{textarea_text(typed("detail"))}</textarea></label>
                <p class="actions">
                    <button type="submit" class="primary" data-testid="save-achievement">{t.save}</button>
                    <A href="/growth">{t.cancel}</A>
                </p>
            </form>
        }
    }
}
