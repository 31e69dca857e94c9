//! The catalogue page: search and filters in one GET form (no JavaScript; a search keeps
//! the filters because they are fields of the same form), the active filters in words, and
//! pages that add up to the count. The view is built in [`crate::http::public::catalogue_view`].

use crate::http::kit::extract::ApiQuery;
use crate::http::kit::i18n::Lang;
use crate::http::kit::respond::page;
use crate::http::public::catalogue_view::{self, Filters};
use crate::http::{ApiError, AppState};
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

/// The page's query as a browser sends it: an unchosen filter comes as an empty value.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Words to search for (diacritics optional).
    pub q: Option<String>,
    /// Product group.
    pub group: Option<String>,
    /// Stars (3, 4 or 5).
    pub star: Option<String>,
    /// Commune or ward.
    pub commune: Option<String>,
    /// Sales channel.
    pub channel: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
}

/// The catalogue of certified products (the showroom page).
#[utoipa::path(get, path = "/catalogue", tag = "pages", operation_id = "catalogue_page", params(PageQuery),
    responses((status = 200, description = "A page of the catalogue", content_type = "text/html", body = String)))]
pub async fn catalogue(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    lang: Lang,
    ApiQuery(pq): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let f = Filters::of(&pq);
    let idx = s.app.portfolio()?;
    let result = s.app.catalogue(&f.query())?;
    let view = catalogue_view::view(&s.app, lang, &uri, f, &idx, &result);
    Ok(page(StatusCode::OK, &view))
}
