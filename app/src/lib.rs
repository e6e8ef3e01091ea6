//! The teacher-growth app: compiled for the server (`ssr`) and to wasm (`hydrate`). Islands
//! mode: pages are rendered on the server only, and the wasm holds just the islands
//! (`components::enhance`), so a phone downloads a few dozen kilobytes, not the whole app.
#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "sheets")]
pub mod sheet;
pub mod views;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::{enhance::FormEnhancer, header::Header};
use crate::i18n::provide_i18n;
#[cfg(feature = "ssr")]
use crate::i18n::Locale;
use crate::pages::{
    achievement_new::NewAchievementPage,
    audit::AuditPage,
    behind::BehindPage,
    candidates::CandidatesPage,
    channels::ChannelsPage,
    claim_new::NewClaimPage,
    claim_review::ReviewPage,
    dual::DualPage,
    events::{AwardPage, EventPage, EventsPage},
    growth::GrowthPage,
    growth_print::GrowthPrintPage,
    home::HomePage,
    hours::HoursPage,
    intake::{IntakePage, IntakePreviewPage},
    ladder::{GrowthImportPage, LadderPage},
    list_item::ListItemPage,
    lists::ListsPage,
    login::LoginPage,
    mentoring::{LogSessionPage, MentoringPage},
    my_sessions::MySessionsPage,
    not_found::NotFound,
    notifications::NotificationsPage,
    pairing_import::ImportPreviewPage,
    pairings::PairingsPage,
    password::PasswordPage,
    quotas::QuotasPage,
    roster::RosterPage,
    roster_record::RosterRecordPage,
    rules::RulesPage,
    school_import::SchoolImportPage,
    schools::SchoolsPage,
    stats::{StatTeachersPage, StatsPage},
    survey_answer::SurveyAnswerPage,
    survey_edit::SurveyEditPage,
    survey_results::SurveyResultsPage,
    surveys::SurveysPage,
    teacher::TeacherPage,
    transcript::TranscriptPage,
    years::YearsPage,
};

/// The HTML document the server renders; the language comes from the `lang` cookie.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale: Locale = backend::ctx::request_locale();
    provide_context(locale);
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=assets::stylesheet_href(&options)/>
                <HydrationScripts options islands=true/>
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    components::auth::provide_auth();
    view! {
        <Title text=move || i18n.t().app_name/>
        <Router>
            <Header/>
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/teachers/:id") view=TeacherPage ssr=SsrMode::Async/>
                    <Route path=path!("/mentoring") view=MentoringPage ssr=SsrMode::Async/>
                    <Route path=path!("/mentoring/log") view=LogSessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/mentoring/sessions") view=MySessionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/pairings") view=PairingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/pairings/behind") view=BehindPage ssr=SsrMode::Async/>
                    <Route path=path!("/pairings/import/:id") view=ImportPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/quotas") view=QuotasPage ssr=SsrMode::Async/>
                    <Route path=path!("/hours") view=HoursPage ssr=SsrMode::Async/>
                    <Route path=path!("/hours/claim") view=NewClaimPage ssr=SsrMode::Async/>
                    <Route path=path!("/hours/review") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/hours/rules") view=RulesPage ssr=SsrMode::Async/>
                    <Route path=path!("/hours/transcript") view=TranscriptPage ssr=SsrMode::Async/>
                    <Route path=path!("/teachers/:id/hours") view=HoursPage ssr=SsrMode::Async/>
                    <Route path=path!("/teachers/:id/transcript") view=TranscriptPage ssr=SsrMode::Async/>
                    <Route path=path!("/events") view=EventsPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:id") view=EventPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/award/:id") view=AwardPage ssr=SsrMode::Async/>
                    <Route path=path!("/growth") view=GrowthPage ssr=SsrMode::Async/>
                    <Route path=path!("/growth/achievement") view=NewAchievementPage ssr=SsrMode::Async/>
                    <Route path=path!("/growth/print") view=GrowthPrintPage ssr=SsrMode::Async/>
                    <Route path=path!("/teachers/:id/growth") view=GrowthPage ssr=SsrMode::Async/>
                    <Route path=path!("/teachers/:id/growth/print") view=GrowthPrintPage ssr=SsrMode::Async/>
                    <Route path=path!("/ladder") view=LadderPage ssr=SsrMode::Async/>
                    <Route path=path!("/ladder/candidates") view=CandidatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/ladder/import/:id") view=GrowthImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/dual") view=DualPage ssr=SsrMode::Async/>
                    <Route path=path!("/stats") view=StatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/stats/teachers") view=StatTeachersPage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications/channels") view=ChannelsPage ssr=SsrMode::Async/>
                    <Route path=path!("/lists") view=ListsPage ssr=SsrMode::Async/>
                    <Route path=path!("/lists/:id") view=ListItemPage ssr=SsrMode::Async/>
                    <Route path=path!("/surveys") view=SurveysPage ssr=SsrMode::Async/>
                    <Route path=path!("/surveys/:id") view=SurveyAnswerPage ssr=SsrMode::Async/>
                    <Route path=path!("/surveys/:id/edit") view=SurveyEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/surveys/:id/results") view=SurveyResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster") view=RosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/import") view=IntakePage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/import/:id") view=IntakePreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/roster/:id") view=RosterRecordPage ssr=SsrMode::Async/>
                    <Route path=path!("/schools") view=SchoolsPage ssr=SsrMode::Async/>
                    <Route path=path!("/schools/import/:id") view=SchoolImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/years") view=YearsPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/password") view=PasswordPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
        <FormEnhancer/>
    }
}

/// Called by Leptos' island script before it hydrates the islands it finds in the page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
