//! The new-batch form: what a producer types, prefilled from the last batch, and every
//! refusal of the service as a Vietnamese (or English) sentence beside its field, with the
//! typed values kept.

use super::fields::parse_date;
use super::pages::{Nav, href, redirect, service_page};
use super::posted::Posted;
use super::session::SignedIn;
use crate::domain::{NewBatch, Origin};
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState, blocking};
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

/// The form as typed (every field a string, so nothing typed is ever lost).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct BatchForm {
    #[serde(default)]
    product_id: String,
    #[serde(default)]
    lot: String,
    #[serde(default)]
    production_date: String,
    #[serde(default)]
    expiry_date: String,
    #[serde(default)]
    quantity: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    commune: String,
    #[serde(default)]
    scratch_pin: Option<String>,
    #[serde(default)]
    csrf: String,
}

super::posted::csrf_forms!(BatchForm);

/// A field and the sentence shown beside it.
type FieldError = (&'static str, &'static str);

/// The new-batch page.
#[derive(Template)]
#[template(path = "console/batch_new.html")]
struct NewBatchPage {
    shell: Shell,
    nav: Option<Nav>,
    /// (id, name, issuable)
    products: Vec<(String, String, bool)>,
    form: BatchForm,
    prefilled: bool,
    errors: Vec<FieldError>,
}

impl NewBatchPage {
    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| *m)
    }
}

/// A quantity as typed, with or without thousands separators (`10.000`, `10,000`).
fn parse_quantity(s: &str) -> Option<u32> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' '))
        .collect();
    digits.parse().ok()
}

/// The form as a service request, or the fields that cannot even be read.
fn to_request(f: &BatchForm, t: &'static Catalogue) -> Result<NewBatch, Vec<FieldError>> {
    let mut errors = Vec::new();
    let product_id = f.product_id.trim().parse().ok();
    if product_id.is_none() {
        errors.push(("product_id", t.err_product));
    }
    let production = parse_date(&f.production_date);
    if production.is_none() {
        errors.push(("production_date", t.err_date));
    }
    let expiry = parse_date(&f.expiry_date);
    if expiry.is_none() {
        errors.push(("expiry_date", t.err_date));
    }
    let quantity = parse_quantity(&f.quantity);
    if quantity.is_none() {
        errors.push(("quantity", t.err_quantity));
    }
    let (Some(product_id), Some(production_date), Some(expiry_date), Some(quantity)) =
        (product_id, production, expiry, quantity)
    else {
        return Err(errors);
    };
    let commune = f.commune.trim();
    Ok(NewBatch {
        product_id,
        lot: f.lot.trim().to_owned(),
        production_date,
        expiry_date,
        quantity,
        origin: Origin {
            region: f.region.clone(),
            province: f.province.clone(),
            district: None,
            commune: (!commune.is_empty()).then(|| commune.to_owned()),
        },
        notes: None,
        scratch_pin: f.scratch_pin.is_some(),
    })
}

/// The field and sentence of a service refusal, by its stable code.
fn field_error(t: &'static Catalogue, e: &ApiError) -> Option<FieldError> {
    Some(match e.code.as_str() {
        "invalid_lot" => ("lot", t.err_lot),
        "lot_taken" => ("lot", t.err_lot_taken),
        "invalid_date" => ("expiry_date", t.err_expiry),
        "invalid_quantity" => ("quantity", t.err_quantity),
        "certificate_not_active" => ("product_id", t.err_certificate),
        "not_found" | "forbidden" => ("product_id", t.err_product),
        "no_signing_key" => ("product_id", t.err_no_key),
        // `nfc_text` names the field first: "origin.region must not be empty".
        "invalid_text" if e.message.starts_with("origin.province") => ("province", t.err_required),
        "invalid_text" if e.message.starts_with("origin.commune") => ("commune", t.err_required),
        "invalid_text" => ("region", t.err_required),
        _ => return None,
    })
}

