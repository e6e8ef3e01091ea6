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
