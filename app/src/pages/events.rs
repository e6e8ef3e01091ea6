//! Training events (center staff): the list with a create form, one event with its attendees
//! and the two ways to award its hours (paste staff numbers, or upload a sign-in sheet), and
//! the preview of an award before it is written.
use crate::api::events::{
    fetch_award, fetch_event, fetch_events, ApplyAward, CreateEvent, StageAward,
};
use crate::api::surveys::fetch_need;
use crate::components::error_box::guarded;
use crate::components::form_result::{
    field_error, form_done, form_error, form_output, QueryErrors,
};
use crate::components::preview_table::{PreviewRow, PreviewTable};
use crate::components::route::id_param;
use crate::domain::events::AwardStatus;
use crate::domain::hours::format_tenths;
use crate::error::{problem_message, FieldProblem};
use crate::i18n::{use_i18n, Texts};
use crate::pages::hours::{code_options, level_codes};
use crate::views::events::EventRow;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

fn event_facts(e: &EventRow, t: &'static Texts) -> String {
    let dates = if e.starts_on == e.ends_on {
        e.starts_on.format("%Y-%m-%d").to_string()
    } else {
        format!(
            "{} – {}",
            e.starts_on.format("%Y-%m-%d"),
            e.ends_on.format("%Y-%m-%d")
        )
    };
    format!(
        "{} · {} · {} · {} · {}",
        e.organizer,
        dates,
        Texts::label(t.levels, &e.level),
        Texts::label(t.categories, &e.category),
        (t.hours_n)(&format_tenths(e.tenths))
    )
}

#[component]
pub fn EventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let query = use_query_map();
    let create = ServerAction::<CreateEvent>::new();
    let filters = move || {
        let q = query.read();
        (
            q.get("q").unwrap_or_default(),
            q.get("year").unwrap_or_default(),
        )
    };
    let data = Resource::new(filters, |(q, year)| fetch_events(q, year));
    // Planned from a survey's result (`?need=question:value`): the form says which need.
    let need = Resource::new(
        move || query.read().get("need").unwrap_or_default(),
        |n| async move {
            if n.is_empty() {
                None
            } else {
                fetch_need(n).await.ok()
            }
        },
    );
    view! {
        <h1>{move || t().events_title}</h1>
        {move || form_done(create)().then(|| view! {
            <p class="notice" role="status">{t().event_created} " "
                {form_output(create)().map(|e| view! { <A href=format!("/events/{}", e.id) attr:data-testid="created-event">{e.title}</A> })}
            </p>
        })}
        {form_error(create)}
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = t();
                let (q, year) = filters();
                let today = v.today.format("%Y-%m-%d").to_string();
                let categories: Vec<&'static str> = ["general", "subject", "moral", "it", "research", "other"].to_vec();
                let need = need.get().flatten();
                let open = v.rows.is_empty() || form_error(create)().is_some() || need.is_some();
                view! {
                    <details class="card" open=open>
                        <summary><strong>{t.new_event}</strong></summary>
                        <ActionForm action=create attr:class="form" attr:data-testid="event-form">
                            {need.map(|n| view! {
                                <input type="hidden" name="form[need]" value=n.need.clone()/>
                                <p class="notice" data-testid="event-need">{(t.surveys.need_for)(&n.survey_title, &format!("{} — {}", n.prompt, n.value))}</p>
                            })}
                            {field_error(create, "need")}
                            <label class="form-row"><span>{t.label_item}</span><input type="text" name="form[title]" required maxlength="200"/>{field_error(create, "title")}</label>
                            <label class="form-row"><span>{t.label_organizer}</span><input type="text" name="form[organizer]" required maxlength="100"/>{field_error(create, "organizer")}</label>
                            <div class="form-grid">
                                <label class="form-row"><span>{t.label_level}</span><select name="form[level]">{code_options(&level_codes(), t.levels, "district")}</select>{field_error(create, "level")}</label>
                                <label class="form-row"><span>{t.label_category}</span><select name="form[category]">{code_options(&categories, t.categories, "subject")}</select>{field_error(create, "category")}</label>
                                <label class="form-row"><span>{t.label_start}</span><input type="date" name="form[starts_on]" required max=today.clone()/>{field_error(create, "starts_on")}</label>
                                <label class="form-row"><span>{t.label_end}</span><input type="date" name="form[ends_on]" max=today/>{field_error(create, "ends_on")}</label>
                                <label class="form-row"><span>{t.label_hours}</span><input type="text" name="form[hours]" inputmode="decimal" required/>{field_error(create, "hours")}</label>
                            </div>
                            <button type="submit" class="primary" data-testid="create-event">{t.create}</button>
                        </ActionForm>
                    </details>
                    <form method="get" action="/events" class="inline-form filters">
                        <input type="search" name="q" value=q placeholder=t.search aria-label=t.search/>
                        <input type="number" name="year" value=year placeholder=t.label_year aria-label=t.label_year min="2000" max="2100"/>
                        <button type="submit" class="secondary">{t.filter}</button>
                    </form>
                    <div class="table-wrap" tabindex="0">
                        <table data-testid="events">
                            <thead><tr><th>{t.col_date}</th><th>{t.label_item}</th><th>{t.label_level}</th><th class="num">{t.label_hours}</th><th class="num">{t.col_awarded}</th></tr></thead>
                            <tbody>
                                {v.rows.into_iter().map(|e| view! {
                                    <tr>
                                        <td>{e.starts_on.format("%Y-%m-%d").to_string()}</td>
                                        <td><A href=format!("/events/{}", e.id)>{e.title.clone()}</A><br/><span class="muted small">{e.organizer.clone()}</span></td>
                                        <td>{Texts::label(t.levels, &e.level)}</td>
                                        <td class="num">{format_tenths(e.tenths)}</td>
                                        <td class="num">{e.awarded}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            }))}
        </Transition>
    }
}

