//! File routes for the roster: the intake upload (multipart, works as a plain form) and its
//! template, the roster export, and the one-time passwords handed out as a sheet or as slips
//! to print (one A4 page per teacher).
use crate::files::FileRoute;
use crate::pairing_files::manager;
use crate::responses::{refuse, signed_in, xlsx_or_refuse};
use app::backend::caller::Caller;
use app::backend::{accounts, audit_log, intake, roster, school_import, xlsx};
use app::error::AppError;
use app::i18n::Texts;
use app::sheet::Limits;
use app::views::roster::{AuditQuery, OneTimePassword, RosterQuery};
use axum::{
    extract::{DefaultBodyLimit, Form, Multipart, Query},
    http::{header, HeaderMap, Method},
    response::{Html, IntoResponse, Redirect, Response},
    routing::on,
};
use html_escape::encode_text as esc;
use std::collections::HashMap;

pub const ROUTES: &[FileRoute] = &[
    FileRoute {
        method: Method::POST,
        path: "/roster/import",
        // Room for the largest list the roster takes, plus the form around it.
        handler: |m| {
            on(m, upload).layer(DefaultBodyLimit::max(Limits::ROSTER.max_bytes + 64 * 1024))
        },
    },
    FileRoute {
        method: Method::GET,
        path: "/roster/template.xlsx",
        handler: |m| on(m, template),
    },
    FileRoute {
        method: Method::GET,
        path: "/roster.xlsx",
        handler: |m| on(m, export),
    },
    FileRoute {
        method: Method::POST,
        path: "/roster/passwords",
        handler: |m| on(m, passwords),
    },
    FileRoute {
        method: Method::POST,
        path: "/schools/import",
        handler: |m| {
            on(m, school_upload).layer(DefaultBodyLimit::max(Limits::LIST.max_bytes + 64 * 1024))
        },
    },
    FileRoute {
        method: Method::GET,
        path: "/schools/template.xlsx",
        handler: |m| on(m, school_template),
    },
    FileRoute {
        method: Method::GET,
        path: "/audit.xlsx",
        handler: |m| on(m, audit_export),
    },
];

async fn upload(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let c = match signed_in(manager(caller), &headers) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let staged = match crate::upload::file_with_fields(&mut form, Limits::ROSTER.max_bytes).await {
        Ok((name, bytes, fields)) => {
            let cohort = crate::upload::field(&fields, "cohort");
            intake::stage(&c, &cohort, &name, &bytes).await
        }
        Err(err) => Err(err),
    };
    match staged {
        Ok(id) => Redirect::to(&format!("/roster/import/{id}")).into_response(),
        Err(err) => crate::upload::refused(err, "/roster/import", &headers),
    }
}

async fn school_upload(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    // The role before the upload is read: only center staff keep schools.
    let center = caller.and_then(|c| app::backend::policy::center_staff(&c.user).map(|_| c));
    let c = match signed_in(center, &headers) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let staged = match crate::upload::file_field(&mut form).await {
        Ok((name, bytes)) => school_import::stage(&c, &name, &bytes).await,
        Err(err) => Err(err),
    };
    match staged {
        Ok(id) => Redirect::to(&format!("/schools/import/{id}")).into_response(),
        Err(err) => crate::upload::refused(err, "/schools", &headers),
    }
}

async fn school_template(caller: Result<Caller, AppError>, headers: HeaderMap) -> Response {
    if let Err(err) = caller.and_then(|c| app::backend::policy::center_staff(&c.user)) {
        return refuse(err, &headers);
    }
    let headings: Vec<&str> = school_import::TEMPLATE
        .iter()
        .map(|(k, _)| {
            school_import::COLUMNS
                .iter()
                .find(|c| c.key == *k)
                .map_or(*k, |c| c.heading)
        })
        .collect();
    let example: Vec<&str> = school_import::TEMPLATE.iter().map(|(_, v)| *v).collect();
    let book = xlsx::built(
        xlsx::template("schools", &headings, &example),
        "school template",
    );
    xlsx_or_refuse(book, "school-template.xlsx", &headers)
}

