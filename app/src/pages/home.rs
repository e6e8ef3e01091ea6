use crate::api::home::fetch_home;
use crate::components::{
    center_overview::CenterOverview, error_box::ErrorBox, mentee_table::MenteeTable,
    school_table::SchoolTable, teacher_card::TeacherCard,
};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::surveys::MySurveys;
use crate::views::home::HomeView;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// The home page differs by role; a person with several roles sees each part.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| fetch_home());
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| match r {
                Ok(v) => view! { <HomeSections view=v/> }.into_any(),
                Err(AppError::Unauthorized) => view! { <Redirect path="/login"/> }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn HomeSections(view: HomeView) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <div class="home" data-testid="home">
            {(!view.surveys.is_empty()).then(|| view! {
                <section class="card" data-testid="home-surveys">
                    <h2>{move || t().surveys.for_you}</h2>
                    <MySurveys rows=view.surveys.clone()/>
                </section>
            })}
            {view.center.map(|c| view! { <CenterOverview view=c/> })}
            {view.schools.into_iter().map(|s| view! { <SchoolTable school=s/> }).collect_view()}
            {view.mentees.map(|rows| view! {
                <section class="card" data-testid="mentor-section">
                    <h2>{move || t().home_mentor_title}</h2>
                    <MenteeTable rows/>
                </section>
            })}
            {view.teacher.map(|s| view! {
                <section data-testid="teacher-section">
                    <h2>{move || t().home_teacher_title}</h2>
                    <TeacherCard summary=s/>
                </section>
            })}
        </div>
    }
}
