//! Reminder channels (center staff): each school's group robot, and what was sent, what waits
//! for its next try and what failed.
use crate::api::notices::{fetch_channels, SetRobot};
use crate::components::error_box::guarded;
use crate::components::form_result::{field_error, form_done, form_error};
use crate::i18n::{use_i18n, Texts};
use crate::pages::hours::code_options;
use leptos::prelude::*;

#[component]
pub fn ChannelsPage() -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetRobot>::new();
    let data = Resource::new(|| (), |_| fetch_channels());
    view! {
        <h1>{move || i18n.t().notices.channels_title}</h1>
        <p class="muted">{move || i18n.t().notices.channels_intro}</p>
        {form_error(set)}
        {move || form_done(set)().then(|| view! { <p class="notice" role="status">{i18n.t().saved}</p> })}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = i18n.t();
                let n = t.notices;
                let robots: Vec<&'static str> = vec!["wecom", "dingtalk"];
                view! {
                    <section class="card">
                        <ActionForm action=set attr:class="form" attr:data-testid="robot-form">
                            <div class="form-grid">
                                <label class="form-row"><span>{t.label_school}</span>
                                    <select name="school_id">{v.schools.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}</select>
                                    {field_error(set, "school_id")}
                                </label>
                                <label class="form-row"><span>{n.label_robot}</span><select name="kind">{code_options(&robots, n.robots, "wecom")}</select>{field_error(set, "kind")}</label>
                            </div>
                            <label class="form-row"><span>{n.label_url}</span><input type="url" name="url" maxlength="500" inputmode="url" autocapitalize="off"/>{field_error(set, "url")}<span class="muted small">{n.url_hint}</span></label>
                            <button type="submit" class="primary">{t.save}</button>
                        </ActionForm>
                        <ul class="plain-list" data-testid="robots">
                            {v.channels.into_iter().map(|c| view! {
                                <li><strong>{c.school}</strong> " · " {Texts::label(n.robots, &c.kind)} <br/><span class="muted small">{c.url}</span></li>
                            }).collect_view()}
                        </ul>
                    </section>
                    <section class="card">
                        <h2>{n.deliveries_title}</h2>
                        {if v.deliveries.is_empty() {
                            view! { <p class="muted">{n.no_deliveries}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap" tabindex="0">
                                    <table data-testid="deliveries">
                                        <thead><tr><th>{t.col_date}</th><th>{n.col_channel}</th><th>{n.col_target}</th><th>{t.surveys.col_status}</th><th class="num">{n.col_attempts}</th><th>{n.col_error}</th></tr></thead>
                                        <tbody>
                                            {v.deliveries.into_iter().map(|d| {
                                                let state = Texts::label(n.delivery_states, &d.status);
                                                let class = if d.status == "failed" { "pill warn" } else if d.status == "sent" { "pill ok" } else { "pill" };
                                                view! {
                                                    <tr>
                                                        <td>{d.day.format("%Y-%m-%d").to_string()}</td>
                                                        <td>{Texts::label(n.robots, &d.channel)}</td>
                                                        <td>{d.target}</td>
                                                        <td><span class=class>{state}</span>
                                                            {(d.status == "pending" && d.attempts > 0).then(|| view! { <br/><span class="muted small">{(n.next_try)(&d.next_at)}</span> })}
                                                        </td>
                                                        <td class="num">{d.attempts}</td>
                                                        <td class="small">{d.last_error.unwrap_or_default()}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    </section>
                }
            }))}
        </Suspense>
    }
}
