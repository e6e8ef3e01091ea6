//! The claim queue: coordinators give the first approval for their school, center staff the
//! final one (审定). Filters are a plain GET form, so the URL holds them and they work without JS.
use crate::api::hours::{fetch_claim_queue, ReviewClaim};
use crate::components::error_box::guarded;
use crate::components::{claim_card::ClaimFacts, form_result::form_problems};
use crate::domain::claims::{ClaimStatus, ReviewStep};
use crate::i18n::use_i18n;
use crate::pages::hours::{code_options, level_codes};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let query = use_query_map();
    let review = ServerAction::<ReviewClaim>::new();
    let filters = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        (get("status"), get("school"), get("level"), get("q"))
    };
    let data = Resource::new(filters, |(status, school, level, q)| {
        fetch_claim_queue(status, school, level, q)
    });
    view! {
        <h1>{move || t().review_title}</h1>
        {form_problems(review)}
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = t();
                let (_, school, level, q) = filters();
                let statuses: Vec<&'static str> = ClaimStatus::ALL.iter().map(|s| s.code()).collect();
                view! {
                    <form method="get" action="/hours/review" class="form card filters">
                        <div class="form-grid">
                            <label class="form-row"><span>{t.col_status}</span>
                                <select name="status">
                                    {code_options(&statuses, t.claim_statuses, &v.status)}
                                    <option value="all" selected=v.status == "all">{t.all}</option>
                                </select></label>
                            {v.is_center.then(|| view! {
                                <label class="form-row"><span>{t.label_school}</span>
                                    <select name="school">
                                        <option value="">{t.all}</option>
                                        {v.schools.iter().map(|s| view! { <option value=s.id.to_string() selected=s.id.to_string() == school>{s.name.clone()}</option> }).collect_view()}
                                    </select></label>
                            })}
                            <label class="form-row"><span>{t.label_level}</span>
                                <select name="level">
                                    <option value="">{t.all}</option>
                                    {code_options(&level_codes(), t.levels, &level)}
                                </select></label>
                            <label class="form-row"><span>{t.search}</span>
                                <input type="search" name="q" value=q placeholder=t.search_claims_hint/></label>
                        </div>
                        <button type="submit" class="secondary">{t.filter}</button>
                    </form>
                    <p class="muted" data-testid="queue-total">{(t.queue_total)(v.total, v.rows.len() as i64)}</p>
                    <ul class="claim-list" data-testid="queue">
                        {v.rows.into_iter().map(|c| {
                            let step = ReviewStep::of(c.status);
                            let may = match step {
                                Some(ReviewStep::School) => !v.is_center,
                                Some(ReviewStep::Center) => v.is_center,
                                None => false,
                            };
                            let id = c.id.to_string();
                            view! {
                                <li class="session card" data-testid="queue-claim">
                                    <ClaimFacts claim=c show_teacher=true/>
                                    {may.then(|| view! { <Decide id review/> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {(v.total == 0).then(|| view! { <p class="muted">{t.queue_empty}</p> })}
                }
            }))}
        </Transition>
    }
}

#[component]
fn Decide(id: String, review: ServerAction<ReviewClaim>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let id2 = id.clone();
    view! {
        <div class="decide">
            <ActionForm action=review attr:class="inline-form">
                <input type="hidden" name="id" value=id.clone()/>
                <input type="hidden" name="decision" value="approve"/>
                <input type="hidden" name="reason" value=""/>
                <button type="submit" class="primary" data-testid="approve">{t.approve}</button>
            </ActionForm>
            <details class="dispute">
                <summary>{t.reject}</summary>
                <ActionForm action=review attr:class="form">
                    <input type="hidden" name="id" value=id2/>
                    <input type="hidden" name="decision" value="reject"/>
                    <label class="form-row"><span>{t.label_reject_reason}</span>
                        <input type="text" name="reason" required maxlength="500" data-testid="reject-reason-input"/></label>
                    <button type="submit" class="secondary" data-testid="reject">{t.reject}</button>
                </ActionForm>
            </details>
        </div>
    }
}
