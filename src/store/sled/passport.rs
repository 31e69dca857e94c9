//! The passport relations: product content, conformity documents and the media files they
//! point to. The trees are created by the first write, never by a read, so a store that
//! holds no passport has the same trees as before they existed.

use super::codec::{backend, decode, encode};
use super::db::Core;
use super::trees::{self as keys, T_CONTENT, T_DOCUMENTS, T_MEDIA};
use crate::domain::{Document, LogEvent, ProductContent, ProductId};
use crate::store::StoreError;

/// The tree if some write created it.
fn existing(core: &Core, name: &str) -> Result<Option<sled::Tree>, StoreError> {
    if core.tree_names().iter().any(|n| n == name) {
        core.tree(name).map(Some)
    } else {
        Ok(None)
    }
}

pub(super) fn product_content(
    core: &Core,
    product: ProductId,
) -> Result<Option<ProductContent>, StoreError> {
    match existing(core, T_CONTENT)? {
        Some(t) => Core::get(&t, T_CONTENT, &keys::id(product)),
        None => Ok(None),
    }
}

/// One logged write of a record and the media files it needs.
fn put_with_media(
    core: &Core,
    tree: &str,
    key: &[u8],
    value: &[u8],
    media: &[(String, Vec<u8>)],
    ev: &LogEvent,
) -> Result<(), StoreError> {
    let records = core.tree(tree)?;
    let files = core.tree(T_MEDIA)?;
    core.logged_infallible(&[&records, &files], std::slice::from_ref(ev), |t, _| {
        t[0].insert(key, value)?;
        for (hash, bytes) in media {
            // Content-addressed: the same hash is the same bytes, so a stored file stays.
            if t[1].get(hash.as_bytes())?.is_none() {
                t[1].insert(hash.as_bytes(), bytes.as_slice())?;
            }
        }
        Ok(())
    })
}

pub(super) fn put_product_content(
    core: &Core,
    c: &ProductContent,
    media: &[(String, Vec<u8>)],
    ev: &LogEvent,
) -> Result<(), StoreError> {
    let v = encode(c)?;
    put_with_media(core, T_CONTENT, &keys::id(c.product_id), &v, media, ev)
}

pub(super) fn media(core: &Core, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
    match existing(core, T_MEDIA)? {
        Some(t) => Ok(t.get(hash.as_bytes()).map_err(backend)?.map(|v| v.to_vec())),
        None => Ok(None),
    }
}

pub(super) fn put_document(
    core: &Core,
    d: &Document,
    media: &[(String, Vec<u8>)],
    ev: &LogEvent,
) -> Result<(), StoreError> {
    let v = encode(d)?;
    put_with_media(
        core,
        T_DOCUMENTS,
        &keys::pair(d.product_id, d.id),
        &v,
        media,
        ev,
    )
}

pub(super) fn documents_of(core: &Core, product: ProductId) -> Result<Vec<Document>, StoreError> {
    match existing(core, T_DOCUMENTS)? {
        Some(t) => Core::with_prefix(&t, T_DOCUMENTS, &keys::id(product)),
        None => Ok(Vec::new()),
    }
}

pub(super) fn documents(core: &Core) -> Result<Vec<Document>, StoreError> {
    let Some(t) = existing(core, T_DOCUMENTS)? else {
        return Ok(Vec::new());
    };
    t.iter()
        .map(|kv| {
            let (k, v) = kv.map_err(backend)?;
            decode(T_DOCUMENTS, &k, &v)
        })
        .collect()
}