async fn template(caller: Result<Caller, AppError>, headers: HeaderMap) -> Response {
    if let Err(err) = manager(caller) {
        return refuse(err, &headers);
    }
    let headings: Vec<&str> = intake::TEMPLATE_ORDER
        .iter()
        .map(|k| intake::column(k).heading)
        .collect();
    let book = xlsx::built(
        xlsx::template("intake", &headings, &intake::TEMPLATE_EXAMPLE),
        "intake template",
    );
    xlsx_or_refuse(book, "intake-template.xlsx", &headers)
}

async fn export(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let query = RosterQuery {
        q: get("q"),
        school: get("school"),
        subject: get("subject"),
        stage: get("stage"),
        cohort: get("cohort"),
        status: get("status"),
        tier: get("tier"),
        programme: get("programme"),
        page: String::new(),
    };
    let book = async {
        let c = caller?;
        let rows = roster::export(&c, &query).await?;
        xlsx::built(xlsx::roster_sheet(&rows, c.locale), "roster export")
    }
    .await;
    xlsx_or_refuse(book, "roster.xlsx", &headers)
}

async fn audit_export(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Query(q): Query<AuditQuery>,
) -> Response {
    let book = async {
        let c = caller?;
        let rows = audit_log::export(&c, &q).await?;
        xlsx::built(xlsx::audit_sheet(&rows, c.locale), "audit export")
    }
    .await;
    xlsx_or_refuse(book, "audit-log.xlsx", &headers)
}

/// Hands out the waiting one-time passwords: `format=xlsx` as a sheet, else printable slips.
/// Each request issues new passwords (the earlier ones stop working).
async fn passwords(
    caller: Result<Caller, AppError>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let c = match signed_in(caller, &headers) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let school = f.get("school").and_then(|s| s.trim().parse().ok());
    let slips = match accounts::issue(&c, school).await {
        Ok(s) => s,
        Err(err) => return refuse(err, &headers),
    };
    if f.get("format").map(String::as_str) == Some("xlsx") {
        let book = xlsx::built(xlsx::passwords_sheet(&slips, c.locale), "password sheet");
        return xlsx_or_refuse(book, "one-time-passwords.xlsx", &headers);
    }
    let site = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let mut page =
        Html(slips_page(&slips, c.locale.texts(), c.locale.code(), site)).into_response();
    page.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    page
}

/// One A4 page per teacher: the site, their login, the one-time password, what to do next.
fn slips_page(slips: &[OneTimePassword], t: &Texts, lang: &str, site: &str) -> String {
    let mut body = String::new();
    if slips.is_empty() {
        body.push_str(&format!("<p>{}</p>", esc(t.slips_none)));
    }
    for s in slips {
        body.push_str(&format!(
            "<section class=\"slip\" data-testid=\"slip\">\
             <h1>{app}</h1>\
             <p class=\"who\">{name} · {school}</p>\
             <dl><dt>{site_label}</dt><dd>{site}</dd>\
             <dt>{login_label}</dt><dd class=\"code\" data-testid=\"slip-login\">{login}</dd>\
             <dt>{pw_label}</dt><dd class=\"code\" data-testid=\"slip-password\">{pw}</dd></dl>\
             <p>{steps}</p></section>",
            app = esc(t.app_name),
            name = esc(&s.name),
            school = esc(&s.school_name),
            site_label = esc(t.slip_site),
            site = esc(site),
            login_label = esc(t.slip_login),
            login = esc(&s.login),
            pw_label = esc(t.slip_password),
            pw = esc(&s.password),
            steps = esc(t.slip_steps),
        ));
    }
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>\
         @page {{ size: A4; margin: 20mm; }}\
         body {{ font-family: system-ui, sans-serif; margin: 0 auto; max-width: 170mm; }}\
         .hint {{ background: #fff6d6; padding: 8px 12px; }}\
         .slip {{ border: 1px dashed #888; padding: 14mm; margin: 10mm 0; break-after: page; page-break-after: always; }}\
         .slip:last-child {{ break-after: auto; page-break-after: auto; }}\
         dt {{ color: #555; margin-top: 4mm; }} dd {{ margin: 1mm 0 0; font-size: 14pt; }}\
         dd.code {{ font: bold 20pt ui-monospace, monospace; letter-spacing: 2px; }}\
         @media print {{ .hint {{ display: none; }} .slip {{ border: none; margin: 0; }} }}\
         </style></head><body><p class=\"hint\">{hint}</p>{body}</body></html>",
        title = esc(t.print_slips),
        hint = esc(&(t.slips_hint)(slips.len() as i64)),
    )
}
