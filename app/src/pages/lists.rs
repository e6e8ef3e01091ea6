//! The three lists (问题清单、任务清单、责任清单): a board by loop stage or a table, filtered by
//! kind, school, overdue and year, exported to .xlsx; a form to add an item; center staff copy
//! a year's lists into the next.
use crate::api::lists::{fetch_lists, CopyListYear, CreateItem};
use crate::components::error_box::guarded;
use crate::components::form_result::{field_error, form_done, form_error, form_output};
use crate::domain::loop_items::{ItemKind, LoopStage};
use crate::i18n::{use_i18n, Texts};
use crate::pages::hours::code_options;
use crate::views::lists::{ItemRow, ListFilter};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

/// The pill beside an item saying how it stands against its due date.
pub fn due_pill(row: &ItemRow, t: &'static Texts) -> impl IntoView {
    let class = match row.due_state.as_str() {
        "overdue" => "pill warn",
        "done" => "pill ok",
        _ => "pill",
    };
    view! {
        <span class=class data-testid="due-state">{Texts::label(t.lists.due_states, &row.due_state)}</span>
        " " <span class="muted small">{(t.lists.due_on)(&row.due_on.format("%Y-%m-%d").to_string())}</span>
    }
}

#[component]
pub fn ListsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let create = ServerAction::<CreateItem>::new();
    let copy = ServerAction::<CopyListYear>::new();
    let filter = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        (
            ListFilter {
                kind: get("kind"),
                school: get("school"),
                overdue: get("overdue"),
                year: get("year"),
            },
            get("view") == "table",
        )
    };
    let data = Resource::new(move || filter().0, |f| fetch_lists(Some(f)));
    view! {
        <h1>{move || i18n.t().lists.title}</h1>
        {form_error(create)}
        {form_error(copy)}
        {move || form_done(copy)().then(|| view! {
            <p class="notice" role="status">{(i18n.t().lists.copied_n)(form_output(copy)().unwrap_or(0))}</p>
        })}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| {
                let t = i18n.t();
                let l = t.lists;
                let (f, table) = filter();
                let kinds: Vec<&'static str> = ItemKind::ALL.iter().map(|k| k.code()).collect();
                let export = format!(
                    "/lists.xlsx?kind={}&school={}&overdue={}&year={}",
                    f.kind, f.school, f.overdue, v.year
                );
                view! {
                    <form method="get" action="/lists" class="inline-form filters" data-testid="list-filters">
                        <select name="kind" aria-label=l.label_kind>
                            <option value="">{l.all_kinds}</option>
                            {code_options(&kinds, l.kinds, &f.kind)}
                        </select>
                        <select name="school" aria-label=t.label_school>
                            <option value="">{l.all_owners}</option>
                            {v.schools.iter().map(|(id, name)| view! { <option value=id.to_string() selected=f.school == id.to_string()>{name.clone()}</option> }).collect_view()}
                        </select>
                        <select name="year" aria-label=t.year_label>
                            {std::iter::once(v.year).chain(v.years.iter().copied().filter(|y| *y != v.year)).map(|y| view! {
                                <option value=y.to_string() selected=y == v.year>{(t.year_name)(y)}</option>
                            }).collect_view()}
                        </select>
                        <label class="check"><input type="checkbox" name="overdue" value="1" checked=!f.overdue.is_empty()/>{l.overdue_only}</label>
                        <label class="check"><input type="checkbox" name="view" value="table" checked=table/>{l.as_table}</label>
                        <button type="submit" class="secondary">{t.filter}</button>
                    </form>
                    <p><a href=export data-download="" data-testid="export-lists">{l.export}</a></p>
                    {if table {
                        view! { <ItemTable rows=v.items.clone()/> }.into_any()
                    } else {
                        view! { <Board rows=v.items.clone()/> }.into_any()
                    }}
                    {v.may_create.then(|| view! {
                        <details class="card" open=v.items.is_empty()>
                            <summary><strong>{l.new_item}</strong></summary>
                            <ActionForm action=create attr:class="form" attr:data-testid="item-form">
                                <div class="form-grid">
                                    <label class="form-row"><span>{l.label_kind}</span><select name="form[kind]">{code_options(&kinds, l.kinds, "task")}</select>{field_error(create, "kind")}</label>
                                    <label class="form-row"><span>{l.label_due}</span><input type="date" name="form[due_on]" required/>{field_error(create, "due_on")}</label>
                                </div>
                                <label class="form-row"><span>{l.label_title}</span><input type="text" name="form[title]" required maxlength="100"/>{field_error(create, "title")}</label>
                                <label class="form-row"><span>{l.label_description}</span><textarea name="form[description]" rows="3" maxlength="2000"></textarea>{field_error(create, "description")}</label>
                                <div class="form-grid">
                                    <label class="form-row"><span>{l.owner_school}</span>
                                        <select name="form[owner_school]">
                                            <option value="">"–"</option>
                                            {v.schools.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                                        </select>
                                        {field_error(create, "owner_school")}
                                    </label>
                                    <label class="form-row"><span>{l.owner_login}</span><input type="text" name="form[owner_login]" maxlength="40" autocapitalize="off"/>{field_error(create, "owner_login")}</label>
                                </div>
                                <p class="muted small">{l.owner_hint}</p>
                                <button type="submit" class="primary" data-testid="create-item">{t.create}</button>
                            </ActionForm>
                        </details>
                    })}
                    {v.center.then(|| view! {
                        <ActionForm action=copy attr:class="inline-form">
                            <input type="hidden" name="year" value=v.year.to_string()/>
                            <button type="submit" class="secondary" data-testid="copy-year">{(l.copy_year)(v.year)}</button>
                        </ActionForm>
                    })}
                }
            }))}
        </Suspense>
    }
}

/// The items in columns by loop stage (stacked on a phone).
#[component]
fn Board(rows: Vec<ItemRow>) -> impl IntoView {
    let t = use_i18n().t();
    view! {
        <div class="board" data-testid="board">
            {LoopStage::ALL.iter().map(|stage| {
                let items: Vec<ItemRow> = rows.iter().filter(|r| r.stage == stage.code()).cloned().collect();
                view! {
                    <section class="board-column" data-testid=format!("stage-{}", stage.code())>
                        <h2>{Texts::label(t.lists.stages, stage.code())} <span class="muted small">" " {items.len()}</span></h2>
                        {items.into_iter().map(|r| view! {
                            <div class="board-card" data-testid="board-item">
                                <span class="pill">{Texts::label(t.lists.kinds, &r.kind)}</span>
                                {due_pill(&r, t)}
                                <A href=format!("/lists/{}", r.id)>{r.title}</A>
                                <div class="muted small">{r.owner}</div>
                            </div>
                        }).collect_view()}
                    </section>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn ItemTable(rows: Vec<ItemRow>) -> impl IntoView {
    let t = use_i18n().t();
    let l = t.lists;
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid="items">
                <thead><tr><th>{l.label_kind}</th><th>{l.label_due}</th><th>{l.label_title}</th><th>{l.col_owner}</th><th>{l.col_stage}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td>{Texts::label(l.kinds, &r.kind)}</td>
                            <td>{due_pill(&r, t)}</td>
                            <td><A href=format!("/lists/{}", r.id)>{r.title}</A></td>
                            <td>{r.owner}</td>
                            <td>{Texts::label(l.stages, &r.stage)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
