//! File routes for the growth path: recording an achievement with evidence (multipart, works
//! as a plain form), reading an achievement's evidence, promotion/enrolment imports with their
//! templates, and the candidate pipeline as .xlsx.
use crate::files::{locale, refuse, signed_in, xlsx_response, FileRoute};
use crate::hour_files::{back_to_form, read_form, wants_html, EVIDENCE_FORM_LIMIT};
use app::domain::growth::AchievementForm;
use app::error::AppError;
use app::server::caller::Caller;
use app::server::{growth, growth_import, ladder, xlsx};
use axum::{
    extract::{DefaultBodyLimit, Multipart, Path, Query},
    http::{HeaderMap, Method},
    response::{IntoResponse, Redirect, Response},
    routing::on,
    Json,
};
use std::collections::HashMap;

pub const ROUTES: &[FileRoute] = &[
    FileRoute {
        method: Method::POST,
        path: "/growth/achievements",
        handler: |m| on(m, record_achievement).layer(DefaultBodyLimit::max(EVIDENCE_FORM_LIMIT)),
    },
    FileRoute {
        method: Method::GET,
        path: "/growth/evidence/{id}",
        handler: |m| on(m, evidence),
    },
    FileRoute {
        method: Method::POST,
        path: "/ladder/import",
        handler: |m| on(m, import),
    },
    FileRoute {
        method: Method::GET,
        path: "/ladder/template-promotions.xlsx",
        handler: |m| on(m, |c, h| template(c, h, "promotions")),
    },
    FileRoute {
        method: Method::GET,
        path: "/ladder/template-enrolments.xlsx",
        handler: |m| on(m, |c, h| template(c, h, "enrolments")),
    },
    FileRoute {
        method: Method::GET,
        path: "/ladder/candidates.xlsx",
        handler: |m| on(m, candidates_export),
    },
];

async fn record_achievement(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let c = match signed_in(caller, &headers) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let (fields, uploads) = match read_form(form).await {
        Ok(f) => f,
        Err(err) => return refuse(err, &headers),
    };
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let a = AchievementForm {
        kind: get("kind"),
        title: get("title"),
        level: get("level"),
        award_rank: get("award_rank"),
        achieved_on: get("achieved_on"),
        detail: get("detail"),
    };
    match growth::file_achievement(&c, &a, &uploads).await {
        Ok(_) if wants_html(&headers) => Redirect::to("/growth?recorded=1").into_response(),
        Ok(id) => Json(serde_json::json!({ "id": id })).into_response(),
        Err(err) if wants_html(&headers) => back_to_form(
            "/growth/achievement",
            &err,
            &[
                ("kind", &a.kind),
                ("title", &a.title),
                ("level", &a.level),
                ("award_rank", &a.award_rank),
                ("achieved_on", &a.achieved_on),
                ("detail", &a.detail),
            ],
        ),
        Err(err) => refuse(err, &headers),
    }
}

async fn evidence(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let result = async {
        let c = caller?;
        growth::evidence(&c, id).await
    }
    .await;
    match result {
        Ok(file) => crate::hour_files::file_response(file),
        Err(err) => refuse(err, &headers),
    }
}

async fn import(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    mut form: Multipart,
) -> Response {
    let c = match signed_in(caller, &headers) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let kind = q.get("kind").cloned().unwrap_or_default();
    let staged = match crate::upload::file_field(&mut form).await {
        Ok((name, bytes)) => growth_import::stage(&c, &kind, &name, &bytes).await,
        Err(err) => Err(err),
    };
    match staged {
        Ok(id) => Redirect::to(&format!("/ladder/import/{id}")).into_response(),
        Err(err) => crate::upload::refused(err, "/ladder", &headers),
    }
}

/// The import templates: for the people who import (center staff) and coordinators.
async fn template(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    kind: &'static str,
) -> Response {
    if let Err(err) = crate::files::manager(caller) {
        return refuse(err, &headers);
    }
    let columns = if kind == "promotions" {
        (
            growth_import::PROMOTION_COLUMNS,
            ["T201000001", "教学能手", "2026-09-01", ""],
        )
    } else {
        (
            growth_import::ENROLMENT_COLUMNS,
            ["T201000001", "famous", "2026-09-01", "enrolled"],
        )
    };
    match xlsx::template(kind, &columns.0, &columns.1) {
        Ok(bytes) => xlsx_response(bytes, &format!("{kind}-template.xlsx")),
        Err(err) => {
            tracing::error!(error = %err, "template");
            refuse(AppError::Internal, &headers)
        }
    }
}

async fn candidates_export(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let result = async {
        let c = caller?;
        let level = q.get("level").and_then(|l| l.parse().ok());
        let view = ladder::candidates(&c, level).await?;
        xlsx::candidates(&view, locale(&headers)).map_err(|err| {
            tracing::error!(error = %err, "candidates export");
            AppError::Internal
        })
    }
    .await;
    match result {
        Ok(bytes) => xlsx_response(bytes, "candidates.xlsx"),
        Err(err) => refuse(err, &headers),
    }
}
