//! The audit log: every write in the app (center staff) or about the caller's schools
//! (coordinators), filtered by who, which teacher, what and when; paged and exported.
use crate::api::roster::fetch_audit_log;
use crate::components::error_box::guarded;
use crate::components::pager::{filter_query, Pager};
use crate::i18n::wording::field_value;
use crate::i18n::{use_i18n, Texts};
use crate::views::roster::{AuditQuery, AuditView};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

fn query_of(q: &leptos_router::params::ParamsMap) -> AuditQuery {
    let get = |k: &str| q.get(k).unwrap_or_default();
    AuditQuery {
        who: get("who"),
        teacher: get("teacher"),
        action: get("action"),
        from: get("from"),
        to: get("to"),
        page: get("page"),
    }
}

fn filters(q: &AuditQuery) -> String {
    filter_query(&[
        ("who", &q.who),
        ("teacher", &q.teacher),
        ("action", &q.action),
        ("from", &q.from),
        ("to", &q.to),
    ])
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query_of(&query.read()), fetch_audit_log);
    view! {
        <h1>{move || i18n.t().audit_title}</h1>
        <Transition fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let q = query_of(&query.read());
                view! { <AuditBody v q/> }
            }))}
        </Transition>
    }
}

#[component]
fn AuditBody(v: AuditView, q: AuditQuery) -> impl IntoView {
    let t = use_i18n().t();
    let action = q.action.clone();
    view! {
        <form method="get" action="/audit" class="card form filters" data-testid="audit-filters">
            <div class="form-grid">
                <label class="form-row"><span>{t.audit_who}</span>
                    <input type="text" name="who" value=q.who.clone() maxlength="40"/></label>
                <label class="form-row"><span>{t.label_staff_no}</span>
                    <input type="text" name="teacher" value=q.teacher.clone() maxlength="20" data-testid="audit-teacher"/></label>
                <label class="form-row"><span>{t.audit_action}</span>
                    <select name="action">
                        <option value="">{t.all}</option>
                        {v.actions.into_iter().map(|a| {
                            let selected = a == action;
                            let label = Texts::label(t.audit_actions, &a);
                            view! { <option value=a selected=selected>{label}</option> }
                        }).collect_view()}
                    </select></label>
                <label class="form-row"><span>{t.audit_from}</span>
                    <input type="date" name="from" value=q.from.clone()/></label>
                <label class="form-row"><span>{t.audit_to}</span>
                    <input type="date" name="to" value=q.to.clone()/></label>
            </div>
            <div class="row-actions">
                <button type="submit" class="primary">{t.roster_filter}</button>
                <a href=format!("/audit.xlsx?{}", filters(&q)) download class="button secondary" data-testid="audit-export">{t.export_xlsx}</a>
            </div>
        </form>
        <p class="muted" data-testid="audit-total">{(t.audit_total)(v.total)}</p>
        <div class="table-wrap" tabindex="0">
            <table data-testid="audit-table">
                <thead><tr><th>{t.audit_at}</th><th>{t.audit_who}</th><th>{t.audit_action}</th><th>{t.audit_what}</th></tr></thead>
                <tbody>
                    {v.rows.into_iter().map(|r| view! {
                        <tr>
                            <td>{r.at}</td>
                            <td>{r.actor}</td>
                            <td>{Texts::label(t.audit_actions, &r.action)}</td>
                            <td>
                                {match r.teacher {
                                    Some((id, name, staff_no)) => view! {
                                        <A href=format!("/roster/{id}")>{format!("{name} · {staff_no}")}</A>
                                    }.into_any(),
                                    None => format!("{} {}", Texts::label(t.audit_entities, &r.entity), r.entity_id).into_any(),
                                }}
                                {r.changes.into_iter().map(|c| view! {
                                    <div class="muted">{format!("{}: {} → {}", Texts::label(t.record_fields, &c.field),
                                        field_value(t, &c.field, &c.old), field_value(t, &c.field, &c.new))}</div>
                                }).collect_view()}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager path="/audit" filters=filters(&q) page=v.page pages=v.pages/>
    }
}
