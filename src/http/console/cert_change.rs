//! Changing a certificate in force: a new decision that replaces it (renewal, upgrade,
//! downgrade), checked first and then confirmed on a page that shows old and new side by
//! side; and revocation with a reason, behind a confirmation page.

use super::cert_form::{CertForm, FieldError, field_error};
use super::fields::{Field, place};
use super::pages::{IdPath, Nav, href, redirect, service_page};
use super::product_page::{CertRow, cert_row};
use super::session::SignedIn;
use crate::domain::{Certificate, Product};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Shell, page};
use crate::http::{AppState, blocking};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

/// The replacement page: the form, or (with `proposed`) the confirmation step.
#[derive(Template)]
#[template(path = "console/supersede.html")]
struct SupersedePage {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    product_id: u64,
    heading: String,
    old: CertRow,
    fields: Vec<Field>,
    general: Vec<String>,
    has_errors: bool,
    /// The checked new certificate, to confirm.
    proposed: Option<CertRow>,
    form: CertForm,
}

/// The revocation confirmation page.
#[derive(Template)]
#[template(path = "console/revoke.html")]
struct RevokePage {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    product_id: u64,
    heading: String,
    old: CertRow,
    reason: String,
    error: Option<&'static str>,
}

fn shell(lang: Lang, heading: &str) -> Shell {
    Shell::new(lang, &Uri::from_static("/console/products"), heading)
}

fn supersede_page(
    s: &AppState,
    who: &SignedIn,
    (c, p): (Certificate, Product),
    form: CertForm,
    errors: Vec<FieldError>,
    proposed: Option<Certificate>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let today = s.app.clock.today();
    let mut fields = form.fields(t);
    let has_errors = !errors.is_empty();
    let general = place(&mut fields, errors);
    let heading = fill(t.supersede_title, &[&p.name]);
    let view = SupersedePage {
        shell: shell(lang, &heading),
        nav: Some(Nav::of(lang, &who.person)),
        id: c.id,
        product_id: p.id,
        heading,
        old: cert_row(lang, &c, c.status_on(today)),
        fields,
        general,
        has_errors,
        proposed: proposed.map(|n| cert_row(lang, &n, n.status_on(n.decision_date))),
        form,
    };
    let status = if has_errors {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(status, &view)
}

/// GET /console/certificates/{id}/supersede
pub async fn supersede_form(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    who: SignedIn,
) -> Response {
    match s.app.office_certificate(&who.person.principal, id) {
        Ok(cp) => {
            let form = CertForm::from_certificate(&cp.0);
            supersede_page(&s, &who, cp, form, Vec::new(), None)
        }
        Err(e) => service_page(who.lang, &e.into()),
    }
}

/// POST /console/certificates/{id}/supersede — checks the decision and asks for
/// confirmation; with `confirm`, records it.
pub async fn supersede(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    who: SignedIn,
    axum::Form(mut form): axum::Form<CertForm>,
) -> Response {
    if let Some(r) = who.csrf_refusal(&form.csrf) {
        return r;
    }
    form.tidy();
    let (lang, t) = (who.lang, who.lang.t());
    let current = match s.app.office_certificate(&who.person.principal, id) {
        Ok(cp) => cp,
        Err(e) => return service_page(lang, &e.into()),
    };
    if form.edit.is_some() {
        return supersede_page(&s, &who, current, form, Vec::new(), None);
    }
    let req = match form.request(t) {
        Ok(r) => r,
        Err(errors) => return supersede_page(&s, &who, current, form, errors, None),
    };
    let app = s.app.clone();
    let principal = who.person.principal.clone();
    let sent = req.clone();
    let confirmed = form.confirm.is_some();
    let done = blocking(move || {
        if confirmed {
            app.supersede_certificate(&principal, id, sent)
        } else {
            app.check_supersede(&principal, id, sent)
        }
    })
    .await;
    match done {
        Ok(_) if confirmed => redirect(&href(
            lang,
            &format!("/console/products/{}?saved=superseded", current.1.id),
        )),
        Ok(new) => supersede_page(&s, &who, current, form, Vec::new(), Some(new)),
        Err(e) => match field_error(lang, &e, &req, Some(&current.0)) {
            Some(err) => supersede_page(&s, &who, current, form, vec![err], None),
            None => service_page(lang, &e),
        },
    }
}

/// What the revocation form sends.
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    csrf: String,
}

fn revoke_page(
    s: &AppState,
    who: &SignedIn,
    (c, p): (Certificate, Product),
    reason: String,
    error: Option<&'static str>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let heading = fill(t.revoke_title, &[&p.name]);
    let today = s.app.clock.today();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = RevokePage {
        shell: shell(lang, &heading),
        nav: Some(Nav::of(lang, &who.person)),
        id: c.id,
        product_id: p.id,
        heading,
        old: cert_row(lang, &c, c.status_on(today)),
        reason,
        error,
    };
    page(status, &view)
}

/// GET /console/certificates/{id}/revoke — the confirmation page.
pub async fn revoke_form(State(s): State<AppState>, IdPath(id): IdPath, who: SignedIn) -> Response {
    match s.app.office_certificate(&who.person.principal, id) {
        Ok(cp) => revoke_page(&s, &who, cp, String::new(), None),
        Err(e) => service_page(who.lang, &e.into()),
    }
}

/// POST /console/certificates/{id}/revoke
pub async fn revoke(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    who: SignedIn,
    axum::Form(form): axum::Form<RevokeForm>,
) -> Response {
    if let Some(r) = who.csrf_refusal(&form.csrf) {
        return r;
    }
    let (lang, t) = (who.lang, who.lang.t());
    let app = s.app.clone();
    let principal = who.person.principal.clone();
    let reason = form.reason.clone();
    match blocking(move || app.revoke_certificate(&principal, id, &reason, None)).await {
        Ok(c) => redirect(&href(
            lang,
            &format!("/console/products/{}?saved=revoked", c.product_id),
        )),
        Err(e) if e.code == "invalid_text" || e.code == "already_revoked" => {
            let msg = if e.code == "invalid_text" {
                t.err_revoke_reason
            } else {
                t.err_already_revoked
            };
            match s.app.office_certificate(&who.person.principal, id) {
                Ok(cp) => revoke_page(&s, &who, cp, form.reason, Some(msg)),
                Err(e) => service_page(lang, &e.into()),
            }
        }
        Err(e) => service_page(lang, &e),
    }
}
