//! Recalling a batch from the console: a reason, behind a confirmation page. Producer staff
//! are not offered the step, and their post is refused by the service.

use super::batch::load;
use super::pages::{IdPath, Nav, href, redirect, service_page};
use super::posted::Posted;
use super::session::SignedIn;
use crate::domain::Principal;
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::fill;
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState};
use crate::service::{BatchPage, RecallStep};
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

super::posted::csrf_forms!(RecallForm);

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
    Posted { who, form: f }: Posted<RecallForm>,
) -> Response {
    let reason = f.reason.clone();
    match who.run(&s, move |a, p| a.recall_step(p, id, &reason)).await {
        Ok(RecallStep {
            page,
            refused: Some(e),
        }) => refused(&who, &uri, &page, f.reason, &e.into()),
        Ok(_) => redirect(&href(who.lang, &format!("/console/batches/{id}"))),
        Err(e) => service_page(who.lang, &e),
    }
}

/// The confirmation page again with why the recall was refused, or the refusal page.
fn refused(who: &SignedIn, uri: &Uri, p: &BatchPage, reason: String, e: &ApiError) -> Response {
    match refusal(
        who.lang.t(),
        e,
        p.view.batch.subject_id,
        &who.person.principal,
    ) {
        Some((status, msg)) => recall_page(who, uri, p, status, reason, Some(msg)),
        None => service_page(who.lang, e),
    }
}

/// The status and sentence of a refused recall shown on its page: the reason is missing,
/// the batch is recalled already, or the person is staff of the batch's producer `owner`
/// (who may not recall); `None` for anything else.
fn refusal(
    t: &'static Catalogue,
    e: &ApiError,
    owner: u64,
    who: &Principal,
) -> Option<(StatusCode, &'static str)> {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    match e.code.as_str() {
        "invalid_text" => Some((unprocessable, t.err_reason)),
        "already_recalled" => Some((unprocessable, t.err_already_recalled)),
        _ if e.status == StatusCode::FORBIDDEN && owner == who.subject_id.unwrap_or(u64::MAX) => {
            Some((StatusCode::FORBIDDEN, t.err_recall_staff))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::http::kit::i18n::Lang;

    #[test]
    fn only_the_producers_own_staff_are_told_they_may_not_recall() {
        let t = Lang::En.t();
        let staff = Principal {
            token_id: "acct_2".into(),
            role: Role::ProducerStaff,
            subject_id: Some(5),
        };
        let no = ApiError::new(StatusCode::FORBIDDEN, "forbidden", "x");
        let told = Some((StatusCode::FORBIDDEN, t.err_recall_staff));
        assert_eq!(refusal(t, &no, 5, &staff), told);
        assert_eq!(refusal(t, &no, 6, &staff), None);
        let empty = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_text", "x");
        let reason = Some((StatusCode::UNPROCESSABLE_ENTITY, t.err_reason));
        assert_eq!(refusal(t, &empty, 6, &staff), reason);
    }
}
