//! Loads the sample portfolio in `fixtures/portfolio.json` (compiled in) into a store.

use crate::access::{Principal, Role};
use crate::domain::{
    Address, Contact, GreenChain, IssuingLevel, NewBatch, NewCertificate, NewProduct, NewSubject,
    Origin, SalesChannel, SubjectKind,
};
use crate::service::{App, ServiceError};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

/// The sample portfolio shipped with the repository.
pub const PORTFOLIO_JSON: &str = include_str!("../fixtures/portfolio.json");

#[derive(Debug, Deserialize)]
struct Portfolio {
    subjects: Vec<FxSubject>,
    products: Vec<FxProduct>,
    batches: Vec<FxBatch>,
}

#[derive(Debug, Deserialize)]
struct FxSubject {
    #[serde(rename = "ref")]
    reference: String,
    name: String,
    kind: SubjectKind,
    registration_no: String,
    address: Address,
    #[serde(default)]
    contact: Contact,
    #[serde(default)]
    gln: Option<String>,
    #[serde(default)]
    channels: Vec<SalesChannel>,
    #[serde(default)]
    craft_village: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FxCertificate {
    star: u8,
    #[serde(default)]
    potential_5_star: bool,
    #[serde(default)]
    score: Option<u8>,
    decision_no: String,
    decision_date: NaiveDate,
    issuing_body: String,
    level: IssuingLevel,
}

#[derive(Debug, Deserialize)]
struct FxProduct {
    #[serde(rename = "ref")]
    reference: String,
    subject: String,
    name: String,
    group: String,
    #[serde(default)]
    subgroup: Option<String>,
    #[serde(default)]
    gtin: Option<String>,
    #[serde(default)]
    brand: Option<String>,
    #[serde(default)]
    raw_material_region: Option<String>,
    #[serde(default)]
    green_chain: Option<GreenChain>,
    #[serde(default)]
    brand_supported: bool,
    #[serde(default)]
    trademark_registered: bool,
    #[serde(default)]
    listings: Vec<String>,
    #[serde(default)]
    tourism: bool,
    certificate: FxCertificate,
}

#[derive(Debug, Deserialize)]
struct FxBatch {
    product: String,
    lot: String,
    production_date: NaiveDate,
    expiry_date: NaiveDate,
    quantity: u32,
    origin: Origin,
    #[serde(default)]
    notes: Option<String>,
}

/// What loading did.
#[derive(Debug, Default)]
pub struct DemoReport {
    pub subjects: usize,
    pub products: usize,
    pub batches: Vec<u64>,
    /// Batches not issued, with the reason (e.g. a certificate that has lapsed by now).
    pub skipped: Vec<String>,
}

/// Loads the portfolio into an empty store. Refuses a store that already has subjects.
pub fn load(app: &App) -> Result<DemoReport, ServiceError> {
    if !app.store.subjects(None, 1)?.is_empty() {
        return Err(ServiceError::Conflict(crate::store::Conflict::new(
            "store_not_empty",
            "the demo portfolio loads only into an empty store",
        )));
    }
    let data: Portfolio = serde_json::from_str(PORTFOLIO_JSON).map_err(|e| {
        ServiceError::Store(crate::store::StoreError::Backend(format!(
            "fixtures/portfolio.json: {e}"
        )))
    })?;
    let mut report = DemoReport::default();
    let admin = Principal {
        token_id: "demo-loader".into(),
        role: Role::Admin,
        subject_id: None,
    };
    let mut subjects = HashMap::new();
    for s in data.subjects {
        let created = app.create_subject(
            &admin,
            NewSubject {
                name: s.name,
                kind: s.kind,
                registration_no: s.registration_no,
                address: s.address,
                contact: s.contact,
                gln: s.gln,
                channels: s.channels,
                craft_village: s.craft_village,
            },
        )?;
        subjects.insert(s.reference, created.id);
        report.subjects += 1;
    }
    let mut products = HashMap::new();
    for p in data.products {
        let subject_id = *subjects.get(&p.subject).ok_or_else(|| {
            ServiceError::NotFound(format!("fixture subject {} is missing", p.subject))
        })?;
        let created = app.create_product(
            &admin,
            NewProduct {
                subject_id,
                name: p.name,
                group: p.group,
                subgroup: p.subgroup,
                gtin: p.gtin,
                brand: p.brand,
                raw_material_region: p.raw_material_region,
                green_chain: p.green_chain,
                brand_supported: p.brand_supported,
                trademark_registered: p.trademark_registered,
                listings: p.listings,
                tourism: p.tourism,
            },
        )?;
        let c = p.certificate;
        app.grant_certificate(
            &admin,
            created.id,
            NewCertificate {
                star: c.star,
                potential_5_star: c.potential_5_star,
                score: c.score,
                decision_no: c.decision_no,
                decision_date: c.decision_date,
                issuing_body: c.issuing_body,
                level: c.level,
                valid_until: None,
            },
        )?;
        products.insert(p.reference, created.id);
        report.products += 1;
    }
    for b in data.batches {
        let Some(product_id) = products.get(&b.product).copied() else {
            report
                .skipped
                .push(format!("{}: unknown product {}", b.lot, b.product));
            continue;
        };
        let lot = b.lot.clone();
        match app.issue_batch(
            &admin,
            NewBatch {
                product_id,
                lot: b.lot,
                production_date: b.production_date,
                expiry_date: b.expiry_date,
                quantity: b.quantity,
                origin: b.origin,
                notes: b.notes,
                scratch_pin: false,
            },
        ) {
            Ok(batch) => report.batches.push(batch.id),
            Err(ServiceError::Domain(e)) => report.skipped.push(format!("{lot}: {e}")),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}
