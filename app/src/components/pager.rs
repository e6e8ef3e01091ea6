//! Paged lists (the roster, the audit log): the previous/next links under a table, keeping the
//! filters in the URL.
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

/// `key=value&…` of the filters that are set, each value URL-encoded.
pub fn filter_query(pairs: &[(&str, &String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::domain::text::url_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Links to the pages before and after `page` of `pages`, at `path` with the `filters` query.
#[component]
pub fn Pager(path: &'static str, filters: String, page: i64, pages: i64) -> impl IntoView {
    let t = use_i18n().t();
    let sep = if filters.is_empty() { "" } else { "&" };
    let link = move |p: i64| format!("{path}?{filters}{sep}page={p}");
    (pages > 1).then(|| {
        view! {
            <nav class="row-actions pager" aria-label=t.roster_pages data-testid="pager">
                {(page > 1).then(|| view! { <A href=link(page - 1)>{t.page_previous}</A> })}
                <span>{(t.page_of)(page, pages)}</span>
                {(page < pages).then(|| view! { <A href=link(page + 1)>{t.page_next}</A> })}
            </nav>
        }
    })
}
