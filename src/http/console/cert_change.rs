//! Changing a certificate in force: a new decision that replaces it (renewal, upgrade,
//! downgrade), checked first and then confirmed on a page that shows old and new side by
//! side; and revocation with a reason, behind a confirmation page.

use super::cert_form::{CertForm, FieldError, field_error};
use super::fields::{Field, place};
use super::pages::{IdPath, Nav, href, redirect, service_page};
use super::posted::Posted;
use super::product_page::{CertRow, cert_row};
use super::session::SignedIn;
use crate::domain::{Certificate, NewCertificate, Product};
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState};
use crate::service::SupersedeStep;
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
    Posted { who, mut form }: Posted<CertForm>,
) -> Response {
    form.tidy();
    let checked = sendable(&form, who.lang.t());
    let (sent, confirmed) = (checked.clone().ok(), form.confirm.is_some());
    let step = who.run(&s, move |a, p| a.supersede_step(p, id, sent, confirmed));
    match step.await {
        Ok(step) => superseding(&s, &who, form, checked, step),
        Err(e) => service_page(who.lang, &e),
    }
}

/// The decision a replacement post sends to be checked (or recorded); back from the
/// confirmation step to edit it, none, so that the form comes back as typed.
fn sendable(form: &CertForm, t: &'static Catalogue) -> Result<NewCertificate, Vec<FieldError>> {
    if form.edit.is_some() {
        return Err(Vec::new());
    }
    form.request(t)
}

/// Where a replacement post leads: the form again (to edit it, or with why it was
/// refused), the confirmation step with the checked certificate, or once it is recorded
/// the product's page.
fn superseding(
    s: &AppState,
    who: &SignedIn,
    form: CertForm,
    checked: Result<NewCertificate, Vec<FieldError>>,
    step: SupersedeStep,
) -> Response {
    let SupersedeStep { current, outcome } = step;
    let (req, done) = match (checked, outcome) {
        (Ok(req), Some(done)) => (req, done),
        (checked, _) => {
            let errors = checked.err().unwrap_or_default();
            return supersede_page(s, who, current, form, errors, None);
        }
    };
    match done {
        Ok(_) if form.confirm.is_some() => redirect(&href(
            who.lang,
            &format!("/console/products/{}?saved=superseded", current.1.id),
        )),
        Ok(new) => supersede_page(s, who, current, form, Vec::new(), Some(new)),
        Err(e) => {
            let e = ApiError::from(e);
            match field_error(who.lang, &e, &req, Some(&current.0)) {
                Some(err) => supersede_page(s, who, current, form, vec![err], None),
                None => service_page(who.lang, &e),
            }
        }
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

super::posted::csrf_forms!(RevokeForm);

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
    Posted { who, form }: Posted<RevokeForm>,
) -> Response {
    let reason = form.reason.clone();
    let done = who.run(&s, move |a, p| a.revoke_certificate(p, id, &reason, None));
    match done.await {
        Ok(c) => redirect(&href(
            who.lang,
            &format!("/console/products/{}?saved=revoked", c.product_id),
        )),
        Err(e) => match revoke_refusal(who.lang.t(), &e) {
            Some(msg) => revoke_again(&s, &who, id, form.reason, msg),
            None => service_page(who.lang, &e),
        },
    }
}

/// The sentence of a refused revocation shown on its page; `None` for the refusal page.
fn revoke_refusal(t: &'static Catalogue, e: &ApiError) -> Option<&'static str> {
    match e.code.as_str() {
        "invalid_text" => Some(t.err_revoke_reason),
        "already_revoked" => Some(t.err_already_revoked),
        _ => None,
    }
}

/// The revocation page again, with the reason typed and why it was refused.
fn revoke_again(
    s: &AppState,
    who: &SignedIn,
    id: u64,
    reason: String,
    msg: &'static str,
) -> Response {
    match s.app.office_certificate(&who.person.principal, id) {
        Ok(cp) => revoke_page(s, who, cp, reason, Some(msg)),
        Err(e) => service_page(who.lang, &e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_from_the_confirmation_step_nothing_is_sent() {
        let t = Lang::En.t();
        let edit = CertForm {
            edit: Some("1".into()),
            ..CertForm::default()
        };
        assert_eq!(sendable(&edit, t).err(), Some(Vec::new()));
        let empty = sendable(&CertForm::default(), t).err().unwrap_or_default();
        assert!(
            !empty.is_empty(),
            "a form without a decision is refused field by field"
        );
    }

    #[test]
    fn a_revocation_without_reason_is_explained_on_its_page() {
        let t = Lang::En.t();
        let e = |code: &str| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, "x");
        assert_eq!(
            revoke_refusal(t, &e("invalid_text")),
            Some(t.err_revoke_reason)
        );
        assert_eq!(
            revoke_refusal(t, &e("already_revoked")),
            Some(t.err_already_revoked)
        );
        assert_eq!(revoke_refusal(t, &e("forbidden")), None);
    }
}
