//! The survey builder: while a survey is a draft, its title and anonymity, its questions (added
//! one at a time, removed), and the form that targets and opens it; once open, what it asks
//! and whom, read-only, with a link to its results.
use crate::api::surveys::{
    fetch_survey_editor, AddQuestion, PublishSurvey, RemoveQuestion, UpdateSurvey,
};
use crate::components::error_box::guarded;
use crate::components::form_result::{field_error, form_done, form_error, form_problems};
use crate::components::route::id_param;
use crate::components::textarea::textarea_text;
use crate::domain::survey::{value_label, Question, QuestionKind};
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Locale, Texts};
use crate::pages::hours::code_options;
use crate::pages::surveys::status_line;
use crate::views::surveys::{SurveyEditor, TargetChoices};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SurveyEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param("id");
    let data = Resource::new(move || id.get(), fetch_survey_editor);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| view! { <Editor v/> }))}
        </Suspense>
    }
}

#[component]
fn Editor(v: SurveyEditor) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let locale = i18n.locale.get_untracked();
    let s = t.surveys;
    let update = ServerAction::<UpdateSurvey>::new();
    let add = ServerAction::<AddQuestion>::new();
    let remove = ServerAction::<RemoveQuestion>::new();
    let publish = ServerAction::<PublishSurvey>::new();
    let id = v.head.id;
    let draft = v.head.status == "draft";
    // Everything a form's (lazily built) children show is made here, owned.
    let (title, intro, anonymous) = (v.head.title.clone(), v.head.intro.clone(), v.head.anonymous);
    let status = status_line(&v.head, t);
    let question_items: Vec<AnyView> = v
        .questions
        .iter()
        .map(|q| {
            let qid = q.id;
            view! {
                <li data-testid="question">
                    {(!q.section.is_empty()).then(|| view! { <span class="muted small">{q.section.clone()} " · "</span> })}
                    <strong>{q.prompt.clone()}</strong>
                    " " <span class="pill">{Texts::label(s.kinds, q.kind.code())}</span>
                    {q.required.then(|| view! { " " <span class="muted small">{s.required}</span> })}
                    {(!q.options.is_empty()).then(|| view! { <br/><span class="muted small">{q.options.join(" / ")}</span> })}
                    {condition_text(q, &v.questions, t).map(|c| view! { <br/><span class="muted small">{c}</span> })}
                    {draft.then(|| view! {
                        <ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="id" value=qid.to_string()/>
                            <button type="submit" class="link-button">{s.remove}</button>
                        </ActionForm>
                    })}
                </li>
            }
            .into_any()
        })
        .collect();
    let count = v.questions.len();
    let conditions = condition_options(&v.questions).into_any();
    let boxes = view! { <TargetBoxes choices=v.choices.clone() chosen=v.targets.clone() locale/> }
        .into_any();
    let summary = target_summary(&v.choices, &v.targets, t, locale);
    let targeted = (s.targeted_now)(v.targeted);
    view! {
        <h1>{title.clone()}</h1>
        <p class="muted" data-testid="survey-status">{status}
            {anonymous.then(|| view! { " · " <span class="pill">{s.anonymous_pill}</span> })}
            {(!draft).then(|| view! { " · " <A href=format!("/surveys/{id}/results")>{s.results}</A> })}
        </p>
        {move || form_done(add)().then(|| view! { <p class="notice" role="status">{s.question_added}</p> })}
        {form_problems(remove)}
        {draft.then(|| {
            let intro = intro.clone();
            view! {
                <details class="card">
                    <summary><strong>{s.details}</strong></summary>
                    {form_error(update)}
                    <ActionForm action=update attr:class="form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <label class="form-row"><span>{s.label_title}</span><input type="text" name="title" required maxlength="100" value=title/>{field_error(update, "title")}</label>
                        <label class="form-row"><span>{s.label_intro}</span><textarea name="intro" maxlength="2000" rows="3">{textarea_text(intro)}</textarea>{field_error(update, "intro")}</label>
                        <label class="check"><input type="checkbox" name="anonymous" checked=anonymous/>{s.anonymous}</label>
                        <button type="submit" class="secondary">{t.save}</button>
                    </ActionForm>
                </details>
            }
        })}
        <section class="card" data-testid="survey-questions">
            <h2>{(s.questions_n)(count)}</h2>
            {(!intro.is_empty()).then(|| view! { <p class="muted">{intro.clone()}</p> })}
            <ol class="question-list">{question_items}</ol>
        </section>
        {if draft {
            view! {
                <section class="card">
                    <h2>{s.add_question}</h2>
                    {form_error(add)}
                    <ActionForm action=add attr:class="form" attr:data-testid="question-form">
                        <input type="hidden" name="survey_id" value=id.to_string()/>
                        <div class="form-grid">
                            <label class="form-row"><span>{s.label_section}</span><input type="text" name="form[section]" maxlength="60"/>{field_error(add, "section")}</label>
                            <label class="form-row"><span>{s.label_kind}</span>
                                <select name="form[kind]">{code_options(&QuestionKind::ALL.map(|k| k.code()), s.kinds, "single")}</select>
                                {field_error(add, "kind")}
                            </label>
                        </div>
                        <label class="form-row"><span>{s.label_prompt}</span><input type="text" name="form[prompt]" required maxlength="300"/>{field_error(add, "prompt")}</label>
                        <label class="form-row"><span>{s.label_options}</span><textarea name="form[options]" rows="4" maxlength="2000"></textarea><span class="muted small">{s.options_hint}</span>{field_error(add, "options")}</label>
                        <div class="form-grid">
                            <label class="form-row"><span>{s.label_max_choices}</span><input type="number" name="form[max_choices]" min="1" max="12" inputmode="numeric"/>{field_error(add, "max_choices")}</label>
                            <label class="form-row"><span>{s.label_show_if}</span>
                                <select name="form[show_if]">
                                    <option value="">{s.always}</option>
                                    {conditions}
                                </select>
                                {field_error(add, "show_if")}
                            </label>
                        </div>
                        <label class="check"><input type="checkbox" name="form[required]" checked/>{s.required}</label>
                        <button type="submit" class="primary" data-testid="add-question">{s.add_question}</button>
                    </ActionForm>
                </section>
                <section class="card" data-testid="publish">
                    <h2>{s.publish_title}</h2>
                    <p class="muted">{s.publish_hint} " " {targeted}</p>
                    {form_problems(publish)}
                    <ActionForm action=publish attr:class="form" attr:data-testid="publish-form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <div class="form-grid">
                            <label class="form-row"><span>{s.label_opens}</span><input type="date" name="opens_on" required/>{field_error(publish, "opens_on")}</label>
                            <label class="form-row"><span>{s.label_closes}</span><input type="date" name="closes_on" required/>{field_error(publish, "closes_on")}</label>
                        </div>
                        {boxes}
                        <button type="submit" class="primary" data-testid="publish-survey">{s.publish}</button>
                    </ActionForm>
                </section>
            }
            .into_any()
        } else {
            view! {
                <section class="card" data-testid="survey-targets">
                    <h2>{s.targets}</h2>
                    <p>{summary}</p>
                    <p class="muted">{targeted}</p>
                </section>
            }
            .into_any()
        }}
    }
}

