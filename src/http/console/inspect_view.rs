//! The views of the inspector's batch search, built from the parsed form and the service's
//! page of results without HTTP: the form's controls with what was typed, the rows, the
//! count and the links to other pages that keep the filters.

use super::inspect_form::{Parsed, STATUSES, link};
use super::pages::Nav;
use crate::http::kit::catalogue::{Catalogue, cert_status};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::Shell;
use crate::service::SearchPage;
use askama::Template;
use axum::http::{StatusCode, Uri};

/// Batches per page.
const PER_PAGE: usize = 20;

struct Opt {
    value: String,
    text: String,
    selected: bool,
}

/// One control of the form: a text field when it has no options, else a select.
struct Control {
    name: &'static str,
    label: &'static str,
    value: String,
    options: Vec<Opt>,
    error: Option<&'static str>,
    placeholder: &'static str,
}

/// A batch as the results list it.
struct Row {
    href: String,
    title: String,
    producer: String,
    line: String,
    cert: String,
    tone: &'static str,
    recalled: bool,
}

/// The search page.
#[derive(Template)]
#[template(path = "console/inspect.html")]
pub(super) struct SearchView {
    shell: Shell,
    nav: Option<Nav>,
    controls: Vec<Control>,
    has_errors: bool,
    searched: bool,
    count: String,
    rows: Vec<Row>,
    page_of: String,
    prev: Option<String>,
    next: Option<String>,
    csv_href: String,
    clear_href: String,
}

