//! A teacher's record for those who keep the roster: the edit form, the login (with a reset
//! that shows a new one-time password once) and the history of every change.
use crate::api::roster::{
    fetch_roster_record, GrantRole, RecordDeparture, ResetPassword, RevokeRole, TransferTeacher,
    UndoMovement, UpdateTeacher,
};
use crate::components::error_box::guarded;
use crate::components::form_result::{
    field_error, form_done, form_error, form_output, form_problems,
};
use crate::components::route::id_param;
use crate::error::AppError;
use crate::i18n::wording::field_value;
use crate::i18n::{use_i18n, Labels, Texts};
use crate::views::roster::{AccountState, TeacherRecordView};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn RosterRecordPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let id = id_param("id");
    let update = ServerAction::<UpdateTeacher>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let acts = Acts {
        transfer: ServerAction::new(),
        depart: ServerAction::new(),
        undo: ServerAction::new(),
        grant: ServerAction::new(),
        revoke: ServerAction::new(),
    };
    let data = Resource::new(move || id.get(), fetch_roster_record);
    view! {
        <p><A href="/roster">{move || t().roster_title}</A></p>
        {form_error(update)}
        {form_problems(reset)}
        {form_error(acts.transfer)}
        {form_error(acts.depart)}
        {form_problems(acts.undo)}
        {form_error(acts.grant)}
        {form_error(acts.revoke)}
        {move || form_output(update)().map(|n| view! {
            <p class="notice" role="status" data-testid="record-saved">{(t().record_saved)(n as i64)}</p>
        })}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| match r {
                // Transferred to a school the caller does not manage: the record is no longer
                // theirs to see, but today's transfer is still theirs to undo.
                Err(AppError::Forbidden) if form_done(acts.transfer)() => view! {
                    <section class="card notice" data-testid="transferred-out">
                        <p>{t().transferred_out}</p>
                        <ActionForm action=acts.undo attr:class="inline-form">
                            <input type="hidden" name="teacher_id" value=id.get().to_string()/>
                            <button type="submit" class="secondary" data-testid="undo-movement">{(t().undo_movement)(&Texts::label(t().audit_actions, "transfer"))}</button>
                        </ActionForm>
                    </section>
                }.into_any(),
                r => guarded(r, |v| view! {
                    <RecordForm v=v.clone() update/>
                    <Movements v=v.clone() acts/>
                    <AccountBox v=v.clone() reset/>
                    <Roles v=v.clone() acts/>
                    <History v/>
                }),
            })}
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
        view! { <input type="text" name=format!("form[{name}]") value=value maxlength=max data-testid=format!("record-input-{name}")/> }
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

/// The record's actions beside the edit and the reset.
#[derive(Clone, Copy)]
struct Acts {
    transfer: ServerAction<TransferTeacher>,
    depart: ServerAction<RecordDeparture>,
    undo: ServerAction<UndoMovement>,
    grant: ServerAction<GrantRole>,
    revoke: ServerAction<RevokeRole>,
}

