//! What a page reads from its route.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The route's numeric parameter `name` (`/roster/:id`); 0 when absent or not a number, which no
/// record has, so the page shows the server's "not found".
pub fn id_param(name: &'static str) -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    })
}
