//! The digital product passport: content, photos and conformity documents. The office and
//! the product's own producer edit; inspectors confirm documents; shoppers see the content
//! and confirmed documents only. Every change is a log entry with its actor.

use super::{App, ServiceError};
use crate::domain::{
    Action, ContentInput, Document, DocumentId, DomainError, LabelRules, LogEvent, MAX_PHOTOS,
    Media, NewDocument, Photo, Principal, Product, ProductContent, ProductId, UPLOAD_LIMIT,
};
use crate::render::Encoded;
use serde::Serialize;
use sha2::Digest;
use std::sync::{Arc, Mutex, PoisonError};

/// Content changes are read-modify-write: one at a time, so two uploads never lose one.
static EDITS: Mutex<()> = Mutex::new(());

/// A product's passport as its editors see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContentView {
    pub product: Product,
    pub content: ProductContent,
    /// The hash a batch issued now would carry in its record (`content`); absent when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    pub documents: Vec<Document>,
    /// Keys of the label fields the product's group requires and it does not state yet.
    pub missing: Vec<String>,
}

/// What shoppers see: the content and the confirmed documents.
#[derive(Debug, Clone)]
pub struct PublicPassport {
    pub content: Option<ProductContent>,
    pub documents: Vec<Document>,
}

/// A document waiting for an inspector, with its product's name.
#[derive(Debug, Clone)]
pub struct PendingDocument {
    pub document: Document,
    pub product_name: String,
}

fn sha256_hex(bytes: &[u8]) -> String {
    super::hex(&sha2::Sha256::digest(bytes))
}

fn media_of(e: &Encoded) -> (Media, (String, Vec<u8>)) {
    let hash = sha256_hex(&e.bytes);
    let m = Media {
        hash: hash.clone(),
        mime: "image/jpeg".into(),
        bytes: e.bytes.len() as u64,
        width: Some(e.width),
        height: Some(e.height),
    };
    (m, (hash, e.bytes.clone()))
}

impl App {
    /// The product, if `who` may edit its passport. Handlers call it before they read an
    /// upload, so a stranger's 5 MB are never read.
    pub fn content_editable(
        &self,
        who: &Principal,
        product: ProductId,
    ) -> Result<Product, ServiceError> {
        let p = self
            .store
            .product(product)?
            .ok_or_else(|| ServiceError::NotFound(format!("product {product} does not exist")))?;
        who.check(Action::EditContent(p.subject_id))?;
        Ok(p)
    }

    /// Admits one upload (photo or document) to `product` by `who` before its body is read:
    /// they must be allowed to edit it and be under [`UPLOADS_PER_WINDOW`] recent uploads.
    pub fn admit_upload(&self, who: &Principal, product: ProductId) -> Result<(), ServiceError> {
        self.content_editable(who, product)?;
        let key = format!("upload:{}", who.token_id);
        let now = self.clock.now();
        if let Some(wait) = self.upload_throttle.wait(&key, UPLOADS_PER_WINDOW, now)? {
            return Err(ServiceError::Throttled(wait));
        }
        self.upload_throttle.fail(&key, now)?;
        Ok(())
    }

    /// The passport as its editors (and the office and inspectors) see it.
    pub fn content_view(
        &self,
        who: &Principal,
        product: ProductId,
    ) -> Result<ContentView, ServiceError> {
        let p = self.product(who, product)?;
        let content = self
            .store
            .product_content(product)?
            .unwrap_or_else(|| ProductContent::empty(product, p.created_at));
        let documents = self.store.documents_of(product)?;
        let missing = LabelRules::get()
            .missing(&p, Some(&content), &documents)
            .into_iter()
            .map(|f| f.key.clone())
            .collect();
        Ok(ContentView {
            content_hash: content.hash(),
            product: p,
            content,
            documents,
            missing,
        })
    }

    fn current_content(&self, product: ProductId) -> Result<ProductContent, ServiceError> {
        Ok(self
            .store
            .product_content(product)?
            .unwrap_or_else(|| ProductContent::empty(product, self.clock.now())))
    }

    /// Replaces the text fields of a product's content (photos stay).
    pub fn set_content_text(
        &self,
        who: &Principal,
        product: ProductId,
        input: ContentInput,
    ) -> Result<ProductContent, ServiceError> {
        self.content_editable(who, product)?;
        let _one = EDITS.lock().unwrap_or_else(PoisonError::into_inner);
        let now = self.clock.now();
        let c = self.current_content(product)?.with_text(input, now)?;
        let ev = LogEvent::product_content_updated(now, who, &c, "text", None);
        self.store.put_product_content(&c, &[], &ev)?;
        Ok(c)
    }

