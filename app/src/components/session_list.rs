use crate::i18n::{use_i18n, Texts};
use crate::views::mentoring::{SessionStatus, SessionView};
use leptos::prelude::*;

/// The status pill of a session.
pub fn status_pill(status: SessionStatus, t: &'static Texts) -> impl IntoView {
    let (class, label) = match status {
        SessionStatus::Pending => ("pill", t.status_pending),
        SessionStatus::Confirmed => ("pill ok", t.status_confirmed),
        SessionStatus::Disputed => ("pill warn", t.status_disputed),
    };
    view! { <span class=class data-testid="session-status">{label}</span> }
}

/// The facts of one session: date, kind, minutes, topic, notes.
#[component]
pub fn SessionFacts(session: SessionView) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let t = i18n.t();
        let s = session.clone();
        view! {
            <div class="session-head">
                <strong>{s.held_on.format("%Y-%m-%d").to_string()}</strong>
                <span class="badge">{Texts::label(t.session_kinds, s.kind.code())}</span>
                <span class="muted">{format!("{} {}", s.minutes, t.minutes_suffix)}</span>
                {status_pill(s.status, t)}
            </div>
            <div class="session-topic">{s.topic.clone()}</div>
            {s.notes.clone().map(|n| view! { <p class="muted session-notes">{n}</p> })}
            {s.dispute_reason.clone().map(|r| view! { <p class="field-error">{format!("{}: {r}", t.label_reason)}</p> })}
        }
    }
}
