//! The views of the producer's passport list and the inspectors' queue of documents, built
//! from service results without HTTP.

use super::pages::{Nav, href};
use crate::http::kit::catalogue::kind_name;
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::Shell;
use crate::service::{ContentView, PendingDocument};
use askama::Template;
use axum::http::Uri;

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
pub(super) struct ListPage {
    shell: Shell,
    nav: Option<Nav>,
    rows: Vec<Row>,
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
pub(super) struct QueuePage {
    shell: Shell,
    nav: Option<Nav>,
    done: bool,
    rows: Vec<Pending>,
}

/// The producer's products, each with how many label fields it still lacks.
pub(super) fn list(lang: Lang, nav: Nav, uri: &Uri, views: &[ContentView]) -> ListPage {
    let t = lang.t();
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
    ListPage {
        shell: Shell::new(lang, uri, t.cc_list_title),
        nav: Some(nav),
        rows,
    }
}

/// The documents to confirm, each with its confirm form; `?done=1` after a confirmation.
pub(super) fn queue(lang: Lang, nav: Nav, uri: &Uri, pending: &[PendingDocument]) -> QueuePage {
    let t = lang.t();
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
    QueuePage {
        shell: Shell::new(lang, uri, t.cd_title),
        nav: Some(nav),
        done: uri.query().is_some_and(|q| q.contains("done=1")),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::{Principal, Role};
    use crate::http::kit::upload::document_facts;
    use crate::service::App;
    use crate::store::testing;
    use std::collections::HashMap;

    fn nav() -> Nav {
        Nav::for_test("Chị Hoa")
    }

    /// The demo portfolio without batches (no key), its first subject's manager, and a
    /// document waiting on the subject's first product.
    fn producer_with_a_document(app: &App) -> (Principal, PendingDocument) {
        // Batches are refused without a key and skipped: products are what matters here.
        let _ = crate::demo::load(app);
        let subject = app.store.subjects(None, 1).unwrap_or_default()[0].id;
        let who = Principal {
            token_id: "acct_3".into(),
            role: Role::ProducerManager,
            subject_id: Some(subject),
        };
        let product = app.passport_list(&who).unwrap_or_default()[0]
            .product
            .clone();
        let fields: HashMap<String, String> = [
            ("kind", "test_report"),
            ("number", "KN-12/2026"),
            ("issuer", "Quatest 1"),
            ("issued_on", "2026-12-01"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let facts = document_facts(&fields).unwrap_or_else(|e| panic!("{}", e.message));
        let document = app
            .add_document(&who, product.id, facts, b"%PDF-1.7\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let pending = PendingDocument {
            document,
            product_name: product.name,
        };
        (who, pending)
    }

    #[test]
    fn the_list_says_what_each_label_lacks_and_the_queue_links_each_confirmation() {
        let temp = testing::temp().unwrap_or_else(|e| panic!("{e}"));
        let app = crate::service::test_app::app(&temp, None);
        let (who, pending) = producer_with_a_document(&app);
        let views = app.passport_list(&who).unwrap_or_default();
        let uri = Uri::from_static("/console/passport");
        let page = list(Lang::Vi, nav(), &uri, &views);
        assert_eq!(page.rows.len(), views.len());
        let t = Lang::Vi.t();
        for (row, v) in page.rows.iter().zip(&views) {
            assert_eq!(row.complete, v.missing.is_empty());
            assert_eq!(row.line == t.cc_list_complete, v.missing.is_empty());
            assert!(
                row.href
                    .ends_with(&format!("/{}/content?lang=vi", v.product.id))
            );
        }
        let d = &pending.document;
        let uri = Uri::from_static("/console/documents?done=1");
        let q = queue(Lang::En, nav(), &uri, std::slice::from_ref(&pending));
        assert!(q.done);
        assert_eq!(
            q.rows[0].action,
            format!(
                "/console/documents/{}/{}/confirm?lang=en",
                d.product_id, d.id
            )
        );
        assert!(q.rows[0].line.contains("KN-12/2026"), "{}", q.rows[0].line);
        let html = q.render().unwrap_or_default();
        assert!(html.contains("Quatest 1"), "{html}");
        let plain = queue(
            Lang::En,
            nav(),
            &Uri::from_static("/console/documents"),
            &[],
        );
        assert!(!plain.done && plain.rows.is_empty());
    }
}
