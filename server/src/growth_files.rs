//! File routes for the growth path: recording an achievement with evidence (multipart, works
//! as a plain form), reading an achievement's evidence, promotion/enrolment imports with their
//! templates, and the candidate pipeline as .xlsx.
use crate::files::FileRoute;
use crate::responses::{download, refuse, signed_in, xlsx_or_refuse};
use crate::upload::{evidence_form, field, EVIDENCE_FORM_LIMIT};
use app::backend::caller::Caller;
use app::backend::{evidence, growth, growth_import, ladder, xlsx};
use app::domain::growth::AchievementForm;
use app::error::AppError;
use axum::{
    extract::{DefaultBodyLimit, Multipart, Path, Query},
    http::{HeaderMap, Method},
    response::{IntoResponse, Redirect, Response},
    routing::on,
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
    let typed = [
        "kind",
        "title",
        "level",
        "award_rank",
        "achieved_on",
        "detail",
    ];
    let act = |c: Caller, f: HashMap<String, String>, uploads: Vec<evidence::Upload>| async move {
        let a = AchievementForm {
            kind: field(&f, "kind"),
            title: field(&f, "title"),
            level: field(&f, "level"),
            award_rank: field(&f, "award_rank"),
            achieved_on: field(&f, "achieved_on"),
            detail: field(&f, "detail"),
        };
        growth::file_achievement(&c, &a, &uploads).await
    };
    let done = |_| "/growth?recorded=1".to_string();
    evidence_form(
        caller,
        &headers,
        form,
        "/growth/achievement",
        &typed,
        act,
        done,
    )
    .await
}

async fn evidence(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    download(caller, &headers, |c| async move {
        growth::evidence(&c, id).await
    })
    .await
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
    if let Err(err) = crate::pairing_files::manager(caller) {
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
    let book = xlsx::built(
        xlsx::template(kind, &columns.0, &columns.1),
        "ladder template",
    );
    xlsx_or_refuse(book, &format!("{kind}-template.xlsx"), &headers)
}

async fn candidates_export(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let book = async {
        let c = caller?;
        let level = q.get("level").and_then(|l| l.parse().ok());
        let view = ladder::candidates(&c, level).await?;
        xlsx::built(xlsx::candidates(&view, c.locale), "candidates export")
    }
    .await;
    xlsx_or_refuse(book, "candidates.xlsx", &headers)
}
