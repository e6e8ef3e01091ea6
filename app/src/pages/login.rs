use crate::components::auth::use_auth;
use crate::components::form_result::{field_error, form_error};
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The login form: a plain post; a failure comes back as `?form=login&error=code`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let t = move || i18n.t();
    let login = auth.login;
    let field_error = move |field| field_error(login, field);
    view! {
        <section class="card narrow login">
            <h1>{move || t().login_title}</h1>
            <p class="muted">{move || t().login_intro}</p>
            {form_error(auth.login)}
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
                <button type="submit" class="primary" data-testid="login-submit">
                    {move || t().login_button}
                </button>
            </ActionForm>
        </section>
    }
}