    /// Adds a photo (JPEG, PNG or WebP, ≤ 5 MB), stored re-encoded in two sizes.
    pub fn add_photo(
        &self,
        who: &Principal,
        product: ProductId,
        bytes: &[u8],
    ) -> Result<ProductContent, ServiceError> {
        self.content_editable(who, product)?;
        if self.current_content(product)?.photos.len() >= MAX_PHOTOS {
            return Err(too_many().into());
        }
        let sizes = crate::render::photo_sizes(bytes)?;
        let (large, large_file) = media_of(&sizes.large);
        let (thumb, thumb_file) = media_of(&sizes.thumb);
        let _one = EDITS.lock().unwrap_or_else(PoisonError::into_inner);
        let now = self.clock.now();
        let mut c = self.current_content(product)?;
        if c.photos.len() >= MAX_PHOTOS {
            return Err(too_many().into());
        }
        if c.photos.iter().any(|p| p.id == large.hash) {
            return Err(crate::store::Conflict::new(
                "photo_exists",
                "this photo is already on the product",
            )
            .into());
        }
        let id = large.hash.clone();
        c.photos.push(Photo {
            id: id.clone(),
            large,
            thumb,
        });
        c.updated_at = now;
        let ev = LogEvent::product_content_updated(now, who, &c, "photo_added", Some(&id));
        self.store
            .put_product_content(&c, &[large_file, thumb_file], &ev)?;
        Ok(c)
    }

    /// Removes a photo from the product (its files stay: older content hashes name them).
    pub fn remove_photo(
        &self,
        who: &Principal,
        product: ProductId,
        photo: &str,
    ) -> Result<ProductContent, ServiceError> {
        self.content_editable(who, product)?;
        let _one = EDITS.lock().unwrap_or_else(PoisonError::into_inner);
        let now = self.clock.now();
        let mut c = self.current_content(product)?;
        let before = c.photos.len();
        c.photos.retain(|p| p.id != photo);
        if c.photos.len() == before {
            return Err(ServiceError::NotFound(format!(
                "product {product} has no photo {photo}"
            )));
        }
        c.updated_at = now;
        let ev = LogEvent::product_content_updated(now, who, &c, "photo_removed", Some(photo));
        self.store.put_product_content(&c, &[], &ev)?;
        Ok(c)
    }

    /// Adds a conformity document with its file (a PDF, or an image re-encoded like a
    /// photo). It shows publicly only once an inspector confirms it.
    pub fn add_document(
        &self,
        who: &Principal,
        product: ProductId,
        input: NewDocument,
        file: &[u8],
    ) -> Result<Document, ServiceError> {
        self.content_editable(who, product)?;
        if file.len() > UPLOAD_LIMIT {
            return Err(DomainError::FileTooLarge(format!(
                "the file is {} bytes; at most {UPLOAD_LIMIT} bytes (5 MB) are accepted",
                file.len()
            ))
            .into());
        }
        let (media, stored) = if file.starts_with(b"%PDF-") {
            let hash = sha256_hex(file);
            let m = Media {
                hash: hash.clone(),
                mime: "application/pdf".into(),
                bytes: file.len() as u64,
                width: None,
                height: None,
            };
            (m, (hash, file.to_vec()))
        } else if image::guess_format(file).is_ok() {
            media_of(&crate::render::document_image(file)?)
        } else {
            return Err(DomainError::InvalidDocument(
                "a document must be a PDF, JPEG, PNG or WebP file".into(),
            )
            .into());
        };
        let now = self.clock.now();
        let d = input.into_document(self.store.next_id()?, product, media, now, &who.token_id)?;
        let ev = LogEvent::document_added(now, who, &d);
        self.store.put_document(&d, &[stored], &ev)?;
        Ok(d)
    }

