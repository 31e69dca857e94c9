//! The passport editing page, built from what the service read ([`ContentView`]) without
//! HTTP: the text fields, the group's own label fields, photos and documents, and what the
//! label still lacks; a refused change keeps what was typed.

use super::pages::Nav;
use crate::domain::{DocumentKind, LabelRules, MAX_PHOTOS};
use crate::http::kit::catalogue::kind_name;
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::Shell;
use crate::service::ContentView;
use askama::Template;
use axum::http::Uri;
use std::collections::HashMap;

/// A photo on the editing page.
pub struct PhotoRow {
    id: String,
    src: String,
    width: u32,
    height: u32,
    alt: String,
}

/// A document on the editing page.
pub struct DocRow {
    kind: &'static str,
    line: String,
    status: String,
    confirmed: bool,
    href: String,
}

/// The editing page.
#[derive(Template)]
#[template(path = "console/content.html")]
pub struct ContentPage {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    heading: String,
    done: Option<&'static str>,
    /// The panel (`text`, `photo`, `document`) and the sentence.
    error: Option<(&'static str, &'static str)>,
    missing: Vec<String>,
    text: HashMap<String, String>,
    /// Key (form name), label, value of the group's own label fields.
    extra: Vec<(String, String, String)>,
    photos: Vec<PhotoRow>,
    photo_count: String,
    photos_full: bool,
    documents: Vec<DocRow>,
    kinds: Vec<(&'static str, &'static str)>,
    doc: HashMap<String, String>,
}

impl ContentPage {
    fn value(&self, key: &str) -> &str {
        self.text.get(key).map_or("", String::as_str)
    }

    fn doc_value(&self, key: &str) -> &str {
        self.doc.get(key).map_or("", String::as_str)
    }

    /// Keeps what was typed into the document form.
    pub fn keep_document(&mut self, mut fields: HashMap<String, String>) {
        fields.remove("csrf");
        self.doc = fields;
    }

    fn error_in(&self, panel: &str) -> Option<&'static str> {
        self.error.filter(|(p, _)| *p == panel).map(|(_, m)| m)
    }

    /// The text form as typed (`label_…` fields are the group's own), shown again after a
    /// refusal instead of what is stored.
    pub fn keep_text(&mut self, typed: &HashMap<String, String>) {
        for (k, val) in typed {
            if let Some(key) = k.strip_prefix("label_") {
                for e in &mut self.extra {
                    if e.0 == key {
                        e.2.clone_from(val);
                    }
                }
            } else if k != "csrf" {
                self.text.insert(k.clone(), val.clone());
            }
        }
    }

    /// The page with the sentence beside the panel (`text`, `photo`, `document`) at fault.
    pub fn with_error(mut self, error: (&'static str, &'static str)) -> Self {
        self.error = Some(error);
        self
    }

    /// The page with the sentence for the change just made (`?done=`), if it names one.
    pub fn with_done(mut self, done: Option<&str>) -> Self {
        let t = self.shell.lang.t();
        self.done = match done {
            Some("saved") => Some(t.cc_saved),
            Some("photo") => Some(t.cc_photo_added),
            Some("removed") => Some(t.cc_photo_removed),
            Some("document") => Some(t.cc_doc_added),
            _ => None,
        };
        self
    }

    /// The page of a product's passport as stored.
    pub fn new(lang: Lang, nav: Nav, uri: &Uri, v: &ContentView) -> Self {
        let t = lang.t();
        let rules = LabelRules::get();
        let name = |key: &str| {
            rules
                .field(key)
                .map(|f| {
                    if lang == Lang::En {
                        f.en.clone()
                    } else {
                        f.vi.clone()
                    }
                })
                .unwrap_or_default()
        };
        let c = &v.content;
        let text: HashMap<String, String> = [
            ("story", &c.story),
            ("ingredients", &c.ingredients),
            ("usage", &c.usage),
            ("storage", &c.storage),
            ("net_quantity", &c.net_quantity),
            ("warnings", &c.warnings),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.clone().unwrap_or_default()))
        .collect();
        let extra = rules
            .label_inputs(&v.product.group)
            .into_iter()
            .map(|f| {
                let value = c.label.get(&f.key).cloned().unwrap_or_default();
                (f.key.clone(), name(&f.key), value)
            })
            .collect();
        let n = c.photos.len();
        let photos = c
            .photos
            .iter()
            .enumerate()
            .map(|(i, p)| PhotoRow {
                id: p.id.clone(),
                src: p.thumb.path(),
                width: p.thumb.width.unwrap_or(320),
                height: p.thumb.height.unwrap_or(320),
                alt: fill(
                    t.pp_photo_alt,
                    &[&v.product.name, &(i + 1).to_string(), &n.to_string()],
                ),
            })
            .collect();
        let documents = v
            .documents
            .iter()
            .map(|d| DocRow {
                kind: kind_name(t, d.kind),
                line: fill(t.pp_doc_line, &[&d.number, &d.issuer]),
                status: match &d.confirmed {
                    Some(c) => fill(t.cc_doc_confirmed, &[&lang.date(c.at.date_naive())]),
                    None => t.cc_doc_pending.to_owned(),
                },
                confirmed: d.confirmed.is_some(),
                href: d.file.path(),
            })
            .collect();
        let heading = fill(t.cc_title, &[&v.product.name]);
        Self {
            shell: Shell::new(lang, uri, heading.clone()),
            nav: Some(nav),
            id: v.product.id,
            heading,
            done: None,
            error: None,
            missing: v.missing.iter().map(|k| name(k)).collect(),
            text,
            extra,
            photos,
            photo_count: fill(t.cc_photo_count, &[&n.to_string()]),
            photos_full: n >= MAX_PHOTOS,
            documents,
            kinds: DocumentKind::ALL
                .into_iter()
                .map(|k| (k.as_str(), kind_name(t, k)))
                .collect(),
            doc: HashMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::{Principal, Role};

    use crate::store::testing;

    #[test]
    fn the_page_names_what_the_label_lacks_and_keeps_a_refused_text_as_typed() {
        let temp = testing::temp().unwrap_or_else(|e| panic!("{e}"));
        let app = crate::service::test_app::app(&temp, None);
        // Without a key the demo's batches are skipped: its products are what matter here.
        let _ = crate::demo::load(&app);
        let office = Principal {
            token_id: "acct_1".into(),
            role: Role::OfficeStaff,
            subject_id: None,
        };
        let id = app.store.products(None, 1).unwrap_or_default()[0].id;
        let v = app
            .content_view(&office, id)
            .unwrap_or_else(|e| panic!("{e}"));
        let nav = Nav {
            line: "Chị Lan".into(),
            csrf: "c".into(),
            totp: false,
        };
        let uri = Uri::from_static("/console/products/1/content");
        let mut page = ContentPage::new(Lang::Vi, nav, &uri, &v).with_done(Some("saved"));
        assert_eq!(page.done, Some(Lang::Vi.t().cc_saved));
        assert_eq!(page.missing.len(), v.missing.len());
        assert!(page.heading.contains(&v.product.name));
        let typed: HashMap<String, String> = [("story", "Chè Tân Cương"), ("csrf", "c")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        page.keep_text(&typed);
        assert_eq!(page.value("story"), "Chè Tân Cương");
        assert!(!page.text.contains_key("csrf"));
        let page = page.with_error(("text", "sai"));
        assert_eq!(page.error_in("text"), Some("sai"));
        assert_eq!(page.error_in("photo"), None);
        assert!(page.render().unwrap_or_default().contains("Chè Tân Cương"));
    }
}
