//! A teacher's hours (我的学时): standing against each rule, claims in the chain, the ledger.
//! Also at /teachers/:id/hours for those who may see the teacher; center staff correct records.
use crate::api::hours::{fetch_hours, CorrectRecord, WithdrawClaim};
use crate::components::error_box::guarded;
use crate::components::{claim_card::ClaimFacts, form_result::form_problems, rule_bars::RuleBars};
use crate::domain::codes::Level;
use crate::domain::hours::format_tenths;
use crate::domain::requirements::Category;
use crate::i18n::{use_i18n, Texts};
use crate::views::hours::HoursView;
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

/// The teacher in the path, if any (`None` on /hours: one's own).
pub fn teacher_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|v| v.parse::<i64>().ok()))
}

#[component]
pub fn HoursPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let teacher = teacher_param();
    let query = use_query_map();
    let withdraw = ServerAction::<WithdrawClaim>::new();
    let correct = ServerAction::<CorrectRecord>::new();
    let data = Resource::new(move || teacher.get(), fetch_hours);
    view! {
        <h1>{move || t().hours_title}</h1>
        {move || query.read().get("filed").map(|_| view! { <p class="notice" role="status" data-testid="claim-filed">{t().claim_filed}</p> })}
        {form_problems(withdraw)}
        {form_problems(correct)}
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| view! { <HoursBody v withdraw correct/> }))}
        </Transition>
    }
}

#[component]
fn HoursBody(
    v: HoursView,
    withdraw: ServerAction<WithdrawClaim>,
    correct: ServerAction<CorrectRecord>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let (print_href, xlsx_href) = if v.own {
        (
            "/hours/transcript".to_string(),
            "/hours/transcript.xlsx".to_string(),
        )
    } else {
        (
            format!("/teachers/{}/transcript", v.teacher_id),
            format!("/hours/transcript.xlsx?teacher={}", v.teacher_id),
        )
    };
    let own = v.own;
    let can_correct = v.can_correct;
    let on_track = v.progress.on_track;
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{v.teacher_name.clone()}</h2>
                <span class="muted">{v.staff_no.clone()} " · " {v.school_name.clone()}</span>
                <span class=if on_track { "pill ok" } else { "pill warn" } data-testid="overall-standing">
                    {if on_track { t.on_track } else { t.behind }}
                </span>
            </div>
            <RuleBars progress=v.progress.clone()/>
            <p class="actions">
                {own.then(|| view! { <A href="/hours/claim" attr:class="button primary" attr:data-testid="new-claim">{t.new_claim}</A> })}
                <a href=print_href class="button secondary" data-testid="print-transcript">{t.print_transcript}</a>
                <a href=xlsx_href download class="button secondary" data-testid="export-transcript">{t.export_xlsx}</a>
            </p>
        </section>
        <section class="card">
            <h2>{t.claims_title}</h2>
            {v.claims.is_empty().then(|| view! { <p class="muted">{t.no_claims}</p> })}
            <ul class="claim-list" data-testid="my-claims">
                {v.claims.into_iter().map(|c| {
                    let pending = c.status.pending();
                    let id = c.id.to_string();
                    view! {
                        <li class="session card" data-testid="claim">
                            <ClaimFacts claim=c/>
                            {(own && pending).then(|| view! {
                                <ActionForm action=withdraw attr:class="inline-form">
                                    <input type="hidden" name="id" value=id.clone()/>
                                    <button type="submit" class="link-button" data-testid="withdraw">{t.withdraw}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section class="card">
            <h2>{t.ledger_title}</h2>
            <div class="table-wrap" tabindex="0">
                <table data-testid="ledger">
                    <thead>
                        <tr>
                            <th>{t.col_date}</th>
                            <th>{t.label_item}</th>
                            <th>{t.col_source}</th>
                            <th>{t.label_level}</th>
                            <th>{t.label_category}</th>
                            <th class="num">{t.label_hours}</th>
                            <th class="num">{t.col_counted}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {v.records.into_iter().map(|r| {
                            let capped = r.counted_tenths < r.tenths;
                            view! {
                                <tr>
                                    <td>{r.earned_on.format("%Y-%m-%d").to_string()}</td>
                                    <td>
                                        {r.title.clone()}
                                        {r.corrected.then(|| view! { " " <span class="pill">{t.corrected}</span> })}
                                        {can_correct.then(|| view! { <CorrectForm id=r.id tenths=r.tenths level=r.level.clone() category=r.category.clone() correct/> })}
                                    </td>
                                    <td>{Texts::label(t.hour_sources, &r.source)}</td>
                                    <td>{Texts::label(t.levels, &r.level)}</td>
                                    <td>{Texts::label(t.categories, &r.category)}</td>
                                    <td class="num">{format_tenths(r.tenths)}</td>
                                    <td class="num" class:warn=capped>{format_tenths(r.counted_tenths)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Options of a `<select>` over a code list, with `selected` chosen.
pub fn code_options(
    codes: &[&'static str],
    labels: crate::i18n::Labels,
    selected: &str,
) -> impl IntoView {
    codes
        .iter()
        .map(|code| {
            let code = *code;
            view! { <option value=code selected=code == selected>{Texts::label(labels, code)}</option> }
        })
        .collect_view()
}

pub fn level_codes() -> Vec<&'static str> {
    Level::ALL.iter().map(|l| l.code()).collect()
}

pub fn category_codes() -> Vec<&'static str> {
    Category::ALL.iter().map(|c| c.code()).collect()
}

#[component]
fn CorrectForm(
    id: i64,
    tenths: i64,
    level: String,
    category: String,
    correct: ServerAction<CorrectRecord>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <details class="correct">
            <summary>{t.correct}</summary>
            <ActionForm action=correct attr:class="form">
                <input type="hidden" name="id" value=id.to_string()/>
                <div class="form-grid">
                    <label class="form-row"><span>{t.label_hours}</span>
                        <input type="text" name="hours" inputmode="decimal" value=format_tenths(tenths) required/></label>
                    <label class="form-row"><span>{t.label_level}</span>
                        <select name="level">{code_options(&level_codes(), t.levels, &level)}</select></label>
                    <label class="form-row"><span>{t.label_category}</span>
                        <select name="category">{code_options(&category_codes(), t.categories, &category)}</select></label>
                    <label class="form-row"><span>{t.label_reason}</span>
                        <input type="text" name="reason" required maxlength="500"/></label>
                </div>
                <button type="submit" class="secondary">{t.save}</button>
            </ActionForm>
        </details>
    }
}
