//! The HTTP surface. Every route is listed in [`build_router`], grouped by audience; each
//! handler extracts, calls a service function on [`App`], and maps the result.

mod admin;
mod advice;
mod audit;
mod catalogue;
mod catalogue_page;
mod catalogue_view;
mod console;
mod error;
mod extract;
mod i18n;
mod labels;
mod limit;
mod listing_page;
mod log;
mod metrics;
mod office;
mod openapi;
mod ops;
mod outage;
mod page;
mod passport;
mod passport_facts;
mod passport_view;
mod portfolio;
mod portfolio_page;
mod producer;
mod product_view;
mod public;
mod resolver;
mod respond;
mod stream;
mod verdict_page;

pub use error::{ApiError, ErrorBody};
pub use metrics::Metrics;

use crate::service::App;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use std::sync::Arc;
use std::time::Instant;
use utoipa::OpenApi;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

/// Largest JSON body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Shared request state: one pointer, so the extractors of a request clone one `Arc`
/// rather than every handle of the application.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What [`AppState`] points to.
pub struct Shared {
    pub app: App,
    pub metrics: Arc<Metrics>,
    /// The per-network limit on label URLs.
    pub label_limit: Arc<limit::Limiter>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Builds the whole application router. Every route goes through `routes!`, so its path and
/// methods come from the handler's `#[utoipa::path]` and the served document lists it.
pub fn build_router(app: App) -> Router {
    let state = AppState(Arc::new(Shared {
        label_limit: Arc::new(limit::Limiter::new(app.scan_policy.label_scans_per_minute)),
        app,
        metrics: Arc::new(Metrics::default()),
    }));
    // Only GET of a label URL is rate-limited: a PIN claim has its own limits per unit.
    let limited = |get: UtoipaMethodRouter<AppState>| {
        get.layer(middleware::from_fn_with_state(state.clone(), limit::labels))
    };
    let (router, doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        // public
        .routes(routes!(public::healthz))
        .routes(routes!(public::jwks))
        .routes(routes!(public::status_snapshot))
        .routes(routes!(public::verify_url))
        .routes(routes!(public::openapi))
        .routes(routes!(public::metrics))
        .routes(routes!(log::checkpoint))
        .routes(routes!(log::checkpoint_at))
        .routes(routes!(log::entries))
        .routes(routes!(log::inclusion))
        .routes(routes!(log::consistency))
        // admin
        .routes(routes!(admin::create_subject, admin::list_subjects))
        .routes(routes!(admin::get_subject))
        .routes(routes!(admin::create_product, admin::list_products))
        .routes(routes!(admin::get_product))
        .routes(routes!(admin::grant_certificate, admin::list_certificates))
        .routes(routes!(admin::revoke_certificate))
        .routes(routes!(admin::supersede_certificate))
        .routes(routes!(admin::create_token, ops::list_tokens))
        .routes(routes!(ops::revoke_token))
        .routes(routes!(ops::backup))
        // producer
        .routes(routes!(producer::create_batch, producer::list_batches))
        .routes(routes!(producer::get_batch))
        .routes(routes!(producer::get_record))
        .routes(routes!(labels::labels))
        .routes(routes!(labels::single_label))
        .routes(routes!(labels::print_runs))
        .routes(routes!(audit::add_event, audit::list_events))
        .routes(routes!(audit::epcis))
        .routes(routes!(audit::certificates))
        .routes(routes!(audit::potential))
        .routes(routes!(audit::search_batches))
        .routes(routes!(audit::anomalies))
        .routes(routes!(audit::reports))
        .routes(routes!(portfolio::summary))
        .routes(routes!(portfolio::full))
        .routes(routes!(portfolio::csv))
        .routes(routes!(portfolio::catalogue_json))
        .routes(routes!(portfolio::listing_check))
        .routes(routes!(producer::recall_batch))
        // the product passport
        .routes(routes!(passport::get_content, passport::put_content))
        .routes(
            routes!(passport::add_photo).layer(DefaultBodyLimit::max(passport::UPLOAD_BODY_LIMIT)),
        )
        .routes(routes!(passport::remove_photo))
        .routes(
            routes!(passport::add_document)
                .layer(DefaultBodyLimit::max(passport::UPLOAD_BODY_LIMIT)),
        )
        .routes(routes!(passport::confirm_document))
        .routes(routes!(passport::media))
        // Label URLs: the QR content. GS1 Digital Link and the short non-GS1 form.
        .routes(limited(routes!(page::label_gs1)))
        .routes(routes!(page::claim_gs1))
        .routes(limited(routes!(page::label_short)))
        .routes(routes!(page::claim_short))
        .routes(routes!(resolver::product))
        .routes(routes!(resolver::batch))
        .routes(routes!(resolver::description))
        .routes(routes!(page::report))
        .routes(
            routes!(page::photo_form, page::photo).layer(DefaultBodyLimit::max(page::PHOTO_LIMIT)),
        )
        // pages
        .routes(routes!(portfolio_page::dashboard))
        .routes(routes!(catalogue_page::catalogue))
        .routes(routes!(portfolio_page::product))
        .routes(routes!(listing_page::listing))
        .routes(routes!(public::home))
        .routes(routes!(respond::stylesheet))
        .routes(routes!(respond::favicon))
        .routes(routes!(respond::office_logo))
        .routes(routes!(respond::robots))
        .split_for_parts();
    let doc = openapi::complete(doc);
    // The console is pages for people behind a session, not part of the API description.
    router
        .merge(console::routes())
        .fallback(public::not_found)
        .layer(Extension(public::OpenApiJson(Arc::new(doc))))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(outage::pages_for_people))
        .layer(middleware::from_fn_with_state(state.clone(), office::scope))
        .layer(middleware::from_fn_with_state(state.clone(), track))
        .with_state(state)
}

/// Runs blocking store work (writes that flush) off the async runtime.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, crate::service::ServiceError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(ApiError::from),
        Err(e) => {
            tracing::error!(error = %e, "blocking task failed");
            Err(ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            ))
        }
    }
}

/// Records route, status and latency of every request.
async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_owned();
    let method = req.method().as_str().to_owned();
    let resp = next.run(req).await;
    state
        .metrics
        .observe_request(&route, &method, resp.status().as_u16(), start.elapsed());
    resp
}
