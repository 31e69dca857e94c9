//! The console for people: sign-in and sessions, the office's accounts pages, and the
//! producer's path from nothing to a printed sheet. Every route is in [`routes`]; every
//! handler extracts, calls one service verb and maps the result to a page. Who may do what
//! is decided in the service verbs ([`crate::domain::access`]), never here. See
//! `docs/console.md`.

mod accounts;
mod batch;
mod batch_form;
mod home;
mod pages;
mod passport;
mod passport_list;
mod passport_upload;
mod recall;
mod session;
mod sign_in;
mod subjects;

use super::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

/// Body limit of the console's upload forms.
const UPLOAD: usize = crate::http::passport::UPLOAD_BODY_LIMIT;

/// The console's routes, all under `/console`.
pub fn routes() -> Router<AppState> {
    Router::new()
        // anyone
        .route("/console/sign-in", get(sign_in::form).post(sign_in::submit))
        .route(
            "/console/setup/{secret}",
            get(sign_in::setup_form).post(sign_in::setup_submit),
        )
        // signed in
        .route("/console", get(home::home))
        .route("/console/sign-out", post(sign_in::sign_out))
        .route(
            "/console/accounts",
            get(accounts::list).post(accounts::create),
        )
        .route(
            "/console/subjects",
            get(subjects::list).post(subjects::create),
        )
        .route("/console/accounts/{id}/disable", post(accounts::disable))
        .route("/console/accounts/{id}/reset", post(accounts::reset))
        .route("/console/batches/new", get(batch_form::new_form))
        .route("/console/batches", post(batch_form::create))
        .route("/console/batches/{id}", get(batch::show))
        .route(
            "/console/batches/{id}/print",
            get(batch::print_form).post(batch::print),
        )
        .route(
            "/console/batches/{id}/recall",
            get(recall::recall_form).post(recall::recall),
        )
        // the product passport
        .route("/console/passport", get(passport_list::list))
        .route(
            "/console/products/{id}/content",
            get(passport::show).post(passport::save),
        )
        .route(
            "/console/products/{id}/photos",
            post(passport_upload::add_photo).layer(DefaultBodyLimit::max(UPLOAD)),
        )
        .route(
            "/console/products/{id}/photos/{photo}/remove",
            post(passport_upload::remove_photo),
        )
        .route(
            "/console/products/{id}/documents",
            post(passport_upload::add_document).layer(DefaultBodyLimit::max(UPLOAD)),
        )
        .route("/console/documents", get(passport_list::queue))
        .route(
            "/console/documents/{product}/{doc}/confirm",
            post(passport_list::confirm),
        )
}
