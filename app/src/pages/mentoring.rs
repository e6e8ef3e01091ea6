//! The mentor's pages: mentees with quota progress, and the quick session form.
use crate::api::mentoring::{
    fetch_log_page, fetch_my_mentees, DeleteSession, LogSession, UpdateSession,
};
use crate::components::error_box::guarded;
use crate::components::form_result::{field_error, form_done, form_error};
use crate::components::{quota_bars::QuotaBars, session_list::SessionFacts};
use crate::domain::mentoring::{SessionKind, DEFAULT_MINUTES};
use crate::i18n::{use_i18n, Texts};
use crate::views::mentoring::{LogPage, MyMentees};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn MentoringPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| fetch_my_mentees());
    view! {
        <h1>{move || i18n.t().nav_mentoring}</h1>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |m| view! { <MenteeCards data=m/> }))}
        </Suspense>
    }
}

#[component]
fn MenteeCards(data: MyMentees) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let term = data.term.clone();
    if data.mentees.is_empty() {
        return view! { <p class="muted">{move || t().mentees_empty}</p> }.into_any();
    }
    view! {
        <p class="muted">
            {move || match &term {
                Some(term) => (t().term_progress)(&term.name, term.weeks_left),
                None => t().no_term.to_string(),
            }}
        </p>
        <div class="cards">
            {data
                .mentees
                .into_iter()
                .map(|m| {
                    let behind = m.behind;
                    view! {
                        <article class="card mentee-card" data-testid="mentee-card">
                            <div class="card-head">
                                <h3><A href=format!("/teachers/{}", m.teacher_id)>{m.name.clone()}</A></h3>
                                <span class="muted">{format!("{} · {}", m.subject, m.school_name)}</span>
                                <span class=if behind { "pill warn" } else { "pill ok" }>
                                    {move || if behind { t().pace_behind } else { t().pace_ok }}
                                </span>
                            </div>
                            <QuotaBars quotas=m.quotas.clone()/>
                            <p class="muted">
                                {move || t().col_last_session} ": "
                                {m.last_session.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".into())}
                                " · " {move || t().col_unconfirmed} ": " {m.unconfirmed}
                            </p>
                            <A href=format!("/mentoring/log?pairing={}", m.pairing_id) attr:class="button primary" attr:data-testid="log-for">
                                {move || t().log_for}
                            </A>
                        </article>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// Log (or edit) a session: mentee preselected, kind as big buttons, today and 45 minutes by
/// default. Two taps on a phone: the kind, then save (a plain form: no wait for the island).
#[component]
pub fn LogSessionPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let log = ServerAction::<LogSession>::new();
    let update = ServerAction::<UpdateSession>::new();
    let delete = ServerAction::<DeleteSession>::new();
    let pairing = move || {
        query
            .read()
            .get("pairing")
            .and_then(|p| p.parse::<i64>().ok())
    };
    let data = Resource::new(pairing, fetch_log_page);
    view! {
        <h1>{move || i18n.t().log_title}</h1>
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |d| view! { <LogForm data=d log update delete/> }))}
        </Transition>
    }
}

#[component]
fn LogForm(
    data: LogPage,
    log: ServerAction<LogSession>,
    update: ServerAction<UpdateSession>,
    delete: ServerAction<DeleteSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let query = use_query_map();
    let editing = move || query.read().get("edit").and_then(|p| p.parse::<i64>().ok());
    let selected = data.selected.unwrap_or(0);
    let today = StoredValue::new(data.mentees.today.format("%Y-%m-%d").to_string());
    let field_error = move |field: &'static str| {
        view! { {field_error(log, field)} {field_error(update, field)} }
    };
    let saved = move || form_done(log)() || form_done(update)();
    let mentees = StoredValue::new(data.mentees.mentees);
    let fields = move |prefix: &'static str| {
        view! {
            <input type="hidden" name=format!("{prefix}[pairing_id]") value=selected.to_string()/>
            <fieldset class="form-row kinds">
                <legend>{move || t().label_kind}</legend>
                {SessionKind::ALL
                    .iter()
                    .map(|k| view! {
                        <label class="chip">
                            <input type="radio" name=format!("{prefix}[kind]") value=k.code() required
                                data-testid=format!("kind-{}", k.code())/>
                            <span>{move || Texts::label(t().session_kinds, k.code())}</span>
                        </label>
                    })
                    .collect_view()}
                {field_error("kind")}
            </fieldset>
            <div class="form-grid">
                <label class="form-row">
                    <span>{move || t().label_date}</span>
                    <input type="date" name=format!("{prefix}[held_on]") value=today.get_value() max=today.get_value() required/>
                    {field_error("held_on")}
                </label>
                <label class="form-row">
                    <span>{move || t().label_minutes}</span>
                    <input type="number" name=format!("{prefix}[minutes]") value=DEFAULT_MINUTES min="1" max="600"
                        inputmode="numeric" required/>
                    {field_error("minutes")}
                </label>
            </div>
            <label class="form-row">
                <span>{move || t().label_topic}</span>
                <input type="text" name=format!("{prefix}[topic]") maxlength="200"/>
                {field_error("topic")}
            </label>
            <label class="form-row">
                <span>{move || t().label_notes}</span>
                <textarea name=format!("{prefix}[notes]") rows="3" maxlength="5000"></textarea>
                {field_error("notes")}
            </label>
        }
    };
    // Choosing the mentee reloads the page for them (their sessions below): at once in the
    // browser (`data-autosubmit`), with the button when JavaScript is off.
    let mentee_choice = view! {
        <form method="get" action="/mentoring/log" class="form-row mentee-choice" data-testid="mentee-form">
            <label class="form-row">
                <span>{move || t().label_mentee}</span>
                <select name="pairing" data-testid="mentee-select" data-autosubmit="">
                    {mentees
                        .get_value()
                        .into_iter()
                        .map(|m| view! {
                            <option value=m.pairing_id.to_string() selected=selected == m.pairing_id>{m.name}</option>
                        })
                        .collect_view()}
                </select>
            </label>
            <noscript><button type="submit" class="secondary">{move || t().show_mentee}</button></noscript>
        </form>
    };
    let sessions = data.sessions;
    view! {
        <section class="card">
            {form_error(log)}
            {form_error(update)}
            {form_error(delete)}
            {move || saved().then(|| view! { <p class="notice" role="status" data-testid="saved">{t().session_saved}</p> })}
            {mentee_choice}
            {match editing() {
                Some(id) => view! {
                    <ActionForm action=update attr:class="form" attr:data-testid="session-form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        {fields("input")}
                        <button type="submit" class="primary" data-testid="save-session">{move || t().save_session}</button>
                    </ActionForm>
                }.into_any(),
                None => view! {
                    <ActionForm action=log attr:class="form" attr:data-testid="session-form">
                        {fields("input")}
                        <button type="submit" class="primary" data-testid="save-session">{move || t().save_session}</button>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
        <section class="card">
            <h2>{move || t().sessions_title}</h2>
            {if sessions.is_empty() {
                view! { <p class="muted">{move || t().no_sessions}</p> }.into_any()
            } else {
                view! {
                    <ul class="session-list" data-testid="session-list">
                        {sessions.into_iter().map(|s| {
                            let id = s.id;
                            let pairing = s.pairing_id;
                            let editable = s.editable;
                            view! {
                                <li class="session">
                                    <SessionFacts session=s/>
                                    {editable.then(|| view! {
                                        <div class="row-actions">
                                            <A href=format!("/mentoring/log?pairing={pairing}&edit={id}")>{move || t().edit}</A>
                                            <ActionForm action=delete attr:class="inline-form">
                                                <input type="hidden" name="id" value=id.to_string()/>
                                                <button type="submit" class="link">{move || t().delete}</button>
                                            </ActionForm>
                                        </div>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
