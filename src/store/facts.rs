//! What issuing a batch reads, as one verb: the product, its producer, its certificates,
//! its passport content and whether the lot is taken. An engine across a network answers
//! it in one round trip (PostgreSQL overrides it); the embedded one composes the single
//! reads, which cost nothing there.

use super::{Store, StoreError};
use crate::domain::{Certificate, Lot, Product, ProductContent, ProductId, Subject};

/// The facts a batch of one product is issued from, read together.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuanceFacts {
    pub product: Product,
    /// Absent only in a store that lost a row (the service reports it as not found).
    pub subject: Option<Subject>,
    /// Every certificate of the product, in id order.
    pub certificates: Vec<Certificate>,
    pub content: Option<ProductContent>,
    /// The product already has a batch with this lot.
    pub lot_taken: bool,
}

/// [`Store::issuance_facts`] from the single-record verbs.
pub fn read<S: Store + ?Sized>(
    store: &S,
    product: ProductId,
    lot: &Lot,
) -> Result<Option<IssuanceFacts>, StoreError> {
    let Some(p) = store.product(product)? else {
        return Ok(None);
    };
    Ok(Some(IssuanceFacts {
        subject: store.subject(p.subject_id)?,
        certificates: store.certificates_of(product)?,
        content: store.product_content(product)?,
        lot_taken: store.batch_by_lot(product, lot)?.is_some(),
        product: p,
    }))
}
