use crate::components::stat::Stat;
use crate::domain::hours::format_tenths;
use crate::i18n::use_i18n;
use crate::views::home::CenterView;
use leptos::prelude::*;

/// District counts for center staff, and the entry cohorts at a glance.
#[component]
pub fn CenterOverview(view: CenterView) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let stat = move |label: fn(&'static crate::i18n::Texts) -> &'static str, value: String| {
        view! { <Stat label=Signal::derive(move || label(t())) value/> }
    };
    let cohorts = StoredValue::new(view.cohorts);
    view! {
        <section class="card" data-testid="center-section">
            <h2>{move || t().home_center_title}</h2>
            <div class="stats">
                {stat(|t| t.stat_schools, view.schools.to_string())}
                {stat(|t| t.stat_teachers, view.teachers.to_string())}
                {stat(|t| t.stat_new_teachers, view.new_teachers.to_string())}
                {stat(|t| t.stat_active_pairings, view.active_pairings.to_string())}
                {stat(|t| t.stat_mentor_coverage, format!("{}%", view.mentor_coverage_pct))}
                {stat(|t| t.stat_sessions_term, view.sessions_this_term.to_string())}
                {stat(|t| t.stat_pending_claims, view.pending_claims.to_string())}
                {stat(|t| t.stat_hour_records, view.hour_records.to_string())}
            </div>
            <h3>{move || t().cohorts_title}</h3>
            <div class="table-wrap" tabindex="0">
                <table data-testid="cohort-table">
                    <thead>
                        <tr>
                            <th>{move || t().label_cohort}</th>
                            <th class="num">{move || t().col_headcount}</th>
                            <th class="num">{move || t().col_with_mentor}</th>
                            <th class="num">{move || t().col_avg_hours}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let t = t();
                            cohorts
                                .get_value()
                                .into_iter()
                                .map(|c| view! {
                                    <tr>
                                        <td>{(t.cohort_name)(c.year)}</td>
                                        <td class="num">{c.headcount}</td>
                                        <td class="num">{c.with_mentor}</td>
                                        <td class="num">{format_tenths(c.avg_hours_tenths)}</td>
                                    </tr>
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
