//! File routes for training hours: filing a claim with evidence (multipart, so it works as a
//! plain HTML form), reading an evidence file, a sign-in sheet upload, and the transcript.
use crate::files::FileRoute;
use crate::responses::{download, refuse, signed_in, xlsx_response};
use crate::upload::{evidence_form, field, EVIDENCE_FORM_LIMIT};
use app::backend::caller::Caller;
use app::backend::{claims, events, evidence, hours, xlsx};
use app::domain::claims::ClaimForm;
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
        path: "/hours/claims",
        handler: |m| on(m, file_claim).layer(DefaultBodyLimit::max(EVIDENCE_FORM_LIMIT)),
    },
    FileRoute {
        method: Method::GET,
        path: "/hours/evidence/{id}",
        handler: |m| on(m, evidence),
    },
    FileRoute {
        method: Method::GET,
        path: "/hours/transcript.xlsx",
        handler: |m| on(m, transcript),
    },
    FileRoute {
        method: Method::POST,
        path: "/events/{id}/award",
        handler: |m| on(m, award_sheet),
    },
];

async fn file_claim(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let typed = [
        "title",
        "organizer",
        "level",
        "category",
        "starts_on",
        "ends_on",
        "hours",
        "note",
    ];
    let act = |c: Caller, f: HashMap<String, String>, uploads: Vec<evidence::Upload>| async move {
        let claim = ClaimForm {
            title: field(&f, "title"),
            organizer: field(&f, "organizer"),
            level: field(&f, "level"),
            category: field(&f, "category"),
            starts_on: field(&f, "starts_on"),
            ends_on: field(&f, "ends_on"),
            hours: field(&f, "hours"),
            note: field(&f, "note"),
        };
        claims::file(&c, &claim, &uploads).await
    };
    let done = |id| format!("/hours?filed={id}");
    evidence_form(caller, &headers, form, "/hours/claim", &typed, act, done).await
}

async fn evidence(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    download(caller, &headers, |c| async move {
        claims::evidence(&c, id).await
    })
    .await
}

async fn transcript(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let result = async {
        let c = caller?;
        let teacher = match q.get("teacher").filter(|t| !t.is_empty()) {
            Some(t) => Some(t.parse::<i64>().map_err(|_| AppError::NotFound)?),
            None => None,
        };
        let view = hours::view(&c, teacher).await?;
        let bytes = xlsx::transcript(&view, c.locale).map_err(|err| {
            tracing::error!(error = %err, "transcript");
            AppError::Internal
        })?;
        Ok::<_, AppError>((view.staff_no, bytes))
    }
    .await;
    match result {
        Ok((staff_no, bytes)) => xlsx_response(bytes, &format!("transcript-{staff_no}.xlsx")),
        Err(err) => refuse(err, &headers),
    }
}

/// A sign-in sheet for an event: stored as a preview, then the browser goes to it.
async fn award_sheet(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Path(event_id): Path<i64>,
    mut form: Multipart,
) -> Response {
    let c = match signed_in(caller, &headers) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let staged = match crate::upload::file_field(&mut form).await {
        Ok((name, bytes)) => events::stage_file(&c, event_id, &name, &bytes).await,
        Err(err) => Err(err),
    };
    match staged {
        Ok(id) => Redirect::to(&format!("/events/award/{id}")).into_response(),
        Err(err) => crate::upload::refused(err, &format!("/events/{event_id}"), &headers),
    }
}