fn form_page(
    s: &AppState,
    who: &SignedIn,
    uri: &Uri,
    form: Option<BatchForm>,
    errors: Vec<FieldError>,
) -> Response {
    let lang = who.lang;
    let t = lang.t();
    let facts = match s.app.batch_form_facts(&who.person.principal) {
        Ok(f) => f,
        Err(e) => return service_page(lang, &e.into()),
    };
    let prefilled = form.is_none() && facts.last.is_some();
    let form = form.unwrap_or_else(|| {
        let mut f = BatchForm::default();
        if let Some(last) = &facts.last {
            f.product_id = last.product_id.to_string();
            f.region = last.origin.region.clone();
            f.province = last.origin.province.clone();
            f.commune = last.origin.commune.clone().unwrap_or_default();
        }
        f
    });
    let products = facts
        .products
        .iter()
        .map(|p| {
            (
                p.product.id.to_string(),
                p.product.name.clone(),
                p.issuable(),
            )
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = NewBatchPage {
        shell: Shell::new(lang, uri, t.batch_new_title),
        nav: Some(Nav::of(lang, &who.person)),
        products,
        form,
        prefilled,
        errors,
    };
    page(status, &view)
}

/// GET /console/batches/new
pub async fn new_form(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    form_page(&s, &who, &uri, None, Vec::new())
}

/// How a new batch sent from the form turned out.
enum Issued {
    Batch(u64),
    /// The form again, with the sentences beside the fields.
    Again(Vec<FieldError>),
    /// The refusal or error page.
    Refused(ApiError),
}

/// Reads the form and issues the batch.
async fn submit(s: &AppState, who: &SignedIn, form: &BatchForm) -> Issued {
    let t = who.lang.t();
    let req = match to_request(form, t) {
        Ok(r) => r,
        Err(errors) => return Issued::Again(errors),
    };
    let (app, principal) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.issue_batch(&principal, req)).await {
        Ok(b) => Issued::Batch(b.id),
        Err(e) => match field_error(t, &e) {
            Some(err) => Issued::Again(vec![err]),
            None => Issued::Refused(e),
        },
    }
}

impl BatchForm {
    /// Writes the dates as people write them here (`01/12/2026`), whichever way they were
    /// typed; a date that does not read stays as typed.
    fn show_dates(&mut self) {
        for d in [&mut self.production_date, &mut self.expiry_date] {
            if let Some(day) = parse_date(d) {
                *d = day.format("%d/%m/%Y").to_string();
            }
        }
    }
}

/// POST /console/batches — issues and signs the batch, then shows it (post/redirect/get).
pub async fn create(
    State(s): State<AppState>,
    Posted { who, mut form }: Posted<BatchForm>,
) -> Response {
    form.show_dates();
    // The form shown again answers a post: its language switch leads to the empty form.
    let new_uri = Uri::from_static("/console/batches/new");
    match submit(&s, &who, &form).await {
        Issued::Batch(id) => redirect(&href(who.lang, &format!("/console/batches/{id}?new=1"))),
        Issued::Again(errors) => form_page(&s, &who, &new_uri, Some(form), errors),
        Issued::Refused(e) => service_page(who.lang, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_quantities_read_as_people_type_them() {
        assert_eq!(
            parse_date("2026-12-01"),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        );
        assert_eq!(
            parse_date(" 01/12/2026 "),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        );
        assert_eq!(
            parse_date("1.12.2026"),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        );
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_quantity("10.000"), Some(10_000));
        assert_eq!(parse_quantity("1,500"), Some(1_500));
        assert_eq!(parse_quantity("mười"), None);
    }

    #[test]
    fn dates_are_shown_again_as_people_write_them_here() {
        let mut f = BatchForm {
            production_date: "2026-12-01".into(),
            expiry_date: "hôm qua".into(),
            ..BatchForm::default()
        };
        f.show_dates();
        assert_eq!(f.production_date, "01/12/2026");
        assert_eq!(f.expiry_date, "hôm qua");
    }
}
