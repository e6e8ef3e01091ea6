use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// A page- or form-level error in the user's language.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="error-box" role="alert">{move || error.message(i18n.t())}</p> }
}
