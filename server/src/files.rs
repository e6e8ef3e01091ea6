//! File routes beside the server functions: the pairing import upload (multipart, so it works as
//! a plain HTML form), the import template and the behind-quota export. Same session and checks.
//!
//! Every file route of the app is a row of one of the `ROUTES` tables (this module's,
//! `hour_files`, `growth_files`, `stats_files`); `routes()` builds the router from them and the
//! authorization matrix test (`tests/tests/it/authz_matrix_http.rs`) reads the same rows, so a
//! route cannot be added without the test knowing it.
use crate::hour_files::wants_html;
use app::error::AppError;
use app::i18n::Locale;
use app::server::caller::Caller;
use app::server::{pairing_import, pairings, xlsx};
use axum::{
    extract::{Multipart, Query},
    http::Method,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{on, MethodFilter, MethodRouter},
    Router,
};
use std::collections::HashMap;

type State = leptos::config::LeptosOptions;

/// One file route: the method, the path (axum syntax), and the handler for that method.
pub struct FileRoute {
    pub method: Method,
    pub path: &'static str,
    pub handler: fn(MethodFilter) -> MethodRouter<State>,
}

impl FileRoute {
    fn method_router(&self) -> MethodRouter<State> {
        let filter = MethodFilter::try_from(self.method.clone()).expect("a routable method");
        (self.handler)(filter)
    }
}

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

/// Every file route of the app, from the four tables.
pub fn all_routes() -> impl Iterator<Item = &'static FileRoute> {
    ROUTES
        .iter()
        .chain(crate::hour_files::ROUTES)
        .chain(crate::growth_files::ROUTES)
        .chain(crate::stats_files::ROUTES)
}

/// The router of every file route (a path with two methods gets both).
pub fn routes() -> Router<State> {
    let mut by_path: Vec<(&'static str, MethodRouter<State>)> = Vec::new();
    for route in all_routes() {
        match by_path.iter_mut().find(|(p, _)| *p == route.path) {
            Some((_, mr)) => *mr = std::mem::take(mr).merge(route.method_router()),
            None => by_path.push((route.path, route.method_router())),
        }
    }
    by_path
        .into_iter()
        .fold(Router::new(), |router, (path, mr)| router.route(path, mr))
}

/// The server functions registered in this binary: (method, path), e.g. (POST, "/api/login").
pub fn server_fn_paths() -> Vec<(Method, String)> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (method, path.to_string()))
        .collect()
}

pub fn locale(headers: &HeaderMap) -> Locale {
    headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_cookie_header)
        .unwrap_or_default()
}

pub fn refuse(err: AppError, headers: &HeaderMap) -> Response {
    let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    let t = locale(headers).texts();
    // The message, then one line per field: `field: what is wrong with it`.
    let mut body = err.message(t);
    if let AppError::Invalid(errors) = &err {
        for e in errors {
            body.push_str(&format!(
                "\n{}: {}",
                e.field,
                app::error::problem_message(e.problem, t)
            ));
        }
    }
    (status, body).into_response()
}

/// The signed-in caller, or the answer that refuses: a browser without a session goes to the
/// login page, anything else gets the status and the message.
pub fn signed_in(
    caller: Result<Caller, AppError>,
    headers: &HeaderMap,
) -> Result<Caller, Box<Response>> {
    match caller {
        Ok(c) => Ok(c),
        Err(AppError::Unauthorized) if wants_html(headers) => {
            Err(Box::new(Redirect::to("/login").into_response()))
        }
        Err(err) => Err(Box::new(refuse(err, headers))),
    }
}

/// The caller, if they manage pairings (a coordinator or center staff).
pub fn manager(caller: Result<Caller, AppError>) -> Result<Caller, AppError> {
    let c = caller?;
    app::server::policy::managed_schools(&c.user)?;
    Ok(c)
}

pub fn xlsx_response(bytes: Vec<u8>, file_name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            // Personal data: never kept by a shared cache or the browser's.
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

async fn template(caller: Result<Caller, AppError>, headers: HeaderMap) -> Response {
    if let Err(err) = manager(caller) {
        return refuse(err, &headers);
    }
    match xlsx::pairing_template() {
        Ok(bytes) => xlsx_response(bytes, "pairing-template.xlsx"),
        Err(err) => {
            tracing::error!(error = %err, "template");
            refuse(AppError::Internal, &headers)
        }
    }
}

async fn behind_export(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let result = async {
        let c = manager(caller)?;
        let sort = q.get("sort").map(String::as_str).unwrap_or("");
        let view = pairings::behind(&c, sort, q.contains_key("all")).await?;
        xlsx::behind_sheet(&view.rows, locale(&headers)).map_err(|err| {
            tracing::error!(error = %err, "behind export");
            AppError::Internal
        })
    }
    .await;
    match result {
        Ok(bytes) => xlsx_response(bytes, "behind-quota.xlsx"),
        Err(err) => refuse(err, &headers),
    }
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
