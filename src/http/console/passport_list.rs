//! `/console/passport` (a producer's products, each with what its label still lacks) and
//! `/console/documents` (the inspectors' queue of documents to confirm).

use super::pages::{Nav, href, redirect, service_page};
use super::session::SignedIn;
use crate::http::kit::catalogue::kind_name;
use crate::http::kit::i18n::fill;
use crate::http::kit::respond::{Shell, page};
use crate::http::{AppState, blocking};
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;

/// A date as people type it (`01/12/2026`, `1.12.2026`) or in ISO form (`2026-12-01`).
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let slashed: String = s
        .chars()
        .map(|c| if matches!(c, '.' | '-' | ' ') { '/' } else { c })
        .collect();
    NaiveDate::parse_from_str(&slashed, "%d/%m/%Y").ok()
}

/// One product of the list.
struct Row {
    href: String,
    name: String,
    line: String,
    complete: bool,
}

/// The producer's list.
#[derive(Template)]
#[template(path = "console/passport_list.html")]
struct ListPage {
    shell: Shell,
    nav: Option<Nav>,
    rows: Vec<Row>,
}

/// GET /console/passport
pub async fn list(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    let views = blocking(move || {
        let home = app.producer_home(&p)?;
        home.products
            .iter()
            .map(|l| app.content_view(&p, l.product.id))
            .collect::<Result<Vec<_>, _>>()
    })
    .await;
    let views = match views {
        Ok(v) => v,
        Err(e) => return service_page(lang, &e),
    };
    let rows = views
        .iter()
        .map(|v| Row {
            href: href(lang, &format!("/console/products/{}/content", v.product.id)),
            name: v.product.name.clone(),
            line: match v.missing.len() {
                0 => t.cc_list_complete.to_owned(),
                1 => t.cc_list_missing_one.to_owned(),
                n => fill(t.cc_list_missing, &[&n.to_string()]),
            },
            complete: v.missing.is_empty(),
        })
        .collect();
    let view = ListPage {
        shell: Shell::new(lang, &uri, t.cc_list_title),
        nav: Some(Nav::of(lang, &who.person)),
        rows,
    };
    page(StatusCode::OK, &view)
}

/// One document waiting.
struct Pending {
    action: String,
    kind: &'static str,
    product: String,
    line: String,
    sent: String,
    href: String,
}

/// The inspectors' queue.
#[derive(Template)]
#[template(path = "console/documents.html")]
struct QueuePage {
    shell: Shell,
    nav: Option<Nav>,
    done: bool,
    rows: Vec<Pending>,
}

/// GET /console/documents
pub async fn queue(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    let pending = match blocking(move || app.unconfirmed_documents(&p)).await {
        Ok(v) => v,
        Err(e) => return service_page(lang, &e),
    };
    let rows = pending
        .iter()
        .map(|p| {
            let d = &p.document;
            Pending {
                action: href(
                    lang,
                    &format!("/console/documents/{}/{}/confirm", d.product_id, d.id),
                ),
                kind: kind_name(t, d.kind),
                product: fill(t.cd_product, &[&p.product_name]),
                line: fill(t.pp_doc_line, &[&d.number, &d.issuer]),
                sent: fill(t.cd_sent_on, &[&lang.date(d.added_at.date_naive())]),
                href: d.file.path(),
            }
        })
        .collect();
    let view = QueuePage {
        shell: Shell::new(lang, &uri, t.cd_title),
        nav: Some(Nav::of(lang, &who.person)),
        done: uri.query().is_some_and(|q| q.contains("done=1")),
        rows,
    };
    page(StatusCode::OK, &view)
}

/// POST /console/documents/{product}/{doc}/confirm
pub async fn confirm(
    State(s): State<AppState>,
    Path((product, doc)): Path<(u64, u64)>,
    who: SignedIn,
    axum::Form(f): axum::Form<super::passport_upload::CsrfForm>,
) -> Response {
    if let Some(r) = who.csrf_refusal(f.csrf()) {
        return r;
    }
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.confirm_document(&p, product, doc)).await {
        // Confirmed meanwhile by a colleague: the queue is what they want to see either way.
        Ok(_) => redirect(&href(who.lang, "/console/documents?done=1")),
        Err(e) if e.code == "already_confirmed" => redirect(&href(who.lang, "/console/documents")),
        Err(e) => service_page(who.lang, &e),
    }
}
