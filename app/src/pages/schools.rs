//! The district's schools for center staff: add one, edit one, deactivate or reactivate it.
use crate::api::roster::{fetch_schools, SaveSchool, SetSchoolActive};
use crate::components::error_box::guarded;
use crate::components::form_result::form_problems;
use crate::components::form_result::QueryErrors;
use crate::i18n::{use_i18n, Texts};
use crate::views::roster::SchoolRow;
use leptos::prelude::*;

#[component]
pub fn SchoolsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let save = ServerAction::<SaveSchool>::new();
    let toggle = ServerAction::<SetSchoolActive>::new();
    let data = Resource::new(|| (), |_| fetch_schools());
    view! {
        <h1>{move || t().schools_title}</h1>
        {form_problems(save)}
        {form_problems(toggle)}
        <QueryErrors/>
        <section class="card">
            <h2>{move || t().school_new}</h2>
            <SchoolFields save school=None/>
        </section>
        <section class="card">
            <h2>{move || t().school_import_title}</h2>
            <form method="post" action="/schools/import" enctype="multipart/form-data" class="form" data-testid="school-import-form">
                <label class="form-row">
                    <span>{move || t().import_file}</span>
                    <input type="file" name="file" accept=".xlsx,.csv" required/>
                </label>
                <div class="row-actions">
                    <button type="submit" class="primary">{move || t().upload_preview}</button>
                    <a href="/schools/template.xlsx" download data-testid="school-template">{move || t().download_template}</a>
                </div>
            </form>
        </section>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |rows| {
                let t = t();
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table data-testid="school-list">
                            <thead><tr>
                                <th>{t.school_code}</th><th>{t.label_name}</th><th>{t.label_stage}</th>
                                <th>{t.school_area}</th><th class="num">{t.school_teachers}</th><th></th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|s| view! { <SchoolLine s save toggle/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            }))}
        </Suspense>
    }
}

#[component]
fn SchoolLine(
    s: SchoolRow,
    save: ServerAction<SaveSchool>,
    toggle: ServerAction<SetSchoolActive>,
) -> impl IntoView {
    let t = use_i18n().t();
    let id = s.id;
    view! {
        <tr class:muted=!s.active data-testid="school-row">
            <td>{s.code.clone()}</td>
            <td>{s.name.clone()}</td>
            <td>{Texts::label(t.school_stages, &s.stage)}</td>
            <td>{s.area.clone()}</td>
            <td class="num">{s.teachers}</td>
            <td>
                <details>
                    <summary>{t.edit}</summary>
                    <SchoolFields save school=Some(s.clone())/>
                </details>
                <ActionForm action=toggle attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string()/>
                    {(!s.active).then(|| view! { <input type="hidden" name="active" value="1"/> })}
                    <button type="submit" class="link-button" data-testid="school-toggle">
                        {if s.active { t.school_deactivate } else { t.school_reactivate }}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// The school's fields: empty to add one, filled to edit it.
#[component]
fn SchoolFields(save: ServerAction<SaveSchool>, school: Option<SchoolRow>) -> impl IntoView {
    let t = use_i18n().t();
    let s = school.clone().unwrap_or(SchoolRow {
        id: 0,
        code: String::new(),
        name: String::new(),
        stage: "primary".into(),
        area: String::new(),
        active: true,
        teachers: 0,
    });
    let new = school.is_none();
    view! {
        <ActionForm action=save attr:class="form" attr:data-testid=if new { "school-new" } else { "school-edit" }>
            {(!new).then(|| view! { <input type="hidden" name="form[id]" value=s.id.to_string()/> })}
            <div class="form-grid">
                <label class="form-row"><span>{t.school_code}</span>
                    <input type="text" name="form[code]" value=s.code.clone() required maxlength="20" autocapitalize="characters"/>
                </label>
                <label class="form-row"><span>{t.label_name}</span>
                    <input type="text" name="form[name]" value=s.name.clone() required maxlength="100"/>
                </label>
                <label class="form-row"><span>{t.label_stage}</span>
                    <select name="form[stage]">
                        {t.school_stages.iter().map(|(code, label)| {
                            let selected = *code == s.stage;
                            view! { <option value=*code selected=selected>{*label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="form-row"><span>{t.school_area}</span>
                    <input type="text" name="form[area]" value=s.area.clone() maxlength="40"/>
                </label>
            </div>
            <button type="submit" class="primary">{if new { t.school_add } else { t.save }}</button>
        </ActionForm>
    }
}
