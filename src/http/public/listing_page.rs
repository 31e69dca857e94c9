//! The shopper's answer to "is this online shop listing really this OCOP product?": the
//! product page's form leads here, never to the JSON of the API route.

use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::extract::{ApiPath, ApiQuery};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::not_found;
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState, ErrorBody};
use crate::service::{ListingCheck, ListingOutcome};
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

/// `?url=` as a browser's form sends it (empty when the page is opened without one).
#[derive(Debug, Default, Deserialize)]
pub struct ListingForm {
    #[serde(default)]
    url: String,
}

/// What the page says about one listing.
#[derive(Debug, PartialEq)]
pub struct ListingVerdict {
    /// `ok` or `warning` (the advice box's class).
    pub tone: &'static str,
    /// The one sentence that answers the question.
    pub headline: String,
    /// What to do next.
    pub advice: Vec<&'static str>,
}

/// The listing-check page.
#[derive(Template)]
#[template(path = "listing.html")]
pub struct ListingPage {
    shell: Shell,
    id: u64,
    name: String,
    /// The checked URL, shown under the verdict.
    url: Option<String>,
    typed: String,
    verdict: Option<ListingVerdict>,
    error: Option<&'static str>,
}

/// Words for a check's outcome; `other_name` names the product the listing belongs to.
pub fn verdict(
    t: &Catalogue,
    name: &str,
    check: &ListingCheck,
    other_name: &str,
) -> ListingVerdict {
    let warn = |headline| ListingVerdict {
        tone: "warning",
        headline,
        advice: vec![t.listing_warn_claim, t.listing_warn_report],
    };
    match check.result.as_str() {
        "registered" => ListingVerdict {
            tone: "ok",
            headline: fill(t.listing_registered, &[name]),
            advice: vec![t.listing_registered_advice],
        },
        "other_product" => warn(fill(t.listing_other, &[other_name, name])),
        _ => warn(fill(t.listing_not_registered, &[name])),
    }
}

/// Builds the page from the service's answer.
pub fn view(
    shell: Shell,
    id: u64,
    name: &str,
    typed: &str,
    outcome: ListingOutcome,
) -> ListingPage {
    let t = shell.t;
    let (verdict, error) = match &outcome {
        ListingOutcome::Checked(check, other) => {
            let other = other.as_deref().unwrap_or_default();
            (Some(verdict(t, name, check, other)), None)
        }
        ListingOutcome::BadUrl => (None, Some(t.listing_bad_url)),
        ListingOutcome::NotAsked => (None, None),
    };
    ListingPage {
        shell,
        id,
        name: name.to_owned(),
        url: verdict.as_ref().map(|_| typed.trim().to_owned()),
        typed: typed.to_owned(),
        verdict,
        error,
    }
}

/// The page behind the product page's "check a listing" form.
#[utoipa::path(get, path = "/catalogue/products/{id}/listing-check", tag = "pages",
    operation_id = "listing_check_page",
    params(("id" = u64, Path, description = "Product id"),
        ("url" = Option<String>, Query, description = "The listing's http(s) URL"),
        ("lang" = Option<String>, Query, description = "`en` for the page in English")),
    responses((status = 200, description = "The verdict on the listing", content_type = "text/html", body = String),
        (status = 404, description = "No such product: a page for a browser, JSON for anyone else",
            content((String = "text/html"), (ErrorBody = "application/json"))),
        (status = 422, description = "The link is not an http(s) URL: the form again", content_type = "text/html", body = String)))]
pub async fn listing(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    lang: Lang,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(form): ApiQuery<ListingForm>,
) -> Result<Response, ApiError> {
    let Some((name, outcome)) = s.app.listing_page(id, &form.url)? else {
        return Ok(not_found(
            lang,
            &uri,
            &headers,
            "no such product",
            lang.t().not_found_text,
        ));
    };
    let status = match outcome {
        ListingOutcome::BadUrl => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    let shell = Shell::new(lang, &uri, format!("{} — {name}", lang.t().listing_title));
    Ok(page(status, &view(shell, id, &name, &form.url, outcome)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::kit::catalogue::{EN, VI};

    fn check(result: &str) -> ListingCheck {
        ListingCheck {
            result: result.into(),
            product_id: 1,
            other_product_id: None,
            vi: String::new(),
            en: String::new(),
        }
    }

    #[test]
    fn a_registered_listing_reads_as_confirmed_with_one_piece_of_advice() {
        let v = verdict(&VI, "Mật ong", &check("registered"), "");
        assert_eq!(v.tone, "ok");
        assert!(
            v.headline.starts_with("Đúng: gian hàng này"),
            "{}",
            v.headline
        );
        assert_eq!(v.advice, vec![VI.listing_registered_advice]);
    }

    #[test]
    fn another_products_listing_names_both_products_and_says_what_to_keep() {
        let v = verdict(&EN, "Honey", &check("other_product"), "Tea");
        assert_eq!(v.tone, "warning");
        assert!(
            v.headline.contains("“Tea”") && v.headline.contains("“Honey”"),
            "{}",
            v.headline
        );
        assert!(v.advice.contains(&EN.listing_warn_report));
    }

    #[test]
    fn an_unregistered_listing_warns() {
        let v = verdict(&VI, "Mật ong", &check("not_registered"), "");
        assert_eq!(v.tone, "warning");
        assert!(v.headline.contains("chưa được đăng ký"));
    }
}
