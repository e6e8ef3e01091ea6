//! Choosing a password: the only page after signing in with a one-time password, and where
//! anyone changes theirs. Works as a plain form too (errors come back in the URL).
use crate::components::auth::use_auth;
use crate::components::form_result::{field_error, form_error};
use crate::domain::credentials::MIN_CHOSEN_PASSWORD_LEN;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let auth = use_auth();
    let change = auth.password;
    let forced = move || {
        auth.user
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| u.must_change_password)
    };
    let field_error = move |field| field_error(change, field);
    view! {
        <section class="card narrow">
            <h1>{move || t().password_title}</h1>
            <Transition fallback=|| ()>
                {move || forced().then(|| view! {
                    <p class="notice" role="status" data-testid="password-forced">{t().password_forced}</p>
                })}
            </Transition>
            <p class="muted">{move || (t().password_rules)(MIN_CHOSEN_PASSWORD_LEN as i64)}</p>
            {form_error(change)}
            <ActionForm action=change attr:class="form" attr:data-testid="password-form">
                <label class="form-row">
                    <span>{move || t().password_current}</span>
                    <input type="password" name="current_password" autocomplete="current-password"
                        required maxlength="128" data-testid="current-password"/>
                    {field_error("current_password")}
                </label>
                <label class="form-row">
                    <span>{move || t().password_new}</span>
                    <input type="password" name="new_password" autocomplete="new-password" required
                        minlength=MIN_CHOSEN_PASSWORD_LEN.to_string() maxlength="128" data-testid="new-password"/>
                    {field_error("new_password")}
                </label>
                <label class="form-row">
                    <span>{move || t().password_repeat}</span>
                    <input type="password" name="repeat_password" autocomplete="new-password" required
                        maxlength="128" data-testid="repeat-password"/>
                    {field_error("repeat_password")}
                </label>
                <button type="submit" class="primary" data-testid="password-submit">
                    {move || t().password_save}
                </button>
            </ActionForm>
        </section>
    }
}
