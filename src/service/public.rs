//! What anyone may read without an account: the facts a shopper's label or a GS1 resolver
//! query shows about a product, its producer and a batch, and the store gauges of
//! `/metrics`.

use super::{App, ServiceError};
use crate::domain::{Batch, BatchId, Gtin, Lot, Product, ProductId, Recall, Subject, SubjectId};

impl App {
    /// A registered product by id, for its public page.
    pub fn public_product(&self, id: ProductId) -> Result<Option<Product>, ServiceError> {
        Ok(self.store.product(id)?)
    }

    /// The product registered under a GTIN.
    pub fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<Product>, ServiceError> {
        Ok(self.store.product_by_gtin(gtin)?)
    }

    /// The batch of a product with this lot.
    pub fn batch_by_lot(
        &self,
        product: ProductId,
        lot: &Lot,
    ) -> Result<Option<Batch>, ServiceError> {
        Ok(self.store.batch_by_lot(product, lot)?)
    }

    /// A producer as its labels show it.
    pub fn public_subject(&self, id: SubjectId) -> Result<Option<Subject>, ServiceError> {
        Ok(self.store.subject(id)?)
    }

    /// A batch's recall, if any.
    pub fn recall_of(&self, batch: BatchId) -> Result<Option<Recall>, ServiceError> {
        Ok(self.store.recall(batch)?)
    }

    /// Log entries and bytes on disk, for the store gauges.
    pub fn store_gauges(&self) -> Result<(u64, u64), ServiceError> {
        Ok((self.store.log_size()?, self.store.size_on_disk()?))
    }
}
