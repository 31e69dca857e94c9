//! The province office every public page names in its footer. Handlers build a page's
//! [`crate::http::kit::respond::Shell`] without the application state, so the router puts the
//! configured office in a task-local for the request and the shell reads it from there:
//! no page (nor any page added later) can forget whom the shopper should call.

use crate::http::AppState;
use crate::ops::Office;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::{Arc, LazyLock};

tokio::task_local! {
    static OFFICE: Arc<Office>;
}

/// Runs the rest of the request with the configured office in scope.
pub async fn scope(State(s): State<AppState>, req: Request, next: Next) -> Response {
    OFFICE.scope(s.app.office.clone(), next.run(req)).await
}

/// The office of the request being served; the demo default outside a request (unit tests).
pub fn current() -> Arc<Office> {
    static DEFAULT: LazyLock<Arc<Office>> = LazyLock::new(Arc::default);
    OFFICE
        .try_with(Arc::clone)
        .unwrap_or_else(|_| DEFAULT.clone())
}
