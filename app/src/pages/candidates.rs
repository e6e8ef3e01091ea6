//! The candidate pipeline (center staff): for each tier, the teachers for whom it is the next
//! step and who meet every criterion, and those missing exactly one, with what is missing.
use crate::api::ladder::fetch_candidates;
use crate::i18n::wording::{bilingual, criterion_text};
use crate::views::ladder::CandidateRow;

use crate::components::error_box::guarded;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
fn CandidateTable(rows: Vec<CandidateRow>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid=testid>
                <thead><tr><th>{t.col_staff_no}</th><th>{t.col_name}</th><th>{t.label_school}</th><th>{t.col_missing}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr data-testid="candidate" data-teacher=r.teacher_id.to_string()>
                            <td>{r.staff_no}</td>
                            <td>
                                <A href=format!("/teachers/{}/growth", r.teacher_id)>{r.name}</A>
                                {r.relies_on_pending.then(|| view! { " " <span class="pill warn" data-testid="relies-on-pending">{t.relies_on_pending}</span> })}
                            </td>
                            <td>{r.school_name}</td>
                            <td>{r.missing.iter().map(|c| criterion_text(c, t)).collect::<Vec<_>>().join("；")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn CandidatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let query = use_query_map();
    let level = move || {
        query
            .read()
            .get("level")
            .and_then(|v| v.parse::<i32>().ok())
    };
    let data = Resource::new(level, fetch_candidates);
    view! {
        <h1>{move || t().candidates_title}</h1>
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = t();
                let locale = i18n.locale.get();
                view! {
                    <nav class="chips">
                        {v.levels.iter().map(|l| view! {
                            <a href=format!("/ladder/candidates?level={}", l.id) class=if l.id == v.level_id { "chip active" } else { "chip" }>
                                {bilingual(locale, &(l.name.clone(), l.name_en.clone()))}
                            </a>
                        }).collect_view()}
                    </nav>
                    <p class="actions"><a href=format!("/ladder/candidates.xlsx?level={}", v.level_id) download class="button secondary" data-testid="export-candidates">{t.export_xlsx}</a></p>
                    <section class="card">
                        <h2>{(t.ready_n)(v.ready.len() as i64)}</h2>
                        <CandidateTable rows=v.ready testid="ready"/>
                    </section>
                    <section class="card">
                        <h2>{(t.one_short_n)(v.one_short.len() as i64)}</h2>
                        <CandidateTable rows=v.one_short testid="one-short"/>
                    </section>
                }
            }))}
        </Transition>
    }
}
