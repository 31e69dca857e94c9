//! `/console/passport` and `/console/products/{id}/content`: what a producer (or the office)
//! tells shoppers about a product — text, photos, conformity documents — with the label
//! fields the product's group still lacks. Uploads are in `passport_upload.rs`.

use super::pages::{IdPath, Nav, href, redirect, service_page};
use super::session::SignedIn;
use crate::domain::{ContentInput, DocumentKind, LabelRules, MAX_PHOTOS};
use crate::http::kit::catalogue::kind_name;
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Shell, page};
use crate::http::{AppState, blocking};
use crate::service::ContentView;
use askama::Template;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
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

    /// The page of a product's passport as stored.
    pub fn new(who: &SignedIn, uri: &Uri, v: &ContentView) -> Self {
        let (lang, t) = (who.lang, who.lang.t());
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
            nav: Some(Nav::of(lang, &who.person)),
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

/// Loads the page's facts; the refusal page for anyone who may not edit them.
pub async fn load(s: &AppState, who: &SignedIn, id: u64) -> Result<ContentView, Response> {
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    let lang = who.lang;
    blocking(move || {
        app.content_editable(&p, id)?;
        app.content_view(&p, id)
    })
    .await
    .map_err(|e| service_page(lang, &e))
}

/// The page again with an error beside the panel that caused it.
pub async fn with_error(
    s: &AppState,
    who: &SignedIn,
    uri: &Uri,
    id: u64,
    status: StatusCode,
    error: (&'static str, &'static str),
    keep: impl FnOnce(&mut ContentPage),
) -> Response {
    match load(s, who, id).await {
        Ok(v) => {
            let mut view = ContentPage::new(who, uri, &v);
            view.error = Some(error);
            keep(&mut view);
            page(status, &view)
        }
        Err(r) => r,
    }
}

/// `?done=` after a change: which sentence to show.
#[derive(Debug, serde::Deserialize)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// GET /console/products/{id}/content
pub async fn show(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
    Query(d): Query<Done>,
) -> Response {
    let v = match load(&s, &who, id).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let t = who.lang.t();
    let mut view = ContentPage::new(&who, &uri, &v);
    view.done = match d.done.as_deref() {
        Some("saved") => Some(t.cc_saved),
        Some("photo") => Some(t.cc_photo_added),
        Some("removed") => Some(t.cc_photo_removed),
        Some("document") => Some(t.cc_doc_added),
        _ => None,
    };
    page(StatusCode::OK, &view)
}

/// Where a change sends the person back to.
pub fn back(lang: Lang, id: u64, done: &str) -> Response {
    redirect(&href(
        lang,
        &format!("/console/products/{id}/content?done={done}"),
    ))
}

/// POST /console/products/{id}/content — the text fields.
pub async fn save(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
    axum::Form(f): axum::Form<HashMap<String, String>>,
) -> Response {
    if let Some(r) = who.csrf_refusal(f.get("csrf").map_or("", String::as_str)) {
        return r;
    }
    let get = |k: &str| f.get(k).cloned();
    let input = ContentInput {
        story: get("story"),
        ingredients: get("ingredients"),
        usage: get("usage"),
        storage: get("storage"),
        net_quantity: get("net_quantity"),
        warnings: get("warnings"),
        label: f
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("label_").map(|k| (k.to_owned(), v.clone())))
            .collect(),
    };
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.set_content_text(&p, id, input)).await {
        Ok(_) => back(who.lang, id, "saved"),
        Err(e) if e.code == "invalid_text" => {
            let t = who.lang.t();
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            with_error(&s, &who, &uri, id, status, ("text", t.cc_err_text), |v| {
                for (k, val) in &f {
                    if let Some(key) = k.strip_prefix("label_") {
                        for e in &mut v.extra {
                            if e.0 == key {
                                e.2.clone_from(val);
                            }
                        }
                    } else if k != "csrf" {
                        v.text.insert(k.clone(), val.clone());
                    }
                }
            })
            .await
        }
        Err(e) => service_page(who.lang, &e),
    }
}