#[component]
pub fn EventPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let id = id_param("id");
    let stage = ServerAction::<StageAward>::new();
    let data = Resource::new(move || id.get(), fetch_event);
    view! {
        <QueryErrors/>
        {form_error(stage)}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |d| {
                let t = t();
                let e = d.event;
                view! {
                    <h1>{e.title.clone()}</h1>
                    <p class="muted">{event_facts(&e, t)}</p>
                    <section class="card">
                        <h2>{t.award_title}</h2>
                        <ActionForm action=stage attr:class="form">
                            <input type="hidden" name="event_id" value=e.id.to_string()/>
                            <label class="form-row"><span>{t.paste_staff_nos}</span>
                                <textarea name="staff_nos" rows="6" required data-testid="paste-staff" placeholder="T201000001\nT201000002"></textarea>{field_error(stage, "staff_nos")}</label>
                            <button type="submit" class="primary" data-testid="check-paste">{t.check_list}</button>
                        </ActionForm>
                        <form method="post" action=format!("/events/{}/award", e.id) enctype="multipart/form-data" class="inline-form">
                            <label><span>{t.upload_sheet}</span> <input type="file" name="file" required accept=".xlsx,.csv" data-testid="sheet-file"/></label>
                            <button type="submit" class="secondary" data-testid="upload-sheet">{t.check_list}</button>
                        </form>
                        <p class="muted small">{t.sheet_hint}</p>
                    </section>
                    <section class="card">
                        <h2>{(t.awarded_n)(e.awarded)}</h2>
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="attendees">
                                <thead><tr><th>{t.col_staff_no}</th><th>{t.col_name}</th><th>{t.label_school}</th></tr></thead>
                                <tbody>
                                    {d.attendees.into_iter().map(|a| view! {
                                        <tr><td>{a.staff_no}</td><td><A href=format!("/teachers/{}/hours", a.teacher_id)>{a.name}</A></td><td>{a.school_name}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                    <p><A href="/events">{t.events_title}</A></p>
                }
            }))}
        </Suspense>
    }
}

fn status_text(status: &AwardStatus, t: &'static Texts) -> (&'static str, String) {
    match status {
        AwardStatus::Ready => ("pill ok", t.award_ready.to_string()),
        AwardStatus::AlreadyAwarded => ("pill", t.award_already.to_string()),
        AwardStatus::Duplicate { first_line } => ("pill warn", (t.award_duplicate)(*first_line)),
        AwardStatus::UnknownStaffNo => (
            "pill warn",
            problem_message(FieldProblem::UnknownStaffNo, t),
        ),
        AwardStatus::NotYetHired => ("pill warn", t.award_not_hired.to_string()),
        AwardStatus::Left => ("pill warn", t.award_left.to_string()),
    }
}

#[component]
pub fn AwardPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let id = id_param("id");
    let apply = ServerAction::<ApplyAward>::new();
    let data = Resource::new(move || id.get(), fetch_award);
    view! {
        <h1>{move || t().award_preview_title}</h1>
        {move || form_output(apply)().map(|o| view! { <p class="notice" role="status" data-testid="award-done">{(t().award_done)(o.awarded, o.skipped)}</p> })}
        {form_error(apply)}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |p| {
                let t = t();
                let count = |f: fn(&AwardStatus) -> bool| p.rows.iter().filter(|r| f(&r.status)).count() as i64;
                let ready = count(|s| *s == AwardStatus::Ready);
                let already = count(|s| *s == AwardStatus::AlreadyAwarded);
                let problems = p.rows.len() as i64 - ready - already;
                let facts = event_facts(&p.event, t);
                view! {
                    <section class="card">
                        <h2><A href=format!("/events/{}", p.event.id)>{p.event.title.clone()}</A></h2>
                        <p class="muted">{facts} " · " {p.source.clone()}</p>
                        <p data-testid="award-summary">{(t.award_summary)(ready, already, problems)}</p>
                        {(!p.applied && ready > 0).then(|| view! {
                            <ActionForm action=apply attr:class="form">
                                <input type="hidden" name="id" value=p.id.to_string()/>
                                <button type="submit" class="primary" data-testid="apply-award">{(t.confirm_award)(ready)}</button>
                            </ActionForm>
                        })}
                        <PreviewTable testids=("award-table", "award-status") columns=vec![
                            t.col_staff_no.to_string(),
                            t.col_name.to_string(),
                            t.label_school.to_string(),
                        ] rows=p.rows.into_iter().map(|r| {
                            let name = match (&r.name, r.sheet_name.is_empty()) {
                                (Some(n), true) => n.clone(),
                                (Some(n), false) if *n == r.sheet_name => n.clone(),
                                (Some(n), false) => format!("{n}（{}）", r.sheet_name),
                                (None, _) => r.sheet_name.clone(),
                            };
                            PreviewRow {
                                line: r.line,
                                pill: status_text(&r.status, t),
                                cells: vec![r.staff_no, name, r.school_name.unwrap_or_default()],
                            }
                        }).collect()/>
                    </section>
                }
            }))}
        </Suspense>
    }
}
