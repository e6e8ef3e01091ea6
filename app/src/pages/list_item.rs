//! One list item: what it is, who owns it and when it is due; its progress notes with evidence;
//! the form that moves it through the loop (a multipart form, so files go with it, also without
//! JavaScript); and its links.
use crate::api::lists::{fetch_item, LinkItem, UnlinkItem};
use crate::components::error_box::guarded;
use crate::components::form_result::{field_error, form_error, form_problems, QueryErrors};
use crate::components::route::id_param;
use crate::domain::loop_items::LoopStage;
use crate::i18n::{use_i18n, Texts};
use crate::pages::hours::code_options;
use crate::pages::lists::due_pill;
use crate::views::lists::ItemDetail;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ListItemPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param("id");
    let data = Resource::new(move || id.get(), fetch_item);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t().loading}</p> }>
            {move || data.get().map(|r| guarded(r, |v| view! { <Item v/> }))}
        </Suspense>
    }
}

#[component]
fn Item(v: ItemDetail) -> impl IntoView {
    let t = use_i18n().t();
    let l = t.lists;
    let link = ServerAction::<LinkItem>::new();
    let unlink = ServerAction::<UnlinkItem>::new();
    let id = v.item.id;
    let stages: Vec<&'static str> = LoopStage::ALL.iter().map(|s| s.code()).collect();
    let targets: Vec<&'static str> = vec!["item", "survey", "event", "pairing"];
    let stage = v.item.stage.clone();
    let unlink_rows: Vec<AnyView> = v
        .links
        .iter()
        .map(|k| {
            let (target, target_id, title) = (k.target.clone(), k.target_id, k.title.clone());
            view! {
                <li data-testid="link">
                    <span class="pill">{Texts::label(l.link_targets, &k.target)}</span> " "
                    <A href=k.href.clone()>{title}</A>
                    <ActionForm action=unlink attr:class="inline-form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <input type="hidden" name="target" value=target/>
                        <input type="hidden" name="target_id" value=target_id.to_string()/>
                        " " <button type="submit" class="link-button">{l.unlink}</button>
                    </ActionForm>
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <h1>{v.item.title.clone()}</h1>
        <p class="muted" data-testid="item-facts">
            <span class="pill">{Texts::label(l.kinds, &v.item.kind)}</span> " "
            {l.col_owner} ": " {v.item.owner.clone()} " · "
            <span data-testid="item-stage">{Texts::label(l.stages, &v.item.stage)}</span> " · "
            {due_pill(&v.item, t)}
        </p>
        {(!v.description.is_empty()).then(|| view! { <p class="prewrap">{v.description.clone()}</p> })}
        <ol class="stage-track" aria-label=l.col_stage>
            {LoopStage::ALL.iter().map(|s| {
                let here = s.code() == v.item.stage;
                view! { <li class:current=here aria-current=here.then_some("step")>{Texts::label(l.stages, s.code())}</li> }
            }).collect_view()}
        </ol>
        <section class="card">
            <h2>{l.progress}</h2>
            <QueryErrors/>
            <form method="post" action=format!("/lists/{id}/notes") enctype="multipart/form-data" class="form" data-testid="note-form">
                <label class="form-row"><span>{l.move_to}</span><select name="stage">{code_options(&stages, l.stages, &stage)}</select></label>
                <label class="form-row"><span>{l.note}</span><textarea name="body" rows="3" maxlength="2000" required></textarea></label>
                <label class="form-row"><span>{l.evidence}</span><input type="file" name="evidence" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"/></label>
                <button type="submit" class="primary" data-testid="add-note">{l.save_note}</button>
            </form>
            <ol class="notes" data-testid="notes">
                {v.notes.into_iter().map(|n| view! {
                    <li data-testid="note">
                        <strong>{n.author}</strong> <span class="muted small">" " {n.at}</span>
                        {(n.stage_from != n.stage_to).then(|| view! {
                            " " <span class="pill">{format!("{} → {}", Texts::label(l.stages, &n.stage_from), Texts::label(l.stages, &n.stage_to))}</span>
                        })}
                        <p class="prewrap">{n.body}</p>
                        {(!n.files.is_empty()).then(|| view! {
                            <ul class="files">{n.files.into_iter().map(|(fid, name)| view! {
                                <li><a href=format!("/lists/evidence/{fid}") data-download="">{name}</a></li>
                            }).collect_view()}</ul>
                        })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <section class="card" data-testid="links">
            <h2>{l.links}</h2>
            {form_problems(unlink)}
            <ul>{unlink_rows}</ul>
            {(!v.linked_from.is_empty()).then(|| view! {
                <p class="muted small">{l.linked_from}</p>
                <ul>{v.linked_from.into_iter().map(|k| view! { <li><A href=k.href>{k.title}</A></li> }).collect_view()}</ul>
            })}
            {form_error(link)}
            <ActionForm action=link attr:class="form" attr:data-testid="link-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <label class="form-row"><span>{l.link_to}</span>
                    <select name="link" required>
                        {targets.into_iter().map(|target| {
                            let options: Vec<AnyView> = v.candidates.iter()
                                .filter(|(key, _)| key.split(':').next() == Some(target))
                                .map(|(key, title)| view! { <option value=key.clone()>{title.clone()}</option> }.into_any())
                                .collect();
                            (!options.is_empty()).then(|| view! { <optgroup label=Texts::label(l.link_targets, target)>{options}</optgroup> })
                        }).collect_view()}
                    </select>
                    {field_error(link, "link")}
                </label>
                <button type="submit" class="secondary" data-testid="add-link">{l.add_link}</button>
            </ActionForm>
        </section>
    }
}
