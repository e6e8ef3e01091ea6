use crate::domain::hours::format_tenths;
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use crate::views::home::SchoolView;
use leptos::prelude::*;
use leptos_router::components::A;

/// A school's teachers for its coordinator, with tier and hours pace.
#[component]
pub fn SchoolTable(school: SchoolView) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let shown = school.teachers.len() as i64;
    let total = school.total;
    let name = school.school_name.clone();
    let rows = StoredValue::new(school.teachers);
    view! {
        <section class="card" data-testid="school-section">
            <h2>{move || (t().home_school_title)(&name)}</h2>
            <p class="muted">
                {move || (t().school_teacher_count)(total)}
                {move || (shown < total).then(|| format!(" {}", (t().list_truncated)(shown)))}
            </p>
            <div class="table-wrap" tabindex="0">
                <table data-testid="school-table">
                    <thead>
                        <tr>
                            <th>{move || t().label_staff_no}</th>
                            <th>{move || t().label_name}</th>
                            <th>{move || t().label_subject}</th>
                            <th>{move || t().label_stage}</th>
                            <th>{move || t().label_cohort}</th>
                            <th>{move || t().label_tier}</th>
                            <th class="num">{move || t().col_hours}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let t = t();
                            let locale = i18n.locale.get();
                            rows.get_value()
                                .into_iter()
                                .map(|r| {
                                    let pace = if r.on_track { "pill ok" } else { "pill warn" };
                                    view! {
                                        <tr>
                                            <td>{r.staff_no}</td>
                                            <td><A href=format!("/teachers/{}", r.id)>{r.name}</A></td>
                                            <td>{r.subject}</td>
                                            <td>{Texts::label(t.stages, &r.stage)}</td>
                                            <td>{r.cohort_year.map(t.cohort_name).unwrap_or_default()}</td>
                                            <td>{r.tier.as_ref().map(|p| bilingual(locale, p)).unwrap_or_default()}</td>
                                            <td class="num"><span class=pace>{format_tenths(r.hours_tenths)}</span></td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
