//! The province office's home and its watch lists: certificates ending within 30 days (and
//! those ended within 90), labels that look copied, the issuer key set, and the issuance log
//! with a "verify now" check that recomputes the tree from the entries. Each handler asks one
//! service verb and renders the view [`super::office_views`] builds from its answer.

use super::office_views as views;
use super::pages::{Nav, service_page};
use super::session::SignedIn;
use crate::http::kit::respond::page;
use crate::http::{AppState, blocking};
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;

/// `/console` for the admin and office staff.
pub fn home(s: &AppState, who: &SignedIn, uri: &Uri) -> Response {
    let (lang, p) = (who.lang, &who.person);
    match s.app.office_summary(&p.principal) {
        Ok(sum) => page(
            StatusCode::OK,
            &views::home(lang, Nav::of(lang, p), &p.account.display_name, uri, &sum),
        ),
        Err(e) => service_page(lang, &e.into()),
    }
}

/// `?older=1` on the expiring list: certificates that ended long ago.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ExpiringQuery {
    older: Option<String>,
}

/// GET /console/expiring
pub async fn expiring(
    State(s): State<AppState>,
    who: SignedIn,
    Query(q): Query<ExpiringQuery>,
) -> Response {
    let older = q.older.is_some_and(|v| !v.is_empty() && v != "0");
    let (lang, p) = (who.lang, &who.person);
    match s.app.expiring_certificates(&p.principal, older) {
        Ok(list) => page(
            StatusCode::OK,
            &views::expiring(lang, Nav::of(lang, p), &list, older),
        ),
        Err(e) => service_page(lang, &e.into()),
    }
}

/// GET /console/clones
pub async fn clones(State(s): State<AppState>, who: SignedIn) -> Response {
    let (app, principal) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.clone_suspicions(&principal)).await {
        Ok(lines) => page(
            StatusCode::OK,
            &views::clones(who.lang, Nav::of(who.lang, &who.person), &lines),
        ),
        Err(e) => service_page(who.lang, &e),
    }
}

/// GET /console/log — the key set and the latest checkpoint.
pub async fn log(State(s): State<AppState>, who: SignedIn) -> Response {
    let (lang, p) = (who.lang, &who.person);
    match s
        .app
        .office_keys(&p.principal)
        .and_then(|k| Ok((k, s.app.log_overview(&p.principal)?)))
    {
        Ok((keys, overview)) => page(
            StatusCode::OK,
            &views::log(lang, Nav::of(lang, p), &keys, overview),
        ),
        Err(e) => service_page(lang, &e.into()),
    }
}

/// GET /console/log/verify — reads every entry again and checks the signed checkpoint.
pub async fn verify(State(s): State<AppState>, who: SignedIn) -> Response {
    let (app, principal) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.verify_log(&principal)).await {
        Ok(check) => page(
            StatusCode::OK,
            &views::verify(who.lang, Nav::of(who.lang, &who.person), &check),
        ),
        Err(e) => service_page(who.lang, &e),
    }
}
