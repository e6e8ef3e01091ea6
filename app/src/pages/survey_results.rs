//! A survey's results (center staff, coordinators): who was asked and who answered, each
//! question's answers as bars with their table and cut by years of teaching, stage and
//! subject, the free-text answers, and the training planned from each need with what it gave.
use crate::api::surveys::fetch_survey_results;
use crate::components::error_box::guarded;
use crate::components::route::id_param;
use crate::domain::hours::format_tenths;
use crate::domain::percent::percent;
use crate::domain::survey::{value_labels, QuestionKind, Tally};
use crate::domain::survey_results::{GroupTally, QuestionResult};
use crate::i18n::{use_i18n, Texts};
use crate::pages::surveys::status_line;
use crate::views::surveys::{RateRow, SurveyResults};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SurveyResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param("id");
    let data = Resource::new(move || id.get(), fetch_survey_results);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| view! { <Results v/> }))}
        </Suspense>
    }
}

#[component]
fn Results(v: SurveyResults) -> impl IntoView {
    let t = use_i18n().t();
    let s = t.surveys;
    let id = v.head.id;
    let may_plan = v.may_plan;
    view! {
        <h1>{v.head.title.clone()}</h1>
        <p class="muted">{status_line(&v.head, t)}
            {v.head.anonymous.then(|| view! { " · " <span class="pill">{s.anonymous_pill}</span> })}
            {v.may_edit.then(|| view! { " · " <A href=format!("/surveys/{id}/edit")>{s.view_survey}</A> })}
            " · " <a href=format!("/surveys/{id}/export.xlsx") data-download="" data-testid="export-results">{s.export}</a>
        </p>
        <section class="card" data-testid="response-rate">
            <h2>{s.response_rate}</h2>
            <p class="big-number">{format!("{}%", percent(v.answered, v.targeted))}
                <span class="muted small">" " {(s.answered_of)(v.answered, v.targeted)}</span>
            </p>
            <div class="grid-2">
                {rate_table(t.label_school, &v.by_school, "rate-schools")}
                {rate_table(t.label_cohort, &v.by_cohort, "rate-cohorts")}
            </div>
            {v.not_answered.map(|rows| view! {
                <details data-testid="not-answered">
                    <summary>{(s.not_answered_n)(rows.len())}</summary>
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <thead><tr><th>{t.col_name}</th><th>{t.col_staff_no}</th><th>{t.label_school}</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr><td><A href=format!("/teachers/{}", r.teacher_id)>{r.name}</A></td><td>{r.staff_no}</td><td>{r.school}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </details>
            })}
        </section>
        {v.questions.into_iter().map(|r| view! { <QuestionCard r may_plan/> }).collect_view()}
        <section class="card" data-testid="needs">
            <h2>{s.needs_title}</h2>
            {if v.needs.is_empty() {
                view! { <p class="muted">{s.no_needs}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <thead><tr><th>{s.col_need}</th><th>{s.col_events}</th><th class="num">{s.col_reached}</th><th class="num">{t.label_hours}</th></tr></thead>
                            <tbody>
                                {v.needs.into_iter().map(|n| view! {
                                    <tr>
                                        <td>{n.label}</td>
                                        <td>{n.events.into_iter().map(|(id, title, day)| view! {
                                            <A href=format!("/events/{id}")>{title}</A> <span class="muted small">" " {day.format("%Y-%m-%d").to_string()}</span><br/>
                                        }).collect_view()}</td>
                                        <td class="num">{n.teachers_reached}</td>
                                        <td class="num">{format_tenths(n.hours_tenths)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn rate_table(title: &'static str, rows: &[RateRow], testid: &'static str) -> impl IntoView {
    let t = use_i18n().t();
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid=testid>
                <thead><tr><th>{title}</th><th class="num">{t.surveys.col_targeted}</th><th class="num">{t.surveys.col_answered}</th><th class="num">"%"</th></tr></thead>
                <tbody>
                    {rows.iter().map(|r| view! {
                        <tr><td>{r.group.clone()}</td><td class="num">{r.targeted}</td><td class="num">{r.answered}</td><td class="num">{percent(r.answered, r.targeted)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn QuestionCard(r: QuestionResult, may_plan: bool) -> impl IntoView {
    let t = use_i18n().t();
    let s = t.surveys;
    let q = r.question.clone();
    let labels = value_labels(&q);
    let body = match (&r.overall, q.kind) {
        (None, _) => view! { <p class="muted" data-testid="hidden-small">{(s.hidden_small)(r.answered)}</p> }.into_any(),
        (Some(_), QuestionKind::Text) => view! {
            <ul class="texts">{r.texts.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul>
        }
        .into_any(),
        (Some(tally), _) => {
            let rank = q.kind == QuestionKind::Rank;
            let needs: Vec<i32> = q.kind.need_values(q.options.len());
            view! {
                <div class="table-wrap" tabindex="0">
                    <table class="tally" data-testid="tally">
                        <thead><tr>
                            <th>{s.col_answer}</th><th class="num">{if rank { s.col_first } else { s.col_count }}</th><th>"%"</th>
                            {rank.then(|| view! { <th class="num">{s.col_mean_place}</th> })}
                            {may_plan.then(|| view! { <th></th> })}
                        </tr></thead>
                        <tbody>
                            {labels.iter().enumerate().map(|(i, label)| {
                                let value = if q.kind == QuestionKind::Scale { i as i32 + 1 } else { i as i32 };
                                let count = tally.counts.get(i).copied().unwrap_or(0);
                                let pct = percent(count, tally.answered);
                                view! {
                                    <tr>
                                        <td>{label.clone()}</td>
                                        <td class="num">{count}</td>
                                        <td class="bar-cell"><div class="bar" role="img" aria-label=format!("{pct}%")><div class="bar-fill" style=format!("width: {pct}%")></div></div>{format!(" {pct}%")}</td>
                                        {rank.then(|| view! { <td class="num">{tally.mean_place_x100.get(i).map(|m| format!("{:.2}", *m as f64 / 100.0)).unwrap_or_default()}</td> })}
                                        {(may_plan && needs.contains(&value)).then(|| view! {
                                            <td><A href=format!("/events?need={}:{value}", q.id) attr:data-testid="plan-event">{s.plan_event}</A></td>
                                        })}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <details class="crosstab">
                    <summary>{s.crosstab}</summary>
                    {crosstab(s.by_band, &r.by_band, &labels, t, |g| (s.band_label)(g))}
                    {crosstab(t.label_stage, &r.by_stage, &labels, t, |g| Texts::label(t.stages, g))}
                    {crosstab(t.label_subject, &r.by_subject, &labels, t, str::to_string)}
                </details>
            }
            .into_any()
        }
    };
    view! {
        <section class="card" data-testid="question-result">
            <h2>{format!("{}. {}", q.position, q.prompt)}</h2>
            <p class="muted small">{Texts::label(s.kinds, q.kind.code())} " · " {(s.answered_n)(r.answered)}</p>
            {body}
        </section>
    }
}

/// One cut of a question: a row per group, its answers per value (or hidden when too small).
fn crosstab(
    title: &'static str,
    groups: &[GroupTally],
    labels: &[String],
    t: &'static Texts,
    label: impl Fn(&str) -> String,
) -> impl IntoView {
    let s = t.surveys;
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="crosstab-table">
                <thead><tr><th>{title}</th><th class="num">"n"</th>{labels.iter().map(|l| view! { <th class="num">{l.clone()}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {groups.iter().map(|g| view! {
                        <tr>
                            <td>{label(&g.group)}</td>
                            <td class="num">{g.answered}</td>
                            {match &g.tally {
                                Some(tally) => cells(tally, labels.len()).into_any(),
                                None => view! { <td colspan=labels.len().to_string() class="muted small">{s.hidden_group}</td> }.into_any(),
                            }}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn cells(tally: &Tally, n: usize) -> impl IntoView {
    (0..n)
        .map(|i| {
            let c = tally.counts.get(i).copied().unwrap_or(0);
            view! { <td class="num">{format!("{c} ({}%)", percent(c, tally.answered))}</td> }
        })
        .collect_view()
}
