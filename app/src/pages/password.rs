//! Choosing a password: the only page after signing in with a one-time password, and where
//! anyone changes theirs. Works as a plain form too (errors come back in the URL).
use crate::components::{auth::use_auth, error_box::ErrorBox};
use crate::domain::credentials::MIN_CHOSEN_PASSWORD_LEN;
use crate::error::{problem_message, AppError, FieldError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let auth = use_auth();
    let change = auth.password;
    let query = use_query_map();
    let forced = move || {
        auth.user
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| u.must_change_password)
    };
    // The action's error (hydrated) or the one the server put in the URL (plain post).
    let error = move || match change.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(_)) => None,
        None => {
            let q = query.read();
            q.get("error")
                .and_then(|c| AppError::from_code(&c))
                .map(|e| match e {
                    AppError::Invalid(_) => AppError::Invalid(
                        q.get("fields")
                            .unwrap_or_default()
                            .split(',')
                            .filter_map(FieldError::from_code)
                            .collect(),
                    ),
                    other => other,
                })
        }
    };
    let field_error = move |field: &'static str| {
        move || {
            error().and_then(|e| match e {
                AppError::Invalid(v) => v
                    .into_iter()
                    .find(|f| f.field == field)
                    .map(|f| problem_message(f.problem, t())),
                _ => None,
            })
            .map(|m| view! { <span class="field-error" role="alert" data-testid=format!("error-{field}")>{m}</span> })
        }
    };
    let form_error = move || {
        error()
            .filter(|e| !matches!(e, AppError::Invalid(v) if !v.is_empty()))
            .map(|e| view! { <ErrorBox error=e/> })
    };
    view! {
        <section class="card narrow">
            <h1>{move || t().password_title}</h1>
            <Transition fallback=|| ()>
                {move || forced().then(|| view! {
                    <p class="notice" role="status" data-testid="password-forced">{t().password_forced}</p>
                })}
            </Transition>
            <p class="muted">{move || (t().password_rules)(MIN_CHOSEN_PASSWORD_LEN as i64)}</p>
            {form_error}
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
                <button type="submit" class="primary" data-testid="password-submit"
                    disabled=move || change.pending().get()>
                    {move || t().password_save}
                </button>
            </ActionForm>
        </section>
    }
}