/// Where the teacher taught, a transfer or departure, and the same-day undo.
#[component]
fn Movements(v: TeacherRecordView, acts: Acts) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let id = v.id;
    let current = v.school_name.clone();
    let destinations: Vec<_> = v
        .district_schools
        .iter()
        .filter(|s| s.label != current)
        .cloned()
        .collect();
    view! {
        <section class="card" data-testid="movements">
            <h2>{t.movements_title}</h2>
            <ul data-testid="school-spells">
                {v.spells.iter().map(|s| view! {
                    <li>{format!("{} · {} – {}", s.school_name, s.from, s.to.clone().unwrap_or_else(|| t.until_now.to_string()))}</li>
                }).collect_view()}
            </ul>
            {v.left_on.clone().map(|on| view! {
                <p class="pill warn" data-testid="left-on">{(t.left_on)(&on, &Texts::label(t.leave_reasons, v.leave_reason.as_deref().unwrap_or("")))}</p>
            })}
            {v.undo.clone().map(|what| view! {
                <ActionForm action=acts.undo attr:class="inline-form">
                    <input type="hidden" name="teacher_id" value=id.to_string()/>
                    <button type="submit" class="secondary" data-testid="undo-movement">{(t.undo_movement)(&Texts::label(t.audit_actions, &what))}</button>
                </ActionForm>
            })}
            {v.active.then(|| view! {
                <details>
                    <summary data-testid="transfer-open">{t.transfer_title}</summary>
                    <ActionForm action=acts.transfer attr:class="form" attr:data-testid="transfer-form">
                        <input type="hidden" name="teacher_id" value=id.to_string()/>
                        <label class="form-row"><span>{t.transfer_to}</span>
                            <select name="to_school" required>
                                {destinations.into_iter().map(|s| view! {
                                    <option value=s.value>{s.label}</option>
                                }).collect_view()}
                            </select>
                            {field_error(acts.transfer, "to_school")}
                        </label>
                        <label class="form-row"><span>{t.movement_date}</span>
                            <input type="date" name="on" required/>
                            {field_error(acts.transfer, "on")}
                        </label>
                        <button type="submit" class="primary" data-testid="transfer-save">{t.transfer_save}</button>
                    </ActionForm>
                </details>
                <details>
                    <summary>{t.depart_title}</summary>
                    <ActionForm action=acts.depart attr:class="form" attr:data-testid="depart-form">
                        <input type="hidden" name="teacher_id" value=id.to_string()/>
                        <label class="form-row"><span>{t.depart_reason}</span>
                            <select name="reason" required>
                                {t.leave_reasons.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                            </select>
                        </label>
                        <label class="form-row"><span>{t.movement_date}</span>
                            <input type="date" name="on" required/>
                            {field_error(acts.depart, "on")}
                            {field_error(acts.depart, "teacher")}
                        </label>
                        <label class="form-row"><span>{t.depart_note}</span>
                            <input type="text" name="note" maxlength="200"/>
                        </label>
                        <p class="muted">{t.depart_effects}</p>
                        <button type="submit" class="primary" data-testid="depart-save">{t.depart_save}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

/// The roles the account holds, with revoke and grant for center staff.
#[component]
fn Roles(v: TeacherRecordView, acts: Acts) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let id = v.id;
    let may_grant = v.may_grant;
    let schools = v.district_schools.clone();
    let grantable: Labels = &[
        ("mentor", ""),
        ("school_coordinator", ""),
        ("center_staff", ""),
    ];
    view! {
        <section class="card" data-testid="roles">
            <h2>{t.roles_title}</h2>
            {v.roles.is_empty().then(|| view! { <p class="muted">{t.roles_none}</p> })}
            <ul>
                {v.roles.into_iter().map(|r| {
                    view! {
                        <li>
                            {Texts::label(t.roles, &r.role)}
                            {r.school_name.clone().map(|s| format!(" · {s}"))}
                            {may_grant.then(|| view! {
                                <ActionForm action=acts.revoke attr:class="inline-form">
                                    <input type="hidden" name="teacher_id" value=id.to_string()/>
                                    <input type="hidden" name="role" value=r.role.clone()/>
                                    <input type="hidden" name="school" value=r.school_id.map(|s| s.to_string()).unwrap_or_default()/>
                                    <button type="submit" class="link-button" data-testid="revoke-role">{t.role_revoke}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {field_error(acts.revoke, "role")}
            {may_grant.then(|| view! {
                <ActionForm action=acts.grant attr:class="form" attr:data-testid="grant-form">
                    <input type="hidden" name="teacher_id" value=id.to_string()/>
                    <div class="form-grid">
                        <label class="form-row"><span>{t.roles_title}</span>
                            <select name="role">
                                {grantable.iter().map(|(code, _)| view! { <option value=*code>{Texts::label(t.roles, code)}</option> }).collect_view()}
                            </select>
                        </label>
                        <label class="form-row"><span>{t.role_school}</span>
                            <select name="school">
                                <option value="">"—"</option>
                                {schools.into_iter().map(|s| view! { <option value=s.value>{s.label}</option> }).collect_view()}
                            </select>
                            {field_error(acts.grant, "school")}
                        </label>
                    </div>
                    <button type="submit" class="secondary" data-testid="grant-role">{t.role_grant}</button>
                </ActionForm>
            })}
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
            {v.slip.clone().map(|slip| view! {
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
