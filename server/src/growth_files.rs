//! File routes for the growth path: recording an achievement with evidence (multipart, works
//! as a plain form), reading an achievement's evidence, promotion/enrolment imports with their
//! templates, and the candidate pipeline as .xlsx.
use crate::files::{locale, refuse, xlsx_response};
use crate::hour_files::{back_to_form, read_form, user, wants_html};
use app::domain::claims::{MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES};
use app::domain::growth::AchievementForm;
use app::error::AppError;
use app::server::{ctx, growth, growth_import, ladder, xlsx};
use axum::{
    extract::{DefaultBodyLimit, Multipart, Path, Query},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Extension, Json, Router,
};
use std::collections::HashMap;
use tower_sessions::Session;

pub fn routes() -> Router<leptos::config::LeptosOptions> {
    let limit = (MAX_EVIDENCE_FILES + 2) * MAX_EVIDENCE_BYTES;
    Router::new()
        .route(
            "/growth/achievements",
            post(record_achievement).layer(DefaultBodyLimit::max(limit)),
        )
        .route("/growth/evidence/{id}", get(evidence))
        .route("/ladder/import", post(import))
        .route(
            "/ladder/template-promotions.xlsx",
            get(|| template("promotions")),
        )
        .route(
            "/ladder/template-enrolments.xlsx",
            get(|| template("enrolments")),
        )
        .route("/ladder/candidates.xlsx", get(candidates_export))
}

async fn record_achievement(
    Extension(state): Extension<ctx::ServerCtx>,
    session: Session,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let user = match user(&state, &session).await {
        Ok(u) => u,
        Err(AppError::Unauthorized) if wants_html(&headers) => {
            return Redirect::to("/login").into_response()
        }
        Err(err) => return refuse(err, &headers),
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
    match growth::file_achievement(&state.pool, &user, &a, &uploads).await {
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
    Extension(state): Extension<ctx::ServerCtx>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let result = async {
        let user = user(&state, &session).await?;
        growth::evidence(&state.pool, &user, id).await
    }
    .await;
    match result {
        Ok(file) => crate::hour_files::file_response(file),
        Err(err) => refuse(err, &headers),
    }
}

async fn import(
    Extension(state): Extension<ctx::ServerCtx>,
    session: Session,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    mut form: Multipart,
) -> Response {
    let user = match user(&state, &session).await {
        Ok(u) => u,
        Err(AppError::Unauthorized) => return Redirect::to("/login").into_response(),
        Err(err) => return refuse(err, &headers),
    };
    let kind = q.get("kind").cloned().unwrap_or_default();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            if let Ok(bytes) = field.bytes().await {
                file = Some((name, bytes.to_vec()));
            }
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Redirect::to("/ladder?error=invalid").into_response();
    };
    match growth_import::stage(&state.pool, &user, &kind, &name, &bytes).await {
        Ok(id) => Redirect::to(&format!("/ladder/import/{id}")).into_response(),
        Err(AppError::Invalid(_)) => Redirect::to("/ladder?error=invalid").into_response(),
        Err(err) => refuse(err, &headers),
    }
}

async fn template(kind: &'static str) -> Response {
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
            (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "").into_response()
        }
    }
}

async fn candidates_export(
    Extension(state): Extension<ctx::ServerCtx>,
    session: Session,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let result = async {
        let user = user(&state, &session).await?;
        ladder::center(&user)?;
        let level = q.get("level").and_then(|l| l.parse().ok());
        let view = ladder::candidates_for(&state.pool, level, ctx::today()).await?;
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
