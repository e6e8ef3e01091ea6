use crate::api::auth::UserView;
use crate::api::prefs::SetLocale;
use crate::components::auth::use_auth;
use crate::domain::codes::Role;
use crate::i18n::{use_i18n, Texts};
use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar: app name, the user with their role, logout, and the language switch.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let set_locale = ServerAction::<SetLocale>::new();
    // After the server has set the cookie, switch the page's language without a reload.
    Effect::new(move |_| {
        if let Some(Ok(locale)) = set_locale.value().get() {
            i18n.locale.set(locale);
            if let Some(el) = document().document_element() {
                let _ = el.set_attribute("lang", locale.code());
            }
        }
    });
    let t = move || i18n.t();
    let user_part = move || {
        auth.user.get().and_then(|r| r.ok()).flatten().map(|user| {
            let role = user.main_role();
            view! {
                <span class="user" data-testid="user-name">
                    <strong>{user.display_name.clone()}</strong>
                    <span class="role-badge" data-testid="user-role">
                        {move || role.map(|r| Texts::label(t().roles, r.code())).unwrap_or_default()}
                    </span>
                </span>
                <ActionForm action=auth.logout attr:class="inline-form">
                    <button type="submit" class="link-button" data-testid="logout">
                        {move || t().logout}
                    </button>
                </ActionForm>
            }
        })
    };
    let links = move || {
        auth.user
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .map(|user| view! { <NavLinks user/> })
    };
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">{move || t().app_name}</A>
            <nav class="topbar-right">
                <Transition fallback=|| ()>{user_part}</Transition>
                <ActionForm action=set_locale attr:class="inline-form">
                    <input type="hidden" name="lang" value=move || i18n.locale.get().other().code()/>
                    <button type="submit" class="lang-switch" data-testid="lang-switch">
                        {move || t().switch_to_other_language}
                    </button>
                </ActionForm>
            </nav>
        </header>
        <Transition fallback=|| ()>{links}</Transition>
    }
}

/// Picks one message out of the texts.
type Label = fn(&'static Texts) -> &'static str;

/// The pages each role works in.
#[component]
fn NavLinks(user: UserView) -> impl IntoView {
    let i18n = use_i18n();
    let mut links: Vec<(&'static str, Label)> = vec![("/", |t| t.nav_home)];
    if user.has(Role::Mentor) {
        links.push(("/mentoring", |t| t.nav_mentoring));
    }
    if user.teacher_id.is_some() {
        links.push(("/mentoring/sessions", |t| t.nav_my_sessions));
        links.push(("/growth", |t| t.nav_growth));
        links.push(("/hours", |t| t.nav_hours));
    }
    if user.has(Role::SchoolCoordinator) || user.has(Role::CenterStaff) {
        links.push(("/pairings", |t| t.nav_pairings));
        links.push(("/pairings/behind", |t| t.nav_behind));
        links.push(("/stats", |t| t.nav_stats));
        links.push(("/hours/review", |t| t.nav_review));
        links.push(("/dual", |t| t.nav_dual));
    }
    if user.has(Role::CenterStaff) {
        links.push(("/quotas", |t| t.nav_quotas));
        links.push(("/events", |t| t.nav_events));
        links.push(("/hours/rules", |t| t.nav_rules));
        links.push(("/ladder", |t| t.nav_ladder));
    }
    view! {
        <nav class="subnav" data-testid="subnav">
            {links
                .into_iter()
                .map(|(href, label)| view! { <A href=href>{move || label(i18n.t())}</A> })
                .collect_view()}
        </nav>
    }
}
