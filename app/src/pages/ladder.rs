//! The ladder (center staff): each level's names, rank and criteria as data; recording a
//! promotion or an enrolment; importing either from .xlsx/.csv; the preview of an import.
use crate::api::ladder::{
    fetch_growth_import, fetch_ladder, ApplyGrowthImport, RecordEnrolment, RecordPromotion,
    SaveLevel,
};
use crate::components::error_box::guarded;
use crate::components::form_result::{
    field_error, form_done, form_error, form_output, form_problems, QueryErrors,
};
use crate::components::preview_table::{PreviewRow, PreviewTable};
use crate::components::route::id_param;
use crate::domain::eligibility::{AchievementKind, Degree};
use crate::error::{problem_message, FieldProblem};
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use crate::pages::hours::{code_options, level_codes};
use crate::views::ladder::LevelRow;
use crate::views::pairings::RowStatus;
use leptos::prelude::*;
use leptos_router::components::A;

/// Count rows in the level editor: the level's own plus blanks to add more.
const COUNT_ROWS: usize = 6;

fn opt(v: Option<u32>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

#[component]
fn LevelEditor(level: Option<LevelRow>, save: ServerAction<SaveLevel>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let l = level.clone().unwrap_or(LevelRow {
        id: 0,
        rank: 0,
        name: String::new(),
        name_en: String::new(),
        criteria: Default::default(),
        holders: 0,
    });
    let kinds: Vec<&'static str> = AchievementKind::ALL.iter().map(|k| k.code()).collect();
    let degrees: Vec<&'static str> = Degree::ALL.iter().map(|d| d.code()).collect();
    let c = l.criteria.clone();
    let rank = if l.rank > 0 {
        l.rank.to_string()
    } else {
        String::new()
    };
    let rows = (0..COUNT_ROWS).map(|i| {
        let r = c.counts.get(i).cloned().unwrap_or_default();
        let name = move |f: &str| format!("input[counts][{i}][{f}]");
        let count = if r.count > 0 { r.count.to_string() } else { String::new() };
        let max_rank = r.max_rank.map(|n| n.to_string()).unwrap_or_default();
        view! {
            <tr>
                <td><select name=name("kind")>{code_options(&kinds, t.achievement_kinds, &r.kind)}</select></td>
                <td><select name=name("min_level")><option value="">{t.any_level}</option>{code_options(&level_codes(), t.levels, r.min_level.as_deref().unwrap_or(""))}</select></td>
                <td><input type="number" name=name("max_rank") min="1" max="5" value=max_rank/></td>
                <td><input type="number" name=name("count") min="0" max="100" value=count/></td>
                <td><input type="number" name=name("within_years") min="1" max="50" value=opt(r.within_years)/></td>
            </tr>
        }
    }).collect_view();
    view! {
        <ActionForm action=save attr:class="form" attr:data-testid="level-form">
            <input type="hidden" name="input[id]" value=level.as_ref().map(|l| l.id.to_string()).unwrap_or_default()/>
            <div class="form-grid">
                <label class="form-row"><span>{t.label_rank}</span><input type="number" name="input[rank]" min="1" max="50" required value=rank/></label>
                <label class="form-row"><span>{t.label_name_zh}</span><input type="text" name="input[name]" required maxlength="40" value=l.name.clone()/></label>
                <label class="form-row"><span>{t.label_name_en}</span><input type="text" name="input[name_en]" required maxlength="60" value=l.name_en.clone()/></label>
                <label class="form-row"><span>{t.label_min_years}</span><input type="number" name="input[min_years]" min="0" max="60" value=opt(c.min_years)/></label>
                <label class="form-row"><span>{t.label_degree}</span><select name="input[degree]"><option value="">{t.none}</option>{code_options(&degrees, t.degrees, c.degree.as_deref().unwrap_or(""))}</select></label>
                <label class="form-row"><span>{t.label_cycle_hours}</span><input type="number" name="input[cycle_hours]" min="0" max="2000" value=opt(c.cycle_hours) data-testid="level-hours"/></label>
                <label class="form-row"><span>{t.label_mentees_needed}</span><input type="number" name="input[mentees]" min="0" max="100" value=opt(c.mentees)/></label>
            </div>
            <div class="table-wrap" tabindex="0">
                <table class="counts">
                    <thead><tr><th>{t.label_kind}</th><th>{t.label_min_level}</th><th>{t.label_max_rank}</th><th>{t.label_count}</th><th>{t.label_within_years}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <button type="submit" class="primary" data-testid="save-level">{t.save}</button>
        </ActionForm>
    }
}

#[component]
pub fn LadderPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let save = ServerAction::<SaveLevel>::new();
    let promote = ServerAction::<RecordPromotion>::new();
    let enrol = ServerAction::<RecordEnrolment>::new();
    let data = Resource::new(|| (), |_| fetch_ladder());
    view! {
        <h1>{move || t().ladder_title}</h1>
        <p class="actions">
            <A href="/ladder/candidates" attr:class="button secondary">{move || t().candidates_title}</A>
            <A href="/dual" attr:class="button secondary">{move || t().dual_title}</A>
        </p>
        <QueryErrors/>
        {move || (form_done(save)() || form_done(promote)() || form_done(enrol)()).then(|| view! {
            <p class="notice" role="status" data-testid="ladder-saved">{t().saved}</p>
        })}
        {form_problems(save)}
        {form_error(promote)}
        {form_error(enrol)}
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = t();
                let locale = i18n.locale.get();
                let today = v.today.format("%Y-%m-%d").to_string();
                let levels = v.levels.clone();
                let today_a = today.clone();
                view! {
                    {v.levels.into_iter().map(|l| view! {
                        <section class="card" data-testid="level">
                            <div class="card-head">
                                <h2>{format!("{} · {}", l.rank, bilingual(locale, &(l.name.clone(), l.name_en.clone())))}</h2>
                                <span class="muted">{(t.holders_n)(l.holders)}</span>
                            </div>
                            <details><summary>{t.edit_criteria}</summary><LevelEditor level=Some(l.clone()) save/></details>
                        </section>
                    }).collect_view()}
                    <details class="card"><summary><strong>{t.add_level}</strong></summary><LevelEditor level=None save/></details>
                    <section class="card">
                        <h2>{t.record_promotion}</h2>
                        <ActionForm action=promote attr:class="form">
                            <div class="form-grid">
                                <label class="form-row"><span>{t.col_staff_no}</span><input type="text" name="staff_no" required maxlength="20" data-testid="promote-staff"/>{field_error(promote, "staff_no")}</label>
                                <label class="form-row"><span>{t.label_tier}</span><select name="level_id" data-testid="promote-level">
                                    {levels.iter().map(|l| view! { <option value=l.id.to_string()>{bilingual(locale, &(l.name.clone(), l.name_en.clone()))}</option> }).collect_view()}
                                </select>{field_error(promote, "level_id")}</label>
                                <label class="form-row"><span>{t.label_date}</span><input type="date" name="promoted_on" required max=today_a data-testid="promote-date"/>{field_error(promote, "promoted_on")}</label>
                                <label class="form-row"><span>{t.label_note}</span><input type="text" name="note" maxlength="500"/>{field_error(promote, "note")}</label>
                            </div>
                            <button type="submit" class="primary" data-testid="promote">{t.save}</button>
                        </ActionForm>
                        <ImportForm kind="promotions"/>
                    </section>
                    <section class="card">
                        <h2>{t.record_enrolment}</h2>
                        <ul class="muted">{v.programmes.iter().map(|p| view! { <li>{bilingual(locale, &(p.name.clone(), p.name_en.clone()))} " · " {(t.enrolled_n)(p.enrolled)}</li> }).collect_view()}</ul>
                        <ActionForm action=enrol attr:class="form">
                            <div class="form-grid">
                                <label class="form-row"><span>{t.col_staff_no}</span><input type="text" name="staff_no" required maxlength="20"/>{field_error(enrol, "staff_no")}</label>
                                <label class="form-row"><span>{t.label_programme}</span><select name="programme">
                                    {v.programmes.iter().map(|p| view! { <option value=p.code.clone()>{bilingual(locale, &(p.name.clone(), p.name_en.clone()))}</option> }).collect_view()}
                                </select>{field_error(enrol, "programme")}</label>
                                <label class="form-row"><span>{t.label_stage}</span><input type="text" name="stage" maxlength="40" placeholder="enrolled"/>{field_error(enrol, "stage")}</label>
                                <label class="form-row"><span>{t.label_start}</span><input type="date" name="started_on" required max=today/>{field_error(enrol, "started_on")}</label>
                            </div>
                            <button type="submit" class="primary">{t.save}</button>
                        </ActionForm>
                        <ImportForm kind="enrolments"/>
                    </section>
                }
            }))}
        </Transition>
    }
}