/// The values a later question's condition can name: "Q3 = option" for each earlier choice or
/// scale question.
fn condition_options(questions: &[Question]) -> impl IntoView {
    questions
        .iter()
        .flat_map(|q| {
            q.kind
                .condition_values(q.options.len())
                .into_iter()
                .map(move |v| {
                    let text = format!("{}. {} = {}", q.position, q.prompt, value_label(q, v));
                    view! { <option value=format!("{}:{v}", q.id)>{text}</option> }
                })
                .collect::<Vec<_>>()
        })
        .collect_view()
}

fn condition_text(q: &Question, all: &[Question], t: &'static Texts) -> Option<String> {
    let (on, value) = q.show_if?;
    let cond = all.iter().find(|c| c.id == on)?;
    Some((t.surveys.shown_when)(
        cond.position,
        &value_label(cond, value),
    ))
}

/// One group of target checkboxes (`targets[<dim>_<value>]`), ticked where chosen.
fn target_group(
    title: &'static str,
    dim: &'static str,
    values: Vec<(String, String)>,
    chosen: &[String],
) -> impl IntoView {
    let boxes = values
        .into_iter()
        .map(|(value, label)| {
            let key = format!("{dim}_{value}");
            let checked = chosen.contains(&key);
            view! { <label class="check"><input type="checkbox" name=format!("targets[{key}]") checked=checked/>{label}</label> }
        })
        .collect_view();
    view! {
        <fieldset class="target-group" data-testid=format!("targets-{dim}")>
            <legend>{title}</legend>
            <div class="check-list">{boxes}</div>
        </fieldset>
    }
}

/// One target dimension: its form key, its title, and its (value, label) pairs.
type TargetGroup = (&'static str, &'static str, Vec<(String, String)>);

/// Every target dimension as (form key, label) pairs.
fn target_values(c: &TargetChoices, t: &'static Texts, locale: Locale) -> Vec<TargetGroup> {
    vec![
        (
            "cohort",
            t.label_cohort,
            c.cohorts
                .iter()
                .map(|y| (y.to_string(), y.to_string()))
                .collect(),
        ),
        (
            "school",
            t.label_school,
            c.schools
                .iter()
                .map(|(id, n)| (id.to_string(), n.clone()))
                .collect(),
        ),
        (
            "subject",
            t.label_subject,
            c.subjects.iter().map(|n| (n.clone(), n.clone())).collect(),
        ),
        (
            "stage",
            t.label_stage,
            c.stages
                .iter()
                .map(|code| (code.clone(), Texts::label(t.stages, code)))
                .collect(),
        ),
        (
            "tier",
            t.label_tier,
            c.tiers
                .iter()
                .map(|(id, n, e)| (id.to_string(), bilingual(locale, &(n.clone(), e.clone()))))
                .collect(),
        ),
        (
            "programme",
            t.surveys.label_programme,
            c.programmes
                .iter()
                .map(|(id, n, e)| (id.to_string(), bilingual(locale, &(n.clone(), e.clone()))))
                .collect(),
        ),
    ]
}

#[component]
fn TargetBoxes(choices: TargetChoices, chosen: Vec<String>, locale: Locale) -> impl IntoView {
    let t = use_i18n().t();
    target_values(&choices, t, locale)
        .into_iter()
        .filter(|(_, _, values)| values.len() > 1)
        .map(|(dim, title, values)| target_group(title, dim, values, &chosen))
        .collect_view()
}

/// "Entry cohort: 2025, 2026 · Stage: Primary", or "everyone" with no target.
fn target_summary(
    c: &TargetChoices,
    chosen: &[String],
    t: &'static Texts,
    locale: Locale,
) -> String {
    let parts: Vec<String> = target_values(c, t, locale)
        .into_iter()
        .filter_map(|(dim, title, values)| {
            let picked: Vec<String> = values
                .into_iter()
                .filter(|(v, _)| chosen.contains(&format!("{dim}_{v}")))
                .map(|(_, label)| label)
                .collect();
            (!picked.is_empty()).then(|| format!("{title}: {}", picked.join("、")))
        })
        .collect();
    if parts.is_empty() {
        t.surveys.everyone.to_string()
    } else {
        parts.join(" · ")
    }
}
