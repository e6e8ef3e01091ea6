use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Renders a resource's value, or its error in an `ErrorBox`, sending anonymous users to the login page.
pub fn guarded<T, V: IntoView + 'static>(
    result: Result<T, AppError>,
    ok: impl FnOnce(T) -> V,
) -> AnyView {
    match result {
        Ok(v) => ok(v).into_any(),
        Err(AppError::Unauthorized) => view! { <Redirect path="/login"/> }.into_any(),
        Err(AppError::PasswordChange) => {
            view! { <Redirect path=crate::views::auth::PASSWORD_PAGE/> }.into_any()
        }
        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
    }
}

/// A page- or form-level error in the user's language.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="error-box" role="alert">{move || error.message(i18n.t())}</p> }
}

/// The error a file route (an upload) came back with (`?error=code&fields=field.problem,…`):
/// the page-level message and each field's problem, so a refused upload says why. A server
/// function's form names itself (`form=`) and shows its result beside the form
/// (`form_result`).
#[component]
pub fn QueryErrors() -> impl IntoView {
    use crate::error::{problem_message, FieldError};
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    move || {
        let q = query.read();
        if q.get("form").is_some() {
            return None;
        }
        let error = q.get("error").and_then(|c| AppError::from_code(&c))?;
        let fields: Vec<FieldError> = q
            .get("fields")
            .unwrap_or_default()
            .split(',')
            .filter_map(FieldError::from_code)
            .collect();
        Some(view! {
            <ErrorBox error/>
            {fields.into_iter().map(|f| view! {
                <p class="field-error" data-testid=format!("error-{}", f.field)>{problem_message(f.problem, i18n.t())}</p>
            }).collect_view()}
        })
    }
}
