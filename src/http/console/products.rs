//! The office registers products: subject, name, OCOP group and sub-group, GTIN (optional;
//! a wrong check digit is explained in words, with the digit it should be), brand, raw
//! material region, green chain and listings; and sees every subject's products.

use super::fields::{Field, place};
use super::pages::{Nav, href, redirect, service_page};
use super::posted::Posted;
use super::products_form::{ProductForm, field_error, fields};
use super::session::SignedIn;
use crate::domain::Rules;
use crate::http::AppState;
use crate::http::kit::catalogue::cert_status;
use crate::http::kit::i18n::{Lang, fill, query_value};
use crate::http::kit::respond::{Shell, page};
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;

/// A product as the list shows it.
struct Row {
    href: String,
    name: String,
    line: String,
    tone: &'static str,
}

/// A subject on the products page: its products, or only a link and a count when the
/// province has too many products for one page.
struct SubjectBlock {
    name: String,
    href: String,
    count: String,
    rows: Vec<Row>,
}

/// Above this many products the page lists subjects with counts; a subject's link
/// (`?subject=ID`) lists its products. Keeps the page well under 60 KB.
const MAX_LISTED: usize = 120;

/// The products page: the form, then every subject's products.
#[derive(Template)]
#[template(path = "console/products.html")]
struct ProductsPage {
    shell: Shell,
    nav: Option<Nav>,
    fields: Vec<Field>,
    general: Vec<String>,
    has_errors: bool,
    subjects: Vec<SubjectBlock>,
}

/// The group's name in the page language.
pub fn group_name(lang: Lang, code: &str) -> String {
    Rules::get()
        .group(code)
        .map(|g| match lang {
            Lang::Vi => g.vi.clone(),
            Lang::En => g.en.clone(),
        })
        .unwrap_or_default()
}

fn products_page(
    s: &AppState,
    who: &SignedIn,
    uri: &Uri,
    form: ProductForm,
    errors: Vec<(&'static str, String)>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let registry = match s.app.office_registry(&who.person.principal) {
        Ok(r) => r,
        Err(e) => return service_page(lang, &e.into()),
    };
    let subject_opts = registry
        .iter()
        .map(|(s, _)| (s.id.to_string(), s.name.clone()))
        .collect();
    let mut form = form;
    if form.subject_id.is_empty()
        && let Some(id) = query_value(uri, "subject")
    {
        form.subject_id = id.to_owned();
    }
    let mut fields = fields(lang, &form, subject_opts);
    let has_errors = !errors.is_empty();
    let general = place(&mut fields, errors);
    let only = query_value(uri, "subject").and_then(|v| v.trim().parse::<u64>().ok());
    let total: usize = registry.iter().map(|(_, l)| l.len()).sum();
    let compact = only.is_none() && total > MAX_LISTED;
    let subjects = registry
        .into_iter()
        .filter(|(s, _)| only.is_none_or(|id| id == s.id))
        .map(|(s, lines)| {
            let count = lang.count(lines.len() as u64, t.product_one, t.product_many);
            let link = href(lang, &format!("/console/products?subject={}", s.id));
            let lines = if compact { Vec::new() } else { lines };
            let rows = lines
                .iter()
                .map(|p| {
                    let (line, tone) = match (&p.certificate, p.status) {
                        (Some(c), Some(st)) => (
                            format!(
                                "{} · {} · {}",
                                fill(t.stars, &[&c.star.get().to_string()]),
                                cert_status(t, st),
                                lang.date(c.valid_until)
                            ),
                            if st.is_valid() { "ok" } else { "bad" },
                        ),
                        _ => (t.no_certificate_yet.to_owned(), "warn"),
                    };
                    Row {
                        href: href(lang, &format!("/console/products/{}", p.product.id)),
                        name: p.product.name.clone(),
                        line: format!("{} · {line}", group_name(lang, &p.product.group)),
                        tone,
                    }
                })
                .collect();
            SubjectBlock {
                name: s.name,
                href: link,
                count,
                rows,
            }
        })
        .collect();
    let status = if has_errors {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = ProductsPage {
        shell: Shell::new(
            lang,
            &Uri::from_static("/console/products"),
            t.products_title,
        )
        .wide(),
        nav: Some(Nav::of(lang, &who.person)),
        fields,
        general,
        has_errors,
        subjects,
    };
    page(status, &view)
}

/// GET /console/products
pub async fn list(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    products_page(&s, &who, &uri, ProductForm::default(), Vec::new())
}

/// POST /console/products
pub async fn create(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Posted { who, mut form }: Posted<ProductForm>,
) -> Response {
    let req = match form.request(who.lang.t()) {
        Ok(req) => req,
        Err(err) => return products_page(&s, &who, &uri, form, vec![err]),
    };
    match who.run(&s, move |app, p| app.create_product(p, req)).await {
        Ok(p) => redirect(&saved(who.lang, p.id)),
        Err(e) => match field_error(who.lang.t(), &e, &form.gtin) {
            Some(err) => products_page(&s, &who, &uri, form, vec![err]),
            None => service_page(who.lang, &e),
        },
    }
}

/// The new product's page, saying it is saved.
fn saved(lang: Lang, id: u64) -> String {
    href(lang, &format!("/console/products/{id}?saved=1"))
}
