//! Statistics exports: every view as .xlsx (a sheet per table) or .csv, with the filters applied.
use crate::files::FileRoute;
use crate::responses::{refuse, xlsx_response};
use app::backend::caller::Caller;
use app::backend::{stats, xlsx};
use app::domain::stats::StatsFilter;
use app::error::AppError;
use axum::{
    extract::Query,
    http::{header, HeaderMap, Method},
    response::{IntoResponse, Response},
    routing::on,
};
use std::collections::HashMap;

pub const ROUTES: &[FileRoute] = &[
    FileRoute {
        method: Method::GET,
        path: "/stats/export.xlsx",
        handler: |m| on(m, |c, h, q| export(c, h, q, false)),
    },
    FileRoute {
        method: Method::GET,
        path: "/stats/export.csv",
        handler: |m| on(m, |c, h, q| export(c, h, q, true)),
    },
];

async fn export(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    csv: bool,
) -> Response {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let filter = StatsFilter {
        cohort: get("cohort"),
        school: get("school"),
        subject: get("subject"),
        stage: get("stage"),
        programme: get("programme"),
        area: get("area"),
    };
    let result = async {
        let c = caller?;
        let locale = c.locale;
        let view = stats::view(&c, &get("view"), &filter).await?;
        let bytes = if csv {
            xlsx::stats_csv(&view, locale)
        } else {
            xlsx::stats_sheets(&view, locale).map_err(|err| {
                tracing::error!(error = %err, "stats export");
                AppError::Internal
            })?
        };
        Ok::<_, AppError>((view.view, bytes))
    }
    .await;
    match result {
        Ok((view, bytes)) if csv => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"stats-{view}.csv\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Ok((view, bytes)) => xlsx_response(bytes, &format!("stats-{view}.xlsx")),
        Err(err) => refuse(err, &headers),
    }
}
