//! What the last form post said, read from the page's URL: pages are plain HTML forms, and the
//! server sends a post back to its page with `form=<endpoint>` and `error=`/`fields=` when it
//! failed, or `done=<endpoint>` (and a short output, `out=`) when it worked
//! (`crate::error::respond`). Each helper takes the form's action for its endpoint, so a page
//! with several forms shows each result beside the form it belongs to. A form's error box is
//! marked `data-form-result=<endpoint>`: in the browser the page's island moves it to the form
//! that was sent (one row's form among many) and scrolls there.
use crate::components::error_box::ErrorBox;
use crate::error::{problem_message, AppError, FieldError};
use crate::i18n::{use_i18n, Texts};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use serde::de::DeserializeOwned;

/// The endpoint of a server function as the result keys name it: `log_session`.
pub fn endpoint<T: ServerFn>() -> &'static str {
    T::PATH.rsplit('/').next().unwrap_or(T::PATH)
}

/// The error the page's URL reports for the form named `form`, its fields' problems included;
/// `None` reads a refusal that names no form (a file route's, see [`QueryErrors`]).
fn query_error(form: Option<&'static str>) -> impl Fn() -> Option<AppError> + Copy {
    let query = use_query_map();
    move || {
        let q = query.read();
        if q.get("form").as_deref() != form {
            return None;
        }
        let error = AppError::from_code(&q.get("error")?)?;
        Some(match error {
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
}

/// The error the last post of `T`'s form came back with.
fn posted_error<T: ServerFn>() -> impl Fn() -> Option<AppError> + Copy {
    query_error(Some(endpoint::<T>()))
}

/// An error's message with each of its fields' problems under it.
fn problems_view(error: AppError, t: &'static Texts) -> impl IntoView {
    let problems = match &error {
        AppError::Invalid(fields) => fields.clone(),
        _ => Vec::new(),
    };
    view! {
        <ErrorBox error/>
        {problems.into_iter().map(|f| view! {
            <p class="field-error" data-testid=format!("error-{}", f.field)>{problem_message(f.problem, t)}</p>
        }).collect_view()}
    }
}

/// The error a file route (an upload) came back with (`?error=code&fields=field.problem,…`,
/// no form named): the message and each field's problem, so a refused upload says why.
#[component]
pub fn QueryErrors() -> impl IntoView {
    let i18n = use_i18n();
    let error = query_error(None);
    move || error().map(|error| problems_view(error, i18n.t()))
}

/// The problem of one field of `action`'s form, shown beside the field.
pub fn field_error<T>(
    _action: ServerAction<T>,
    field: impl Into<String>,
) -> impl Fn() -> Option<AnyView> + Clone
where
    T: ServerFn<Error = AppError> + 'static,
    T::Output: 'static,
{
    let i18n = use_i18n();
    let error = posted_error::<T>();
    let field: String = field.into();
    move || {
        error()
            .and_then(|e| e.field_message(&field, i18n.t()))
            .map(|m| {
                view! { <span class="field-error" role="alert" data-testid=format!("error-{field}")>{m}</span> }
                    .into_any()
            })
    }
}

/// The form-level error of `action`'s last post (for invalid input, a line asking to correct
/// the fields, each of which says its problem beside it with [`field_error`]).
pub fn form_error<T>(_action: ServerAction<T>) -> impl Fn() -> Option<AnyView> + Copy
where
    T: ServerFn<Error = AppError> + 'static,
    T::Output: 'static,
{
    let error = posted_error::<T>();
    move || {
        error().map(|error| {
            view! { <div class="form-result" data-form-result={endpoint::<T>()}><ErrorBox error/></div> }
                .into_any()
        })
    }
}

/// The error of `action`'s last post with every field's problem under it, for a small form
/// (a row's buttons, one text box) that has no room for messages beside its fields.
pub fn form_problems<T>(_action: ServerAction<T>) -> impl Fn() -> Option<AnyView> + Copy
where
    T: ServerFn<Error = AppError> + 'static,
    T::Output: 'static,
{
    let i18n = use_i18n();
    let error = posted_error::<T>();
    move || {
        error().map(|error| {
            view! {
                <div class="form-result" data-form-result={endpoint::<T>()}>
                    {problems_view(error, i18n.t())}
                </div>
            }
            .into_any()
        })
    }
}

/// Whether `action`'s last post worked.
pub fn form_done<T>(_action: ServerAction<T>) -> impl Fn() -> bool + Copy
where
    T: ServerFn<Error = AppError> + 'static,
    T::Output: 'static,
{
    let query = use_query_map();
    move || query.read().get("done").as_deref() == Some(endpoint::<T>())
}

/// The output of `action`'s last post when it worked and was short enough to come back in the
/// URL (counts, a new record's id): shown as a notice, never trusted for anything else.
pub fn form_output<T>(action: ServerAction<T>) -> impl Fn() -> Option<T::Output> + Copy
where
    T: ServerFn<Error = AppError> + 'static,
    T::Output: DeserializeOwned + 'static,
{
    let query = use_query_map();
    let done = form_done(action);
    move || {
        if !done() {
            return None;
        }
        serde_json::from_str(&query.read().get("out")?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::endpoint;
    use crate::api::{mentoring::LogSession, roster::ApplyIntake};
    use leptos::server_fn::ServerFn;

    /// The server names a form by the path it was posted to after `/api/`
    /// (`error::response`); the page must name it the same way.
    #[test]
    fn a_form_is_named_by_the_path_it_posts_to() {
        assert_eq!(endpoint::<LogSession>(), "log_session");
        assert_eq!(
            LogSession::PATH,
            format!("/api/{}", endpoint::<LogSession>())
        );
        assert_eq!(
            ApplyIntake::PATH,
            format!("/api/{}", endpoint::<ApplyIntake>())
        );
    }
}
