//! 党员骨干双培养: per school the two ratios against the targets, and the chosen school's
//! teachers with their Party stage beside their tier. Center staff see every school and set
//! the targets; a coordinator sees their own school.
use crate::api::ladder::{fetch_dual, SetDualTargets};
use crate::components::error_box::guarded;
use crate::components::form_result::form_problems;
use crate::domain::percent::{meets, percent};
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use crate::views::ladder::DualSchool;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn ratio_cell(part: i64, whole: i64, target: i64) -> impl IntoView {
    match (whole > 0).then(|| percent(part, whole)) {
        Some(p) => {
            let class = if meets(part, whole, target) {
                "pill ok"
            } else {
                "pill warn"
            };
            view! { <span class=class>{format!("{p}% ({part}/{whole})")}</span> }.into_any()
        }
        None => view! { <span class="muted">"–"</span> }.into_any(),
    }
}

#[component]
pub fn DualPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let query = use_query_map();
    let set = ServerAction::<SetDualTargets>::new();
    let school = move || query.read().get("school").unwrap_or_default();
    let data = Resource::new(school, fetch_dual);
    view! {
        <h1>{move || t().dual_title}</h1>
        {form_problems(set)}
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = t();
                let locale = i18n.locale.get();
                let row = |s: &DualSchool, name: String, href: Option<String>| view! {
                    <tr data-testid="dual-school">
                        <td>{match href { Some(h) => view! { <a href=h>{name}</a> }.into_any(), None => view! { <strong>{name}</strong> }.into_any() }}</td>
                        <td>{ratio_cell(s.new_members_backbone, s.new_members, v.target_members_from_backbone)}</td>
                        <td>{ratio_cell(s.new_backbone_members, s.new_backbone, v.target_backbone_are_members)}</td>
                    </tr>
                };
                let district = row(&v.district, t.district_total.to_string(), None);
                view! {
                    <p class="muted">{(t.dual_intro)(&v.from.format("%Y-%m-%d").to_string(), v.target_members_from_backbone, v.target_backbone_are_members)}</p>
                    <div class="table-wrap" tabindex="0">
                        <table data-testid="dual-table">
                            <thead><tr><th>{t.label_school}</th><th>{t.dual_members_from_backbone}</th><th>{t.dual_backbone_are_members}</th></tr></thead>
                            <tbody>
                                {(v.schools.len() > 1).then_some(district)}
                                {v.schools.iter().map(|s| row(s, s.school_name.clone(), Some(format!("/dual?school={}", s.school_id)))).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {(!v.teachers.is_empty()).then(|| view! {
                        <section class="card">
                            <h2>{v.schools.iter().find(|s| Some(s.school_id) == v.school_id).map(|s| s.school_name.clone()).unwrap_or_default()}</h2>
                            <div class="table-wrap" tabindex="0">
                                <table data-testid="dual-teachers">
                                    <thead><tr><th>{t.col_name}</th><th>{t.label_party}</th><th>{t.label_tier}</th></tr></thead>
                                    <tbody>
                                        {v.teachers.iter().map(|d| view! {
                                            <tr>
                                                <td><a href=format!("/teachers/{}/growth", d.teacher_id)>{d.name.clone()}</a></td>
                                                <td>{Texts::label(t.party_stages, &d.party_stage)}</td>
                                                <td>{d.tier.as_ref().map(|p| bilingual(locale, p)).unwrap_or_default()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        </section>
                    })}
                    {(v.schools.len() > 1).then(|| view! {
                        <details class="card">
                            <summary><strong>{t.dual_targets}</strong></summary>
                            <ActionForm action=set attr:class="form">
                                <div class="form-grid">
                                    <label class="form-row"><span>{t.dual_members_from_backbone}</span><input type="number" name="members_from_backbone" min="1" max="100" value=v.target_members_from_backbone.to_string()/></label>
                                    <label class="form-row"><span>{t.dual_backbone_are_members}</span><input type="number" name="backbone_are_members" min="1" max="100" value=v.target_backbone_are_members.to_string()/></label>
                                    <label class="form-row"><span>{t.dual_min_rank}</span><input type="number" name="min_rank" min="1" max="50" value=v.backbone_min_rank.to_string()/></label>
                                    <label class="form-row"><span>{t.dual_window}</span><input type="number" name="window_years" min="1" max="20" value=v.window_years.to_string()/></label>
                                </div>
                                <button type="submit" class="primary">{t.save}</button>
                            </ActionForm>
                        </details>
                    })}
                }
            }))}
        </Transition>
    }
}
