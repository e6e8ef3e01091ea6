//! The yearly intake: the upload form (with its template) and the preview of an uploaded list,
//! where every row says what confirming will do — or which column is wrong and why.
use crate::api::roster::{fetch_intake_page, fetch_intake_preview, ApplyIntake};
use crate::components::error_box::guarded;
use crate::components::form_result::QueryErrors;
use crate::components::form_result::{form_error, form_output};
use crate::components::preview_table::{PreviewRow, PreviewTable};
use crate::components::route::id_param;
use crate::domain::roster::IntakeStatus;
use crate::error::problem_message;
use crate::i18n::wording::field_value;
use crate::i18n::{use_i18n, Texts};
use crate::pages::roster::PendingPasswords;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn IntakePage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let data = Resource::new(|| (), |_| fetch_intake_page());
    view! {
        <h1>{move || t().intake_title}</h1>
        <p><A href="/roster">{move || t().roster_title}</A></p>
        <QueryErrors/>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |p| {
                let t = t();
                view! {
                    {(p.pending_accounts > 0).then(|| view! { <PendingPasswords count=p.pending_accounts/> })}
                    <section class="card">
                        <p class="muted">{t.intake_intro}</p>
                        <form method="post" action="/roster/import" enctype="multipart/form-data" class="form" data-testid="intake-form">
                            <label class="form-row">
                                <span>{t.label_cohort}</span>
                                <select name="cohort" data-testid="intake-cohort">
                                    {p.cohorts.iter().map(|y| view! { <option value=y.to_string()>{(t.cohort_name)(*y)}</option> }).collect_view()}
                                </select>
                            </label>
                            <label class="form-row">
                                <span>{t.import_file}</span>
                                <input type="file" name="file" accept=".xlsx,.csv" required data-testid="intake-file"/>
                            </label>
                            <div class="row-actions">
                                <button type="submit" class="primary" data-testid="intake-upload">{t.upload_preview}</button>
                                <a href="/roster/template.xlsx" download data-testid="intake-template">{t.download_template}</a>
                            </div>
                        </form>
                    </section>
                }
            }))}
        </Suspense>
    }
}

/// A row's status as a pill: what it will do, or its first problem with the column named.
pub fn pill(status: &IntakeStatus, t: &'static Texts) -> (&'static str, String) {
    match status {
        IntakeStatus::New => ("pill ok", t.intake_new.to_string()),
        IntakeStatus::Unchanged => ("pill", t.intake_unchanged.to_string()),
        IntakeStatus::Changes(changes) => (
            "pill",
            (t.intake_changes)(
                &changes
                    .iter()
                    .map(|c| {
                        format!(
                            "{} {} → {}",
                            Texts::label(t.record_fields, &c.field),
                            field_value(t, &c.field, &c.old),
                            field_value(t, &c.field, &c.new)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("；"),
            ),
        ),
        IntakeStatus::Problem { field, problem } => (
            "pill warn",
            format!(
                "{}：{}",
                Texts::label(t.record_fields, field),
                problem_message(*problem, t)
            ),
        ),
    }
}

#[component]
pub fn IntakePreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let id = id_param("id");
    let apply = ServerAction::<ApplyIntake>::new();
    let preview = Resource::new(move || id.get(), fetch_intake_preview);
    view! {
        <h1>{move || t().intake_title}</h1>
        {move || form_output(apply)().map(|n| view! {
            <p class="notice" role="status" data-testid="intake-done">{(t().intake_done)(n.new, n.changed)}</p>
            <p><A href="/roster/import">{t().intake_next}</A></p>
        })}
        {form_error(apply)}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || preview.get().map(|r| guarded(r, |p| {
                let t = t();
                let writes = p.counts.new + p.counts.changed;
                view! {
                    <section class="card">
                        <p class="muted">{format!("{} · {}", p.file_name, (t.cohort_name)(p.cohort_year))}</p>
                        <p data-testid="intake-counts">{(t.intake_counts)(p.counts.new, p.counts.changed, p.counts.unchanged, p.counts.problems)}</p>
                        {(!p.applied && writes > 0).then(|| view! {
                            <ActionForm action=apply attr:class="form">
                                <input type="hidden" name="id" value=p.id.to_string()/>
                                <button type="submit" class="primary" data-testid="apply-intake">{(t.intake_confirm)(writes)}</button>
                            </ActionForm>
                        })}
                        {p.applied.then(|| view! { <p class="pill ok" data-testid="intake-applied">{t.intake_applied}</p> })}
                        <PreviewTable testids=("intake-table", "row-status") columns=vec![
                            t.label_staff_no.to_string(),
                            t.label_name.to_string(),
                            t.label_school.to_string(),
                            t.label_hire_date.to_string(),
                            t.label_subject.to_string(),
                        ] rows=p.rows.into_iter().map(|r| PreviewRow {
                            line: r.line,
                            pill: pill(&r.status, t),
                            cells: vec![r.form.staff_no, r.form.name, r.form.school, r.form.hire_date, r.form.subject],
                        }).collect()/>
                        {(p.hidden > 0).then(|| view! { <p class="muted">{(t.intake_hidden)(p.hidden)}</p> })}
                    </section>
                }
            }))}
        </Suspense>
    }
}
