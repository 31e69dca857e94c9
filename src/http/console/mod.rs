//! The console for people: sign-in and sessions, the office's accounts pages, and the
//! producer's path from nothing to a printed sheet. Every route is in [`routes`]; every
//! handler extracts, calls one service verb and maps the result to a page. Who may do what
//! is decided in the service verbs ([`crate::domain::access`]), never here. See
//! `docs/console.md`.

mod accounts;
mod accounts_form;
mod batch;
mod batch_form;
mod cert_change;
mod cert_form;
mod events;
mod fields;
mod home;
mod home_view;
mod inspect;
mod inspect_batch;
mod inspect_csv;
mod inspect_form;
mod inspect_view;
mod inspect_words;
mod office_home;
mod office_views;
mod pages;
mod passport;
mod passport_list;
mod passport_list_views;
mod passport_upload;
mod passport_views;
mod posted;
mod print;
mod print_flow;
mod print_form;
mod product_page;
mod products;
mod products_form;
mod recall;
mod reports;
mod roles;
mod session;
mod setup;
mod sign_in;
mod sign_in_code;
mod subjects;
mod totp;

use super::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

/// Body limit of the console's upload forms.
const UPLOAD: usize = crate::http::kit::upload::UPLOAD_BODY_LIMIT;

/// The console's routes, all under `/console`.
pub fn routes() -> Router<AppState> {
    Router::new()
        // anyone
        .route("/console/sign-in", get(sign_in::form).post(sign_in::submit))
        .route(
            "/console/setup/{secret}",
            get(setup::setup_form).post(setup::setup_submit),
        )
        .route("/console/sign-in/code", post(sign_in_code::code_submit))
        // signed in
        .route("/console/totp", get(totp::enrolment).post(totp::confirm))
        .route("/console/totp/remove", post(totp::remove))
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
            get(print::print_form).post(print::print),
        )
        .route("/console/batches/{id}/preview", get(print::preview))
        .route("/console/batches/{id}/events", post(events::add))
        .route(
            "/console/batches/{id}/recall",
            get(recall::recall_form).post(recall::recall),
        )
        // the province office (office branch)
        .route(
            "/console/products",
            get(products::list).post(products::create),
        )
        .route("/console/products/{id}", get(product_page::show))
        .route(
            "/console/products/{id}/certificates",
            post(product_page::grant),
        )
        .route(
            "/console/certificates/{id}/supersede",
            get(cert_change::supersede_form).post(cert_change::supersede),
        )
        .route(
            "/console/certificates/{id}/revoke",
            get(cert_change::revoke_form).post(cert_change::revoke),
        )
        .route(
            "/console/accounts/{id}/role",
            get(roles::form).post(roles::change),
        )
        .route("/console/expiring", get(office_home::expiring))
        .route("/console/reports", get(reports::list))
        .route("/console/reports/{id}", post(reports::handle))
        .route("/console/clones", get(office_home::clones))
        .route("/console/log", get(office_home::log))
        .route("/console/log/verify", get(office_home::verify))
        // the office and inspectors
        .route("/console/inspect", get(inspect::search))
        .route("/console/inspect.csv", get(inspect::search_csv))
        .route("/console/inspect/batches/{id}", get(inspect_batch::show))
        .route(
            "/console/inspect/batches/{id}/epcis",
            get(inspect_batch::epcis),
        )
        .route(
            "/console/inspect/batches/{id}/history.csv",
            get(inspect_batch::csv),
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
