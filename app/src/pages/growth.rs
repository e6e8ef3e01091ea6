//! "My growth path" (我的成长路径): identity, tier and the gap to the next tier, the timeline,
//! achievements with their verification, and the growth plan. Also at /teachers/:id/growth for
//! the mentor (reads, comments on goals), the school's coordinator and center staff (verify,
//! review).
use crate::api::growth::{
    fetch_growth, AddGoal, CorrectAchievement, DeleteAchievement, SaveGoalNote, VerifyAchievement,
};
use crate::components::criteria::CriteriaList;
use crate::components::error_box::guarded;
use crate::components::form_result::{field_error, form_error, form_problems};
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use crate::pages::hours::teacher_param;
use crate::views::growth::{AchievementRow, GoalNote, GoalRow, GrowthView};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

/// Kinds of timeline entries, in the order of the filter.
const KINDS: [&str; 7] = [
    "hire",
    "transfer",
    "promotion",
    "programme",
    "party",
    "achievement",
    "pairing",
];

#[derive(Clone, Copy)]
struct Actions {
    verify: ServerAction<VerifyAchievement>,
    delete: ServerAction<DeleteAchievement>,
    add_goal: ServerAction<AddGoal>,
    note: ServerAction<SaveGoalNote>,
    correct: ServerAction<CorrectAchievement>,
}

#[component]
pub fn GrowthPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let teacher = teacher_param();
    let query = use_query_map();
    let actions = Actions {
        verify: ServerAction::new(),
        delete: ServerAction::new(),
        add_goal: ServerAction::new(),
        note: ServerAction::new(),
        correct: ServerAction::new(),
    };
    let data = Resource::new(move || teacher.get(), fetch_growth);
    view! {
        <h1>{move || t().growth_title}</h1>
        {move || query.read().get("recorded").map(|_| view! { <p class="notice" role="status" data-testid="achievement-recorded">{t().achievement_recorded}</p> })}
        {form_problems(actions.verify)}
        {form_problems(actions.delete)}
        {form_error(actions.add_goal)}
        {form_problems(actions.note)}
        {form_problems(actions.correct)}
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| view! { <GrowthBody v actions/> }))}
        </Transition>
    }
}

