//! File routes beside the server functions: uploads, downloads and exports, one module per area
//! (`pairing_files`, `hour_files`, `growth_files`, `stats_files`, `roster_files`, `survey_files`,
//! `list_files`), each with a
//! `ROUTES` table.
//! `routes()` builds the router from the tables, and the authorization matrix test
//! (`tests/tests/it/authz_matrix_http.rs`) reads the same rows, so a route cannot be added
//! without the test knowing it.
use axum::{
    http::Method,
    routing::{MethodFilter, MethodRouter},
    Router,
};

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

/// Every file route of the app, from the tables.
pub fn all_routes() -> impl Iterator<Item = &'static FileRoute> {
    crate::pairing_files::ROUTES
        .iter()
        .chain(crate::hour_files::ROUTES)
        .chain(crate::growth_files::ROUTES)
        .chain(crate::stats_files::ROUTES)
        .chain(crate::roster_files::ROUTES)
        .chain(crate::survey_files::ROUTES)
        .chain(crate::list_files::ROUTES)
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
