//! Needs surveys (需求调研): the surveys open for the teacher, and for center staff and
//! coordinators the surveys they manage with a form to start one (empty or from the template).
use crate::api::surveys::{fetch_surveys, CreateSurvey};
use crate::components::error_box::guarded;
use crate::components::form_result::{field_error, form_error};
use crate::i18n::{use_i18n, Texts};
use crate::views::surveys::{MySurvey, SurveyHead};
use leptos::prelude::*;
use leptos_router::components::A;

/// "open · 2026-12-01 – 2026-12-14", as a survey's state reads.
pub fn status_line(head: &SurveyHead, t: &'static Texts) -> String {
    let status = Texts::label(t.surveys.statuses, &head.status);
    match (head.opens_on, head.closes_on) {
        (Some(o), Some(c)) => format!(
            "{status} · {} – {}",
            o.format("%Y-%m-%d"),
            c.format("%Y-%m-%d")
        ),
        _ => status,
    }
}

#[component]
pub fn SurveysPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let create = ServerAction::<CreateSurvey>::new();
    let data = Resource::new(|| (), |_| fetch_surveys());
    view! {
        <h1>{move || t().surveys.title}</h1>
        {form_error(create)}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = t();
                let s = t.surveys;
                view! {
                    {(!v.mine.is_empty() || !v.may_create).then(|| view! {
                        <section class="card" data-testid="my-surveys">
                            <h2>{s.for_you}</h2>
                            <MySurveys rows=v.mine.clone()/>
                        </section>
                    })}
                    {v.may_create.then(|| view! {
                        <details class="card" open=v.managed.is_empty()>
                            <summary><strong>{s.new_survey}</strong></summary>
                            <ActionForm action=create attr:class="form" attr:data-testid="survey-create">
                                <label class="form-row"><span>{s.label_title}</span><input type="text" name="title" required maxlength="100"/>{field_error(create, "title")}</label>
                                {(v.schools.len() > 1).then(|| view! {
                                    <label class="form-row"><span>{t.label_school}</span>
                                        <select name="school_id">
                                            {v.schools.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                                        </select>
                                        {field_error(create, "school_id")}
                                    </label>
                                })}
                                <label class="check"><input type="checkbox" name="template" checked/>{s.from_template}</label>
                                <label class="check"><input type="checkbox" name="anonymous"/>{s.anonymous}</label>
                                <p class="muted small">{s.anonymous_hint}</p>
                                <button type="submit" class="primary" data-testid="create-survey">{t.create}</button>
                            </ActionForm>
                        </details>
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="managed-surveys">
                                <thead><tr><th>{s.label_title}</th><th>{s.col_status}</th><th class="num">{s.col_questions}</th><th class="num">{s.col_answered}</th><th></th></tr></thead>
                                <tbody>
                                    {v.managed.into_iter().map(|row| {
                                        let id = row.head.id;
                                        let draft = row.head.status == "draft";
                                        view! {
                                            <tr>
                                                <td>{row.head.title.clone()}
                                                    {row.head.school.clone().map(|n| view! { <br/><span class="muted small">{n}</span> })}
                                                    {row.head.anonymous.then(|| view! { " " <span class="pill">{s.anonymous_pill}</span> })}
                                                </td>
                                                <td>{status_line(&row.head, t)}</td>
                                                <td class="num">{row.questions}</td>
                                                <td class="num">{row.answered}</td>
                                                <td>
                                                    {row.may_edit.then(|| view! { <A href=format!("/surveys/{id}/edit")>{if draft { s.edit } else { s.view_survey }}</A> })}
                                                    {(row.may_edit && !draft).then_some(" · ")}
                                                    {(!draft).then(|| view! { <A href=format!("/surveys/{id}/results")>{s.results}</A> })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })}
                }
            }))}
        </Suspense>
    }
}

/// The surveys open for a teacher, each with where they are and a link to answer (home page too).
#[component]
pub fn MySurveys(rows: Vec<MySurvey>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let s = t.surveys;
    if rows.is_empty() {
        return view! { <p class="muted">{s.none_open}</p> }.into_any();
    }
    view! {
        <ul class="plain-list" data-testid="open-surveys">
            {rows.into_iter().map(|m| view! {
                <li>
                    <A href=format!("/surveys/{}", m.id)>{m.title.clone()}</A>
                    " · " <span class="pill">{Texts::label(s.answer_states, &m.state)}</span>
                    " · " <span class=if m.closing_soon && m.state != "submitted" { "warn" } else { "muted" }>
                        {(s.closes_on)(&m.closes_on.format("%Y-%m-%d").to_string())}
                    </span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
