//! The reminders page: each reminder with its message and a button to where the person acts on
//! it (which marks it read); mark all read; the kinds the person wants.
use crate::api::notices::{fetch_notices, OpenNotice, ReadAllNotices, SetNoticeKinds};
use crate::components::error_box::guarded;
use crate::components::form_result::{form_done, form_problems};
use crate::domain::notices::{message, NoticeKind};
use crate::i18n::{use_i18n, Texts};
use leptos::prelude::*;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = ServerAction::<OpenNotice>::new();
    let read_all = ServerAction::<ReadAllNotices>::new();
    let kinds = ServerAction::<SetNoticeKinds>::new();
    let data = Resource::new(|| (), |_| fetch_notices());
    view! {
        <h1>{move || i18n.t().notices.title}</h1>
        {form_problems(open)}
        {move || form_done(kinds)().then(|| view! { <p class="notice" role="status">{i18n.t().notices.kinds_saved}</p> })}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = i18n.t();
                let n = t.notices;
                let muted = v.muted.clone();
                view! {
                    {(v.unread > 0).then(|| view! {
                        <ActionForm action=read_all attr:class="inline-form">
                            <button type="submit" class="secondary" data-testid="read-all">{n.read_all}</button>
                        </ActionForm>
                    })}
                    {if v.rows.is_empty() {
                        view! { <p class="muted">{n.none}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list notices" data-testid="notices">
                                {v.rows.into_iter().map(|r| {
                                    let text = message(&r.kind, &r.params, t.notices);
                                    view! {
                                        <li class:unread=!r.read data-testid="notice" data-kind=r.kind.clone()>
                                            <span>{text}</span> " " <span class="muted small">{r.at}</span>
                                            <ActionForm action=open attr:class="inline-form">
                                                <input type="hidden" name="id" value=r.id.to_string()/>
                                                " " <button type="submit" class="link-button" data-testid="open-notice">{n.go}</button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <details class="card">
                        <summary><strong>{n.kinds_title}</strong></summary>
                        <ActionForm action=kinds attr:class="form" attr:data-testid="notice-kinds">
                            {NoticeKind::ALL.iter().map(|k| view! {
                                <label class="check"><input type="checkbox" name=format!("on[{}]", k.code()) checked=!muted.iter().any(|m| m == k.code())/>{Texts::label(n.kinds, k.code())}</label>
                            }).collect_view()}
                            <button type="submit" class="secondary">{t.save}</button>
                        </ActionForm>
                    </details>
                }
            }))}
        </Suspense>
    }
}
