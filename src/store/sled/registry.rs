//! The registry relations: subjects, products (with the GTIN index) and certificates (with
//! the per-product index). Each method is the [`Store`](crate::store::Store) verb of the same
//! name.

use super::codec::{Tx, backend, encode, refuse, tx_decode, tx_encode};
use super::db::Core;
use super::trees::{self as keys, T_CERTS, T_GTIN, T_PRODUCT_CERTS, T_PRODUCTS, T_SUBJECTS};
use crate::domain::{
    Certificate, CertificateId, Gtin, LogEvent, Product, ProductId, Revocation, Subject, SubjectId,
};
use crate::store::{Outcome, StoreError};
use chrono::NaiveDate;
use sled::transaction::TransactionalTree;

/// The registry's trees.
pub(super) struct Registry {
    pub(super) subjects: sled::Tree,
    pub(super) products: sled::Tree,
    pub(super) gtins: sled::Tree,
    pub(super) certs: sled::Tree,
    pub(super) product_certs: sled::Tree,
}

/// A certificate read inside a transaction; refused as `not_found` when absent.
fn tx_certificate(certs: &TransactionalTree, id: CertificateId) -> Tx<Certificate> {
    let key = keys::id(id);
    match certs.get(key)? {
        Some(raw) => tx_decode(T_CERTS, &key, &raw),
        None => Err(refuse(
            "not_found",
            format!("certificate {id} does not exist"),
        )),
    }
}

impl Registry {
    /// Opens the trees.
    pub(super) fn open(core: &Core) -> Result<Self, StoreError> {
        Ok(Self {
            subjects: core.tree(T_SUBJECTS)?,
            products: core.tree(T_PRODUCTS)?,
            gtins: core.tree(T_GTIN)?,
            certs: core.tree(T_CERTS)?,
            product_certs: core.tree(T_PRODUCT_CERTS)?,
        })
    }

    pub(super) fn insert_subject(&self, core: &Core, s: &Subject, ev: &LogEvent) -> Outcome<()> {
        let v = encode(s)?;
        core.logged(&[&self.subjects], std::slice::from_ref(ev), |t, _| {
            if t[0].get(keys::id(s.id))?.is_some() {
                return Err(refuse("conflict", format!("subject {} exists", s.id)));
            }
            t[0].insert(&keys::id(s.id), v.as_slice())?;
            Ok(())
        })
    }

    pub(super) fn subject(&self, id: SubjectId) -> Result<Option<Subject>, StoreError> {
        Core::get(&self.subjects, T_SUBJECTS, &keys::id(id))
    }

    pub(super) fn subjects(
        &self,
        after: Option<SubjectId>,
        limit: usize,
    ) -> Result<Vec<Subject>, StoreError> {
        Core::page(&self.subjects, T_SUBJECTS, after, limit)
    }

    pub(super) fn insert_product(&self, core: &Core, p: &Product, ev: &LogEvent) -> Outcome<()> {
        let v = encode(p)?;
        let trees = [&self.products, &self.gtins];
        core.logged(&trees, std::slice::from_ref(ev), |t, _| {
            let (products, gtins) = (&t[0], &t[1]);
            if let Some(g) = &p.gtin {
                if gtins.get(g.as_str())?.is_some() {
                    return Err(refuse(
                        "gtin_taken",
                        format!("GTIN {g} is already registered to another product"),
                    ));
                }
                gtins.insert(g.as_str(), &keys::id(p.id))?;
            }
            products.insert(&keys::id(p.id), v.as_slice())?;
            Ok(())
        })
    }

    pub(super) fn product(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        Core::get(&self.products, T_PRODUCTS, &keys::id(id))
    }

    pub(super) fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError> {
        match self.gtins.get(gtin.as_str()).map_err(backend)? {
            Some(id) => match keys::read_id(&id, 0) {
                Some(id) => self.product(id),
                None => Err(StoreError::Corrupt {
                    tree: T_GTIN,
                    key: gtin.to_string(),
                    reason: "product id is not 8 bytes".into(),
                }),
            },
            None => Ok(None),
        }
    }

    pub(super) fn products(
        &self,
        after: Option<ProductId>,
        limit: usize,
    ) -> Result<Vec<Product>, StoreError> {
        Core::page(&self.products, T_PRODUCTS, after, limit)
    }

    pub(super) fn insert_certificate(
        &self,
        core: &Core,
        c: &Certificate,
        supersede: Option<(CertificateId, NaiveDate)>,
        ev: &LogEvent,
    ) -> Outcome<()> {
        let v = encode(c)?;
        let trees = [&self.certs, &self.product_certs];
        core.logged(&trees, std::slice::from_ref(ev), |t, _| {
            let (certs, index) = (&t[0], &t[1]);
            if let Some((old_id, on)) = supersede {
                let mut old = tx_certificate(certs, old_id)?;
                if old.product_id != c.product_id {
                    return Err(refuse(
                        "certificate_mismatch",
                        format!("certificate {old_id} belongs to another product"),
                    ));
                }
                if old.superseded_by.is_some() {
                    return Err(refuse(
                        "already_superseded",
                        format!("certificate {old_id} was already superseded"),
                    ));
                }
                old.superseded_by = Some(c.id);
                old.superseded_on = Some(on);
                certs.insert(&keys::id(old_id), tx_encode(&old)?)?;
            }
            certs.insert(&keys::id(c.id), v.as_slice())?;
            index.insert(&keys::pair(c.product_id, c.id), &[])?;
            Ok(())
        })
    }

    pub(super) fn certificate(&self, id: CertificateId) -> Result<Option<Certificate>, StoreError> {
        Core::get(&self.certs, T_CERTS, &keys::id(id))
    }

    pub(super) fn certificates(
        &self,
        after: Option<CertificateId>,
        limit: usize,
    ) -> Result<Vec<Certificate>, StoreError> {
        Core::page(&self.certs, T_CERTS, after, limit)
    }

    pub(super) fn certificates_of(
        &self,
        product: ProductId,
    ) -> Result<Vec<Certificate>, StoreError> {
        let mut out = Vec::new();
        for kv in self.product_certs.scan_prefix(keys::id(product)) {
            let (k, _) = kv.map_err(backend)?;
            if let Some(id) = keys::read_id(&k, 8)
                && let Some(c) = self.certificate(id)?
            {
                out.push(c);
            }
        }
        Ok(out)
    }

    pub(super) fn revoke_certificate(
        &self,
        core: &Core,
        id: CertificateId,
        r: &Revocation,
        ev: &LogEvent,
    ) -> Outcome<Certificate> {
        core.logged(&[&self.certs], std::slice::from_ref(ev), |t, _| {
            let mut c = tx_certificate(&t[0], id)?;
            if c.revocation.is_some() {
                return Err(refuse(
                    "already_revoked",
                    format!("certificate {id} is already revoked"),
                ));
            }
            c.revocation = Some(r.clone());
            t[0].insert(&keys::id(id), tx_encode(&c)?)?;
            Ok(c)
        })
    }

    pub(super) fn update_certificate(
        &self,
        core: &Core,
        c: &Certificate,
        ev: &LogEvent,
    ) -> Outcome<()> {
        let v = encode(c)?;
        core.logged(&[&self.certs], std::slice::from_ref(ev), |t, _| {
            if t[0].get(keys::id(c.id))?.is_none() {
                return Err(refuse(
                    "not_found",
                    format!("certificate {} does not exist", c.id),
                ));
            }
            t[0].insert(&keys::id(c.id), v.as_slice())?;
            Ok(())
        })
    }
}