/// Upload of a promotion or enrolment file (a plain multipart form), with its template.
#[component]
fn ImportForm(kind: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <form method="post" action=format!("/ladder/import?kind={kind}") enctype="multipart/form-data" class="inline-form">
            <label><span>{t.import_file}</span> <input type="file" name="file" required accept=".xlsx,.csv" data-testid=format!("import-{kind}")/></label>
            <button type="submit" class="secondary">{t.check_list}</button>
            <a href=format!("/ladder/template-{kind}.xlsx") download data-testid=format!("template-{kind}")>{t.download_template}</a>
        </form>
    }
}

#[component]
pub fn GrowthImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let id = id_param("id");
    let apply = ServerAction::<ApplyGrowthImport>::new();
    let preview = Resource::new(move || id.get(), fetch_growth_import);
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
                        <p class="muted">{p.file_name.clone()} " · " {Texts::label(t.import_kinds, &p.kind)}</p>
                        {(!p.applied && ready > 0).then(|| view! {
                            <ActionForm action=apply attr:class="form">
                                <input type="hidden" name="id" value=p.id.to_string()/>
                                <button type="submit" class="primary" data-testid="apply-import">{(t.confirm_import)(ready)}</button>
                            </ActionForm>
                        })}
                        <PreviewTable testids=("import-table", "row-status") columns=vec![
                            t.col_staff_no.to_string(),
                            t.label_item.to_string(),
                            t.label_date.to_string(),
                        ] rows=p.rows.into_iter().map(|r| PreviewRow {
                            line: r.line,
                            pill: match &r.status {
                                RowStatus::Ready => ("pill ok", t.import_ok.to_string()),
                                RowStatus::Problem { problem: FieldProblem::AlreadyExists, .. } | RowStatus::AlreadyPaired => ("pill", t.already_recorded.to_string()),
                                RowStatus::Problem { problem, .. } => ("pill warn", problem_message(*problem, t)),
                            },
                            cells: vec![r.staff_no, r.target, r.date],
                        }).collect()/>
                        <p><A href="/ladder">{t.ladder_title}</A></p>
                    </section>
                }
            }))}
        </Suspense>
    }
}
