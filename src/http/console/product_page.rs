//! One product for the office: its facts, the certificate in force with what may be done to
//! it (a new decision, revocation), the rating history, and the form for a first
//! certificate (or a new one after revocation).

use super::cert_form::{CertForm, FieldError, field_error, level_name};
use super::fields::{Field, place};
use super::pages::{IdPath, Nav, href, redirect, service_page};
use super::posted::Posted;
use super::products::group_name;
use super::session::SignedIn;
use crate::domain::{CertStatus, Certificate, NewCertificate};
use crate::http::kit::catalogue::cert_status;
use crate::http::kit::i18n::{Lang, fill, query_value};
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState};
use crate::service::OfficeProduct;
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;

/// A certificate as the page lists it.
pub struct CertRow {
    pub id: u64,
    pub head: String,
    pub line: String,
    pub status: &'static str,
    pub tone: &'static str,
}

/// The product page.
#[derive(Template)]
#[template(path = "console/product.html")]
struct ProductPage {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    name: String,
    facts: Vec<(&'static str, String)>,
    saved: Option<&'static str>,
    current: Option<CertRow>,
    /// The current certificate may be replaced or revoked.
    changeable: bool,
    revocable: bool,
    /// A first grant (or one after revocation) is possible.
    grant: bool,
    fields: Vec<Field>,
    general: Vec<String>,
    has_errors: bool,
    history: Vec<CertRow>,
}

/// A certificate in one line: stars, decision, body, validity.
pub fn cert_row(lang: Lang, c: &Certificate, st: CertStatus) -> CertRow {
    let t = lang.t();
    let mut head = fill(t.stars, &[&c.star.get().to_string()]);
    if c.potential_5_star {
        head.push_str(t.potential_5_star);
    }
    let mut line = fill(
        t.cert_summary,
        &[
            &c.decision_no,
            &lang.date(c.decision_date),
            &c.issuing_body,
            level_name(t, c.level),
            &lang.date(c.valid_until),
        ],
    );
    if let Some(r) = &c.revocation {
        line = format!(
            "{line}. {}",
            fill(t.cert_revoked_line, &[&lang.date(r.date), &r.reason])
        );
    }
    CertRow {
        id: c.id,
        head,
        line,
        status: cert_status(t, st),
        tone: if st.is_valid() { "ok" } else { "bad" },
    }
}

fn product_page(
    who: &SignedIn,
    p: OfficeProduct,
    form: Option<CertForm>,
    errors: Vec<FieldError>,
    saved: Option<&'static str>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let today_status = |c: &Certificate| {
        p.current
            .as_ref()
            .filter(|(cur, _)| cur.id == c.id)
            .map(|(_, st)| *st)
            .unwrap_or_else(|| {
                if c.superseded_by.is_some() {
                    CertStatus::Superseded
                } else if c.revocation.is_some() {
                    CertStatus::Revoked
                } else {
                    CertStatus::Expired
                }
            })
    };
    let mut facts = vec![
        (t.producer, p.subject.name.clone()),
        (t.group, group_name(lang, &p.product.group)),
    ];
    if let Some(g) = &p.product.gtin {
        facts.push((t.gtin_fact, g.to_string()));
    }
    if let Some(b) = &p.product.brand {
        facts.push((t.brand_fact, b.clone()));
    }
    let current_status = p.current.as_ref().map(|(_, st)| *st);
    let grant = matches!(current_status, None | Some(CertStatus::Revoked));
    let form = form.unwrap_or_else(|| {
        p.current
            .as_ref()
            .map(|(c, _)| CertForm::from_certificate(c))
            .unwrap_or_else(|| CertForm {
                level: "province".into(),
                ..CertForm::default()
            })
    });
    let mut fields = form.fields(t);
    let has_errors = !errors.is_empty();
    let general = place(&mut fields, errors);
    let view = ProductPage {
        shell: Shell::new(
            lang,
            &Uri::from_static("/console/products"),
            &*p.product.name,
        ),
        nav: Some(Nav::of(lang, &who.person)),
        id: p.product.id,
        name: p.product.name.clone(),
        facts,
        saved,
        current: p.current.as_ref().map(|(c, st)| cert_row(lang, c, *st)),
        changeable: current_status.is_some_and(|s| s != CertStatus::Revoked),
        revocable: current_status.is_some_and(|s| s != CertStatus::Revoked),
        grant,
        fields,
        general,
        has_errors,
        history: p
            .certificates
            .iter()
            .rev()
            .map(|c| cert_row(lang, c, today_status(c)))
            .collect(),
    };
    let status = if has_errors {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(status, &view)
}

/// GET /console/products/{id}
pub async fn show(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    let t = who.lang.t();
    let saved = match query_value(&uri, "saved") {
        Some("1") => Some(t.product_saved),
        Some("granted") => Some(t.cert_granted),
        Some("superseded") => Some(t.cert_superseded_done),
        Some("revoked") => Some(t.cert_revoked_done),
        _ => None,
    };
    match s.app.office_product(&who.person.principal, id) {
        Ok(p) => product_page(&who, p, None, Vec::new(), saved),
        Err(e) => service_page(who.lang, &e.into()),
    }
}

/// POST /console/products/{id}/certificates — a first grant (or one after revocation).
pub async fn grant(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    Posted { who, mut form }: Posted<CertForm>,
) -> Response {
    form.tidy();
    let req = match form.request(who.lang.t()) {
        Ok(r) => r,
        Err(errors) => return again(&s, &who, id, form, errors),
    };
    let sent = req.clone();
    let done = who.run(&s, move |a, p| a.grant_certificate(p, id, sent));
    match done.await {
        Ok(_) => redirect(&granted(who.lang, id)),
        Err(e) => refused(&s, &who, id, form, &req, &e),
    }
}

/// The product's page, saying its certificate is granted.
fn granted(lang: Lang, id: u64) -> String {
    href(lang, &format!("/console/products/{id}?saved=granted"))
}

/// The product page again with the form as typed and the refused field, or the refusal
/// page for a refusal that is not the form's.
fn refused(
    s: &AppState,
    who: &SignedIn,
    id: u64,
    form: CertForm,
    req: &NewCertificate,
    e: &ApiError,
) -> Response {
    match field_error(who.lang, e, req, None) {
        Some(err) => again(s, who, id, form, vec![err]),
        None => service_page(who.lang, e),
    }
}

/// The product page again with the form as typed and why it was refused.
fn again(
    s: &AppState,
    who: &SignedIn,
    id: u64,
    form: CertForm,
    errors: Vec<FieldError>,
) -> Response {
    match s.app.office_product(&who.person.principal, id) {
        Ok(p) => product_page(who, p, Some(form), errors, None),
        Err(e) => service_page(who.lang, &e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_leads_back_to_the_product_saying_so() {
        assert_eq!(
            granted(Lang::Vi, 12),
            "/console/products/12?saved=granted&lang=vi"
        );
    }
}
