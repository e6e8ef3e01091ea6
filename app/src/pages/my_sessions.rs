//! The mentee's page: every session logged for them, to confirm, dispute or reflect on.
use crate::api::mentoring::{fetch_my_sessions, ConfirmSession, DisputeSession, SaveReflection};
use crate::components::error_box::guarded;
use crate::components::form_result::form_problems;
use crate::components::session_list::SessionFacts;
use crate::components::textarea::textarea_text;
use crate::i18n::use_i18n;
use crate::views::mentoring::SessionStatus;
use leptos::prelude::*;

#[component]
pub fn MySessionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let confirm = ServerAction::<ConfirmSession>::new();
    let dispute = ServerAction::<DisputeSession>::new();
    let reflect = ServerAction::<SaveReflection>::new();
    let sessions = Resource::new(|| (), |_| fetch_my_sessions());
    view! {
        <h1>{move || t().sessions_title}</h1>
        {form_problems(confirm)}
        {form_problems(dispute)}
        {form_problems(reflect)}
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || sessions.get().map(|r| guarded(r, |list| {
                if list.is_empty() {
                    return view! { <p class="muted">{t().no_sessions}</p> }.into_any();
                }
                view! {
                    <ul class="session-list" data-testid="my-session-list">
                        {list.into_iter().map(|s| {
                            let id = s.id.to_string();
                            let (id_a, id_b) = (id.clone(), id.clone());
                            let status = s.status;
                            let reflection = s.reflection.clone().unwrap_or_default();
                            let mentor = s.mentor_name.clone();
                            view! {
                                <li class="session card" data-testid="my-session">
                                    <p class="muted">{move || t().label_mentor} ": " {mentor.clone()}</p>
                                    <SessionFacts session=s/>
                                    {if status == SessionStatus::Confirmed {
                                        view! {
                                            <ActionForm action=reflect attr:class="form">
                                                <input type="hidden" name="id" value=id.clone()/>
                                                <label class="form-row">
                                                    <span>{move || t().label_reflection}</span>
                                                    <textarea name="reflection" rows="2" maxlength="5000">{textarea_text(&reflection)}</textarea>
                                                </label>
                                                <button type="submit" class="secondary">{move || t().save_reflection}</button>
                                            </ActionForm>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=confirm attr:class="form">
                                                <input type="hidden" name="id" value=id_a/>
                                                <label class="form-row">
                                                    <span>{move || t().label_reflection}</span>
                                                    <textarea name="reflection" rows="2" maxlength="5000" data-testid="reflection">{textarea_text(&reflection)}</textarea>
                                                </label>
                                                <button type="submit" class="primary" data-testid="confirm">{move || t().confirm}</button>
                                            </ActionForm>
                                            <details class="dispute">
                                                <summary>{move || t().dispute}</summary>
                                                <ActionForm action=dispute attr:class="form">
                                                    <input type="hidden" name="id" value=id_b/>
                                                    <label class="form-row">
                                                        <span>{move || t().label_reason}</span>
                                                        <input type="text" name="reason" required maxlength="500" data-testid="dispute-reason"/>
                                                    </label>
                                                    <button type="submit" class="secondary" data-testid="dispute">{move || t().dispute}</button>
                                                </ActionForm>
                                            </details>
                                        }.into_any()
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }))}
        </Transition>
    }
}
