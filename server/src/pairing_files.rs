//! File routes for pairings: the import upload (multipart, so it works as a plain HTML form), its
//! template and the behind-quota export.
use crate::files::FileRoute;
use crate::responses::{refuse, signed_in, xlsx_or_refuse};
use app::backend::caller::Caller;
use app::backend::{pairing_import, pairings, xlsx};
use app::error::AppError;
use axum::{
    extract::{Multipart, Query},
    http::{HeaderMap, Method},
    response::{IntoResponse, Redirect, Response},
    routing::on,
};
use std::collections::HashMap;

pub const ROUTES: &[FileRoute] = &[
    FileRoute {
        method: Method::POST,
        path: "/pairings/import",
        handler: |m| on(m, upload),
    },
    FileRoute {
        method: Method::GET,
        path: "/pairings/template.xlsx",
        handler: |m| on(m, template),
    },
    FileRoute {
        method: Method::GET,
        path: "/pairings/behind.xlsx",
        handler: |m| on(m, behind_export),
    },
];

/// The caller, if they manage pairings (a coordinator or center staff).
pub fn manager(caller: Result<Caller, AppError>) -> Result<Caller, AppError> {
    let c = caller?;
    app::backend::policy::managed_schools(&c.user)?;
    Ok(c)
}

async fn template(caller: Result<Caller, AppError>, headers: HeaderMap) -> Response {
    if let Err(err) = manager(caller) {
        return refuse(err, &headers);
    }
    let book = xlsx::built(xlsx::pairing_template(), "pairing template");
    xlsx_or_refuse(book, "pairing-template.xlsx", &headers)
}

async fn behind_export(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let book = async {
        let c = manager(caller)?;
        let sort = q.get("sort").map(String::as_str).unwrap_or("");
        let view = pairings::behind(&c, sort, q.contains_key("all")).await?;
        xlsx::built(xlsx::behind_sheet(&view.rows, c.locale), "behind export")
    }
    .await;
    xlsx_or_refuse(book, "behind-quota.xlsx", &headers)
}

/// Stores the checked preview and sends the browser to it; a bad file goes back with the reason.
async fn upload(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let c = match signed_in(manager(caller), &headers) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let staged = match crate::upload::file_field(&mut form).await {
        Ok((name, bytes)) => pairing_import::stage(&c, &name, &bytes).await,
        Err(err) => Err(err),
    };
    match staged {
        Ok(id) => Redirect::to(&format!("/pairings/import/{id}")).into_response(),
        Err(err) => crate::upload::refused(err, "/pairings", &headers),
    }
}