    /// An inspector confirms a document: from now on it shows publicly.
    pub fn confirm_document(
        &self,
        who: &Principal,
        product: ProductId,
        id: DocumentId,
    ) -> Result<Document, ServiceError> {
        who.check(Action::ConfirmDocument)?;
        let mut d = self
            .store
            .documents_of(product)?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| {
                ServiceError::NotFound(format!("product {product} has no document {id}"))
            })?;
        if d.confirmed.is_some() {
            return Err(crate::store::Conflict::new(
                "already_confirmed",
                format!("document {id} is already confirmed"),
            )
            .into());
        }
        let now = self.clock.now();
        d.confirmed = Some(crate::domain::Confirmation {
            at: now,
            by: who.token_id.clone(),
        });
        let ev = LogEvent::document_confirmed(now, who, &d);
        self.store.put_document(&d, &[], &ev)?;
        Ok(d)
    }

    /// Documents no inspector has confirmed yet, for the inspectors' queue.
    pub fn unconfirmed_documents(
        &self,
        who: &Principal,
    ) -> Result<Vec<PendingDocument>, ServiceError> {
        who.check(Action::ConfirmDocument)?;
        let mut out = Vec::new();
        for d in self.store.documents()? {
            if d.confirmed.is_some() {
                continue;
            }
            let product_name = self
                .store
                .product(d.product_id)?
                .map(|p| p.name)
                .unwrap_or_default();
            out.push(PendingDocument {
                document: d,
                product_name,
            });
        }
        Ok(out)
    }

    /// The first photo of a product's passport, for its catalogue row.
    pub fn first_photo(&self, product: ProductId) -> Result<Option<Photo>, ServiceError> {
        Ok(self
            .store
            .product_content(product)?
            .and_then(|c| c.photos.into_iter().next()))
    }

    /// The passport shoppers see: content and confirmed documents only. Every unit of a
    /// product shows the same one, so it is read once per product and store generation (any
    /// logged write, here or on another instance, starts a new one) and shared.
    pub fn public_passport(&self, product: ProductId) -> Result<Arc<PublicPassport>, ServiceError> {
        let generation = self.store.generation();
        self.passport_cache
            .get_or_read(product, generation, || self.read_public_passport(product))
    }

    fn read_public_passport(&self, product: ProductId) -> Result<PublicPassport, ServiceError> {
        let content = self
            .store
            .product_content(product)?
            .filter(|c| !c.is_empty());
        let documents = self
            .store
            .documents_of(product)?
            .into_iter()
            .filter(|d| d.confirmed.is_some())
            .collect();
        Ok(PublicPassport { content, documents })
    }

    /// A stored media file and its type, by the hex SHA-256 of its bytes, if `viewer` may see
    /// it. A document no inspector has confirmed yet is for the producer, the office and
    /// inspectors only; anyone else is told there is no such file.
    pub fn media_file(
        &self,
        hash: &str,
        viewer: Option<&Principal>,
    ) -> Result<Option<MediaFile>, ServiceError> {
        let well_formed = hash.len() == 64
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !well_formed {
            return Ok(None);
        }
        let Some(bytes) = self.store.media(hash)? else {
            return Ok(None);
        };
        if !bytes.starts_with(b"%PDF-") {
            return Ok(Some(MediaFile {
                bytes,
                mime: "image/jpeg",
                public: true,
            }));
        }
        let docs: Vec<_> = self
            .store
            .documents()?
            .into_iter()
            .filter(|d| d.file.hash == hash)
            .collect();
        let public = docs.is_empty() || docs.iter().any(|d| d.confirmed.is_some());
        if !public && !self.may_see_documents(viewer, &docs)? {
            return Ok(None);
        }
        Ok(Some(MediaFile {
            bytes,
            mime: "application/pdf",
            public,
        }))
    }

    fn may_see_documents(
        &self,
        viewer: Option<&Principal>,
        docs: &[Document],
    ) -> Result<bool, ServiceError> {
        let Some(who) = viewer else {
            return Ok(false);
        };
        if who.may(Action::ConfirmDocument) {
            return Ok(true);
        }
        for d in docs {
            if let Some(p) = self.store.product(d.product_id)?
                && who.may(Action::ReadSubject(p.subject_id))
            {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Uploads one credential may start within the throttle's 15-minute window: a producer
/// adding a passport's photos and documents needs a dozen.
pub const UPLOADS_PER_WINDOW: usize = 40;

/// A media file as served: its bytes, type, and whether anyone may see it (and caches keep it).
#[derive(Debug)]
pub struct MediaFile {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub public: bool,
}

fn too_many() -> DomainError {
    DomainError::TooManyPhotos(format!(
        "a product shows at most {MAX_PHOTOS} photos; remove one first"
    ))
}
