//! `/console`: a producer's home (products with stars and certificate status in words,
//! recent batches); the office gets its own home (`office_home.rs`); inspectors go to the
//! batch search.

use super::pages::{Nav, href, redirect, service_page};
use super::session::SignedIn;
use crate::domain::CertStatus;
use crate::http::AppState;
use crate::http::catalogue::Catalogue;
use crate::http::i18n::{Lang, fill};
use crate::http::respond::{Shell, page};
use crate::service::ProductLine;
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::response::Response;

/// A product as the home page shows it.
struct ProductRow {
    name: String,
    stars: Option<String>,
    line: String,
    tone: &'static str,
}

/// A batch as the home page lists it.
struct BatchRow {
    href: String,
    line: String,
    recalled: bool,
}

/// The producer's home page.
#[derive(Template)]
#[template(path = "console/home.html")]
struct HomePage {
    shell: Shell,
    nav: Option<Nav>,
    hello: String,
    products: Vec<ProductRow>,
    batches: Vec<BatchRow>,
    can_issue: bool,
    /// A producer's manager manages the subject's staff accounts.
    manages: bool,
}

/// The certificate status of a product in words, with the 30-day warning.
fn cert_line(lang: Lang, t: &'static Catalogue, p: &ProductLine) -> (String, &'static str) {
    let Some(c) = &p.certificate else {
        return (t.cert_line_none.into(), "bad");
    };
    let until = lang.date(c.valid_until);
    match p.status {
        Some(CertStatus::Active) => (fill(t.cert_line_active, &[&until]), "ok"),
        Some(CertStatus::Expiring) => {
            let days = u64::try_from(p.days_left.unwrap_or(0).max(0)).unwrap_or(0);
            let left = lang.count(days, t.day_one, t.day_many);
            (fill(t.cert_line_expiring, &[&left, &until]), "warn")
        }
        Some(CertStatus::Expired) => (fill(t.cert_line_expired, &[&until]), "bad"),
        Some(CertStatus::Revoked) => (t.cert_line_revoked.into(), "bad"),
        Some(CertStatus::Superseded) | None => (t.cert_line_superseded.into(), "bad"),
    }
}

/// GET /console
pub async fn home(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    let lang = who.lang;
    let t = lang.t();
    let role = who.person.principal.role;
    if role.is_office() {
        return super::office_home::home(&s, &who, &uri);
    }
    if !role.is_producer() {
        // An inspector's console starts at the batch search.
        return redirect(&href(lang, "/console/inspect"));
    }
    let home = match s.app.producer_home(&who.person.principal) {
        Ok(h) => h,
        Err(e) => return service_page(lang, &e.into()),
    };
    let products: Vec<ProductRow> = home
        .products
        .iter()
        .map(|p| {
            let (line, tone) = cert_line(lang, t, p);
            ProductRow {
                name: p.product.name.clone(),
                stars: p
                    .certificate
                    .as_ref()
                    .filter(|_| p.issuable())
                    .map(|c| fill(t.stars, &[&c.star.get().to_string()])),
                line,
                tone,
            }
        })
        .collect();
    let batches = home
        .batches
        .iter()
        .map(|b| BatchRow {
            href: href(lang, &format!("/console/batches/{}", b.batch.id)),
            line: fill(
                t.batch_line,
                &[
                    b.batch.lot.as_str(),
                    &lang.count(u64::from(b.batch.quantity), t.unit_one, t.unit_many),
                    &lang.date(b.batch.production_date),
                ],
            ),
            recalled: b.recall.is_some(),
        })
        .collect();
    let view = HomePage {
        shell: Shell::new(lang, &uri, &*home.subject.name),
        nav: Some(Nav::of(lang, &who.person)),
        hello: fill(t.hello, &[&home.subject.name]),
        can_issue: home.products.iter().any(ProductLine::issuable),
        manages: role == crate::domain::Role::ProducerManager,
        products,
        batches,
    };
    page(StatusCode::OK, &view)
}
