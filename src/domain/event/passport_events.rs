//! Log entries of the product passport: content changes, documents added and confirmed.

use super::{EventKind, LogEvent};
use crate::domain::{Document, Principal, ProductContent};
use chrono::{DateTime, Utc};
use serde_json::json;

impl LogEvent {
    /// A product's content changed (`change`: `text`, `photo_added` or `photo_removed`);
    /// `content_sha256` is the content hash a batch issued now would carry (or `null`).
    pub fn product_content_updated(
        at: DateTime<Utc>,
        who: &Principal,
        c: &ProductContent,
        change: &str,
        photo: Option<&str>,
    ) -> Self {
        let data = json!({"change": change, "content": c.hash(), "photo": photo,
            "photos": c.photos.len(), "product_id": c.product_id});
        Self::new(at, who, EventKind::ProductContentUpdated, data)
    }

    /// A conformity document added (not yet public).
    pub fn document_added(at: DateTime<Utc>, who: &Principal, d: &Document) -> Self {
        let data = json!({"document_id": d.id, "file_sha256": d.file.hash, "issuer": d.issuer,
            "kind": d.kind, "number": d.number, "product_id": d.product_id,
            "valid_until": d.valid_until});
        Self::new(at, who, EventKind::DocumentAdded, data)
    }

    /// A conformity document confirmed by an inspector (now public).
    pub fn document_confirmed(at: DateTime<Utc>, who: &Principal, d: &Document) -> Self {
        let data = json!({"document_id": d.id, "file_sha256": d.file.hash,
            "product_id": d.product_id});
        Self::new(at, who, EventKind::DocumentConfirmed, data)
    }
}