fn controls(t: &'static Catalogue, p: &Parsed, facts: Option<&SearchPage>) -> Vec<Control> {
    let value = |k: &str| {
        p.kept
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let error = |k: &str| p.errors.iter().find(|(n, _)| *n == k).map(|(_, m)| *m);
    let control = |name, label, options: Vec<(String, String)>, placeholder| {
        let v = value(name);
        Control {
            name,
            label,
            options: options
                .into_iter()
                .map(|(value, text)| Opt {
                    selected: value == v,
                    value,
                    text,
                })
                .collect(),
            value: v,
            error: error(name),
            placeholder,
        }
    };
    let (subjects, products, bodies) = match facts {
        Some(f) => (
            f.subjects
                .iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect(),
            f.products
                .iter()
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect(),
            f.bodies.iter().map(|b| (b.clone(), b.clone())).collect(),
        ),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let statuses = STATUSES
        .iter()
        .map(|(s, c)| ((*c).to_owned(), cert_status(t, *s).to_owned()))
        .collect();
    let recalled = vec![
        ("yes".to_owned(), t.insp_recalled_yes.to_owned()),
        ("no".to_owned(), t.insp_recalled_no.to_owned()),
    ];
    vec![
        control("q", t.insp_q, Vec::new(), ""),
        control("subject", t.subject_label, subjects, ""),
        control("product", t.product, products, ""),
        control("lot", t.lot_label, Vec::new(), ""),
        control("gtin", t.insp_gtin, Vec::new(), ""),
        control("body", t.insp_body, bodies, ""),
        control("status", t.insp_status, statuses, ""),
        control("recalled", t.insp_recalled, recalled, ""),
        control("from", t.insp_from, Vec::new(), t.date_placeholder),
        control("to", t.insp_to, Vec::new(), t.date_placeholder),
    ]
}

fn rows(lang: Lang, t: &'static Catalogue, facts: &SearchPage) -> Vec<Row> {
    facts
        .hits
        .iter()
        .map(|h| {
            let b = &h.batch;
            let (cert, tone) = match h.cert_status {
                Some(s) => (
                    fill(t.insp_row_cert, &[cert_status(t, s)]),
                    if s.is_valid() { "ok" } else { "bad" },
                ),
                None => (t.insp_no_cert.to_owned(), "bad"),
            };
            Row {
                href: format!("/console/inspect/batches/{}?lang={}", b.id, lang.code()),
                title: format!(
                    "{} · {}",
                    fill(t.batch_title, &[b.lot.as_str()]),
                    h.product_name
                ),
                producer: h.subject_name.clone(),
                line: format!(
                    "{} · {} · {}",
                    fill(
                        t.insp_row,
                        &[
                            &lang.count(u64::from(b.quantity), t.unit_one, t.unit_many),
                            &lang.day_of(b.issued_at),
                        ],
                    ),
                    lang.count(h.print_runs as u64, t.runs_one, t.runs_many),
                    lang.count(h.trace_events as u64, t.events_one, t.events_many),
                ),
                cert,
                tone,
                recalled: h.recall.is_some(),
            }
        })
        .collect()
}

/// The slice of matches a page shows (skip, take). A form with a field that does not read
/// shows no results: they would ignore that field.
pub(super) fn window(p: &Parsed) -> (usize, usize) {
    let take = if p.errors.is_empty() { PER_PAGE } else { 0 };
    ((p.page - 1) * PER_PAGE, take)
}

impl SearchView {
    /// 422 when a field does not read, so the form is the answer to a bad request.
    pub(super) fn status(&self) -> StatusCode {
        if self.has_errors {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        }
    }
}

/// The search page for the form as parsed and the page of results found.
pub(super) fn search(
    lang: Lang,
    nav: Nav,
    uri: &Uri,
    p: &Parsed,
    facts: &SearchPage,
) -> SearchView {
    let t = lang.t();
    let pages = facts.total.div_ceil(PER_PAGE).max(1);
    SearchView {
        shell: Shell::new(lang, uri, t.insp_title).wide(),
        nav: Some(nav),
        controls: controls(t, p, Some(facts)),
        has_errors: !p.errors.is_empty(),
        searched: !p.kept.is_empty(),
        count: if facts.total == 1 {
            t.insp_count_one.to_owned()
        } else {
            fill(t.insp_count_many, &[&lang.number(facts.total as u64)])
        },
        rows: rows(lang, t, facts),
        page_of: fill(t.cat_page_of, &[&p.page.to_string(), &pages.to_string()]),
        prev: (p.page > 1)
            .then(|| link(lang, "/console/inspect", &p.kept, p.page.min(pages + 1) - 1)),
        next: (p.page < pages).then(|| link(lang, "/console/inspect", &p.kept, p.page + 1)),
        csv_href: link(lang, "/console/inspect.csv", &p.kept, 1),
        clear_href: format!("/console/inspect?lang={}", lang.code()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::console::inspect_form::{SearchForm, parse};

    fn parsed(q: &str) -> Parsed {
        let uri: Uri = format!("/console/inspect?{q}").parse().unwrap_or_default();
        let form = axum::extract::Query::<SearchForm>::try_from_uri(&uri)
            .map(|q| q.0)
            .unwrap_or_default();
        parse(&form, Lang::Vi.t())
    }

    fn nav() -> Nav {
        Nav::for_test("Anh Minh")
    }

    fn found(total: usize) -> SearchPage {
        SearchPage {
            hits: Vec::new(),
            total,
            subjects: Vec::new(),
            products: Vec::new(),
            bodies: vec!["UBND tỉnh Quảng Ninh".into()],
        }
    }

    #[test]
    fn the_middle_page_links_both_ways_and_keeps_the_filters() {
        let p = parsed("lot=MHD&body=UBND%20t%E1%BB%89nh%20Qu%E1%BA%A3ng%20Ninh&page=2");
        assert_eq!(window(&p), (20, 20));
        let uri = Uri::from_static("/console/inspect");
        let v = search(Lang::Vi, nav(), &uri, &p, &found(41));
        assert_eq!(v.status(), StatusCode::OK);
        assert!(v.searched && !v.has_errors);
        assert_eq!(
            v.prev.as_deref(),
            Some(
                "/console/inspect?lang=vi&lot=MHD&body=UBND%20t%E1%BB%89nh%20Qu%E1%BA%A3ng%20Ninh"
            )
        );
        assert!(v.next.as_deref().is_some_and(|n| n.ends_with("&page=3")));
        assert!(v.count.contains("41"), "{}", v.count);
        let body = v.controls.iter().find(|c| c.name == "body");
        assert!(body.is_some_and(|c| c.options.iter().any(|o| o.selected)));
        let html = v.render().unwrap_or_default();
        assert!(html.contains("&#38;page=3\""), "{html}");
    }

    #[test]
    fn a_field_that_does_not_read_shows_no_results_and_says_why() {
        let p = parsed("gtin=123&page=3");
        assert_eq!(window(&p), (40, 0));
        let v = search(
            Lang::Vi,
            nav(),
            &Uri::from_static("/console/inspect"),
            &p,
            &found(0),
        );
        assert_eq!(v.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let gtin = v.controls.iter().find(|c| c.name == "gtin");
        assert_eq!(gtin.and_then(|c| c.error), Some(Lang::Vi.t().err_gtin));
        assert!(v.next.is_none());
    }
}
