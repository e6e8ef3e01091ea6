//! File routes for the three lists: a progress note with evidence files (multipart, so it works
//! as a plain form), reading a note's evidence, and the lists as .xlsx.
use crate::files::FileRoute;
use crate::responses::{download, xlsx_or_refuse};
use crate::upload::{evidence_form, field, EVIDENCE_FORM_LIMIT};
use app::backend::caller::Caller;
use app::backend::{evidence, lists, xlsx};
use app::error::AppError;
use app::views::lists::ListFilter;
use axum::{
    extract::{DefaultBodyLimit, Multipart, Path, Query},
    http::{HeaderMap, Method},
    response::Response,
    routing::on,
};
use std::collections::HashMap;

pub const ROUTES: &[FileRoute] = &[
    FileRoute {
        method: Method::POST,
        path: "/lists/{id}/notes",
        handler: |m| on(m, add_note).layer(DefaultBodyLimit::max(EVIDENCE_FORM_LIMIT)),
    },
    FileRoute {
        method: Method::GET,
        path: "/lists/evidence/{id}",
        handler: |m| on(m, evidence_file),
    },
    FileRoute {
        method: Method::GET,
        path: "/lists.xlsx",
        handler: |m| on(m, export),
    },
];

async fn add_note(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Multipart,
) -> Response {
    let act = |c: Caller, f: HashMap<String, String>, uploads: Vec<evidence::Upload>| async move {
        lists::add_note(&c, id, &field(&f, "stage"), &field(&f, "body"), &uploads).await
    };
    let page = format!("/lists/{id}");
    let done = |_| format!("/lists/{id}?noted=1");
    evidence_form(caller, &headers, form, &page, &["body"], act, done).await
}

async fn evidence_file(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    download(caller, &headers, |c| async move {
        lists::evidence_file(&c, id).await
    })
    .await
}

async fn export(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(filter): Query<ListFilter>,
) -> Response {
    let book = async {
        let c = caller?;
        let view = lists::list(&c, &filter).await?;
        xlsx::built(xlsx::lists_sheet(&view.items, c.locale), "lists")
    }
    .await;
    xlsx_or_refuse(book, "lists.xlsx", &headers)
}
