//! The passport as public pages show it (`templates/passport_content.html`): the first photo
//! (its thumbnail, under 60 KB, linking to the large size), the others' thumbnails, the
//! story and facts, and the documents an inspector confirmed. Every label from the catalogue.

use crate::domain::{LabelRules, Photo};
use crate::http::kit::catalogue::kind_name;
use crate::http::kit::i18n::{Lang, fill};
use crate::service::{App, PublicPassport};

/// One photo on a public page.
pub struct PhotoView {
    pub src: String,
    pub full: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// One confirmed document.
pub struct DocView {
    pub kind: &'static str,
    pub line: String,
    pub valid: Option<String>,
    pub href: String,
}

/// What the partial renders.
pub struct PassportView {
    pub first: Option<PhotoView>,
    pub others: Vec<PhotoView>,
    pub story: Option<String>,
    /// Label and value, in the order a shopper reads them.
    pub facts: Vec<(String, String)>,
    pub warnings: Option<String>,
    pub documents: Vec<DocView>,
}

fn photo(p: &Photo, name: &str, n: usize, of: usize, lang: Lang) -> PhotoView {
    PhotoView {
        src: p.thumb.path(),
        full: p.large.path(),
        width: p.thumb.width.unwrap_or(320),
        height: p.thumb.height.unwrap_or(320),
        alt: fill(
            lang.t().pp_photo_alt,
            &[name, &n.to_string(), &of.to_string()],
        ),
    }
}

impl PassportView {
    /// The view of a passport, `None` when there is nothing to show.
    pub fn of(p: &PublicPassport, product_name: &str, lang: Lang) -> Option<Self> {
        let t = lang.t();
        if p.content.is_none() && p.documents.is_empty() {
            return None;
        }
        let mut view = Self {
            first: None,
            others: Vec::new(),
            story: None,
            facts: Vec::new(),
            warnings: None,
            documents: Vec::new(),
        };
        if let Some(c) = &p.content {
            let n = c.photos.len();
            let mut photos = c
                .photos
                .iter()
                .enumerate()
                .map(|(i, ph)| photo(ph, product_name, i + 1, n, lang));
            view.first = photos.next();
            view.others = photos.collect();
            view.story = c.story.clone();
            for (label, value) in [
                (t.pp_net_quantity, &c.net_quantity),
                (t.pp_ingredients, &c.ingredients),
                (t.pp_usage, &c.usage),
                (t.pp_storage, &c.storage),
            ] {
                if let Some(v) = value {
                    view.facts.push((label.to_owned(), v.clone()));
                }
            }
            let rules = LabelRules::get();
            for (k, v) in &c.label {
                if let Some(f) = rules.field(k) {
                    let label = if lang == Lang::En { &f.en } else { &f.vi };
                    view.facts.push((label.clone(), v.clone()));
                }
            }
            view.warnings = c.warnings.clone();
        }
        view.documents = p
            .documents
            .iter()
            .map(|d| DocView {
                kind: kind_name(t, d.kind),
                line: fill(t.pp_doc_line, &[&d.number, &d.issuer]),
                valid: d
                    .valid_until
                    .map(|v| fill(t.pp_doc_valid_until, &[&lang.date(v)])),
                href: d.file.path(),
            })
            .collect();
        Some(view)
    }

    /// The passport of a product for a public page; a store failure leaves it out rather
    /// than fail the page (the verdict matters more than the photos).
    pub fn lookup(app: &App, product: Option<(u64, &str)>, lang: Lang) -> Option<Self> {
        let (id, name) = product?;
        match app.public_passport(id) {
            Ok(p) => Self::of(&p, name, lang),
            Err(e) => {
                tracing::warn!(error = %e, product = id, "passport not shown");
                None
            }
        }
    }
}

/// A catalogue row's thumbnail: the first photo, decorative (the name is beside it).
pub fn catalogue_thumb(app: &App, product: u64) -> Option<PhotoView> {
    match app.first_photo(product) {
        Ok(p) => p.map(|p| PhotoView {
            src: p.thumb.path(),
            full: p.large.path(),
            width: p.thumb.width.unwrap_or(320),
            height: p.thumb.height.unwrap_or(320),
            alt: String::new(),
        }),
        Err(e) => {
            tracing::warn!(error = %e, product, "thumbnail not shown");
            None
        }
    }
}
