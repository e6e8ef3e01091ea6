//! The growth record (成长档案): one clean A4 document of the growth path, for print.
use crate::api::growth::fetch_growth;
use crate::i18n::wording::{bilingual, criterion_text};

use crate::components::error_box::guarded;
use crate::i18n::{use_i18n, Texts};
use crate::pages::hours::teacher_param;
use leptos::prelude::*;

#[component]
pub fn GrowthPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let teacher = teacher_param();
    let data = Resource::new(move || teacher.get(), fetch_growth);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = i18n.t();
                let locale = i18n.locale.get();
                view! {
                    <article class="transcript growth-record" data-testid="growth-record">
                        <h1>{t.growth_record_title}</h1>
                        <p>
                            <strong>{v.name.clone()}</strong> " · " {v.staff_no.clone()} " · " {v.school_name.clone()} " · " {v.subject.clone()}
                            " · " {(t.hired_on)(&v.hire_date.format("%Y-%m-%d").to_string())}
                        </p>
                        <p>
                            {t.current_tier} ": " {v.tier.as_ref().map(|p| bilingual(locale, p)).unwrap_or_else(|| t.no_tier.to_string())}
                            " · " {t.label_party} ": " {Texts::label(t.party_stages, &v.party_stage)}
                        </p>
                        <h2>{t.next_tier}</h2>
                        {v.next.as_ref().map(|n| view! {
                            <p><strong>{bilingual(locale, &(n.name.clone(), n.name_en.clone()))}</strong></p>
                            <ul>{n.results.iter().map(|c| view! { <li>{if c.met() { "✓ " } else { "✗ " }}{criterion_text(c, t)}</li> }).collect_view()}</ul>
                        })}
                        <h2>{t.timeline_title}</h2>
                        <table>
                            <tbody>
                                {v.timeline.iter().map(|i| view! {
                                    <tr>
                                        <td>{i.on.format("%Y-%m-%d").to_string()}</td>
                                        <td>{Texts::label(t.timeline_kinds, &i.kind)}</td>
                                        <td>{match i.kind.as_str() {
                                            "party" => Texts::label(t.party_stages, &i.code),
                                            _ => bilingual(locale, &(i.title.clone(), i.title_en.clone())),
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h2>{t.achievements_title}</h2>
                        <table>
                            <tbody>
                                {v.achievements.iter().map(|a| view! {
                                    <tr>
                                        <td>{a.achieved_on.format("%Y-%m-%d").to_string()}</td>
                                        <td>{Texts::label(t.achievement_kinds, &a.kind)}</td>
                                        <td>{a.title.clone()}</td>
                                        <td>{Texts::label(t.levels, &a.level)}</td>
                                        <td>{Texts::label(t.achievement_statuses, &a.status)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h2>{t.plan_title}</h2>
                        <table>
                            <tbody>
                                {v.goals.iter().map(|g| view! {
                                    <tr>
                                        <td>{g.title.clone()}</td>
                                        <td>{g.target_on.format("%Y-%m-%d").to_string()}</td>
                                        <td>{format!("{}%", g.progress)}</td>
                                        <td>{Texts::label(t.goal_statuses, &g.status)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <div class="stamp"><p>{t.stamp_school}</p><p>{t.stamp_date}</p></div>
                        <p class="no-print"><button type="button" class="primary" onclick="window.print()">{t.print}</button></p>
                    </article>
                }
            }))}
        </Suspense>
    }
}
