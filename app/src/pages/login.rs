use crate::components::{auth::use_auth, error_box::ErrorBox};
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The login form. Without JavaScript it posts plainly and failures come back as `?error=code`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let t = move || i18n.t();
    // The action's error (hydrated) or the one the server put in the URL (plain post).
    let error = move || match auth.login.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(_)) => None,
        None => query
            .read()
            .get("error")
            .and_then(|c| AppError::from_code(&c)),
    };
    let field_error = move |field: &'static str| {
        move || {
            error()
                .and_then(|e| e.field_message(field, t()))
                .map(|msg| view! { <span class="field-error" role="alert">{msg}</span> })
        }
    };
    let form_error = move || {
        error()
            .filter(|e| !matches!(e, AppError::Invalid(v) if !v.is_empty()))
            .map(|e| view! { <ErrorBox error=e/> })
    };
    view! {
        <section class="card narrow login">
            <h1>{move || t().login_title}</h1>
            <p class="muted">{move || t().login_intro}</p>
            {form_error}
            <ActionForm action=auth.login attr:class="form" attr:data-testid="login-form">
                <label class="form-row">
                    <span>{move || t().username}</span>
                    <input type="text" name="username" autocomplete="username" autocapitalize="none"
                        required maxlength="40" data-testid="username"/>
                    {field_error("username")}
                </label>
                <label class="form-row">
                    <span>{move || t().password}</span>
                    <input type="password" name="password" autocomplete="current-password" required
                        maxlength="128" data-testid="password"/>
                    {field_error("password")}
                </label>
                <button type="submit" class="primary" data-testid="login-submit"
                    disabled=move || auth.login.pending().get()>
                    {move || t().login_button}
                </button>
            </ActionForm>
        </section>
    }
}
