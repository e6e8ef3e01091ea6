//! Survey exports: a survey's results as .xlsx, for those who may read them.
use crate::files::FileRoute;
use crate::responses::{refuse, xlsx_response};
use app::backend::caller::Caller;
use app::backend::{survey_results, xlsx};
use app::error::AppError;
use axum::{
    extract::Path,
    http::{HeaderMap, Method},
    response::Response,
    routing::on,
};

pub const ROUTES: &[FileRoute] = &[FileRoute {
    method: Method::GET,
    path: "/surveys/{id}/export.xlsx",
    handler: |m| on(m, export),
}];

async fn export(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let result = async {
        let c = caller?;
        let results = survey_results::load(&c, id).await?;
        xlsx::built(xlsx::survey_book(&results, c.locale), "survey results")
    }
    .await;
    match result {
        Ok(bytes) => xlsx_response(bytes, &format!("survey-{id}.xlsx")),
        Err(err) => refuse(err, &headers),
    }
}
