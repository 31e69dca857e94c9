//! The producer's home page built from the service's [`ProducerHome`] without HTTP: products
//! with stars and certificate status in words, recent batches, this month's scans, and what
//! needs attention, most urgent first.

use super::pages::{Nav, href};
use crate::domain::{CertStatus, Role};
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::Shell;
use crate::service::{ProducerHome, ProductLine};
use askama::Template;
use axum::http::Uri;

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

/// One line of "needs attention".
struct AttentionRow {
    text: String,
    /// A second line (where a shopper bought the product).
    detail: Option<String>,
    href: Option<String>,
}

/// The producer's home page.
#[derive(Template)]
#[template(path = "console/home.html")]
pub(super) struct HomePage {
    shell: Shell,
    nav: Option<Nav>,
    hello: String,
    products: Vec<ProductRow>,
    batches: Vec<BatchRow>,
    /// This month's scans and the count since issue.
    scans: (String, String),
    attention: Vec<AttentionRow>,
    /// "And 3 more reports."
    more_reports: Option<String>,
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

/// The producer's home page for a person of `role`.
pub(super) fn producer_home(
    lang: Lang,
    nav: Nav,
    uri: &Uri,
    role: Role,
    home: &ProducerHome,
) -> HomePage {
    let t = lang.t();
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
    let (attention, more_reports) = attention_rows(lang, t, home);
    let a = &home.attention;
    // "tháng 12/2026", "December 2026": the month the figure counts, in Vietnam.
    let vn = chrono::FixedOffset::east_opt(7 * 3600);
    let month = a
        .month_start
        .zip(vn)
        .map(|(m, vn)| {
            let d = m.with_timezone(&vn);
            match lang {
                Lang::Vi => d.format("%m/%Y").to_string(),
                Lang::En => d.format("%B %Y").to_string(),
            }
        })
        .unwrap_or_default();
    let scans = (
        fill(
            t.scans_month,
            &[
                &month,
                &lang.count(a.units_scanned_month, t.label_one, t.label_many),
            ],
        ),
        fill(
            t.scans_total,
            &[&lang.count(a.scans_total, t.scan_one, t.scan_many)],
        ),
    );
    HomePage {
        scans,
        attention,
        more_reports,
        shell: Shell::new(lang, uri, &*home.subject.name),
        nav: Some(nav),
        hello: fill(t.hello, &[&home.subject.name]),
        can_issue: home.products.iter().any(ProductLine::issuable),
        manages: role == Role::ProducerManager,
        products,
        batches,
    }
}

/// The attention list in words, most urgent first: copies, reports, recalls, certificates.
fn attention_rows(
    lang: Lang,
    t: &'static Catalogue,
    home: &ProducerHome,
) -> (Vec<AttentionRow>, Option<String>) {
    let a = &home.attention;
    let batch = |id: u64| Some(href(lang, &format!("/console/batches/{id}")));
    let mut rows = Vec::new();
    for s in &a.suspected {
        let units = lang.count(s.units as u64, t.label_one, t.label_many);
        rows.push(AttentionRow {
            text: fill(t.attention_clone, &[&s.lot, &units]),
            detail: None,
            href: batch(s.batch_id),
        });
    }
    for r in &a.reports {
        rows.push(AttentionRow {
            text: fill(
                t.attention_report,
                &[&r.lot, &lang.day_of(r.report.at), &r.report.text],
            ),
            detail: r
                .report
                .place
                .as_ref()
                .map(|p| fill(t.attention_report_place, &[p])),
            href: r.report.batch_id.and_then(batch),
        });
    }
    for (lot, r) in &a.recalls {
        rows.push(AttentionRow {
            text: fill(t.attention_recall, &[lot, &lang.date(r.date)]),
            detail: Some(r.reason.clone()),
            href: batch(r.batch_id),
        });
    }
    for p in &a.certificates {
        let (line, _) = cert_line(lang, t, p);
        rows.push(AttentionRow {
            text: fill(t.attention_cert, &[&p.product.name, &line]),
            detail: None,
            href: None,
        });
    }
    let more = a.report_count.saturating_sub(a.reports.len()) as u64;
    let more = (more > 0).then(|| {
        fill(
            t.attention_reports_more,
            &[&lang.count(more, t.report_one, t.report_many)],
        )
    });
    (rows, more)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::{Address, NewProduct, NewSubject, Principal, Rules, SubjectKind};

    fn person(role: Role, subject_id: Option<u64>) -> Principal {
        Principal {
            token_id: "acct_1".into(),
            role,
            subject_id,
        }
    }

    fn nav() -> Nav {
        Nav::for_test("Chị Lan")
    }

    #[test]
    fn a_producers_home_names_the_subject_and_a_product_without_certificate() {
        let temp = crate::store::testing::temp().unwrap_or_else(|e| panic!("{e}"));
        let app = crate::service::test_app::app(&temp, None);
        let office = person(Role::OfficeStaff, None);
        let subject = NewSubject {
            name: "HTX Chè Tân Cương".into(),
            kind: SubjectKind::Cooperative,
            registration_no: "4600123456".into(),
            address: Address {
                province: "Thái Nguyên".into(),
                district: None,
                commune: None,
                street: None,
            },
            contact: Default::default(),
            gln: None,
            channels: Vec::new(),
            craft_village: None,
        };
        let subject = app
            .create_subject(&office, subject)
            .unwrap_or_else(|e| panic!("{e}"));
        let product = NewProduct {
            subject_id: subject.id,
            name: "Chè búp".into(),
            group: Rules::get().groups[0].code.clone(),
            subgroup: None,
            gtin: None,
            brand: None,
            raw_material_region: None,
            green_chain: None,
            brand_supported: false,
            trademark_registered: false,
            listings: Vec::new(),
            tourism: false,
        };
        app.create_product(&office, product)
            .unwrap_or_else(|e| panic!("{e}"));
        let manager = person(Role::ProducerManager, Some(subject.id));
        let home = app
            .producer_home(&manager)
            .unwrap_or_else(|e| panic!("{e}"));
        let uri = Uri::from_static("/console");
        let page = producer_home(Lang::En, nav(), &uri, Role::ProducerManager, &home);
        assert!(page.hello.contains("HTX Chè Tân Cương"), "{}", page.hello);
        assert!(page.manages && !page.can_issue && page.batches.is_empty());
        let row = &page.products[0];
        assert_eq!((row.name.as_str(), row.tone), ("Chè búp", "bad"));
        assert_eq!(row.line, Lang::En.t().cert_line_none);
        let staff = producer_home(Lang::En, nav(), &uri, Role::ProducerStaff, &home);
        assert!(!staff.manages);
        let html = page.render().unwrap_or_default();
        assert!(html.contains("Chè búp"), "{html}");
    }
}
