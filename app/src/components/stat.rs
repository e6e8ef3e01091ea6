use leptos::prelude::*;

/// One figure with its label, for the overview grids.
#[component]
pub fn Stat(
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] value: String,
) -> impl IntoView {
    view! {
        <div class="stat">
            <div class="stat-value">{value}</div>
            <div class="stat-label">{move || label.get()}</div>
        </div>
    }
}
