//! The preview of an uploaded school list: each row new, changed, unchanged or its problem.
use crate::api::roster::{fetch_school_import, ApplySchoolImport};
use crate::components::error_box::guarded;
use crate::components::form_result::{form_error, form_output};
use crate::components::preview_table::{PreviewRow, PreviewTable};
use crate::components::route::id_param;
use crate::domain::roster::IntakeStatus;
use crate::i18n::{use_i18n, Texts};
use crate::pages::intake::pill;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SchoolImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let id = id_param("id");
    let apply = ServerAction::<ApplySchoolImport>::new();
    let preview = Resource::new(move || id.get(), fetch_school_import);
    view! {
        <h1>{move || t().school_import_title}</h1>
        {move || form_output(apply)().map(|n| view! {
            <p class="notice" role="status" data-testid="school-import-done">{(t().intake_done)(n.new, n.changed)}</p>
        })}
        {form_error(apply)}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || preview.get().map(|r| guarded(r, |p| {
                let t = t();
                let writes = p.rows.iter().filter(|r| matches!(r.status, IntakeStatus::New | IntakeStatus::Changes(_))).count() as i64;
                view! {
                    <section class="card">
                        <p class="muted">{p.file_name.clone()}</p>
                        {(!p.applied && writes > 0).then(|| view! {
                            <ActionForm action=apply attr:class="form">
                                <input type="hidden" name="id" value=p.id.to_string()/>
                                <button type="submit" class="primary" data-testid="apply-school-import">{(t.intake_confirm)(writes)}</button>
                            </ActionForm>
                        })}
                        {p.applied.then(|| view! { <p class="pill ok">{t.intake_applied}</p> })}
                        <PreviewTable testids=("school-import-table", "row-status") columns=vec![
                            t.school_code.to_string(),
                            t.label_name.to_string(),
                            t.label_stage.to_string(),
                            t.school_area.to_string(),
                        ] rows=p.rows.into_iter().map(|r| PreviewRow {
                            line: r.line,
                            pill: pill(&r.status, t),
                            cells: vec![r.form.code, r.form.name, Texts::label(t.school_stages, &r.form.stage), r.form.area],
                        }).collect()/>
                        <p><A href="/schools">{t.schools_title}</A></p>
                    </section>
                }
            }))}
        </Suspense>
    }
}
