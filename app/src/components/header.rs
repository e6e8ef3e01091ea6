use crate::api::notices::fetch_unread;
use crate::api::prefs::SetLocale;
use crate::components::auth::use_auth;
use crate::domain::codes::Role;
use crate::i18n::{use_i18n, Texts};
use crate::views::auth::{UserView, PASSWORD_PAGE};
use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar: app name, the user with their role, logout, and the language switch.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    // The server sets the cookie and sends the browser back to the page, now in that language.
    let set_locale = ServerAction::<SetLocale>::new();
    let unread = Resource::new(|| (), |_| fetch_unread());
    let t = move || i18n.t();
    // The bell: a plain link to the reminders with the unread count (shown when signed in).
    let bell = move || {
        unread.get().and_then(|r| r.ok()).flatten().map(|n| {
            view! {
                <A href="/notifications" attr:class="bell" attr:data-testid="bell" attr:aria-label=move || (t().notices.bell)(n)>
                    <span aria-hidden="true">"🔔"</span>
                    {(n > 0).then(|| view! { <span class="bell-count" data-testid="bell-count">{n}</span> })}
                </A>
            }
        })
    };
    let user_part = move || {
        auth.user.get().and_then(|r| r.ok()).flatten().map(|user| {
            let role = user.main_role();
            view! {
                <span class="user" data-testid="user-name">
                    <A href=PASSWORD_PAGE attr:class="user-link" attr:title=move || t().nav_password>
                        <strong>{user.display_name.clone()}</strong>
                    </A>
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
        auth.user.get().and_then(|r| r.ok()).flatten().map(|user| {
            // After a one-time password the server refuses every page but the password
            // change, and each page's refused fetch sends the browser there.
            (!user.must_change_password).then(|| view! { <NavLinks user/> })
        })
    };
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">{move || t().app_name}</A>
            <nav class="topbar-right">
                <Transition fallback=|| ()>{bell}</Transition>
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

/// One group of the navigation: what the person is doing there, and its pages.
pub struct NavGroup {
    /// `mine`, `mentees`, `school` or `district`.
    pub id: &'static str,
    pub title: Label,
    pub links: Vec<(&'static str, Label)>,
}

/// The navigation grouped by what the person is doing: their own growth and hours (mine), their
/// mentees, their school's management (coordinators), the district's (center staff). A person
/// with several roles sees each group once, in that order.
pub fn nav_groups(user: &UserView) -> Vec<NavGroup> {
    let mut groups = Vec::new();
    let center = user.has(Role::CenterStaff);
    let manages = center || user.has(Role::SchoolCoordinator);
    if user.teacher_id.is_some() {
        let mut links: Vec<(&'static str, Label)> = vec![
            ("/growth", |t| t.nav_growth),
            ("/hours", |t| t.nav_hours),
            ("/mentoring/sessions", |t| t.nav_my_sessions),
        ];
        // A manager finds the surveys for them on the same page as the ones they run.
        if !manages {
            links.push(("/surveys", |t| t.surveys.nav));
            links.push(("/lists", |t| t.lists.nav));
        }
        groups.push(NavGroup {
            id: "mine",
            title: |t| t.nav_group_mine,
            links,
        });
    }
    if user.has(Role::Mentor) {
        groups.push(NavGroup {
            id: "mentees",
            title: |t| t.nav_group_mentees,
            links: vec![
                ("/mentoring", |t| t.nav_mentee_progress),
                ("/mentoring/log", |t| t.nav_log_session),
            ],
        });
    }
    if manages {
        let mut links: Vec<(&'static str, Label)> = vec![
            ("/roster", |t| t.nav_roster),
            ("/pairings", |t| t.nav_pairings),
            ("/pairings/behind", |t| t.nav_behind),
            ("/hours/review", |t| t.nav_review),
            ("/stats", |t| t.nav_stats),
            ("/dual", |t| t.nav_dual),
            ("/surveys", |t| t.surveys.nav),
            ("/lists", |t| t.lists.nav),
            ("/audit", |t| t.nav_audit),
        ];
        if center {
            links.extend([
                ("/schools", (|t| t.nav_schools) as Label),
                ("/years", |t| t.nav_years),
                ("/ladder", |t| t.nav_ladder),
                ("/events", |t| t.nav_events),
                ("/hours/rules", |t| t.nav_rules),
                ("/quotas", |t| t.nav_quotas),
                ("/notifications/channels", |t| t.notices.channels_title),
            ]);
        }
        groups.push(NavGroup {
            id: if center { "district" } else { "school" },
            title: if center {
                |t| t.nav_group_district
            } else {
                |t| t.nav_group_school
            },
            links,
        });
    }
    groups
}

/// The pages each role works in, in labelled groups: plain links (no JavaScript needed) that
/// wrap on a phone, a group per line.
#[component]
fn NavLinks(user: UserView) -> impl IntoView {
    let i18n = use_i18n();
    let groups = nav_groups(&user);
    view! {
        <nav class="subnav" data-testid="subnav" aria-label=move || i18n.t().nav_label>
            <A href="/" attr:class="nav-home">{move || i18n.t().nav_home}</A>
            {groups
                .into_iter()
                .map(|g| {
                    let title = g.title;
                    view! {
                        <div class="nav-group" data-testid=format!("nav-{}", g.id)>
                            <span class="nav-group-title" id=format!("nav-{}", g.id)>{move || title(i18n.t())}</span>
                            <ul aria-labelledby=format!("nav-{}", g.id)>
                                {g.links
                                    .into_iter()
                                    .map(|(href, label)| view! { <li><A href=href>{move || label(i18n.t())}</A></li> })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::views::auth::RoleGrant;

    fn user(teacher: bool, roles: &[Role]) -> UserView {
        UserView {
            must_change_password: false,
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            teacher_id: teacher.then_some(7),
            roles: roles
                .iter()
                .map(|r| RoleGrant {
                    role: *r,
                    school_id: None,
                    school_name: None,
                })
                .collect(),
        }
    }

    fn layout(u: &UserView) -> Vec<(&'static str, Vec<&'static str>)> {
        nav_groups(u)
            .into_iter()
            .map(|g| (g.id, g.links.iter().map(|(href, _)| *href).collect()))
            .collect()
    }

    #[test]
    fn a_coordinator_who_teaches_sees_their_own_pages_apart_from_the_schools() {
        let u = user(true, &[Role::Teacher, Role::SchoolCoordinator]);
        let groups = layout(&u);
        assert_eq!(groups.len(), 2);
        assert_eq!(
            groups[0],
            ("mine", vec!["/growth", "/hours", "/mentoring/sessions"])
        );
        assert_eq!(groups[1].0, "school");
        assert!(groups[1].1.contains(&"/stats"));
        assert!(
            !groups[1].1.contains(&"/hours"),
            "own hours are not school management"
        );
        assert!(
            !groups[1].1.contains(&"/ladder"),
            "district pages are the center's"
        );
    }

    #[test]
    fn center_staff_without_a_teacher_record_see_only_the_district() {
        let groups = layout(&user(false, &[Role::CenterStaff]));
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].0, "district");
        for page in [
            "/pairings",
            "/stats",
            "/ladder",
            "/events",
            "/hours/rules",
            "/quotas",
        ] {
            assert!(groups[0].1.contains(&page), "{page}");
        }
    }

    #[test]
    fn a_mentor_sees_their_own_pages_then_their_mentees() {
        let groups = layout(&user(true, &[Role::Teacher, Role::Mentor]));
        assert_eq!(
            groups.iter().map(|g| g.0).collect::<Vec<_>>(),
            ["mine", "mentees"]
        );
    }

    #[test]
    fn every_page_appears_once_and_every_group_has_a_title() {
        let everyone = user(
            true,
            &[
                Role::Teacher,
                Role::Mentor,
                Role::SchoolCoordinator,
                Role::CenterStaff,
            ],
        );
        let groups = nav_groups(&everyone);
        let mut pages: Vec<&str> = groups
            .iter()
            .flat_map(|g| g.links.iter().map(|l| l.0))
            .collect();
        let n = pages.len();
        pages.sort_unstable();
        pages.dedup();
        assert_eq!(pages.len(), n);
        for locale in [Locale::ZhCn, Locale::En] {
            assert!(groups.iter().all(|g| !(g.title)(locale.texts()).is_empty()));
        }
    }
}
