//! The HTTP surface. Every route is listed in [`build_router`], grouped by audience; each
//! handler extracts, calls a service function on [`App`], and maps the result.

mod admin;
mod advice;
mod audit;
mod catalogue;
mod catalogue_page;
mod error;
mod extract;
mod i18n;
mod labels;
mod limit;
mod log;
mod metrics;
mod office;
mod ops;
mod page;
mod portfolio;
mod portfolio_page;
mod producer;
mod public;
mod resolver;
mod respond;
mod stream;
mod verdict_page;

pub use error::{ApiError, ErrorBody};
pub use metrics::Metrics;

use crate::service::App;
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use std::sync::Arc;
use std::time::Instant;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
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
    pub openapi: Arc<String>,
    /// The per-network limit on label URLs.
    pub label_limit: Arc<limit::Limiter>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ocop-trace",
        description = "Signed traceability records and verifiable QR labels for OCOP products"
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "public", description = "Label verification, keys, health"),
        (name = "admin", description = "Province OCOP office"),
        (name = "producer", description = "Batches and labels (producers, admins; inspectors read)")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Builds the whole application router.
pub fn build_router(app: App) -> Router {
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        // public
        .routes(routes!(public::healthz))
        .routes(routes!(public::jwks))
        .routes(routes!(public::verify_url))
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
        .split_for_parts();
    let openapi = openapi.to_pretty_json().unwrap_or_else(|_| "{}".into());
    let state = AppState(Arc::new(Shared {
        label_limit: Arc::new(limit::Limiter::new(app.scan_policy.label_scans_per_minute)),
        app,
        metrics: Arc::new(Metrics::default()),
        openapi: Arc::new(openapi),
    }));
    let label_get = || {
        axum::routing::get(page::label)
            .layer(middleware::from_fn_with_state(state.clone(), limit::labels))
    };
    api.route("/api/v1/openapi.json", axum::routing::get(public::openapi))
        .route("/metrics", axum::routing::get(public::metrics))
        // Label URLs: the QR content. GS1 Digital Link and the short non-GS1 form.
        .route(
            "/01/{gtin}/10/{lot}/21/{serial}",
            label_get().post(page::claim),
        )
        .route("/l/{batch}/{serial}", label_get().post(page::claim))
        .route("/01/{gtin}", axum::routing::get(resolver::product))
        .route("/01/{gtin}/10/{lot}", axum::routing::get(resolver::batch))
        .route(
            "/.well-known/gs1resolver",
            axum::routing::get(resolver::description),
        )
        .route("/report", axum::routing::post(page::report))
        .route(
            "/verify/photo",
            axum::routing::get(page::photo_form)
                .post(page::photo)
                .layer(DefaultBodyLimit::max(page::PHOTO_LIMIT)),
        )
        .route("/dashboard", axum::routing::get(portfolio_page::dashboard))
        .route("/catalogue", axum::routing::get(portfolio_page::catalogue))
        .route(
            "/catalogue/products/{id}",
            axum::routing::get(portfolio_page::product),
        )
        .route("/", axum::routing::get(public::home))
        .route("/assets/site.css", axum::routing::get(respond::stylesheet))
        .route("/favicon.ico", axum::routing::get(respond::favicon))
        .route("/robots.txt", axum::routing::get(respond::robots))
        .fallback(public::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
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
