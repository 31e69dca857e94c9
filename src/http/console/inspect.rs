//! `/console/inspect`: the inspector's batch search. One GET form with every filter of the
//! API's batch search (`GET /api/v1/search/batches`), results in pages whose links keep the
//! filters, each row opening the batch's history; the same matches as a CSV download.

use super::inspect_csv::{attachment, results_csv};
use super::inspect_form::{SearchForm, parse};
use super::inspect_view as views;
use super::pages::{Nav, service_page};
use super::session::SignedIn;
use crate::http::kit::respond::page;
use crate::http::{AppState, blocking};
use axum::extract::rejection::QueryRejection;
use axum::extract::{OriginalUri, Query, State};
use axum::response::Response;

fn query(q: Result<Query<SearchForm>, QueryRejection>) -> SearchForm {
    q.map(|Query(f)| f).unwrap_or_default()
}

/// GET /console/inspect
pub async fn search(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
    q: Result<Query<SearchForm>, QueryRejection>,
) -> Response {
    let (lang, p) = (who.lang, parse(&query(q), who.lang.t()));
    let (skip, take) = views::window(&p);
    let (app, principal, search) = (
        s.app.clone(),
        who.person.principal.clone(),
        p.search.clone(),
    );
    match blocking(move || app.inspect_search(&principal, &search, skip, take)).await {
        Ok(facts) => {
            let view = views::search(lang, Nav::of(lang, &who.person), &uri, &p, &facts);
            page(view.status(), &view)
        }
        Err(e) => service_page(lang, &e),
    }
}

/// GET /console/inspect.csv — every match of the filters, one row a batch. A form with a
/// field that does not read gets the search page with the sentence beside it instead.
pub async fn search_csv(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
    q: Result<Query<SearchForm>, QueryRejection>,
) -> Response {
    let form = query(q);
    let p = parse(&form, who.lang.t());
    if !p.errors.is_empty() {
        return search(State(s), OriginalUri(uri), who, Ok(Query(form))).await;
    }
    let (app, principal, lang) = (s.app.clone(), who.person.principal.clone(), who.lang);
    // The rows are written off the async workers too: every match, perhaps many.
    let rows = move || {
        app.inspect_matches(&principal, &p.search, 0, usize::MAX)
            .map(|(hits, _)| results_csv(lang, &hits))
    };
    match blocking(rows).await {
        Ok(bytes) => attachment(bytes, "text/csv; charset=utf-8", "lo-hang.csv"),
        Err(e) => service_page(lang, &e),
    }
}
