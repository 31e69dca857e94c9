//! Subjects, products and certificates: typed columns for what is searched and joined,
//! `rec` for the record's bytes.

use super::conn::{Db, Pg, Tx, big, decode_all, decode_opt, encode, name_of};
use crate::domain::{
    Certificate, CertificateId, Gtin, LogEvent, Product, ProductId, Revocation, Subject, SubjectId,
};
use crate::store::{Conflict, Outcome, StoreError};
use chrono::NaiveDate;
use deadpool_postgres::GenericClient;

fn certificate_in(t: &Tx<'_, '_>, id: CertificateId) -> Result<Option<Certificate>, StoreError> {
    let row = t.opt(
        "SELECT rec FROM certificates WHERE issuer = $1 AND id = $2 FOR UPDATE",
        &[t.issuer(), &big(id)],
    )?;
    decode_opt("certificates", row)
}

/// Writes a certificate row (`rec` its encoded bytes), replacing an older version.
pub(super) fn put_certificate<C: GenericClient>(
    t: &Db<'_, C>,
    c: &Certificate,
    rec: &[u8],
) -> Result<(), StoreError> {
    let star = i16::from(c.star.get());
    let (revoked_on, reason) = match &c.revocation {
        Some(r) => (Some(r.date), Some(r.reason.as_str())),
        None => (None, None),
    };
    t.exec(
        "INSERT INTO certificates (issuer, id, product_id, star, decision_no, decision_date, \
         issuing_body, valid_until, revoked_on, revocation_reason, superseded_by, created_at, rec) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (issuer, id) DO UPDATE SET star = EXCLUDED.star, \
         valid_until = EXCLUDED.valid_until, revoked_on = EXCLUDED.revoked_on, \
         revocation_reason = EXCLUDED.revocation_reason, superseded_by = EXCLUDED.superseded_by, \
         rec = EXCLUDED.rec",
        &[
            t.issuer(),
            &big(c.id),
            &big(c.product_id),
            &star,
            &c.decision_no,
            &c.decision_date,
            &c.issuing_body,
            &c.valid_until,
            &revoked_on,
            &reason,
            &c.superseded_by.map(big),
            &c.created_at,
            &rec,
        ],
    )?;
    Ok(())
}

/// Writes a subject row; false when it already exists.
pub(super) fn put_subject<C: GenericClient>(
    t: &Db<'_, C>,
    s: &Subject,
    rec: &[u8],
) -> Result<bool, StoreError> {
    let n = t.exec(
        "INSERT INTO subjects (issuer, id, name, kind, registration_no, province, commune, \
         created_at, rec) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT DO NOTHING",
        &[
            t.issuer(),
            &big(s.id),
            &s.name,
            &name_of(&s.kind),
            &s.registration_no,
            &s.address.province,
            &s.address.commune,
            &s.created_at,
            &rec,
        ],
    )?;
    Ok(n > 0)
}

/// Writes a product row.
pub(super) fn put_product<C: GenericClient>(
    t: &Db<'_, C>,
    p: &Product,
    rec: &[u8],
) -> Result<(), StoreError> {
    t.exec(
        "INSERT INTO products (issuer, id, subject_id, name, product_group, subgroup, gtin, \
         created_at, rec) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (issuer, id) DO UPDATE SET rec = EXCLUDED.rec",
        &[
            t.issuer(),
            &big(p.id),
            &big(p.subject_id),
            &p.name,
            &p.group,
            &p.subgroup,
            &p.gtin.as_ref().map(Gtin::as_str),
            &p.created_at,
            &rec,
        ],
    )?;
    Ok(())
}

impl Pg {
    pub(super) fn insert_subject(&self, s: &Subject, ev: &LogEvent) -> Outcome<()> {
        let rec = encode(s)?;
        self.logged(std::slice::from_ref(ev), |t, _| {
            Ok(if put_subject(t, s, &rec)? {
                Ok(())
            } else {
                Err(Conflict::new(
                    "conflict",
                    format!("subject {} exists", s.id),
                ))
            })
        })
    }

