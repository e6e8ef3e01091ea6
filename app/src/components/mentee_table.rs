use crate::i18n::use_i18n;
use crate::views::home::MenteeRow;
use leptos::prelude::*;
use leptos_router::components::A;

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "—".into())
}

/// A mentor's mentees with this term's sessions and what awaits the mentee's confirmation.
#[component]
pub fn MenteeTable(rows: Vec<MenteeRow>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    if rows.is_empty() {
        return view! { <p class="muted">{move || t().mentees_empty}</p> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid="mentee-table">
                <thead>
                    <tr>
                        <th>{move || t().label_name}</th>
                        <th>{move || t().label_school}</th>
                        <th>{move || t().label_subject}</th>
                        <th>{move || t().col_since}</th>
                        <th class="num">{move || t().col_sessions}</th>
                        <th class="num">{move || t().col_unconfirmed}</th>
                        <th>{move || t().col_last_session}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| view! {
                            <tr>
                                <td><A href=format!("/teachers/{}", r.teacher_id)>{r.name}</A></td>
                                <td>{r.school_name}</td>
                                <td>{r.subject}</td>
                                <td>{date(Some(r.since))}</td>
                                <td class="num">{r.sessions_this_term}</td>
                                <td class="num">{r.unconfirmed}</td>
                                <td>{date(r.last_session)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
