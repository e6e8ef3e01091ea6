//! Pairing management: the list with end and reassign, a new pairing, suggestions, bulk import.
use crate::api::pairings::{
    fetch_pairing_suggestions, fetch_pairings, CreatePairing, EndPairing, ReassignPairing,
};
use crate::components::error_box::guarded;
use crate::components::form_result::{field_error, form_error, form_problems, QueryErrors};
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use crate::views::pairings::{PairingRow, PairingsView};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn PairingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let query = use_query_map();
    let show_ended = move || query.read().get("ended").is_some();
    let create = ServerAction::<CreatePairing>::new();
    let end = ServerAction::<EndPairing>::new();
    let reassign = ServerAction::<ReassignPairing>::new();
    let data = Resource::new(show_ended, fetch_pairings);
    let suggestions = Resource::new(|| (), |_| fetch_pairing_suggestions());
    view! {
        <h1>{move || t().nav_pairings}</h1>
        {form_error(create)}
        {form_problems(end)}
        {form_problems(reassign)}
        <QueryErrors/>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| view! {
                <NewPairingForm view=v.clone() create/>
                <PairingTable rows=v.pairings today=v.today.format("%Y-%m-%d").to_string() end reassign/>
            }))}
        </Suspense>
        <p>
            {move || if show_ended() {
                view! { <A href="/pairings">{t().nav_pairings}</A> }.into_any()
            } else {
                view! { <A href="/pairings?ended=1">{t().show_ended}</A> }.into_any()
            }}
        </p>
        <section class="card">
            <h2>{move || t().import_title}</h2>
            <form method="post" action="/pairings/import" enctype="multipart/form-data" class="form" data-testid="import-form">
                <label class="form-row">
                    <span>{move || t().import_file}</span>
                    <input type="file" name="file" accept=".xlsx,.csv" required/>
                </label>
                <div class="row-actions">
                    <button type="submit" class="primary">{move || t().upload_preview}</button>
                    <a href="/pairings/template.xlsx" download data-testid="pairing-template">{move || t().download_template}</a>
                </div>
            </form>
        </section>
        <section class="card">
            <h2>{move || t().suggestions_title}</h2>
            <Transition fallback=|| ()>
                {move || suggestions.get().map(|r| guarded(r, |v| {
                    let today = v.today.format("%Y-%m-%d").to_string();
                    let list = v.items;
                    if list.is_empty() {
                        return view! { <p class="muted">{t().no_suggestions}</p> }.into_any();
                    }
                    view! {
                        <ul class="suggestions" data-testid="suggestions">
                            {list.into_iter().map(|s| {
                                let t = t();
                                view! {
                                    <li>
                                        <strong>{s.name.clone()}</strong>
                                        <span class="muted">{format!(" {} · {} · {} · {}", s.staff_no, s.school_name, s.subject, Texts::label(t.stages, &s.stage))}</span>
                                        <div class="row-actions">
                                            {s.candidates.into_iter().map(|c| {
                                                let mentee = s.staff_no.clone();
                                                let today = today.clone();
                                                view! {
                                                    <ActionForm action=create attr:class="inline-form">
                                                        <input type="hidden" name="form[mentor_staff_no]" value=c.staff_no.clone()/>
                                                        <input type="hidden" name="form[mentee_staff_no]" value=mentee/>
                                                        <input type="hidden" name="form[programme]" value="mentoring"/>
                                                        <input type="hidden" name="form[started_on]" value=today/>
                                                        <button type="submit" class="secondary" data-testid="suggest-pair">
                                                            {format!("{} {} ({}{}/{})", t.create_pairing, c.name,
                                                                if c.same_school { format!("{} · ", t.same_school) } else { String::new() },
                                                                c.load, c.capacity)}
                                                        </button>
                                                    </ActionForm>
                                                }
                                            }).collect_view()}
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }))}
            </Transition>
        </section>
    }
}

#[component]
fn NewPairingForm(view: PairingsView, create: ServerAction<CreatePairing>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let today = view.today.format("%Y-%m-%d").to_string();
    let programmes = StoredValue::new(view.programmes);
    let err = move |f| field_error(create, f);
    view! {
        <section class="card">
            <h2>{move || t().create_pairing}</h2>
            <ActionForm action=create attr:class="form" attr:data-testid="pairing-form">
                <div class="form-grid">
                    <label class="form-row">
                        <span>{move || t().label_mentor_staff_no}</span>
                        <input type="text" name="form[mentor_staff_no]" required maxlength="20" autocapitalize="characters"/>
                        {err("mentor_staff_no")}
                    </label>
                    <label class="form-row">
                        <span>{move || t().label_mentee_staff_no}</span>
                        <input type="text" name="form[mentee_staff_no]" required maxlength="20" autocapitalize="characters"/>
                        {err("mentee_staff_no")}
                    </label>
                    <label class="form-row">
                        <span>{move || t().label_programme}</span>
                        <select name="form[programme]">
                            {move || {
                                let locale = i18n.locale.get();
                                programmes.get_value().into_iter().map(|p| view! {
                                    <option value=p.code.clone() selected=p.code == "mentoring">{bilingual(locale, &(p.name.clone(), p.name_en.clone()))}</option>
                                }).collect_view()
                            }}
                        </select>
                        {err("programme")}
                    </label>
                    <label class="form-row">
                        <span>{move || t().label_start}</span>
                        <input type="date" name="form[started_on]" value=today required/>
                        {err("started_on")}
                    </label>
                    <label class="form-row">
                        <span>{move || t().label_end}</span>
                        <input type="date" name="form[ended_on]"/>
                        {err("ended_on")}
                    </label>
                </div>
                <label class="check">
                    <input type="checkbox" name="form[override_capacity]" data-testid="override"/>
                    {move || t().override_capacity}
                </label>
                <button type="submit" class="primary">{move || t().create_pairing}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PairingTable(
    rows: Vec<PairingRow>,
    today: String,
    end: ServerAction<EndPairing>,
    reassign: ServerAction<ReassignPairing>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = StoredValue::new(rows);
    let today = StoredValue::new(today);
    move || {
        let t = i18n.t();
        let locale = i18n.locale.get();
        view! {
            <div class="table-wrap" tabindex="0">
                <table data-testid="pairing-table">
                    <thead>
                        <tr>
                            <th>{t.label_mentor}</th>
                            <th>{t.label_mentee}</th>
                            <th>{t.label_school}</th>
                            <th>{t.label_programme}</th>
                            <th>{t.label_start}</th>
                            <th>{t.label_end}</th>
                            <th class="num">{t.col_load}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.get_value().into_iter().map(|r| {
                            let (id_end, id_move) = (r.id.to_string(), r.id.to_string());
                            let active = r.ended_on.is_none();
                            view! {
                                <tr>
                                    <td>{format!("{} {}", r.mentor_name, r.mentor_staff_no)}</td>
                                    <td><A href=format!("/teachers/{}", r.mentee_id)>{r.mentee_name.clone()}</A>{format!(" {}", r.mentee_staff_no)}</td>
                                    <td>{r.school_name.clone()}</td>
                                    <td>{r.programme.as_ref().map(|p| bilingual(locale, p)).unwrap_or_default()}</td>
                                    <td>{r.started_on.format("%Y-%m-%d").to_string()}</td>
                                    <td>{r.ended_on.map(|d| format!("{} {}", d.format("%Y-%m-%d"), r.end_reason.clone().unwrap_or_default())).unwrap_or_default()}</td>
                                    <td class="num">
                                        {format!("{}/{}", r.mentor_load, r.mentor_capacity)}
                                        {r.over_capacity.then(|| view! { " " <span class="pill warn">{t.flag_over_capacity}</span> })}
                                        {r.cross_school.then(|| view! { " " <span class="pill warn" data-testid="cross-school">{t.flag_cross_school}</span> })}
                                    </td>
                                    <td>
                                        {active.then(|| view! {
                                            <details class="row-menu">
                                                <summary>{t.end_pairing} " / " {t.reassign}</summary>
                                                <ActionForm action=end attr:class="form">
                                                    <input type="hidden" name="id" value=id_end/>
                                                    <input type="date" name="ended_on" value=today.get_value() required aria-label=t.label_end/>
                                                    <input type="text" name="reason" placeholder=t.label_end_reason aria-label=t.label_end_reason required maxlength="200"/>
                                                    <button type="submit" class="secondary">{t.end_pairing}</button>
                                                </ActionForm>
                                                <ActionForm action=reassign attr:class="form">
                                                    <input type="hidden" name="id" value=id_move/>
                                                    <input type="text" name="mentor_staff_no" placeholder=t.label_new_mentor aria-label=t.label_new_mentor required maxlength="20"/>
                                                    <input type="date" name="on_date" value=today.get_value() required aria-label=t.label_date/>
                                                    <label class="check"><input type="checkbox" name="override_capacity"/>{t.override_capacity}</label>
                                                    <button type="submit" class="secondary">{t.reassign}</button>
                                                </ActionForm>
                                            </details>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    }
}