#[component]
fn GrowthBody(v: GrowthView, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let locale = i18n.locale.get_untracked();
    let query = use_query_map();
    let print_href = if v.own {
        "/growth/print".to_string()
    } else {
        format!("/teachers/{}/growth/print", v.teacher_id)
    };
    let base = if v.own {
        "/growth".to_string()
    } else {
        format!("/teachers/{}/growth", v.teacher_id)
    };
    let timeline = StoredValue::new(v.timeline.clone());
    let filter_links = {
        let base = base.clone();
        move || {
            let current = query.read().get("kind").unwrap_or_default();
            let mut links = vec![(String::new(), t.all.to_string())];
            links.extend(
                KINDS
                    .iter()
                    .map(|k| (k.to_string(), Texts::label(t.timeline_kinds, k))),
            );
            links.into_iter().map(|(k, label)| {
                let href = if k.is_empty() { base.clone() } else { format!("{base}?kind={k}") };
                let class = if k == current { "chip active" } else { "chip" };
                view! { <a href=href class=class data-testid=format!("filter-{}", if k.is_empty() { "all" } else { &k })>{label}</a> }
            }).collect_view()
        }
    };
    let items = move || {
        let current = query.read().get("kind").unwrap_or_default();
        timeline
            .get_value()
            .into_iter()
            .filter(|i| current.is_empty() || i.kind == current)
            .map(|i| {
                let title = bilingual(locale, &(i.title.clone(), i.title_en.clone()));
                let what = match i.kind.as_str() {
                    "party" => Texts::label(t.party_stages, &i.code),
                    "achievement" => format!(
                        "{} · {} · {}",
                        Texts::label(t.achievement_kinds, &i.code),
                        title,
                        Texts::label(t.levels, &i.detail)
                    ),
                    "pairing" => format!("{}: {}", Texts::label(t.pairing_roles, &i.code), title),
                    "programme" => format!("{} · {}", title, i.detail),
                    _ => {
                        if i.detail.is_empty() {
                            title
                        } else {
                            format!("{title} · {}", i.detail)
                        }
                    }
                };
                view! {
                    <li data-testid="timeline-item" data-kind=i.kind.clone()>
                        <time>{i.on.format("%Y-%m-%d").to_string()}</time>
                        <span class="pill">{Texts::label(t.timeline_kinds, &i.kind)}</span>
                        " " {what}
                    </li>
                }
            })
            .collect_view()
    };
    let tier = v
        .tier
        .as_ref()
        .map(|p| bilingual(locale, p))
        .unwrap_or_else(|| t.no_tier.to_string());
    view! {
        <section class="card" data-testid="growth-head">
            <div class="card-head">
                <h2>{v.name.clone()}</h2>
                <span class="muted">{v.staff_no.clone()} " · " {v.school_name.clone()} " · " {v.subject.clone()}</span>
            </div>
            <p>
                {(t.hired_on)(&v.hire_date.format("%Y-%m-%d").to_string())}
                {v.cohort_year.map(|y| format!(" · {}", (t.cohort_name)(y)))}
                " · " {t.label_party} ": " {Texts::label(t.party_stages, &v.party_stage)}
            </p>
            <p>{t.current_tier} ": " <strong data-testid="current-tier">{tier}</strong></p>
            <p class="actions">
                {v.own.then(|| view! { <A href="/growth/achievement" attr:class="button primary" attr:data-testid="add-achievement">{t.add_achievement}</A> })}
                <a href=print_href class="button secondary" data-testid="print-growth">{t.print_growth}</a>
                {(!v.own).then(|| view! { <a href=format!("/teachers/{}/hours", v.teacher_id) class="button secondary">{t.hours_title}</a> })}
            </p>
        </section>
        <section class="card" data-testid="next-tier">
            {match v.next.clone() {
                Some(n) => view! {
                    <h2>{t.next_tier} ": " {bilingual(locale, &(n.name.clone(), n.name_en.clone()))}</h2>
                    <CriteriaList results=n.results/>
                }.into_any(),
                None => view! { <p class="muted">{t.top_of_ladder}</p> }.into_any(),
            }}
        </section>
        <section class="card">
            <h2>{t.timeline_title}</h2>
            <nav class="chips">{filter_links}</nav>
            <ol class="timeline" data-testid="timeline">{items}</ol>
        </section>
        <section class="card">
            <h2>{t.achievements_title}</h2>
            {v.achievements.is_empty().then(|| view! { <p class="muted">{t.no_achievements}</p> })}
            <ul class="claim-list" data-testid="achievements">
                {v.achievements.into_iter().map(|a| view! { <AchievementItem a own=v.own can_verify=v.can_verify can_correct=v.can_correct actions/> }).collect_view()}
            </ul>
        </section>
        <section class="card">
            <h2>{t.plan_title}</h2>
            <ul class="claim-list" data-testid="goals">
                {v.goals.into_iter().map(|g| view! { <GoalItem g own=v.own can_comment=v.can_comment can_review=v.can_review actions/> }).collect_view()}
            </ul>
            {v.own.then(|| view! {
                <details class="card-inner">
                    <summary><strong>{t.add_goal}</strong></summary>
                    <ActionForm action=actions.add_goal attr:class="form">
                        <label class="form-row"><span>{t.label_goal}</span><input type="text" name="title" required maxlength="200" data-testid="goal-title"/>{field_error(actions.add_goal, "title")}</label>
                        <label class="form-row"><span>{t.label_measures}</span><textarea name="measures" rows="2" maxlength="2000"></textarea>{field_error(actions.add_goal, "measures")}</label>
                        <label class="form-row"><span>{t.label_target_on}</span><input type="date" name="target_on" required data-testid="goal-target"/>{field_error(actions.add_goal, "target_on")}</label>
                        <button type="submit" class="primary" data-testid="save-goal">{t.save}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn AchievementItem(
    a: AchievementRow,
    own: bool,
    can_verify: bool,
    can_correct: bool,
    actions: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let id = a.id.to_string();
    let pending = a.status == "pending";
    let pill = match a.status.as_str() {
        "verified" => "pill ok",
        "rejected" => "pill warn",
        _ => "pill",
    };
    view! {
        <li class="session card" data-testid="achievement">
            <div class="card-head">
                <h3>{a.title.clone()}</h3>
                <span class=pill data-testid="achievement-status">{Texts::label(t.achievement_statuses, &a.status)}</span>
            </div>
            <p class="muted">
                {Texts::label(t.achievement_kinds, &a.kind)} " · " {Texts::label(t.levels, &a.level)}
                {a.award_rank.map(|r| format!(" · {}", (t.prize_rank)(r)))}
                " · " {a.achieved_on.format("%Y-%m-%d").to_string()}
            </p>
            {a.reject_reason.clone().map(|r| view! { <p class="field-error">{t.label_reject_reason} ": " {r}</p> })}
            <ul class="evidence">
                {a.evidence.iter().map(|f| view! { <li><a href=format!("/growth/evidence/{}", f.id) target="_blank" rel="noopener">{f.file_name.clone()}</a></li> }).collect_view()}
            </ul>
            {(can_verify && pending).then({
                let id = id.clone();
                move || {
                let id2 = id.clone();
                view! {
                    <div class="decide">
                        <ActionForm action=actions.verify attr:class="inline-form">
                            <input type="hidden" name="id" value=id.clone()/>
                            <input type="hidden" name="decision" value="verify"/>
                            <input type="hidden" name="reason" value=""/>
                            <button type="submit" class="primary" data-testid="verify">{t.verify}</button>
                        </ActionForm>
                        <details class="dispute">
                            <summary>{t.reject}</summary>
                            <ActionForm action=actions.verify attr:class="form">
                                <input type="hidden" name="id" value=id2/>
                                <input type="hidden" name="decision" value="reject"/>
                                <label class="form-row"><span>{t.label_reject_reason}</span><input type="text" name="reason" required maxlength="500"/></label>
                                <button type="submit" class="secondary">{t.reject}</button>
                            </ActionForm>
                        </details>
                    </div>
                }
            }})}
            {(can_correct && a.status == "verified").then(|| view! { <CorrectAchievementForm a=a.clone() action=actions.correct/> })}
            {(own && a.status != "verified").then(|| view! {
                <ActionForm action=actions.delete attr:class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <button type="submit" class="link-button">{t.delete}</button>
                </ActionForm>
            })}
        </li>
    }
}

fn note_line(n: &GoalNote, t: &'static Texts) -> String {
    let progress = n.progress.map(|p| format!(" ({p}%)")).unwrap_or_default();
    format!(
        "{} · {} · {}{}: {}",
        crate::domain::time::local_date(n.at).format("%Y-%m-%d"),
        Texts::label(t.note_kinds, &n.kind),
        n.author,
        progress,
        n.body
    )
}

#[component]
fn GoalItem(
    g: GoalRow,
    own: bool,
    can_comment: bool,
    can_review: bool,
    actions: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let id = g.id.to_string();
    let statuses = ["planned", "in_progress", "achieved", "dropped"];
    let status_select = move |selected: &str| {
        statuses.iter().map(|s| view! { <option value=*s selected=*s == selected>{Texts::label(t.goal_statuses, s)}</option> }).collect_view()
    };
    let (label, kind) = if own {
        (t.report_progress, "progress")
    } else if can_review {
        (t.review_goal, "review")
    } else {
        (t.comment_goal, "comment")
    };
    let may_note = own || can_comment || can_review;
    view! {
        <li class="session card" data-testid="goal">
            <div class="card-head">
                <h3>{g.title.clone()}</h3>
                <span class="pill">{Texts::label(t.goal_statuses, &g.status)}</span>
            </div>
            <p class="muted">{(t.target_by)(&g.target_on.format("%Y-%m-%d").to_string())}</p>
            {g.measures.clone().map(|m| view! { <p>{m}</p> })}
            <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=g.progress aria-label=g.title.clone()>
                <div class="bar-fill" style=format!("width:{}%", g.progress)></div>
            </div>
            <ul class="notes muted small">
                {g.notes.iter().map(|n| view! { <li data-kind=n.kind.clone()>{note_line(n, t)}</li> }).collect_view()}
            </ul>
            {may_note.then(|| view! {
                <details>
                    <summary>{label}</summary>
                    <ActionForm action=actions.note attr:class="form">
                        <input type="hidden" name="id" value=id.clone()/>
                        {(kind != "comment").then(|| view! {
                            <div class="form-grid">
                                <label class="form-row"><span>{t.label_progress}</span><input type="number" name="progress" min="0" max="100" value=g.progress.to_string()/></label>
                                <label class="form-row"><span>{t.col_status}</span><select name="status">{status_select(&g.status)}</select></label>
                            </div>
                        })}
                        <label class="form-row"><span>{t.label_note_text}</span><textarea name="body" rows="2" required maxlength="2000" data-testid=format!("goal-note-{kind}")></textarea></label>
                        <button type="submit" class="secondary" data-testid=format!("save-{kind}")>{t.save}</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

/// Center staff change a verified achievement; the reason is required and the old values kept.
#[component]
fn CorrectAchievementForm(
    a: AchievementRow,
    action: ServerAction<CorrectAchievement>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let kinds: Vec<&'static str> = crate::domain::eligibility::AchievementKind::ALL
        .iter()
        .map(|k| k.code())
        .collect();
    view! {
        <details class="correct">
            <summary>{t.correct}</summary>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="id" value=a.id.to_string()/>
                <div class="form-grid">
                    <label class="form-row"><span>{t.label_kind}</span><select name="form[kind]">{crate::pages::hours::code_options(&kinds, t.achievement_kinds, &a.kind)}</select></label>
                    <label class="form-row"><span>{t.label_level}</span><select name="form[level]">{crate::pages::hours::code_options(&crate::pages::hours::level_codes(), t.levels, &a.level)}</select></label>
                    <label class="form-row"><span>{t.label_date}</span><input type="date" name="form[achieved_on]" required value=a.achieved_on.format("%Y-%m-%d").to_string()/></label>
                    <label class="form-row"><span>{t.label_award_rank}</span><input type="number" name="form[award_rank]" min="1" max="5" value=a.award_rank.map(|r| r.to_string()).unwrap_or_default()/></label>
                </div>
                <label class="form-row"><span>{t.label_item}</span><input type="text" name="form[title]" required maxlength="200" value=a.title.clone()/></label>
                <input type="hidden" name="form[detail]" value=""/>
                <label class="form-row"><span>{t.label_reason}</span><input type="text" name="reason" required maxlength="500"/></label>
                <button type="submit" class="secondary">{t.save}</button>
            </ActionForm>
        </details>
    }
}
