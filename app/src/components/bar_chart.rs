use crate::domain::stats::StatsFilter;
use crate::i18n::wording::column_label;
use crate::i18n::{use_i18n, Texts};
use crate::views::stats::StatTable;
use leptos::prelude::*;

const ROW_HEIGHT: i64 = 26;
/// A row whose label wraps onto a second line.
const TALL_ROW_HEIGHT: i64 = 38;
const LABEL_WIDTH: i64 = 130;
const WIDTH: i64 = 420;
/// Characters on one line of a label (CJK characters at 12 px fit 9 in the label column).
const LINE_CHARS: usize = 9;

/// The labels as the chart draws them, each one to two lines that identify its row: a prefix
/// that every label shares (苏州工业园区…) is dropped when some label is too long for one line
/// (the table below keeps the full names, and the dropped prefix is returned to say so); a
/// label still longer than two lines keeps its start and its end (where 小学 and 初级中学
/// differ) around an ellipsis.
pub fn chart_labels(labels: &[String]) -> (Option<String>, Vec<Vec<String>>) {
    let chars: Vec<Vec<char>> = labels.iter().map(|l| l.chars().collect()).collect();
    let too_long = chars.iter().any(|c| c.len() > LINE_CHARS);
    let mut common = if too_long && chars.len() > 1 {
        let first = &chars[0];
        (0..first.len())
            .take_while(|&i| chars.iter().all(|c| c.get(i) == Some(&first[i])))
            .count()
    } else {
        0
    };
    // Never cut inside a number or a word of letters, and leave every label something.
    while common > 0
        && (chars[0][common - 1].is_ascii_alphanumeric() || chars.iter().any(|c| c.len() <= common))
    {
        common -= 1;
    }
    let prefix = (common > 0).then(|| chars[0][..common].iter().collect::<String>());
    let lines = chars
        .iter()
        .map(|c| {
            let rest = &c[common..];
            let shown: Vec<char> = if rest.len() > 2 * LINE_CHARS {
                let mut s = rest[..LINE_CHARS - 1].to_vec();
                s.push('…');
                s.extend_from_slice(&rest[rest.len() - LINE_CHARS..]);
                s
            } else {
                rest.to_vec()
            };
            shown
                .chunks(LINE_CHARS)
                .map(|line| line.iter().collect::<String>())
                .collect()
        })
        .collect();
    (prefix, lines)
}

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
        let (prefix, labels) =
            chart_labels(&tbl.rows.iter().map(|r| r.label.clone()).collect::<Vec<_>>());
        let row_height = if labels.iter().any(|l| l.len() > 1) {
            TALL_ROW_HEIGHT
        } else {
            ROW_HEIGHT
        };
        let height = row_height * tbl.rows.len().max(1) as i64 + 4;
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
        let bars = tbl.rows.iter().zip(labels).enumerate().map(|(i, (r, lines))| {
            let y = i as i64 * row_height + 2;
            let w = (WIDTH - LABEL_WIDTH - 50) * r.value.max(0) / max;
            let mid = y + row_height / 2 + 4;
            let first = mid - 7 * (lines.len() as i64 - 1);
            view! {
                <g>
                    <text x=LABEL_WIDTH - 6 y=first text-anchor="end" class="chart-label">
                        {lines.into_iter().enumerate().map(|(n, line)| view! {
                            <tspan x=LABEL_WIDTH - 6 dy=if n == 0 { "0" } else { "14" }>{line}</tspan>
                        }).collect_view()}
                    </text>
                    <rect x=LABEL_WIDTH y=y + 4 width=w.max(1) height=row_height - 8 rx="3" class="chart-bar"></rect>
                    <text x=LABEL_WIDTH + w + 6 y=mid class="chart-value">{r.value}</text>
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
                {t.stat_notes.iter().find(|(id, _)| *id == tbl.id).map(|(_, note)| view! { <p class="muted small" data-testid="stat-note">{*note}</p> })}
                <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=title>
                    {bars}
                </svg>
                {prefix.map(|p| view! { <p class="muted small" data-testid="chart-prefix">{(t.chart_prefix_dropped)(&p)}</p> })}
                <div class="table-wrap" tabindex="0">
                    <table>
                        <thead><tr>{columns.iter().map(|c| view! { <th>{column_label(t, c)}</th> }).collect_view()}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn schools_sharing_a_long_prefix_get_labels_that_tell_them_apart() {
        let names = labels(&[
            "苏州工业园区园区第十小学",
            "苏州工业园区园区第十初级中学",
            "苏州工业园区星海实验小学",
        ]);
        let (prefix, shown) = chart_labels(&names);
        assert_eq!(prefix.as_deref(), Some("苏州工业园区"));
        let joined: Vec<String> = shown.iter().map(|l| l.concat()).collect();
        assert_eq!(joined, ["园区第十小学", "园区第十初级中学", "星海实验小学"]);
        let distinct: std::collections::HashSet<_> = joined.iter().collect();
        assert_eq!(
            distinct.len(),
            names.len(),
            "every label identifies its row"
        );
    }

    #[test]
    fn short_labels_are_left_whole_even_when_they_share_a_prefix() {
        let names = labels(&["2021 级", "2022 级", "2023 级"]);
        let (prefix, shown) = chart_labels(&names);
        assert_eq!(prefix, None);
        assert_eq!(shown[0], ["2021 级"]);
    }

    #[test]
    fn a_prefix_never_ends_inside_a_number() {
        let names = labels(&[
            "苏州工业园区第一百一十二号学校A12",
            "苏州工业园区第一百一十二号学校A13",
        ]);
        let (prefix, shown) = chart_labels(&names);
        let prefix = prefix.unwrap();
        assert!(!prefix.ends_with('A') && !prefix.ends_with('1'), "{prefix}");
        assert_ne!(shown[0], shown[1]);
    }

    #[test]
    fn a_very_long_label_keeps_its_start_and_end_on_two_lines() {
        let names = labels(&["一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯"]);
        let (_, shown) = chart_labels(&names);
        assert_eq!(shown[0].len(), 2);
        assert_eq!(shown[0][0], "一二三四五六七八…");
        assert_eq!(shown[0][1], "己庚辛壬癸子丑寅卯");
        assert!(shown[0].iter().all(|l| l.chars().count() <= 9));
    }

    #[test]
    fn a_label_between_one_and_two_lines_wraps_without_losing_a_character() {
        let names = labels(&["苏州工业园区职业技术学校", "苏州工业园区外国语学校"]);
        let (prefix, shown) = chart_labels(&names);
        assert_eq!(prefix.as_deref(), Some("苏州工业园区"));
        assert_eq!(shown[0].concat(), "职业技术学校");
        let (_, one) = chart_labels(&labels(&["苏州工业园区职业技术学校"]));
        assert_eq!(one[0], ["苏州工业园区职业技", "术学校"]);
    }
}
