//! `/console`: a producer's home (products with stars and certificate status in words,
//! recent batches; built in [`super::home_view`]); the office gets its own home
//! (`office_home.rs`); inspectors go to the batch search.

use super::home_view::producer_home;
use super::pages::{Nav, href, redirect, service_page};
use super::session::SignedIn;
use crate::http::AppState;
use crate::http::kit::respond::page;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::response::Response;

/// GET /console
pub async fn home(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    let (lang, role) = (who.lang, who.person.principal.role);
    if role.is_office() {
        return super::office_home::home(&s, &who, &uri);
    }
    if !role.is_producer() {
        // An inspector's console starts at the batch search.
        return redirect(&href(lang, "/console/inspect"));
    }
    match s.app.producer_home(&who.person.principal) {
        Ok(h) => page(
            StatusCode::OK,
            &producer_home(lang, Nav::of(lang, &who.person), &uri, role, &h),
        ),
        Err(e) => service_page(lang, &e.into()),
    }
}
