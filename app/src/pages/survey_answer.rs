//! A teacher answers a survey, on a phone as well: one plain form, questions under their
//! sections, with a draft that can be saved and a submission made once.
use crate::api::surveys::{fetch_answer_page, AnswerSurvey};
use crate::components::error_box::guarded;
use crate::components::form_result::{field_error, form_done, form_problems};
use crate::components::route::id_param;
use crate::components::textarea::textarea_text;
use crate::domain::survey::{answer_field, value_label, Question, QuestionKind, SCALE};
use crate::i18n::use_i18n;
use crate::views::surveys::AnswerPage;
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub fn SurveyAnswerPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param("id");
    let data = Resource::new(move || id.get(), fetch_answer_page);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| view! { <AnswerForm v/> }))}
        </Suspense>
    }
}

#[component]
fn AnswerForm(v: AnswerPage) -> impl IntoView {
    let t = use_i18n().t();
    let s = t.surveys;
    let answer = ServerAction::<AnswerSurvey>::new();
    let closes = v
        .head
        .closes_on
        .map(|d| (s.closes_on)(&d.format("%Y-%m-%d").to_string()));
    let state = if v.submitted {
        Some(s.submitted_thanks)
    } else if !v.open {
        Some(s.not_open)
    } else {
        None
    };
    let all = v.questions.clone();
    let mut section = String::new();
    let items: Vec<AnyView> = v
        .questions
        .iter()
        .map(|q| {
            let heading = (q.section != section && !q.section.is_empty())
                .then(|| view! { <h2 class="survey-section">{q.section.clone()}</h2> });
            section = q.section.clone();
            let condition = q.show_if.and_then(|(on, value)| {
                let c = all.iter().find(|c| c.id == on)?;
                Some((s.answer_only_if)(c.position, &value_label(c, value)))
            });
            view! {
                {heading}
                <fieldset class="survey-question" data-testid=format!("question-{}", q.position)>
                    <legend>{format!("{}. {}", q.position, q.prompt)}
                        {q.required.then(|| view! { <span class="required" aria-label=s.required>" *"</span> })}
                    </legend>
                    {condition.map(|c| view! { <p class="muted small">{c}</p> })}
                    {inputs(q, &v.fields, t)}
                    {field_error(answer, answer_field(q.id))}
                </fieldset>
            }
            .into_any()
        })
        .collect();
    view! {
        <h1>{v.head.title.clone()}</h1>
        <p class="muted">{closes}
            {v.head.anonymous.then(|| view! { " · " <span class="pill">{s.anonymous_pill}</span> " " {s.anonymous_note} })}
        </p>
        {(!v.head.intro.is_empty()).then(|| view! { <p>{v.head.intro.clone()}</p> })}
        {move || form_done(answer)().then(|| view! { <p class="notice" role="status" data-testid="answer-done">{s.saved}</p> })}
        {form_problems(answer)}
        {match state {
            Some(message) => view! { <p class="notice" role="status" data-testid="answer-state">{message}</p> }.into_any(),
            None => view! {
                {v.draft_saved.then(|| view! { <p class="muted" data-testid="draft-note">{s.draft_note}</p> })}
                <ActionForm action=answer attr:class="form survey-form" attr:data-testid="answer-form">
                    <input type="hidden" name="id" value=v.head.id.to_string()/>
                    {items}
                    <div class="button-row">
                        <button type="submit" name="intent" value="draft" class="secondary" data-testid="save-draft">{s.save_draft}</button>
                        <button type="submit" name="intent" value="submit" class="primary" data-testid="submit-answers">{s.submit}</button>
                    </div>
                </ActionForm>
            }.into_any(),
        }}
    }
}

/// The inputs of one question, holding the saved draft's values.
fn inputs(
    q: &Question,
    saved: &HashMap<String, String>,
    t: &'static crate::i18n::Texts,
) -> AnyView {
    let name = answer_field(q.id);
    let has = |k: &str, v: &str| saved.get(k).is_some_and(|s| s == v);
    match q.kind {
        QuestionKind::Single | QuestionKind::Scale => {
            let values: Vec<i32> = if q.kind == QuestionKind::Scale {
                SCALE.collect()
            } else {
                (0..q.options.len() as i32).collect()
            };
            let class = if q.kind == QuestionKind::Scale { "choices scale" } else { "choices" };
            view! {
                <div class=class>
                    {values.into_iter().map(|v| {
                        let label = match q.kind {
                            QuestionKind::Scale => (t.surveys.scale_point)(v),
                            _ => value_label(q, v),
                        };
                        view! { <label class="check"><input type="radio" name=format!("a[{name}]") value=v.to_string() checked=has(&name, &v.to_string())/>{label}</label> }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        QuestionKind::Multi => view! {
            <div class="choices">
                {q.max_choices.filter(|m| *m < q.options.len() as i32).map(|m| view! { <p class="muted small">{(t.surveys.choose_up_to)(m)}</p> })}
                {q.options.iter().enumerate().map(|(i, o)| {
                    let key = format!("{name}_{i}");
                    view! { <label class="check"><input type="checkbox" name=format!("a[{key}]") value="1" checked=has(&key, "1")/>{o.clone()}</label> }
                }).collect_view()}
            </div>
        }
        .into_any(),
        QuestionKind::Rank => {
            let n = q.options.len();
            view! {
                <div class="choices rank">
                    <p class="muted small">{t.surveys.rank_hint}</p>
                    {q.options.iter().enumerate().map(|(i, o)| {
                        let key = format!("{name}_r{i}");
                        view! {
                            <label class="rank-row">
                                <select name=format!("a[{key}]")>
                                    <option value="">"–"</option>
                                    {(1..=n).map(|p| view! { <option value=p.to_string() selected=has(&key, &p.to_string())>{p}</option> }).collect_view()}
                                </select>
                                <span>{o.clone()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        QuestionKind::Text => view! {
            <textarea name=format!("a[{name}]") rows="3" maxlength="1000">{textarea_text(saved.get(&name).cloned().unwrap_or_default())}</textarea>
        }
        .into_any(),
    }
}
