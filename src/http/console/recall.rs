//! Recalling a batch from the console: a reason, behind a confirmation page. Producer staff
//! are not offered the step, and their post is refused by the service.

use super::batch::load;
use super::pages::{IdPath, Nav, href, redirect, service_page};
use super::session::SignedIn;
use crate::http::kit::i18n::fill;
use crate::http::kit::respond::{Shell, page};
use crate::http::{AppState, blocking};
use crate::service::BatchPage;
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

/// The recall confirmation page.
#[derive(Template)]
#[template(path = "console/recall.html")]
struct RecallView {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    heading: String,
    reason: String,
    error: Option<&'static str>,
}

/// The recall form.
#[derive(Debug, Deserialize)]
pub struct RecallForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    csrf: String,
}

fn recall_page(
    who: &SignedIn,
    uri: &Uri,
    p: &BatchPage,
    status: StatusCode,
    reason: String,
    error: Option<&'static str>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let heading = fill(t.recall_title, &[p.view.batch.lot.as_str()]);
    let view = RecallView {
        shell: Shell::new(lang, uri, heading.clone()),
        nav: Some(Nav::of(lang, &who.person)),
        id: p.view.batch.id,
        heading,
        reason,
        error,
    };
    page(status, &view)
}

/// GET /console/batches/{id}/recall — the confirmation step.
pub async fn recall_form(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
) -> Response {
    match load(&s, &who, id) {
        Ok(p) if p.may_recall => recall_page(&who, &uri, &p, StatusCode::OK, String::new(), None),
        Ok(_) => redirect(&href(who.lang, &format!("/console/batches/{id}"))),
        Err(e) => service_page(who.lang, &e),
    }
}

/// POST /console/batches/{id}/recall
pub async fn recall(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
    axum::Form(f): axum::Form<RecallForm>,
) -> Response {
    if let Some(r) = who.csrf_refusal(&f.csrf) {
        return r;
    }
    let p = match load(&s, &who, id) {
        Ok(p) => p,
        Err(e) => return service_page(who.lang, &e),
    };
    let t = who.lang.t();
    let app = s.app.clone();
    let principal = who.person.principal.clone();
    let reason = f.reason.clone();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    match blocking(move || app.recall_batch(&principal, id, &reason, None)).await {
        Ok(_) => redirect(&href(who.lang, &format!("/console/batches/{id}"))),
        Err(e) if e.code == "invalid_text" => {
            recall_page(&who, &uri, &p, status, f.reason, Some(t.err_reason))
        }
        Err(e) if e.code == "already_recalled" => recall_page(
            &who,
            &uri,
            &p,
            status,
            f.reason,
            Some(t.err_already_recalled),
        ),
        Err(e)
            if e.status == StatusCode::FORBIDDEN
                && p.view.batch.subject_id
                    == who.person.principal.subject_id.unwrap_or(u64::MAX) =>
        {
            recall_page(
                &who,
                &uri,
                &p,
                StatusCode::FORBIDDEN,
                f.reason,
                Some(t.err_recall_staff),
            )
        }
        Err(e) => service_page(who.lang, &e),
    }
}
