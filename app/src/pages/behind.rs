//! Pairs behind their term quota: school-scoped for coordinators, district-wide for the center.
use crate::api::pairings::fetch_behind_pairs;
use crate::components::error_box::guarded;
use crate::components::quota_bars::QuotaBars;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn BehindPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let query = use_query_map();
    let sort = move || query.read().get("sort").unwrap_or_default();
    let all = move || query.read().get("all").map(|_| "1".to_string());
    let data = Resource::new(move || (sort(), all()), |(s, a)| fetch_behind_pairs(s, a));
    let link = move |s: &str| {
        let all = if all().is_some() { "&all=1" } else { "" };
        format!("/pairings/behind?sort={s}{all}")
    };
    view! {
        <h1>{move || if all().is_some() { t().all_pairs } else { t().behind_title }}</h1>
        <p class="row-actions">
            <span class="muted">{move || t().sort_label} ":"</span>
            <A href=move || link("")>{move || t().sort_most_behind}</A>
            <A href=move || link("school")>{move || t().sort_school}</A>
            <A href=move || link("mentor")>{move || t().sort_mentor}</A>
            {move || if all().is_some() {
                view! { <A href="/pairings/behind">{t().only_behind}</A> }.into_any()
            } else {
                view! { <A href="/pairings/behind?all=1" attr:data-testid="show-all">{t().all_pairs}</A> }.into_any()
            }}
            <a href=move || format!("/pairings/behind.xlsx?sort={}{}", sort(), if all().is_some() { "&all=1" } else { "" })
                download data-testid="export-xlsx">{move || t().export_xlsx}</a>
        </p>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = t();
                let term = v.term.clone();
                if v.rows.is_empty() {
                    return view! { <p class="muted">{t.nothing_behind}</p> }.into_any();
                }
                view! {
                    <p class="muted">{term.map(|term| (t.term_progress)(&term.name, term.weeks_left)).unwrap_or_else(|| t.no_term.to_string())}</p>
                    <div class="cards" data-testid="behind-list">
                        {v.rows.into_iter().map(|p| {
                            let mentee = p.name.clone();
                            view! {
                            <article class="card" data-testid="behind-pair" data-mentee=mentee>
                                <div class="card-head">
                                    <h3><A href=format!("/teachers/{}", p.teacher_id)>{p.name.clone()}</A></h3>
                                    <span class="muted">{format!("{} {} · {}", t.label_mentor, p.mentor_name, p.school_name)}</span>
                                    {(p.disputed > 0).then(|| view! {
                                        <span class="pill warn" data-testid="disputed">{format!("{} {}", t.status_disputed, p.disputed)}</span>
                                    })}
                                </div>
                                <QuotaBars quotas=p.quotas/>
                            </article>
                            }
                        }).collect_view()}
                    </div>
                }.into_any()
            }))}
        </Suspense>
    }
}
