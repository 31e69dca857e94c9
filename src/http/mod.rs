//! The HTTP surface. Every route is listed in [`build_router`]. Handlers live in rooms by
//! audience — [`public`] pages, the [`console`], the JSON [`api`] — and share the web [`kit`];
//! a room uses the kit, never another room. Each handler extracts, calls one service verb on
//! [`App`], builds its view and renders it.

mod api;
mod console;
mod kit;
mod public;
#[cfg(test)]
mod rooms_tests;

pub use kit::error::{ApiError, ErrorBody};
pub use kit::metrics::Metrics;

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
    pub label_limit: Arc<kit::limit::Limiter>,
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
        label_limit: Arc::new(kit::limit::Limiter::new(
            app.scan_policy.label_scans_per_minute,
        )),
        app,
        metrics: Arc::new(Metrics::default()),
    }));
    // Only GET of a label URL is rate-limited: a PIN claim has its own limits per unit.
    let limited = |get: UtoipaMethodRouter<AppState>| {
        get.layer(middleware::from_fn_with_state(
            state.clone(),
            kit::limit::labels,
        ))
    };
    let (router, doc) = OpenApiRouter::with_openapi(api::openapi::ApiDoc::openapi())
        // public
        .routes(routes!(api::public::healthz))
        .routes(routes!(api::public::jwks))
        .routes(routes!(api::public::status_snapshot))
        .routes(routes!(api::public::verify_url))
        .routes(routes!(api::public::openapi))
        .routes(routes!(api::public::metrics))
        .routes(routes!(api::log::checkpoint))
        .routes(routes!(api::log::checkpoint_at))
        .routes(routes!(api::log::entries))
        .routes(routes!(api::log::inclusion))
        .routes(routes!(api::log::consistency))
        // admin
        .routes(routes!(
            api::admin::create_subject,
            api::admin::list_subjects
        ))
        .routes(routes!(api::admin::get_subject))
        .routes(routes!(
            api::admin::create_product,
            api::admin::list_products
        ))
        .routes(routes!(api::admin::get_product))
        .routes(routes!(
            api::admin::grant_certificate,
            api::admin::list_certificates
        ))
        .routes(routes!(api::admin::revoke_certificate))
        .routes(routes!(api::admin::supersede_certificate))
        .routes(routes!(api::admin::create_token, api::ops::list_tokens))
        .routes(routes!(api::ops::revoke_token))
        .routes(routes!(api::ops::backup))
        // producer
        .routes(routes!(
            api::producer::create_batch,
            api::producer::list_batches
        ))
        .routes(routes!(api::producer::get_batch))
        .routes(routes!(api::producer::get_record))
        .routes(routes!(api::labels::labels))
        .routes(routes!(api::labels::single_label))
        .routes(routes!(api::labels::print_runs))
        .routes(routes!(api::audit::add_event, api::audit::list_events))
        .routes(routes!(api::audit::epcis))
        .routes(routes!(api::audit::certificates))
        .routes(routes!(api::audit::potential))
        .routes(routes!(api::audit::search_batches))
        .routes(routes!(api::audit::anomalies))
        .routes(routes!(api::audit::reports))
        .routes(routes!(api::portfolio::summary))
        .routes(routes!(api::portfolio::full))
        .routes(routes!(api::portfolio::csv))
        .routes(routes!(api::portfolio::catalogue_json))
        .routes(routes!(api::portfolio::listing_check))
        .routes(routes!(api::producer::recall_batch))
        // the product passport
        .routes(routes!(
            api::passport::get_content,
            api::passport::put_content
        ))
        .routes(
            routes!(api::passport::add_photo)
                .layer(DefaultBodyLimit::max(kit::upload::UPLOAD_BODY_LIMIT)),
        )
        .routes(routes!(api::passport::remove_photo))
        .routes(
            routes!(api::passport::add_document)
                .layer(DefaultBodyLimit::max(kit::upload::UPLOAD_BODY_LIMIT)),
        )
        .routes(routes!(api::passport::confirm_document))
        .routes(routes!(api::passport::media))
        // Label URLs: the QR content. GS1 Digital Link and the short non-GS1 form.
        .routes(limited(routes!(public::label::label_gs1)))
        .routes(routes!(public::label::claim_gs1))
        .routes(limited(routes!(public::label::label_short)))
        .routes(routes!(public::label::claim_short))
        .routes(routes!(public::resolver::product))
        .routes(routes!(public::resolver::batch))
        .routes(routes!(public::resolver::description))
        .routes(routes!(public::report::report))
        .routes(
            routes!(public::photo::photo_form, public::photo::photo)
                .layer(DefaultBodyLimit::max(public::photo::PHOTO_LIMIT)),
        )
        // pages
        .routes(routes!(public::portfolio_page::dashboard))
        .routes(routes!(public::catalogue_page::catalogue))
        .routes(routes!(public::portfolio_page::product))
        .routes(routes!(public::listing_page::listing))
        .routes(routes!(public::home::home))
        .routes(routes!(kit::respond::stylesheet))
        .routes(routes!(kit::respond::favicon))
        .routes(routes!(kit::respond::office_logo))
        .routes(routes!(kit::respond::robots))
        .split_for_parts();
    let doc = api::openapi::complete(doc);
    // The console is pages for people behind a session, not part of the API description.
    router
        .merge(console::routes())
        .fallback(public::home::not_found)
        .layer(Extension(api::public::OpenApiJson(Arc::new(doc))))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(kit::outage::pages_for_people))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            kit::office::scope,
        ))
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
