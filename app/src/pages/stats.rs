//! The statistics area: the filters (a GET form, so the URL holds them and they work without
//! JavaScript), one view at a time with its charts and tables, exports, and the drill-down list.
use crate::api::stats::{fetch_stat_teachers, fetch_stats};
use crate::components::bar_chart::StatChart;
use crate::components::error_box::guarded;
use crate::components::pager::Pager;
use crate::domain::stats::StatsFilter;
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use crate::views::stats::VIEWS;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

fn filter_from_query(q: &leptos_router::params::ParamsMap) -> StatsFilter {
    let get = |k: &str| q.get(k).unwrap_or_default();
    StatsFilter {
        cohort: get("cohort"),
        school: get("school"),
        subject: get("subject"),
        stage: get("stage"),
        programme: get("programme"),
        area: get("area"),
    }
}

#[component]
pub fn StatsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (q.get("view").unwrap_or_default(), filter_from_query(&q))
    };
    let data = Resource::new(args, |(view, filter)| fetch_stats(view, filter));
    view! {
        <h1>{move || i18n.t().stats_title}</h1>
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = i18n.t();
                let locale = i18n.locale.get();
                let f = v.filter.clone();
                let q = f.query();
                let sep = if q.is_empty() { "" } else { "&" };
                let stages: Vec<&'static str> = crate::domain::codes::Stage::ALL.iter().map(|s| s.code()).collect();
                view! {
                    <nav class="chips" data-testid="stat-views">
                        {VIEWS.iter().map(|view| view! {
                            <a href=format!("/stats?view={view}{sep}{q}") class=if *view == v.view { "chip active" } else { "chip" }>{Texts::label(t.stat_views, view)}</a>
                        }).collect_view()}
                    </nav>
                    <form method="get" action="/stats" class="form card filters" data-testid="stat-filters">
                        <input type="hidden" name="view" value=v.view.clone()/>
                        <div class="form-grid">
                            <label class="form-row"><span>{t.label_cohort}</span><select name="cohort">
                                <option value="">{t.all}</option>
                                {v.cohorts.iter().map(|y| view! { <option value=y.to_string() selected=y.to_string() == f.cohort>{(t.cohort_name)(*y)}</option> }).collect_view()}
                            </select></label>
                            {(!v.areas.is_empty()).then(|| view! {
                                <label class="form-row"><span>{t.label_area}</span><select name="area">
                                    <option value="">{t.all}</option>
                                    {v.areas.iter().map(|a| view! { <option value=a.clone() selected=*a == f.area>{a.clone()}</option> }).collect_view()}
                                </select></label>
                            })}
                            {(v.schools.len() > 1).then(|| view! {
                                <label class="form-row"><span>{t.label_school}</span><select name="school">
                                    <option value="">{t.all}</option>
                                    {v.schools.iter().map(|s| view! { <option value=s.id.to_string() selected=s.id.to_string() == f.school>{s.name.clone()}</option> }).collect_view()}
                                </select></label>
                            })}
                            <label class="form-row"><span>{t.label_subject}</span><select name="subject">
                                <option value="">{t.all}</option>
                                {v.subjects.iter().map(|s| view! { <option value=s.clone() selected=*s == f.subject>{s.clone()}</option> }).collect_view()}
                            </select></label>
                            <label class="form-row"><span>{t.label_stage}</span><select name="stage">
                                <option value="">{t.all}</option>
                                {stages.iter().map(|s| view! { <option value=*s selected=*s == f.stage>{Texts::label(t.stages, s)}</option> }).collect_view()}
                            </select></label>
                            <label class="form-row"><span>{t.label_programme}</span><select name="programme">
                                <option value="">{t.all}</option>
                                {v.programmes.iter().map(|(code, name, name_en)| view! { <option value=code.clone() selected=*code == f.programme>{bilingual(locale, &(name.clone(), name_en.clone()))}</option> }).collect_view()}
                            </select></label>
                        </div>
                        <button type="submit" class="secondary" data-testid="apply-filters">{t.filter}</button>
                    </form>
                    <p class="actions">
                        <span data-testid="stat-total">{(t.stat_total)(v.total)}</span>
                        {v.as_of.clone().map(|at| view! { <span class="muted" data-testid="stat-as-of">{(t.stat_as_of)(&at)}</span> })}
                        {v.updating.then(|| view! { <span class="muted" data-testid="stat-updating">{t.stat_updating}</span> })}
                        <a href=format!("/stats/export.xlsx?view={}{sep}{q}", v.view) download class="button secondary" data-testid="export-xlsx">{t.export_xlsx}</a>
                        <a href=format!("/stats/export.csv?view={}{sep}{q}", v.view) download class="button secondary" data-testid="export-csv">{t.export_csv}</a>
                        <A href=format!("/stats/teachers?{q}")>{t.stat_list}</A>
                    </p>
                    {v.tables.into_iter().map(|table| view! { <StatChart table filter=f.clone()/> }).collect_view()}
                }
            }))}
        </Transition>
    }
}

/// The teachers behind a number, each linked to their growth path.
#[component]
pub fn StatTeachersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            let page = q.get("page").and_then(|p| p.parse().ok());
            (filter_from_query(&q), page)
        },
        |(filter, page)| fetch_stat_teachers(filter, page),
    );
    view! {
        <h1>{move || i18n.t().stat_list}</h1>
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = i18n.t();
                let locale = i18n.locale.get();
                let filters = filter_from_query(&query.read_untracked()).query();
                let rows = v.rows;
                view! {
                    <p class="muted" data-testid="stat-teacher-count">{(t.stat_total)(v.total)}</p>
                    <div class="table-wrap" tabindex="0">
                        <table data-testid="stat-teachers">
                            <thead><tr><th>{t.col_staff_no}</th><th>{t.col_name}</th><th>{t.label_school}</th><th>{t.label_cohort}</th><th>{t.label_subject}</th><th>{t.label_tier}</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|x| view! {
                                    <tr>
                                        <td>{x.staff_no}</td>
                                        <td><A href=format!("/teachers/{}/growth", x.id)>{x.name}</A></td>
                                        <td>{x.school_name}</td>
                                        <td>{x.cohort_year.map(|y| (t.cohort_name)(y)).unwrap_or_default()}</td>
                                        <td>{x.subject}</td>
                                        <td>{x.tier.as_ref().map(|p| bilingual(locale, p)).unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <Pager path="/stats/teachers" filters page=v.page pages=v.pages/>
                }
            }))}
        </Transition>
    }
}
