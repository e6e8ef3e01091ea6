//! The roster: search and filters (a plain GET form, so links and the back button keep them),
//! a page of teachers, the export, and the one-time passwords waiting to be handed out.
use crate::api::roster::fetch_roster;
use crate::components::error_box::guarded;
use crate::components::form_result::QueryErrors;
use crate::components::pager::{filter_query, Pager};
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use crate::views::roster::{Choice, RosterQuery, RosterView};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

/// The filters as the URL carries them.
fn query_of(q: &leptos_router::params::ParamsMap) -> RosterQuery {
    let get = |k: &str| q.get(k).unwrap_or_default();
    RosterQuery {
        q: get("q"),
        school: get("school"),
        subject: get("subject"),
        stage: get("stage"),
        cohort: get("cohort"),
        status: get("status"),
        tier: get("tier"),
        programme: get("programme"),
        page: get("page"),
    }
}

/// The filters as a URL query (without the page), for the pager and the export.
fn query_string(q: &RosterQuery) -> String {
    filter_query(&[
        ("q", &q.q),
        ("school", &q.school),
        ("subject", &q.subject),
        ("stage", &q.stage),
        ("cohort", &q.cohort),
        ("status", &q.status),
        ("tier", &q.tier),
        ("programme", &q.programme),
    ])
}

/// A `<select>` of `choices` with an "all" option, `current` selected.
fn select(
    name: &'static str,
    label: &'static str,
    all: &'static str,
    choices: Vec<(String, String)>,
    current: String,
) -> impl IntoView {
    view! {
        <label class="form-row">
            <span>{label}</span>
            <select name=name>
                <option value="">{all}</option>
                {choices.into_iter().map(|(value, text)| {
                    let selected = value == current;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

fn pairs(choices: &[Choice], locale: crate::i18n::Locale) -> Vec<(String, String)> {
    choices
        .iter()
        .map(|c| {
            (
                c.value.clone(),
                bilingual(locale, &(c.label.clone(), c.label_en.clone())),
            )
        })
        .collect()
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let query = use_query_map();
    let data = Resource::new(move || query_of(&query.read()), fetch_roster);
    view! {
        <h1>{move || t().roster_title}</h1>
        <QueryErrors/>
        <p class="row-actions">
            <A href="/roster/import">{move || t().intake_title}</A>
        </p>
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let q = query_of(&query.read());
                view! { <RosterBody v q/> }
            }))}
        </Transition>
    }
}

#[component]
fn RosterBody(v: RosterView, q: RosterQuery) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let locale = i18n.locale.get_untracked();
    let stages: Vec<(String, String)> = t
        .stages
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect();
    let statuses: Vec<(String, String)> = t
        .roster_statuses
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect();
    view! {
        {(v.pending_accounts > 0).then(|| view! { <PendingPasswords count=v.pending_accounts/> })}
        <form method="get" action="/roster" class="card form filters" data-testid="roster-filters">
            <div class="form-grid">
                <label class="form-row">
                    <span>{t.roster_search}</span>
                    <input type="search" name="q" value=q.q.clone() maxlength="50" data-testid="roster-q"/>
                </label>
                {select("school", t.label_school, t.all, pairs(&v.schools, locale), q.school.clone())}
                {select("subject", t.label_subject, t.all, v.subjects.iter().map(|s| (s.clone(), s.clone())).collect(), q.subject.clone())}
                {select("stage", t.label_stage, t.all, stages, q.stage.clone())}
                {select("cohort", t.label_cohort, t.all, v.cohorts.iter().map(|y| (y.to_string(), (t.cohort_name)(*y))).collect(), q.cohort.clone())}
                {select("status", t.roster_status, t.roster_active, statuses, q.status.clone())}
                {select("tier", t.label_tier, t.all, pairs(&v.tiers, locale), q.tier.clone())}
                {select("programme", t.label_programmes, t.all, pairs(&v.programmes, locale), q.programme.clone())}
            </div>
            <div class="row-actions">
                <button type="submit" class="primary">{t.roster_filter}</button>
                <a href=format!("/roster.xlsx?{}", query_string(&q)) download class="button secondary" data-testid="roster-export">{t.export_xlsx}</a>
            </div>
        </form>
        <p class="muted" data-testid="roster-total">{(t.roster_total)(v.total)}</p>
        <div class="table-wrap" tabindex="0">
            <table data-testid="roster-table">
                <thead><tr>
                    <th>{t.col_staff_no}</th><th>{t.col_name}</th><th>{t.label_school}</th><th>{t.label_subject}</th>
                    <th>{t.label_stage}</th><th>{t.label_cohort}</th><th>{t.label_tier}</th><th>{t.roster_account}</th>
                </tr></thead>
                <tbody>
                    {v.rows.into_iter().map(|r| view! {
                        <tr class:muted=!r.active>
                            <td>{r.staff_no}</td>
                            <td><A href=format!("/roster/{}", r.id)>{r.name}</A></td>
                            <td>{r.school_name}</td>
                            <td>{r.subject}</td>
                            <td>{Texts::label(t.stages, &r.stage)}</td>
                            <td>{r.cohort_year.map(|y| (t.cohort_name)(y)).unwrap_or_default()}</td>
                            <td>{r.tier.as_ref().map(|p| bilingual(locale, p)).unwrap_or_default()}</td>
                            <td>{Texts::label(t.account_states, r.account.code())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager path="/roster" filters=query_string(&q) page=v.page pages=v.pages/>
    }
}

/// The accounts waiting for one-time passwords, and the two ways to hand them out: a sheet
/// to send on, or slips to print (one A4 page per teacher). Each issues new passwords.
#[component]
pub fn PendingPasswords(count: i64) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <section class="card notice" data-testid="pending-passwords">
            <p>{(t.pending_accounts)(count)}</p>
            <div class="row-actions">
                <form method="post" action="/roster/passwords" target="_blank" class="inline-form">
                    <input type="hidden" name="format" value="print"/>
                    <button type="submit" class="primary" data-testid="print-slips">{t.print_slips}</button>
                </form>
                <form method="post" action="/roster/passwords" class="inline-form" data-download="">
                    <input type="hidden" name="format" value="xlsx"/>
                    <button type="submit" class="secondary" data-testid="download-passwords">{t.download_passwords}</button>
                </form>
            </div>
            <p class="muted">{t.passwords_once}</p>
        </section>
    }
}
