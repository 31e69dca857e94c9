//! The province's pages for people: the dashboard, the catalogue and a product's page. The
//! same numbers as the JSON and CSV in [`crate::http::api::portfolio`], laid out by templates.

use crate::http::kit::catalogue::{Catalogue, short_verdict, target_status};
use crate::http::kit::extract::DashboardQuery;
use crate::http::kit::extract::{ApiPath, ApiQuery};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState, ErrorBody};
use crate::service::{Count, Dashboard};
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::response::Response;

/// One bar of a chart, its geometry worked out here so the template only places it.
struct Bar {
    label: String,
    y: usize,
    text_y: usize,
    width: String,
    value_x: String,
    value: String,
}

/// Horizontal bars, one per (label, value).
struct Chart {
    title: &'static str,
    colour: &'static str,
    height: usize,
    bars: Vec<Bar>,
    /// The chart in words, for screen readers: "By stars: 3 stars 83; 4 stars 15; …".
    alt: String,
}

impl Chart {
    /// Phone first: each label on its own line above its bar, in a 360-unit-wide drawing
    /// that scales to the screen, so text stays near its nominal size on a phone.
    fn new(
        lang: Lang,
        title: &'static str,
        colour: &'static str,
        rows: Vec<(String, u64)>,
    ) -> Self {
        let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
        let bars = rows
            .into_iter()
            .enumerate()
            .map(|(i, (label, value))| {
                let w = value as f64 / max * 300.0;
                Bar {
                    label,
                    y: 34 * i + 16,
                    text_y: 34 * i + 12,
                    width: format!("{w:.1}"),
                    value_x: format!("{:.1}", w + 6.0),
                    value: lang.number(value),
                }
            })
            .collect::<Vec<_>>();
        let said: Vec<String> = bars
            .iter()
            .map(|b| format!("{} {}", b.label, b.value))
            .collect();
        Self {
            title,
            colour,
            height: 34 * bars.len() + 4,
            alt: format!("{title}: {}", said.join("; ")),
            bars,
        }
    }
}

struct ScanRow {
    key: String,
    label: String,
    scans: String,
    verdicts: String,
}

struct TargetRow {
    id: String,
    name: String,
    figures: String,
    width: String,
    colour: &'static str,
    class: String,
    status: &'static str,
}

/// The dashboard page.
#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    shell: Shell,
    as_of: String,
    products: u64,
    subjects: u64,
    products_text: String,
    subjects_text: String,
    charts: Vec<Chart>,
    scan_months: Vec<ScanRow>,
    targets: Vec<TargetRow>,
}

/// `YYYY-MM` as people write a month: `11/2026`, `Nov 2026`.
fn month(lang: Lang, key: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d").map_or_else(
        |_| key.to_owned(),
        |d| match lang {
            Lang::Vi => d.format("%m/%Y").to_string(),
            Lang::En => d.format("%b %Y").to_string(),
        },
    )
}

/// Bars of the chart by commune before the rest is summed as "other".
const AREA_BARS: usize = 10;

fn charts(d: &Dashboard, lang: Lang, t: &'static Catalogue) -> Vec<Chart> {
    let rows = |list: &[Count]| -> Vec<(String, u64)> {
        let name = |c: &Count| {
            if lang == Lang::En {
                c.en.clone()
            } else {
                c.vi.clone()
            }
        };
        list.iter().map(|c| (name(c), c.count)).collect()
    };
    let mut charts = vec![
        Chart::new(lang, t.dash_by_star, "#e0a100", rows(&d.by_star)),
        Chart::new(lang, t.dash_by_status, "#1f6fb2", rows(&d.by_status)),
        Chart::new(lang, t.dash_by_kind, "#6a4c93", rows(&d.subjects_by_kind)),
        Chart::new(lang, t.dash_by_group, "#1b7f3b", rows(&d.by_group)),
    ];
    // No chart by district: the level was abolished on 1 Jul 2025 and grouping today's
    // products under it would mislead. The JSON keeps `by_district` for history; the chart
    // is by today's commune and province.
    if !d.by_area.is_empty() {
        // The ten communes with most products, the rest summed: a chart a phone can read.
        let mut areas = rows(&d.by_area);
        if areas.len() > AREA_BARS {
            let rest: u64 = areas.split_off(AREA_BARS).iter().map(|a| a.1).sum();
            areas.push((t.dash_other_areas.to_owned(), rest));
        }
        charts.push(Chart::new(lang, t.dash_by_area, "#8a4b08", areas));
    }
    if !d.batches_by_month.is_empty() {
        let months = d.batches_by_month.iter();
        let labels = months.map(|m| (month(lang, &m.month), m.labels)).collect();
        charts.push(Chart::new(lang, t.dash_labels, "#555", labels));
    }
    if !d.scans_by_month.is_empty() {
        let months = d.scans_by_month.iter();
        let scans = months.map(|m| (month(lang, &m.month), m.scans)).collect();
        charts.push(Chart::new(lang, t.dash_scans, "#2a7f62", scans));
    }
    charts
}

