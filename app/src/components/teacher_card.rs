use crate::domain::hours::format_tenths;
use crate::i18n::wording::bilingual;
use crate::i18n::{use_i18n, Texts};
use crate::views::teachers::TeacherSummary;
use leptos::prelude::*;

/// A progress bar with its figure, `done` of `required` (tenths of hours).
#[component]
pub fn HoursBar(done: i64, required: i64, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let pct = crate::domain::percent::progress(done, required);
    view! {
        <div class="hours">
            <div class="hours-label">{move || label.get()}</div>
            <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct aria-label=move || label.get()>
                <div class="bar-fill" style=format!("width:{pct}%")></div>
            </div>
        </div>
    }
}

/// A teacher's growth summary: identity, tier, programmes, hours against the rule, mentoring.
#[component]
pub fn TeacherCard(summary: TeacherSummary) -> impl IntoView {
    let i18n = use_i18n();
    let id = summary.id;
    let s = StoredValue::new(summary);
    let t = move || i18n.t();
    let field = move |label: fn(&'static Texts) -> &'static str, value: String| {
        view! {
            <div class="field">
                <dt>{move || label(t())}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let info = move || {
        let s = s.get_value();
        let t = t();
        let locale = i18n.locale.get();
        let h = &s.hours;
        let hours_label = format!(
            "{} · {}",
            (t.label_hours_cycle)(h.from_year, h.to_year),
            (t.hours_of)(
                &format_tenths(h.total_tenths),
                &format_tenths(h.required_tenths)
            )
        );
        let district_label = format!(
            "{} · {}",
            t.label_hours_district,
            (t.hours_of)(
                &format_tenths(h.district_tenths),
                &format_tenths(h.required_district_tenths)
            )
        );
        let pace = if h.on_track {
            t.hours_on_track
        } else {
            t.hours_behind
        };
        let pace_class = if h.on_track { "pill ok" } else { "pill warn" };
        let sessions = match &s.term_name {
            Some(term) => format!(
                "{}: {}",
                (t.label_sessions_term)(term),
                s.sessions_this_term
            ),
            None => t.no_term.to_string(),
        };
        view! {
            <div class="card-head">
                <h3>{s.name.clone()}</h3>
                <span class="muted">{format!("{} · {}", s.staff_no, s.school_name)}</span>
            </div>
            <dl class="fields">
                {field(|t| t.label_subject, s.subject.clone())}
                {field(|t| t.label_stage, Texts::label(t.stages, &s.stage))}
                {field(|t| t.label_hire_date, s.hire_date.format("%Y-%m-%d").to_string())}
                {field(
                    |t| t.label_cohort,
                    s.cohort_year.map(t.cohort_name).unwrap_or_else(|| t.none.to_string()),
                )}
                {field(|t| t.label_title, Texts::label(t.titles, &s.title))}
                {field(|t| t.label_party, Texts::label(t.party_stages, &s.party_stage))}
                {field(
                    |t| t.label_tier,
                    s.tier.as_ref().map(|p| bilingual(locale, p)).unwrap_or_else(|| t.none.to_string()),
                )}
                {field(|t| t.label_mentor, s.mentor_name.clone().unwrap_or_else(|| t.none.to_string()))}
                {field(|t| t.label_achievements, s.achievements.to_string())}
            </dl>
            <HoursBar done=h.total_tenths required=h.required_tenths label=hours_label/>
            <HoursBar done=h.district_tenths required=h.required_district_tenths label=district_label/>
            <p>
                <span class=pace_class data-testid="hours-pace">{pace}</span>
                " "
                <span class="muted">{sessions}</span>
            </p>
            <div class="badges">
                <span class="muted">{t.label_programmes}": "</span>
                {if s.programmes.is_empty() {
                    view! { <span class="muted">{t.none}</span> }.into_any()
                } else {
                    s.programmes
                        .iter()
                        .map(|p| {
                            let name = bilingual(locale, &(p.name.clone(), p.name_en.clone()));
                            view! { <span class=format!("badge badge-{}", p.kind)>{name}</span> }
                        })
                        .collect_view()
                        .into_any()
                }}
            </div>
        }
    };
    view! { <article class="card teacher-card" data-testid="teacher-card" data-teacher-id=id>{info}</article> }
}
