use crate::domain::claims::ClaimStatus;
use crate::domain::hours::format_tenths;
use crate::i18n::{use_i18n, Texts};
use crate::views::hours::ClaimRow;
use leptos::prelude::*;

/// A claim's facts, its evidence files and where it is in the chain
/// (submitted → school approved → center approved, or refused with the reason).
#[component]
pub fn ClaimFacts(claim: ClaimRow, #[prop(optional)] show_teacher: bool) -> impl IntoView {
    let i18n = use_i18n();
    let c = StoredValue::new(claim);
    move || {
        let t = i18n.t();
        let c = c.get_value();
        let dates = match c.starts_on {
            Some(s) if s != c.ends_on => format!(
                "{} – {}",
                s.format("%Y-%m-%d"),
                c.ends_on.format("%Y-%m-%d")
            ),
            _ => c.ends_on.format("%Y-%m-%d").to_string(),
        };
        let step = |done: bool, label: &'static str| {
            view! { <li class=if done { "step done" } else { "step" }>{label}</li> }
        };
        let status = c.status;
        let reached = |s: ClaimStatus| match s {
            ClaimStatus::Submitted => true,
            ClaimStatus::SchoolApproved => {
                matches!(status, ClaimStatus::SchoolApproved | ClaimStatus::Approved)
            }
            _ => status == ClaimStatus::Approved,
        };
        view! {
            <div class="card-head">
                <h3>{c.title.clone()}</h3>
                <span class="pill" data-testid="claim-status" data-status=status.code()>{Texts::label(t.claim_statuses, status.code())}</span>
            </div>
            {show_teacher.then(|| view! { <p><strong>{c.teacher_name.clone()}</strong> " · " {c.staff_no.clone()} " · " {c.school_name.clone()}</p> })}
            <p class="muted">
                {c.organizer.clone()} " · " {dates} " · " {Texts::label(t.levels, &c.level)} " · "
                {Texts::label(t.categories, &c.category)} " · " <strong>{(t.hours_n)(&format_tenths(c.tenths))}</strong>
            </p>
            {c.note.clone().map(|n| view! { <p class="muted">{n}</p> })}
            {(!matches!(status, ClaimStatus::Rejected | ClaimStatus::Withdrawn)).then(|| view! {
                <ol class="chain">
                    {step(reached(ClaimStatus::Submitted), t.status_submitted_step)}
                    {step(reached(ClaimStatus::SchoolApproved), t.status_school_step)}
                    {step(reached(ClaimStatus::Approved), t.status_center_step)}
                </ol>
            })}
            {c.reject_reason.clone().filter(|_| status == ClaimStatus::Rejected).map(|r| view! {
                <p class="field-error" data-testid="reject-reason">{t.label_reject_reason} ": " {r}</p>
            })}
            <ul class="evidence">
                {c.evidence.iter().map(|f| view! {
                    <li><a href=format!("/hours/evidence/{}", f.id) target="_blank" rel="noopener" data-testid="evidence-link">{f.file_name.clone()}</a>
                    <span class="muted">{format!(" ({} KB)", (f.size_bytes + 1023) / 1024)}</span></li>
                }).collect_view()}
            </ul>
        }
    }
}