fn targets(d: &Dashboard, lang: Lang, t: &'static Catalogue) -> Vec<TargetRow> {
    d.targets
        .iter()
        .map(|tp| {
            let unit = if tp.unit == "percent" { "%" } else { "" };
            TargetRow {
                id: tp.id.clone(),
                name: if lang == Lang::En { &tp.en } else { &tp.vi }.clone(),
                figures: format!(
                    "{}{unit} / {}{unit}",
                    lang.decimal(tp.value),
                    lang.decimal(tp.threshold)
                ),
                width: format!("{:.1}", tp.percent_of_threshold.clamp(0.0, 100.0) * 2.0),
                colour: match tp.status.as_str() {
                    "met" => "#1b7f3b",
                    "on_track" => "#1f6fb2",
                    _ => "#b3261e",
                },
                class: tp.status.clone(),
                status: target_status(t, &tp.status),
            }
        })
        .collect()
}

/// The province's dashboard page (public aggregates).
#[utoipa::path(get, path = "/dashboard", tag = "pages", operation_id = "dashboard_page", params(DashboardQuery),
    responses((status = 200, description = "The dashboard", content_type = "text/html", body = String)))]
pub async fn dashboard(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    lang: Lang,
    ApiQuery(q): ApiQuery<DashboardQuery>,
) -> Result<Response, ApiError> {
    let d = s.app.dashboard(q.as_of)?;
    Ok(page(StatusCode::OK, &DashboardPage::of(&d, lang, &uri)))
}

impl DashboardPage {
    /// The dashboard page of the province's numbers `d`, in `lang`.
    fn of(d: &Dashboard, lang: Lang, uri: &axum::http::Uri) -> Self {
        let t = lang.t();
        let scan_months = d
            .scans_by_month
            .iter()
            .map(|m| ScanRow {
                key: m.month.clone(),
                label: month(lang, &m.month),
                scans: lang.number(m.scans),
                verdicts: m
                    .verdicts
                    .iter()
                    .map(|(code, n)| format!("{}: {}", short_verdict(t, code), lang.number(*n)))
                    .collect::<Vec<_>>()
                    .join(" · "),
            })
            .collect();
        Self {
            shell: Shell::new(lang, uri, format!("{} — {}", t.nav_dashboard, t.site_name)).wide(),
            as_of: fill(t.dash_as_of, &[&lang.date(d.as_of)]),
            products: d.rated_products,
            subjects: d.subjects,
            products_text: lang.count(d.rated_products, t.dash_product, t.dash_products),
            subjects_text: lang.count(d.subjects, t.dash_subject, t.dash_subjects),
            charts: charts(d, lang, t),
            scan_months,
            targets: targets(d, lang, t),
        }
    }
}

/// A certified product's public page, with the "verify a listing" helper (the resolver's
/// `gs1:pip` link).
#[utoipa::path(get, path = "/catalogue/products/{id}", tag = "pages", operation_id = "product_page",
    params(("id" = u64, Path, description = "Product id"),
        ("lang" = Option<String>, Query, description = "`en` for the page in English")),
    responses((status = 200, description = "The product page", content_type = "text/html", body = String),
        (status = 404, description = "No such product: a page for a browser, JSON for anyone else",
            content((String = "text/html"), (ErrorBody = "application/json")))))]
pub async fn product(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: axum::http::HeaderMap,
    lang: Lang,
    ApiPath(id): ApiPath<u64>,
) -> Result<Response, ApiError> {
    let Some(p) = s.app.public_product(id)? else {
        let msg = format!("product {id} does not exist");
        let line = lang.t().not_found_text;
        return Ok(crate::http::kit::respond::not_found(
            lang, &uri, &headers, &msg, line,
        ));
    };
    let view = crate::http::public::product_view::ProductView::product(&s, &p, lang, &uri)?;
    Ok(page(StatusCode::OK, &view))
}
