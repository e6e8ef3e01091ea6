use crate::api::teachers::fetch_teacher_summary;
use crate::components::{error_box::ErrorBox, teacher_card::TeacherCard};
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::{
    components::{Redirect, A},
    hooks::use_params_map,
};

/// One teacher's growth record, for those allowed to see it (checked on the server).
#[component]
pub fn TeacherPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let summary = Resource::new(
        move || {
            params
                .read()
                .get("id")
                .and_then(|id| id.parse::<i64>().ok())
        },
        |id| async move {
            match id {
                Some(id) => fetch_teacher_summary(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <h1>{move || i18n.t().teacher_page_title}</h1>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || summary.get().map(|r| match r {
                Ok(s) => {
                    let id = s.id;
                    view! {
                        <TeacherCard summary=s/>
                        <p class="actions">
                            <A href=format!("/teachers/{id}/growth") attr:class="button secondary" attr:data-testid="open-growth">{move || i18n.t().nav_growth}</A>
                            <A href=format!("/teachers/{id}/hours") attr:class="button secondary">{move || i18n.t().hours_title}</A>
                        </p>
                    }
                    .into_any()
                }
                Err(AppError::Unauthorized) => view! { <Redirect path="/login"/> }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
        </Suspense>
    }
}
