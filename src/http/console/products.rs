//! The office registers products: subject, name, OCOP group and sub-group, GTIN (optional;
//! a wrong check digit is explained in words, with the digit it should be), brand, raw
//! material region, green chain and listings; and sees every subject's products.

use super::fields::{Field, place};
use super::pages::{Nav, href, redirect, service_page};
use super::session::SignedIn;
use crate::domain::{GreenChain, Gtin, NewProduct, Rules};
use crate::http::kit::catalogue::{Catalogue, cert_status};
use crate::http::kit::i18n::{Lang, fill, query_value};
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState, blocking};
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

/// The product form as typed.
#[derive(Debug, Default, Deserialize)]
pub struct ProductForm {
    #[serde(default)]
    subject_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    subgroup: String,
    #[serde(default)]
    gtin: String,
    #[serde(default)]
    brand: String,
    #[serde(default)]
    raw_material_region: String,
    #[serde(default)]
    green_region: String,
    #[serde(default)]
    brand_supported: Option<String>,
    #[serde(default)]
    trademark_registered: Option<String>,
    #[serde(default)]
    tourism: Option<String>,
    #[serde(default)]
    listings: String,
    #[serde(default)]
    csrf: String,
}

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

fn fields(lang: Lang, f: &ProductForm, subjects: Vec<(String, String)>) -> Vec<Field> {
    let t = lang.t();
    let rules = Rules::get();
    let mut groups = vec![(String::new(), t.group_choose.to_owned())];
    groups.extend(rules.groups.iter().map(|g| {
        (
            g.code.clone(),
            format!("{}. {}", g.number, group_name(lang, &g.code)),
        )
    }));
    let mut subgroups = vec![(String::new(), t.subgroup_none.to_owned())];
    for g in &rules.groups {
        for s in &g.subgroups {
            let name = match lang {
                Lang::Vi => &s.vi,
                Lang::En => &s.en,
            };
            subgroups.push((s.code.clone(), format!("{} {name}", s.code)));
        }
    }
    let mut subject_opts = vec![(String::new(), t.subject_choose.to_owned())];
    subject_opts.extend(subjects);
    vec![
        Field::select("subject_id", t.subject_label, &f.subject_id, subject_opts).required(),
        Field::text("name", t.product_name_label, &f.name, 200).required(),
        Field::select("group", t.group_label, &f.group, groups).required(),
        Field::select("subgroup", t.subgroup_label, &f.subgroup, subgroups),
        Field::text("gtin", t.gtin_label, &f.gtin, 20)
            .numeric()
            .hint(t.gtin_hint),
        Field::text("brand", t.brand_label, &f.brand, 200),
        Field::text(
            "raw_material_region",
            t.raw_region_label,
            &f.raw_material_region,
            200,
        ),
        Field::text("green_region", t.green_region_label, &f.green_region, 200)
            .hint(t.green_region_hint),
        Field::check(
            "brand_supported",
            t.brand_supported_label,
            f.brand_supported.is_some(),
        ),
        Field::check(
            "trademark_registered",
            t.trademark_label,
            f.trademark_registered.is_some(),
        ),
        Field::check("tourism", t.tourism_label, f.tourism.is_some()),
        Field::area("listings", t.listings_label, &f.listings, 6000).hint(t.listings_hint),
    ]
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

/// What is wrong with a GTIN as typed, in words: digits only, how many, and which last
/// digit the digits before it call for.
pub fn gtin_problem(t: &'static Catalogue, typed: &str) -> String {
    let d: Vec<char> = typed.chars().collect();
    if d.is_empty() || !d.iter().all(char::is_ascii_digit) {
        return t.err_gtin_digits.to_owned();
    }
    if ![8, 12, 13, 14].contains(&d.len()) {
        return fill(t.err_gtin_length, &[&d.len().to_string()]);
    }
    let data: String = d[..d.len() - 1].iter().collect();
    let expected = Gtin::with_check_digit(&data)
        .ok()
        .and_then(|g| g.as_str().chars().last())
        .unwrap_or('0');
    let last = d[d.len() - 1];
    fill(
        t.err_gtin_check,
        &[
            &(d.len() - 1).to_string(),
            &expected.to_string(),
            &last.to_string(),
        ],
    )
}

/// The field and sentence of a refused product.
fn field_error(t: &'static Catalogue, e: &ApiError, gtin: &str) -> Option<(&'static str, String)> {
    let m = e.message.as_str();
    let field = |f: &'static str, s: &str| Some((f, s.to_owned()));
    match e.code.as_str() {
        "invalid_gtin" => Some(("gtin", gtin_problem(t, gtin))),
        "gtin_taken" => field("gtin", t.err_gtin_taken),
        "invalid_group" if m.starts_with("sub-group") => field("subgroup", t.err_subgroup),
        "invalid_group" => field("group", t.err_group),
        "not_found" => field("subject_id", t.err_product_subject),
        "invalid_text" if m.starts_with("listings") || m.contains("listings") => {
            field("listings", t.err_listings)
        }
        "invalid_text" if m.starts_with("subgroup") => field("subgroup", t.err_subgroup),
        "invalid_text" if m.starts_with("brand") => field("brand", t.err_required),
        "invalid_text" if m.starts_with("raw_material_region") => {
            field("raw_material_region", t.err_required)
        }
        "invalid_text" if m.starts_with("green_chain") => field("green_region", t.err_required),
        "invalid_text" => field("name", t.err_product_name),
        _ => None,
    }
}

/// POST /console/products
pub async fn create(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
    axum::Form(mut form): axum::Form<ProductForm>,
) -> Response {
    if let Some(r) = who.csrf_refusal(&form.csrf) {
        return r;
    }
    let t = who.lang.t();
    // Barcodes are often typed in groups: "893 4588 01222 8".
    form.gtin = form
        .gtin
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '.')
        .collect();
    let Ok(subject_id) = form.subject_id.trim().parse::<u64>() else {
        let err = ("subject_id", t.err_product_subject.to_owned());
        return products_page(&s, &who, &uri, form, vec![err]);
    };
    let opt = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
    let req = NewProduct {
        subject_id,
        name: form.name.clone(),
        group: form.group.clone(),
        subgroup: opt(&form.subgroup),
        gtin: opt(&form.gtin),
        brand: opt(&form.brand),
        raw_material_region: opt(&form.raw_material_region),
        green_chain: opt(&form.green_region).map(|region| GreenChain { region }),
        brand_supported: form.brand_supported.is_some(),
        trademark_registered: form.trademark_registered.is_some(),
        listings: form
            .listings
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        tourism: form.tourism.is_some(),
    };
    let app = s.app.clone();
    let principal = who.person.principal.clone();
    match blocking(move || app.create_product(&principal, req)).await {
        Ok(p) => redirect(&href(
            who.lang,
            &format!("/console/products/{}?saved=1", p.id),
        )),
        Err(e) => match field_error(t, &e, &form.gtin) {
            Some(err) => products_page(&s, &who, &uri, form, vec![err]),
            None => service_page(who.lang, &e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_check_digit_is_explained_with_the_right_one() {
        let t = Lang::En.t();
        let m = gtin_problem(t, "8934588012229");
        assert!(m.contains("should be 8") && m.contains("12"), "{m}");
        assert!(gtin_problem(t, "89345").contains('5'));
        assert_eq!(gtin_problem(t, "89a"), t.err_gtin_digits);
    }
}
