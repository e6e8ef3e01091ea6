//! The table of an import's preview, the same for every import (pairings, promotions and
//! enrolments, an event's attendees): each row's line in the file, its cells, and its status.
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// One previewed row: the file's line, the cells shown, and its status pill (class, text).
pub struct PreviewRow {
    pub line: i64,
    pub cells: Vec<String>,
    pub pill: (&'static str, String),
}

#[component]
pub fn PreviewTable(
    /// `data-testid` of the table and of each status pill.
    testids: (&'static str, &'static str),
    columns: Vec<String>,
    rows: Vec<PreviewRow>,
) -> impl IntoView {
    let t = use_i18n().t();
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid=testids.0>
                <thead>
                    <tr>
                        <th class="num">{t.col_line}</th>
                        {columns.into_iter().map(|c| view! { <th>{c}</th> }).collect_view()}
                        <th>{t.col_status}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td class="num">{r.line}</td>
                            {r.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                            <td><span class=r.pill.0 data-testid=testids.1>{r.pill.1}</span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
