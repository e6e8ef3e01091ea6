//! The school years: each with its terms and entry cohort, the next one opened from the
//! latest's pattern, and a closed year's figures frozen beside the open years' live ones.
use crate::api::roster::{fetch_years, CloseYear, OpenYear};
use crate::components::bar_chart::StatChart;
use crate::components::error_box::guarded;
use crate::components::form_result::form_problems;
use crate::domain::stats::StatsFilter;
use crate::i18n::use_i18n;
use crate::views::roster::YearRow;
use leptos::prelude::*;

#[component]
pub fn YearsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = ServerAction::<OpenYear>::new();
    let close = ServerAction::<CloseYear>::new();
    let data = Resource::new(|| (), |_| fetch_years());
    view! {
        <h1>{move || t().years_title}</h1>
        {form_problems(open)}
        {form_problems(close)}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = t();
                let years = v.years.clone();
                view! {
                    <section class="card">
                        <p class="muted">{t.years_intro}</p>
                        <ActionForm action=open attr:class="inline-form">
                            <button type="submit" class="primary" data-testid="open-year">{t.year_open_next}</button>
                        </ActionForm>
                    </section>
                    <section class="card">
                        <h2>{t.years_compare}</h2>
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="years-compare">
                                <thead><tr>
                                    <th>{t.year_label}</th><th class="num">{t.year_teachers}</th><th class="num">{t.year_joined}</th>
                                    <th class="num">{t.year_left}</th><th class="num">{t.year_on_track}</th>
                                    <th class="num">{t.year_mentor_coverage}</th><th class="num">{t.year_tiered}</th>
                                </tr></thead>
                                <tbody>
                                    {years.iter().map(|y| {
                                        let f = y.figures.clone();
                                        view! {
                                            <tr>
                                                <th scope="row">{(t.year_name)(y.year)}{y.closed_at.is_none().then(|| format!(" ({})", t.year_live))}</th>
                                                <td class="num">{f.teachers}</td><td class="num">{f.joined}</td><td class="num">{f.left}</td>
                                                <td class="num">{format!("{}%", f.on_track_pct)}</td>
                                                <td class="num">{format!("{}%", f.mentor_coverage_pct)}</td>
                                                <td class="num">{format!("{}%", f.tiered_pct)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                    {v.years.into_iter().map(|y| view! { <Year y close/> }).collect_view()}
                }
            }))}
        </Suspense>
    }
}

#[component]
fn Year(y: YearRow, close: ServerAction<CloseYear>) -> impl IntoView {
    let t = use_i18n().t();
    let year = y.year;
    view! {
        <section class="card" data-testid="school-year">
            <h2>{(t.year_name)(y.year)}</h2>
            <p class="muted">{format!("{} – {}", y.starts_on, y.ends_on)}{y.cohort.map(|c| format!(" · {c}"))}</p>
            <ul>
                {y.terms.into_iter().map(|term| view! { <li>{format!("{} · {} – {}", term.name, term.starts_on, term.ends_on)}</li> }).collect_view()}
            </ul>
            {match y.closed_at {
                Some(at) => view! {
                    <p class="pill ok" data-testid="year-closed">{(t.year_closed_at)(&at)}</p>
                    <details>
                        <summary>{t.year_snapshot}</summary>
                        {y.tables.into_iter().map(|table| view! { <StatChart table filter=StatsFilter::default()/> }).collect_view()}
                    </details>
                }.into_any(),
                None => view! {
                    <ActionForm action=close attr:class="inline-form">
                        <input type="hidden" name="year" value=year.to_string()/>
                        <button type="submit" class="secondary" data-testid="close-year">{t.year_close}</button>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
}
