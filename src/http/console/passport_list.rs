//! `/console/passport` (a producer's products, each with what its label still lacks) and
//! `/console/documents` (the inspectors' queue of documents to confirm).

use super::pages::{Nav, href, redirect, service_page};
use super::passport_list_views as views;
use super::posted::Posted;
use super::session::SignedIn;
use crate::http::kit::respond::page;
use crate::http::{AppState, blocking};
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;

/// A date as people type it (`01/12/2026`, `1.12.2026`) or in ISO form (`2026-12-01`).
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let slashed: String = s
        .chars()
        .map(|c| if matches!(c, '.' | '-' | ' ') { '/' } else { c })
        .collect();
    NaiveDate::parse_from_str(&slashed, "%d/%m/%Y").ok()
}

/// GET /console/passport
pub async fn list(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.passport_list(&p)).await {
        Ok(v) => page(
            StatusCode::OK,
            &views::list(who.lang, Nav::of(who.lang, &who.person), &uri, &v),
        ),
        Err(e) => service_page(who.lang, &e),
    }
}

/// GET /console/documents
pub async fn queue(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.unconfirmed_documents(&p)).await {
        Ok(v) => page(
            StatusCode::OK,
            &views::queue(who.lang, Nav::of(who.lang, &who.person), &uri, &v),
        ),
        Err(e) => service_page(who.lang, &e),
    }
}

/// POST /console/documents/{product}/{doc}/confirm
pub async fn confirm(
    State(s): State<AppState>,
    Path((product, doc)): Path<(u64, u64)>,
    Posted { who, .. }: Posted<super::passport_upload::CsrfForm>,
) -> Response {
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.confirm_document(&p, product, doc)).await {
        // Confirmed meanwhile by a colleague: the queue is what they want to see either way.
        Ok(_) => redirect(&href(who.lang, "/console/documents?done=1")),
        Err(e) if e.code == "already_confirmed" => redirect(&href(who.lang, "/console/documents")),
        Err(e) => service_page(who.lang, &e),
    }
}
