//! `/console/inspect`: the inspector's batch search. One GET form with every filter of the
//! API's batch search (`GET /api/v1/search/batches`), results in pages whose links keep the
//! filters, each row opening the batch's history; the same matches as a CSV download.

use super::inspect_csv::{attachment, results_csv};
use super::inspect_form::{Parsed, STATUSES, SearchForm, link, parse};
use super::pages::{Nav, service_page};
use super::session::SignedIn;
use crate::http::AppState;
use crate::http::kit::catalogue::{Catalogue, cert_status};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Shell, page};
use crate::service::SearchPage;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{OriginalUri, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

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
struct SearchView {
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

fn query(q: Result<Query<SearchForm>, QueryRejection>) -> SearchForm {
    q.map(|Query(f)| f).unwrap_or_default()
}

/// GET /console/inspect
pub async fn search(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
    q: Result<Query<SearchForm>, QueryRejection>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let p = parse(&query(q), t);
    let skip = (p.page - 1) * PER_PAGE;
    let principal = who.person.principal.clone();
    let app = s.app.clone();
    let search = p.search.clone();
    let bad = !p.errors.is_empty();
    // A form with a field that does not read shows no results: they would ignore that field.
    let result = crate::http::blocking(move || {
        app.inspect_search(&principal, &search, skip, if bad { 0 } else { PER_PAGE })
    })
    .await;
    let facts = match result {
        Ok(f) => f,
        Err(e) => return service_page(lang, &e),
    };
    let pages = facts.total.div_ceil(PER_PAGE).max(1);
    let view = SearchView {
        shell: Shell::new(lang, &uri, t.insp_title).wide(),
        nav: Some(Nav::of(lang, &who.person)),
        controls: controls(t, &p, Some(&facts)),
        has_errors: bad,
        searched: !p.kept.is_empty(),
        count: if facts.total == 1 {
            t.insp_count_one.to_owned()
        } else {
            fill(t.insp_count_many, &[&lang.number(facts.total as u64)])
        },
        rows: rows(lang, t, &facts),
        page_of: fill(t.cat_page_of, &[&p.page.to_string(), &pages.to_string()]),
        prev: (p.page > 1)
            .then(|| link(lang, "/console/inspect", &p.kept, p.page.min(pages + 1) - 1)),
        next: (p.page < pages).then(|| link(lang, "/console/inspect", &p.kept, p.page + 1)),
        csv_href: link(lang, "/console/inspect.csv", &p.kept, 1),
        clear_href: format!("/console/inspect?lang={}", lang.code()),
    };
    let status = if bad {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(status, &view)
}

/// GET /console/inspect.csv — every match of the filters, one row a batch. A form with a
/// field that does not read gets the search page with the sentence beside it instead.
pub async fn search_csv(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
    q: Result<Query<SearchForm>, QueryRejection>,
) -> Response {
    let t = who.lang.t();
    let form = query(q);
    let p = parse(&form, t);
    if !p.errors.is_empty() {
        return search(State(s), OriginalUri(uri), who, Ok(Query(form))).await;
    }
    let principal = who.person.principal.clone();
    let app = s.app.clone();
    let lang = who.lang;
    let result = crate::http::blocking(move || {
        app.inspect_matches(&principal, &p.search, 0, usize::MAX)
            .map(|(hits, _)| results_csv(lang, &hits))
    })
    .await;
    match result {
        Ok(bytes) => attachment(bytes, "text/csv; charset=utf-8", "lo-hang.csv"),
        Err(e) => service_page(lang, &e),
    }
}
