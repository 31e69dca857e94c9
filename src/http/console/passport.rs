//! `/console/passport` and `/console/products/{id}/content`: what a producer (or the office)
//! tells shoppers about a product — text, photos, conformity documents — with the label
//! fields the product's group still lacks. Uploads are in `passport_upload.rs`, the page
//! itself in `passport_views.rs`.

use super::pages::{IdPath, Nav, href, redirect, service_page};
use super::passport_views::ContentPage;
use super::posted::Posted;
use super::session::SignedIn;
use crate::domain::ContentInput;
use crate::http::kit::i18n::Lang;
use crate::http::kit::respond::page;
use crate::http::{ApiError, AppState, blocking};
use crate::service::ContentView;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use std::collections::HashMap;

/// The editing page for the person signed in.
fn page_of(who: &SignedIn, uri: &Uri, v: &ContentView) -> ContentPage {
    ContentPage::new(who.lang, Nav::of(who.lang, &who.person), uri, v)
}

/// Loads the page's facts; the refusal page for anyone who may not edit them.
pub async fn load(s: &AppState, who: &SignedIn, id: u64) -> Result<ContentView, Response> {
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    let lang = who.lang;
    blocking(move || {
        app.content_editable(&p, id)?;
        app.content_view(&p, id)
    })
    .await
    .map_err(|e| service_page(lang, &e))
}

/// The page again with an error beside the panel that caused it.
pub async fn with_error(
    s: &AppState,
    who: &SignedIn,
    uri: &Uri,
    id: u64,
    status: StatusCode,
    error: (&'static str, &'static str),
    keep: impl FnOnce(&mut ContentPage),
) -> Response {
    match load(s, who, id).await {
        Ok(v) => {
            let mut view = page_of(who, uri, &v).with_error(error);
            keep(&mut view);
            page(status, &view)
        }
        Err(r) => r,
    }
}

/// `?done=` after a change: which sentence to show.
#[derive(Debug, serde::Deserialize)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// GET /console/products/{id}/content
pub async fn show(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
    Query(d): Query<Done>,
) -> Response {
    let v = match load(&s, &who, id).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    page(
        StatusCode::OK,
        &page_of(&who, &uri, &v).with_done(d.done.as_deref()),
    )
}

/// Where a change sends the person back to.
pub fn back(lang: Lang, id: u64, done: &str) -> Response {
    redirect(&href(
        lang,
        &format!("/console/products/{id}/content?done={done}"),
    ))
}

/// POST /console/products/{id}/content — the text fields.
pub async fn save(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    Posted { who, form: f }: Posted<HashMap<String, String>>,
) -> Response {
    let input = content_input(&f);
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.set_content_text(&p, id, input)).await {
        Ok(_) => back(who.lang, id, "saved"),
        Err(e) => match text_error(who.lang, &e) {
            Some(error) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                with_error(&s, &who, &uri, id, status, error, |v| v.keep_text(&f)).await
            }
            None => service_page(who.lang, &e),
        },
    }
}

/// The text form as the service takes it: the fixed fields, and `label_…` for the group's own.
fn content_input(f: &HashMap<String, String>) -> ContentInput {
    let get = |k: &str| f.get(k).cloned();
    ContentInput {
        story: get("story"),
        ingredients: get("ingredients"),
        usage: get("usage"),
        storage: get("storage"),
        net_quantity: get("net_quantity"),
        warnings: get("warnings"),
        label: f
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("label_").map(|k| (k.to_owned(), v.clone())))
            .collect(),
    }
}

/// The panel and sentence of a text the service refused; `None` for a refusal that is no
/// form's.
fn text_error(lang: Lang, e: &ApiError) -> Option<(&'static str, &'static str)> {
    (e.code == "invalid_text").then_some(("text", lang.t().cc_err_text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_form_reads_its_fields_and_only_a_bad_text_is_the_forms_refusal() {
        let f: HashMap<String, String> = [
            ("csrf", "c"),
            ("story", "Mật ong rừng"),
            ("label_origin_region", "Ba Chẽ"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let input = content_input(&f);
        assert_eq!(input.story.as_deref(), Some("Mật ong rừng"));
        assert!(input.usage.is_none());
        assert_eq!(
            input.label.get("origin_region").map(String::as_str),
            Some("Ba Chẽ")
        );
        assert_eq!(input.label.len(), 1);
        let bad = StatusCode::UNPROCESSABLE_ENTITY;
        let text = ApiError::new(bad, "invalid_text", "story is too long");
        assert_eq!(
            text_error(Lang::En, &text),
            Some(("text", Lang::En.t().cc_err_text))
        );
        assert_eq!(
            text_error(Lang::En, &ApiError::new(bad, "invalid_date", "x")),
            None
        );
    }
}
