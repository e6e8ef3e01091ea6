use crate::api::stats::StatTable;
use crate::domain::stats::StatsFilter;
use crate::i18n::{use_i18n, Texts};
use leptos::prelude::*;

const ROW_HEIGHT: i64 = 26;
const LABEL_WIDTH: i64 = 130;
const WIDTH: i64 = 420;

/// A horizontal bar chart drawn as SVG (no JavaScript), readable on a phone, with the same
/// numbers in a table below it; each row links to the teachers behind it when it can.
#[component]
pub fn StatChart(table: StatTable, filter: StatsFilter) -> impl IntoView {
    let i18n = use_i18n();
    let table = StoredValue::new(table);
    let filter = StoredValue::new(filter);
    move || {
        let t = i18n.t();
        let tbl = table.get_value();
        let f = filter.get_value();
        let max = tbl.rows.iter().map(|r| r.value).max().unwrap_or(0).max(1);
        let height = ROW_HEIGHT * tbl.rows.len().max(1) as i64 + 4;
        let title = Texts::label(t.stat_tables, &tbl.id);
        let drill = move |d: &Option<(String, String)>| -> Option<String> {
            d.as_ref().map(|(k, v)| {
                if k == "teacher" {
                    format!("/teachers/{v}/growth")
                } else {
                    format!("/stats/teachers?{}", f.with(k, v).query())
                }
            })
        };
        let bars = tbl.rows.iter().enumerate().map(|(i, r)| {
            let y = i as i64 * ROW_HEIGHT + 2;
            let w = (WIDTH - LABEL_WIDTH - 50) * r.value.max(0) / max;
            let label: String = r.label.chars().take(10).collect();
            view! {
                <g>
                    <text x=LABEL_WIDTH - 6 y=y + 17 text-anchor="end" class="chart-label">{label}</text>
                    <rect x=LABEL_WIDTH y=y + 4 width=w.max(1) height=ROW_HEIGHT - 8 rx="3" class="chart-bar"></rect>
                    <text x=LABEL_WIDTH + w + 6 y=y + 17 class="chart-value">{r.value}</text>
                </g>
            }
        }).collect_view();
        let columns = tbl.columns.clone();
        let rows = tbl.rows.iter().map(|r| {
            let href = drill(&r.drill);
            view! {
                <tr>
                    <th scope="row">{match href { Some(h) => view! { <a href=h>{r.label.clone()}</a> }.into_any(), None => view! { {r.label.clone()} }.into_any() }}</th>
                    {r.cells.iter().map(|c| view! { <td class="num">{c.clone()}</td> }).collect_view()}
                </tr>
            }
        }).collect_view();
        view! {
            <section class="card stat" data-testid=format!("stat-{}", tbl.id)>
                <h2>{title.clone()}</h2>
                <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=title>
                    {bars}
                </svg>
                <div class="table-wrap">
                    <table>
                        <thead><tr>{columns.iter().map(|c| view! { <th>{column_label(t, c)}</th> }).collect_view()}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    }
}

/// A column heading: a message code, or `=name` for a name from the data (a tier).
pub fn column_label(t: &'static Texts, code: &str) -> String {
    match code.strip_prefix('=') {
        Some(name) => name.to_string(),
        None => Texts::label(t.stat_columns, code),
    }
}
