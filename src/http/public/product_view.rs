//! The product page, one page at two addresses (`/01/{gtin}`, what a GTIN-only code or a
//! barcode lookup opens, and `/catalogue/products/{id}`), and the batch page built on it, in
//! the same design as the verdict page's passport.

use crate::domain::{Batch, Product};
use crate::http::AppState;
use crate::http::kit::catalogue::cert_status;
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::Shell;
use crate::http::public::passport_facts::Badge;
use crate::http::public::passport_view::PassportView;
use crate::service::ServiceError;
use askama::Template;
use axum::http::Uri;

/// A resolver page: the product with its stars, and the batch when the lot is known, in
/// the same design as the verdict page's passport.
#[derive(Template)]
#[template(path = "resolver.html")]
pub struct ProductView {
    shell: Shell,
    heading: String,
    sub: Option<String>,
    badge: Option<Badge>,
    /// A sentence above the heading (e.g. an unknown lot).
    pub notice: Option<&'static str>,
    recall: Option<String>,
    cert: Vec<(&'static str, String)>,
    rows: Vec<(&'static str, String)>,
    /// The product page's address, linked from a batch page.
    product_href: Option<String>,
    passport: Option<PassportView>,
    /// The product whose listing-check form the page carries (product pages only).
    listing: Option<u64>,
}

impl ProductView {
    /// The product page (`/01/{gtin}` and `/catalogue/products/{id}`): stars, certificate,
    /// producer, passport and the listing check.
    pub fn product(s: &AppState, p: &Product, lang: Lang, uri: &Uri) -> Result<Self, ServiceError> {
        let t = lang.t();
        let mut cert = Vec::new();
        let mut badge = None;
        let today = s.app.clock.today();
        if let Some(c) = s.app.current_certificate(p.id)? {
            let status = c.status_on(today);
            badge = Some(Badge::new(t, c.star.get(), c.potential_5_star, status));
            cert.push((t.pp_status, cert_status(t, status).to_owned()));
            let date = lang.date(c.decision_date);
            cert.push((
                t.certificate,
                fill(t.decision_of, &[&c.decision_no, &date, &c.issuing_body]),
            ));
            if status.is_valid() {
                cert.push((t.valid_until, lang.date(c.valid_until)));
            }
        }
        let mut rows = Vec::new();
        if let Some(sub) = s.app.public_subject(p.subject_id)? {
            rows.push((t.producer, sub.name));
        }
        Ok(Self {
            shell: Shell::new(lang, uri, format!("{} — {}", p.name, t.site_name)),
            heading: p.name.clone(),
            sub: None,
            badge,
            notice: None,
            recall: None,
            cert,
            rows,
            product_href: None,
            passport: PassportView::lookup(&s.app, Some((p.id, &p.name)), lang),
            listing: Some(p.id),
        })
    }

    /// The batch page: the product page with the batch's facts instead of the passport.
    pub fn with_batch(
        mut self,
        b: &Batch,
        recall: Option<&crate::domain::Recall>,
        lang: Lang,
    ) -> Self {
        let t = lang.t();
        self.sub = Some(fill(t.resolver_batch_of, &[b.lot.as_str()]));
        self.product_href = Some(format!(
            "/catalogue/products/{}?lang={}",
            b.product_id,
            lang.code()
        ));
        (self.passport, self.listing) = (None, None);
        self.rows.push((t.lot, b.lot.as_str().to_owned()));
        self.rows.push((t.produced, lang.date(b.production_date)));
        self.rows.push((t.expires, lang.date(b.expiry_date)));
        self.rows.push((t.origin, b.origin.region.clone()));
        if let Some(r) = recall {
            self.rows.insert(
                0,
                (t.recall, format!("{} — {}", lang.date(r.date), r.reason)),
            );
        }
        self.recall = recall.map(|r| fill(t.resolver_recalled_head, &[&lang.date(r.date)]));
        self
    }
}
