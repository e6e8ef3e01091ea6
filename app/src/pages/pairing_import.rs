//! The preview of an uploaded pairing file: each row ready, already paired, or its problem.
use crate::api::pairings::{fetch_import_preview, ApplyImport};
use crate::components::error_box::guarded;
use crate::components::form_result::{form_error, form_output};
use crate::components::preview_table::{PreviewRow, PreviewTable};
use crate::components::route::id_param;
use crate::error::problem_message;
use crate::i18n::use_i18n;
use crate::views::pairings::RowStatus;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let id = id_param("id");
    let apply = ServerAction::<ApplyImport>::new();
    let preview = Resource::new(move || id.get(), fetch_import_preview);
    view! {
        <h1>{move || t().import_title}</h1>
        {move || form_output(apply)().map(|o| view! { <p class="notice" role="status" data-testid="import-done">{(t().import_done)(o.created, o.skipped)}</p> })}
        {form_error(apply)}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || preview.get().map(|r| guarded(r, |p| {
                let t = t();
                let ready = p.rows.iter().filter(|r| r.status == RowStatus::Ready).count() as i64;
                view! {
                    <section class="card">
                        <p class="muted">{p.file_name.clone()}</p>
                        {(!p.applied && ready > 0).then(|| view! {
                            <ActionForm action=apply attr:class="form">
                                <input type="hidden" name="id" value=p.id.to_string()/>
                                <button type="submit" class="primary" data-testid="apply-import">{(t.confirm_import)(ready)}</button>
                            </ActionForm>
                        })}
                        <PreviewTable testids=("import-table", "row-status") columns=vec![
                            t.label_mentor_staff_no.to_string(),
                            t.label_mentee_staff_no.to_string(),
                            t.label_programme.to_string(),
                            t.label_start.to_string(),
                        ] rows=p.rows.into_iter().map(|r| PreviewRow {
                            line: r.line,
                            pill: match &r.status {
                                RowStatus::Ready => ("pill ok", t.import_ok.to_string()),
                                RowStatus::AlreadyPaired => ("pill", t.import_exists.to_string()),
                                RowStatus::Problem { problem, .. } => ("pill warn", problem_message(*problem, t)),
                            },
                            cells: vec![r.form.mentor_staff_no, r.form.mentee_staff_no, r.form.programme, r.form.started_on],
                        }).collect()/>
                        <p><A href="/pairings">{t.nav_pairings}</A></p>
                    </section>
                }
            }))}
        </Suspense>
    }
}
