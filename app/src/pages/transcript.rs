//! The printable transcript (学时证明): one A4 page a school can stamp. Print CSS hides the
//! site's chrome; the page itself has nothing interactive but the print button.
use crate::api::hours::fetch_hours;
use crate::components::error_box::guarded;
use crate::domain::hours::format_tenths;
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use crate::pages::hours::teacher_param;
use leptos::prelude::*;

#[component]
pub fn TranscriptPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let teacher = teacher_param();
    let data = Resource::new(move || teacher.get(), fetch_hours);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = t();
                let locale = i18n.locale.get();
                view! {
                    <article class="transcript" data-testid="transcript">
                        <h1>{t.transcript_title}</h1>
                        <p>
                            <strong>{v.teacher_name.clone()}</strong> " · " {v.staff_no.clone()} " · " {v.school_name.clone()}
                            " · " {(t.hired_on)(&v.hire_date.format("%Y-%m-%d").to_string())}
                        </p>
                        <p class="muted">{(t.transcript_as_of)(&v.today.format("%Y-%m-%d").to_string())}</p>
                        <table>
                            <thead><tr><th>{t.col_rule}</th><th class="num">{t.xlsx_done}</th><th class="num">{t.xlsx_required}</th><th>{t.col_status}</th></tr></thead>
                            <tbody>
                                {v.progress.rules.iter().map(|r| view! {
                                    <tr>
                                        <td>{bilingual(locale, &(r.name.clone(), r.name_en.clone()))}</td>
                                        <td class="num">{format_tenths(r.standing.counted_tenths)}</td>
                                        <td class="num">{format_tenths(r.standing.required_tenths)}</td>
                                        <td>{if r.standing.on_track { t.on_track } else { t.behind }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <table>
                            <thead><tr><th>{t.col_date}</th><th>{t.label_item}</th><th>{t.label_level}</th><th>{t.label_category}</th><th class="num">{t.label_hours}</th><th class="num">{t.col_counted}</th></tr></thead>
                            <tbody>
                                {v.records.iter().map(|r| view! {
                                    <tr>
                                        <td>{r.earned_on.format("%Y-%m-%d").to_string()}</td>
                                        <td>{r.title.clone()}</td>
                                        <td>{Texts::label(t.levels, &r.level)}</td>
                                        <td>{Texts::label(t.categories, &r.category)}</td>
                                        <td class="num">{format_tenths(r.tenths)}</td>
                                        <td class="num">{format_tenths(r.counted_tenths)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <div class="stamp">
                            <p>{t.stamp_school}</p>
                            <p>{t.stamp_date}</p>
                        </div>
                        <p class="no-print"><button type="button" class="primary" onclick="window.print()">{t.print}</button></p>
                    </article>
                }
            }))}
        </Suspense>
    }
}