    pub(super) fn subject(&self, id: SubjectId) -> Result<Option<Subject>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM subjects WHERE issuer = $1 AND id = $2",
                &[db.issuer(), &big(id)],
            )?;
            decode_opt("subjects", row)
        })
    }

    pub(super) fn subjects(
        &self,
        after: Option<SubjectId>,
        limit: usize,
    ) -> Result<Vec<Subject>, StoreError> {
        self.page("subjects", after, limit)
    }

    /// Up to `limit` records of an id-keyed table with ids above `after`.
    pub(super) fn page<T: serde::de::DeserializeOwned>(
        &self,
        table: &'static str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<T>, StoreError> {
        let sql =
            format!("SELECT rec FROM {table} WHERE issuer = $1 AND id > $2 ORDER BY id LIMIT $3");
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let after = after.map_or(0, big);
        self.with(|db| decode_all(table, &db.rows(&sql, &[db.issuer(), &after, &limit])?))
    }

    pub(super) fn insert_product(&self, p: &Product, ev: &LogEvent) -> Outcome<()> {
        let rec = encode(p)?;
        self.logged(std::slice::from_ref(ev), |t, _| {
            if let Some(g) = &p.gtin {
                let taken = t.opt(
                    "SELECT 1 FROM products WHERE issuer = $1 AND gtin = $2",
                    &[t.issuer(), &g.as_str()],
                )?;
                if taken.is_some() {
                    return Ok(Err(Conflict::new(
                        "gtin_taken",
                        format!("GTIN {g} is already registered to another product"),
                    )));
                }
            }
            put_product(t, p, &rec)?;
            Ok(Ok(()))
        })
    }

    pub(super) fn product(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM products WHERE issuer = $1 AND id = $2",
                &[db.issuer(), &big(id)],
            )?;
            decode_opt("products", row)
        })
    }

    pub(super) fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM products WHERE issuer = $1 AND gtin = $2",
                &[db.issuer(), &gtin.as_str()],
            )?;
            decode_opt("products", row)
        })
    }

    pub(super) fn products(
        &self,
        after: Option<ProductId>,
        limit: usize,
    ) -> Result<Vec<Product>, StoreError> {
        self.page("products", after, limit)
    }

    pub(super) fn insert_certificate(
        &self,
        c: &Certificate,
        supersede: Option<(CertificateId, NaiveDate)>,
        ev: &LogEvent,
    ) -> Outcome<()> {
        self.logged(std::slice::from_ref(ev), |t, _| {
            // The new certificate first: the old one's `superseded_by` names it.
            put_certificate(t, c, &encode(c)?)?;
            if let Some((old_id, on)) = supersede {
                let Some(mut old) = certificate_in(t, old_id)? else {
                    return Ok(Err(Conflict::new(
                        "not_found",
                        format!("certificate {old_id} does not exist"),
                    )));
                };
                if old.product_id != c.product_id {
                    return Ok(Err(Conflict::new(
                        "certificate_mismatch",
                        format!("certificate {old_id} belongs to another product"),
                    )));
                }
                if old.superseded_by.is_some() {
                    return Ok(Err(Conflict::new(
                        "already_superseded",
                        format!("certificate {old_id} was already superseded"),
                    )));
                }
                old.superseded_by = Some(c.id);
                old.superseded_on = Some(on);
                put_certificate(t, &old, &encode(&old)?)?;
            }
            Ok(Ok(()))
        })
    }

    pub(super) fn certificate(&self, id: CertificateId) -> Result<Option<Certificate>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM certificates WHERE issuer = $1 AND id = $2",
                &[db.issuer(), &big(id)],
            )?;
            decode_opt("certificates", row)
        })
    }

    pub(super) fn certificates(
        &self,
        after: Option<CertificateId>,
        limit: usize,
    ) -> Result<Vec<Certificate>, StoreError> {
        self.page("certificates", after, limit)
    }

    pub(super) fn certificates_of(
        &self,
        product: ProductId,
    ) -> Result<Vec<Certificate>, StoreError> {
        self.with(|db| {
            let rows = db.rows(
                "SELECT rec FROM certificates WHERE issuer = $1 AND product_id = $2 ORDER BY id",
                &[db.issuer(), &big(product)],
            )?;
            decode_all("certificates", &rows)
        })
    }

    pub(super) fn revoke_certificate(
        &self,
        id: CertificateId,
        r: &Revocation,
        ev: &LogEvent,
    ) -> Outcome<Certificate> {
        self.logged(std::slice::from_ref(ev), |t, _| {
            let Some(mut c) = certificate_in(t, id)? else {
                return Ok(Err(Conflict::new(
                    "not_found",
                    format!("certificate {id} does not exist"),
                )));
            };
            if c.revocation.is_some() {
                return Ok(Err(Conflict::new(
                    "already_revoked",
                    format!("certificate {id} is already revoked"),
                )));
            }
            c.revocation = Some(r.clone());
            put_certificate(t, &c, &encode(&c)?)?;
            Ok(Ok(c))
        })
    }

    pub(super) fn update_certificate(&self, c: &Certificate, ev: &LogEvent) -> Outcome<()> {
        self.logged(std::slice::from_ref(ev), |t, _| {
            if certificate_in(t, c.id)?.is_none() {
                return Ok(Err(Conflict::new(
                    "not_found",
                    format!("certificate {} does not exist", c.id),
                )));
            }
            put_certificate(t, c, &encode(c)?)?;
            Ok(Ok(()))
        })
    }
}
