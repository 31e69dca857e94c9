//! Product passports: content, conformity documents, and the photo and PDF bytes they name
//! (`bytea`, stored once per SHA-256).

use super::conn::{Db, Pg, Tx, big, decode_all, decode_opt, encode, name_of};
use crate::domain::{Document, LogEvent, ProductContent, ProductId};
use crate::store::StoreError;
use deadpool_postgres::GenericClient;

fn put_media(t: &Tx<'_, '_>, media: &[(String, Vec<u8>)]) -> Result<(), StoreError> {
    for (hash, bytes) in media {
        t.exec(
            "INSERT INTO media (issuer, sha256, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[t.issuer(), hash, bytes],
        )?;
    }
    Ok(())
}

/// Writes a document row (its file must be in `media` first).
pub(super) fn put_document<C: GenericClient>(
    t: &Db<'_, C>,
    d: &Document,
    rec: &[u8],
) -> Result<(), StoreError> {
    t.exec(
        "INSERT INTO documents (issuer, product_id, id, kind, file_sha256, valid_until, \
         confirmed_at, rec) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (issuer, product_id, id) DO UPDATE SET kind = EXCLUDED.kind, \
         file_sha256 = EXCLUDED.file_sha256, valid_until = EXCLUDED.valid_until, \
         confirmed_at = EXCLUDED.confirmed_at, rec = EXCLUDED.rec",
        &[
            t.issuer(),
            &big(d.product_id),
            &big(d.id),
            &name_of(&d.kind),
            &d.file.hash,
            &d.valid_until,
            &d.confirmed.as_ref().map(|c| c.at),
            &rec,
        ],
    )?;
    Ok(())
}

impl Pg {
    pub(super) fn product_content(
        &self,
        product: ProductId,
    ) -> Result<Option<ProductContent>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM product_content WHERE issuer = $1 AND product_id = $2",
                &[db.issuer(), &big(product)],
            )?;
            decode_opt("product_content", row)
        })
    }

    pub(super) fn put_product_content(
        &self,
        c: &ProductContent,
        media: &[(String, Vec<u8>)],
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        let rec = encode(c)?;
        self.logged_infallible(std::slice::from_ref(ev), |t, _| {
            put_media(t, media)?;
            t.exec(
                "INSERT INTO product_content (issuer, product_id, rec) VALUES ($1, $2, $3) \
                 ON CONFLICT (issuer, product_id) DO UPDATE SET rec = EXCLUDED.rec",
                &[t.issuer(), &big(c.product_id), &rec],
            )?;
            Ok(())
        })
    }

    pub(super) fn media(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT bytes FROM media WHERE issuer = $1 AND sha256 = $2",
                &[db.issuer(), &hash],
            )?;
            Ok(row.map(|r| r.get(0)))
        })
    }

    pub(super) fn put_document(
        &self,
        d: &Document,
        media: &[(String, Vec<u8>)],
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        let rec = encode(d)?;
        self.logged_infallible(std::slice::from_ref(ev), |t, _| {
            put_media(t, media)?;
            put_document(t, d, &rec)?;
            Ok(())
        })
    }

    pub(super) fn documents_of(&self, product: ProductId) -> Result<Vec<Document>, StoreError> {
        self.with(|db| {
            let rows = db.rows(
                "SELECT rec FROM documents WHERE issuer = $1 AND product_id = $2 ORDER BY id",
                &[db.issuer(), &big(product)],
            )?;
            decode_all("documents", &rows)
        })
    }

    pub(super) fn documents(&self) -> Result<Vec<Document>, StoreError> {
        self.with(|db| {
            let rows = db.rows(
                "SELECT rec FROM documents WHERE issuer = $1 ORDER BY product_id, id",
                &[db.issuer()],
            )?;
            decode_all("documents", &rows)
        })
    }
}
