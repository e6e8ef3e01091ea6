//! A teacher's record for those who keep the roster: the edit form, the login (with a reset
//! that shows a new one-time password once) and the history of every change.
use crate::api::roster::{fetch_roster_record, ResetPassword, UpdateTeacher};
use crate::components::error_box::{field_error, guarded, ErrorBox};
use crate::error::AppError;
use crate::i18n::wording::field_value;
use crate::i18n::{use_i18n, Labels, Texts};
use crate::views::roster::{AccountState, TeacherRecordView};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

#[component]
pub fn RosterRecordPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let update = ServerAction::<UpdateTeacher>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let data = Resource::new(
        move || (id(), update.version().get(), reset.version().get()),
        |(id, _, _)| fetch_roster_record(id),
    );
    let error = move || {
        [
            update.value().get().map(|r| r.map(|_| ())),
            reset.value().get().map(|r| r.map(|_| ())),
        ]
        .into_iter()
        .flatten()
        .find_map(|r| r.err())
        .filter(|e| !matches!(e, AppError::Invalid(v) if !v.is_empty()))
    };
    view! {
        <p><A href="/roster">{move || t().roster_title}</A></p>
        {move || error().map(|e| view! { <ErrorBox error=e/> })}
        {move || update.value().get().and_then(|r| r.ok()).map(|n| view! {
            <p class="notice" role="status" data-testid="record-saved">{(t().record_saved)(n as i64)}</p>
        })}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| view! {
                <RecordForm v=v.clone() update/>
                <AccountBox v=v.clone() reset/>
                <History v/>
            }))}
        </Suspense>
    }
}

/// A `<select>` of labelled codes, `current` selected; `blank` adds an empty first choice.
fn code_select(name: &'static str, labels: Labels, current: &str, blank: bool) -> impl IntoView {
    view! {
        <select name=name>
            {blank.then(|| view! { <option value="">"—"</option> })}
            {labels.iter().map(|(code, label)| {
                let selected = *code == current;
                view! { <option value=*code selected=selected>{*label}</option> }
            }).collect_view()}
        </select>
    }
}

#[component]
fn RecordForm(v: TeacherRecordView, update: ServerAction<UpdateTeacher>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let f = v.form;
    let row = move |label: &'static str, field: &'static str, input: AnyView| {
        view! {
            <label class="form-row">
                <span>{label}</span>
                {input}
                {field_error(update, field)}
            </label>
        }
    };
    let text = |name: &'static str, value: String, max: &'static str| {
        view! { <input type="text" name=format!("form[{name}]") value=value maxlength=max/> }
            .into_any()
    };
    let date = |name: &'static str, value: String| {
        view! { <input type="date" name=format!("form[{name}]") value=value/> }.into_any()
    };
    view! {
        <section class="card">
            <h1 data-testid="record-name">{format!("{} · {}", f.name, f.staff_no)}</h1>
            <p class="muted">
                {format!("{} · {}", v.school_name, v.cohort_year.map(|y| (t.cohort_name)(y)).unwrap_or_default())}
                {(!v.active).then(|| view! { <span class="pill warn">{t.roster_left}</span> })}
            </p>
            <ActionForm action=update attr:class="form" attr:data-testid="record-form">
                <input type="hidden" name="id" value=v.id.to_string()/>
                <div class="form-grid">
                    {row(t.label_name, "name", text("name", f.name.clone(), "50"))}
                    {row(t.label_gender, "gender", view! { <span>{code_select("form[gender]", t.genders, &f.gender, true)}</span> }.into_any())}
                    {row(t.label_birth_date, "birth_date", date("birth_date", f.birth_date.clone()))}
                    {row(t.label_hire_date, "hire_date", date("hire_date", f.hire_date.clone()))}
                    {row(t.label_probation_start, "probation_start", date("probation_start", f.probation_start.clone()))}
                    {row(t.label_subject, "subject", text("subject", f.subject.clone(), "30"))}
                    {row(t.label_stage, "stage", view! { <span>{code_select("form[stage]", t.stages, &f.stage, false)}</span> }.into_any())}
                    {row(t.label_education, "education", view! { <span>{code_select("form[education]", t.educations, &f.education, true)}</span> }.into_any())}
                    {row(t.label_title, "title", view! { <span>{code_select("form[title]", t.titles, &f.title, false)}</span> }.into_any())}
                    {row(t.label_party, "party_stage", view! { <span>{code_select("form[party_stage]", t.party_stages, &f.party_stage, false)}</span> }.into_any())}
                    {row(t.label_phone, "phone", view! { <input type="tel" name="form[phone]" value=f.phone.clone() maxlength="20"/> }.into_any())}
                    {row(t.label_email, "email", view! { <input type="email" name="form[email]" value=f.email.clone() maxlength="100"/> }.into_any())}
                </div>
                <button type="submit" class="primary" data-testid="record-save">{t.save}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AccountBox(v: TeacherRecordView, reset: ServerAction<ResetPassword>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let may_reset = !matches!(v.account, AccountState::None | AccountState::Disabled);
    view! {
        <section class="card" data-testid="account-box">
            <h2>{t.roster_account}</h2>
            <p>
                {v.username.clone().map(|u| format!("{}: {u} · ", t.username))}
                <span data-testid="account-state">{Texts::label(t.account_states, v.account.code())}</span>
            </p>
            {move || reset.value().get().and_then(|r| r.ok()).map(|slip| view! {
                <p class="notice" role="status" data-testid="one-time-password">
                    {(t.one_time_password_is)(&slip.login)}<code data-testid="otp">{slip.password}</code>
                </p>
                <p class="muted">{t.passwords_once}</p>
            })}
            {may_reset.then(|| view! {
                <ActionForm action=reset attr:class="inline-form">
                    <input type="hidden" name="teacher_id" value=v.id.to_string()/>
                    <button type="submit" class="secondary" data-testid="reset-password">{t.reset_password}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn History(v: TeacherRecordView) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <section class="card">
            <h2>{t.record_history}</h2>
            {v.history.is_empty().then(|| view! { <p class="muted">{t.none}</p> })}
            <ul class="history" data-testid="record-history">
                {v.history.into_iter().map(|h| view! {
                    <li>
                        <span class="muted">{format!("{} · {} · ", h.at, h.actor)}</span>
                        <strong>{Texts::label(t.audit_actions, &h.action)}</strong>
                        {(!h.changes.is_empty()).then(|| view! {
                            <ul>
                                {h.changes.into_iter().map(|c| view! {
                                    <li>{format!("{}: {} → {}", Texts::label(t.record_fields, &c.field),
                                        field_value(t, &c.field, &c.old), field_value(t, &c.field, &c.new))}</li>
                                }).collect_view()}
                            </ul>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
