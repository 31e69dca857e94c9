//! The province's portfolio as data: dashboard JSON and CSV, the catalogue JSON, listing
//! checks. The pages for people are in [`crate::http::public::portfolio_page`].

use crate::domain::CertStatus;
use crate::http::kit::error::{Forbidden, NotFound};
use crate::http::kit::extract::{ApiPath, ApiQuery, DashboardQuery, Reader};
use crate::http::{ApiError, AppState};
use crate::service::{CataloguePage, CatalogueQuery, CertificateRow, Dashboard, ListingCheck};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// The dashboard with the lists only admins and inspectors see.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FullDashboard {
    #[serde(flatten)]
    pub dashboard: Dashboard,
    pub expiring_certificates: Vec<CertificateRow>,
    pub expired_certificates: Vec<CertificateRow>,
}

/// Aggregate portfolio numbers (public).
#[utoipa::path(get, path = "/api/v1/dashboard/summary", tag = "public", params(DashboardQuery),
    responses((status = 200, description = "Success", body = Dashboard)))]
pub async fn summary(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<DashboardQuery>,
) -> Result<axum::Json<Dashboard>, ApiError> {
    Ok(axum::Json(s.app.dashboard(q.as_of)?))
}

/// The full dashboard, with the certificates that need the office's attention.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "admin", params(DashboardQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Success", body = FullDashboard), (status = 403, response = Forbidden)))]
pub async fn full(
    State(s): State<AppState>,
    Reader(who): Reader,
    ApiQuery(q): ApiQuery<DashboardQuery>,
) -> Result<axum::Json<FullDashboard>, ApiError> {
    Ok(axum::Json(FullDashboard {
        dashboard: s.app.dashboard(q.as_of)?,
        expiring_certificates: s.app.certificates_by_status(&who, CertStatus::Expiring)?,
        expired_certificates: s.app.certificates_by_status(&who, CertStatus::Expired)?,
    }))
}

/// The same numbers as CSV: `section,key,label_vi,label_en,value,threshold,status`.
#[utoipa::path(get, path = "/api/v1/dashboard.csv", tag = "public", params(DashboardQuery),
    responses((status = 200, description = "`section,key,label_vi,label_en,value,threshold,status` rows",
        content_type = "text/csv; charset=utf-8", body = String)))]
pub async fn csv(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<DashboardQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let d = s.app.dashboard(q.as_of)?;
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        dashboard_csv(&d),
    ))
}

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Renders the dashboard as CSV.
pub fn dashboard_csv(d: &Dashboard) -> String {
    let mut out = String::from("section,key,label_vi,label_en,value,threshold,status\n");
    let mut row = |sec: &str, key: &str, vi: &str, en: &str, v: String, t: String, st: &str| {
        let _ = writeln!(
            out,
            "{sec},{},{},{},{v},{t},{st}",
            field(key),
            field(vi),
            field(en)
        );
    };
    row(
        "as_of",
        "date",
        "Ngày",
        "Date",
        d.as_of.to_string(),
        String::new(),
        "",
    );
    row(
        "totals",
        "rated_products",
        "Sản phẩm OCOP",
        "Rated products",
        d.rated_products.to_string(),
        String::new(),
        "",
    );
    row(
        "totals",
        "subjects",
        "Chủ thể",
        "Subjects",
        d.subjects.to_string(),
        String::new(),
        "",
    );
    for (sec, list) in [
        ("by_star", &d.by_star),
        ("by_status", &d.by_status),
        ("subjects_by_kind", &d.subjects_by_kind),
        ("by_group", &d.by_group),
        ("by_district", &d.by_district),
    ] {
        for c in list {
            row(
                sec,
                &c.key,
                &c.vi,
                &c.en,
                c.count.to_string(),
                String::new(),
                "",
            );
        }
    }
    for m in &d.batches_by_month {
        row(
            "batches_by_month",
            &m.month,
            "Lô",
            "Batches",
            m.batches.to_string(),
            String::new(),
            "",
        );
        row(
            "labels_by_month",
            &m.month,
            "Tem",
            "Labels",
            m.labels.to_string(),
            String::new(),
            "",
        );
    }
    for m in &d.scans_by_month {
        row(
            "scans_by_month",
            &m.month,
            "Lượt quét",
            "Scans",
            m.scans.to_string(),
            String::new(),
            "",
        );
        for (code, n) in &m.verdicts {
            row(
                "verdicts_by_month",
                &format!("{}/{code}", m.month),
                code,
                code,
                n.to_string(),
                String::new(),
                "",
            );
        }
    }
    for t in &d.targets {
        row(
            "targets",
            &t.id,
            &t.vi,
            &t.en,
            t.value.to_string(),
            t.threshold.to_string(),
            &t.status,
        );
    }
    out
}

/// Certified products (public).
#[utoipa::path(get, path = "/api/v1/catalogue", tag = "public", params(CatalogueQuery),
    responses((status = 200, description = "Success", body = CataloguePage)))]
pub async fn catalogue_json(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<CatalogueQuery>,
) -> Result<axum::Json<CataloguePage>, ApiError> {
    Ok(axum::Json(s.app.catalogue(&q)?))
}

/// `?url=` of a marketplace listing.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListingQuery {
    /// The listing's http(s) URL, at most 300 characters.
    #[param(min_length = 1, max_length = 300, pattern = r"^https?://\S*$")]
    pub url: String,
}

/// Does this marketplace listing belong to this certified product?
#[utoipa::path(get, path = "/api/v1/catalogue/products/{id}/listing-check", tag = "public",
    params(("id" = u64, Path, description = "Product id"), ListingQuery),
    responses((status = 200, description = "Success", body = ListingCheck), (status = 404, response = NotFound),
        (status = 422, response = crate::http::kit::error::Unprocessable)))]
pub async fn listing_check(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<ListingQuery>,
) -> Result<axum::Json<ListingCheck>, ApiError> {
    Ok(axum::Json(s.app.check_listing(id, &q.url)?))
}
