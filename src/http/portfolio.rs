//! The province's portfolio: dashboard (HTML, JSON, CSV) and the public catalogue.

use super::extract::{ApiPath, ApiQuery, Reader};
use super::html::{bars, esc, page, progress};
use super::{ApiError, AppState, ErrorBody};
use crate::domain::CertStatus;
use crate::service::{
    CataloguePage, CatalogueQuery, CertificateRow, Dashboard, ListingCheck, cert_on,
};
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// `?as_of=` and `?lang=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DashboardQuery {
    /// Reproduce the numbers on this day (default today).
    pub as_of: Option<NaiveDate>,
    pub lang: Option<String>,
}

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
    responses((status = 200, body = Dashboard)))]
pub async fn summary(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<DashboardQuery>,
) -> Result<axum::Json<Dashboard>, ApiError> {
    Ok(axum::Json(s.app.dashboard(q.as_of)?))
}

/// The full dashboard, with the certificates that need the office's attention.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "admin", params(DashboardQuery),
    security(("bearer" = [])), responses((status = 200, body = FullDashboard)))]
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
    responses((status = 200, description = "text/csv")))]
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

fn english(lang: Option<&str>) -> bool {
    lang == Some("en")
}

/// The dashboard page (public aggregates), Vietnamese first.
pub async fn dashboard_page(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<DashboardQuery>,
) -> Result<Html<String>, ApiError> {
    let d = s.app.dashboard(q.as_of)?;
    let en = english(q.lang.as_deref());
    let t = |vi: &'static str, e: &'static str| if en { e } else { vi };
    let label = |c: &crate::service::Count| if en { c.en.clone() } else { c.vi.clone() };
    let rows = |list: &[crate::service::Count]| -> Vec<(String, f64)> {
        list.iter().map(|c| (label(c), c.count as f64)).collect()
    };
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p>{} {} · <a href=\"?lang={}\">{}</a> · <a href=\"/api/v1/dashboard.csv\">CSV</a> · <a href=\"/api/v1/dashboard/summary\">JSON</a> · <a href=\"/catalogue\">{}</a></p>",
        t(
            "Chương trình OCOP của tỉnh",
            "The province's OCOP programme"
        ),
        t("Số liệu đến ngày", "Figures as of"),
        d.as_of,
        if en { "vi" } else { "en" },
        if en { "Tiếng Việt" } else { "English" },
        t("Danh mục sản phẩm", "Catalogue"),
    );
    let _ = write!(
        b,
        "<p><strong data-total-products=\"{}\">{} {}</strong> · <strong data-total-subjects=\"{}\">{} {}</strong></p>",
        d.rated_products,
        d.rated_products,
        t("sản phẩm OCOP", "OCOP products"),
        d.subjects,
        d.subjects,
        t("chủ thể", "subjects")
    );
    for (title, list, colour) in [
        (t("Theo hạng sao", "By stars"), &d.by_star, "#e0a100"),
        (
            t("Theo tình trạng giấy chứng nhận", "By certificate status"),
            &d.by_status,
            "#1f6fb2",
        ),
        (
            t("Chủ thể theo loại hình", "Subjects by kind"),
            &d.subjects_by_kind,
            "#6a4c93",
        ),
        (
            t("Theo nhóm sản phẩm", "By product group"),
            &d.by_group,
            "#1b7f3b",
        ),
        (t("Theo huyện", "By district"), &d.by_district, "#8a5a44"),
    ] {
        let _ = write!(b, "<h2>{title}</h2>{}", bars(&rows(list), colour));
    }
    if !d.batches_by_month.is_empty() {
        let months: Vec<(String, f64)> = d
            .batches_by_month
            .iter()
            .map(|m| (m.month.clone(), m.labels as f64))
            .collect();
        let _ = write!(
            b,
            "<h2>{}</h2>{}",
            t("Tem phát hành theo tháng", "Labels issued per month"),
            bars(&months, "#555")
        );
    }
    if !d.scans_by_month.is_empty() {
        let months: Vec<(String, f64)> = d
            .scans_by_month
            .iter()
            .map(|m| (m.month.clone(), m.scans as f64))
            .collect();
        let _ = write!(
            b,
            "<h2>{}</h2>{}<table>",
            t(
                "Lượt quét xác thực theo tháng",
                "Verification scans per month"
            ),
            bars(&months, "#2a7f62")
        );
        for m in &d.scans_by_month {
            let verdicts: Vec<String> = m
                .verdicts
                .iter()
                .map(|(code, n)| format!("{}: {n}", esc(code)))
                .collect();
            let _ = write!(
                b,
                "<tr data-scans-month=\"{}\"><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&m.month),
                esc(&m.month),
                m.scans,
                verdicts.join(" · ")
            );
        }
        b.push_str("</table>");
    }
    let _ = write!(
        b,
        "<h2>{}</h2><table>",
        t("Tiến độ so với mục tiêu", "Progress against targets")
    );
    for tp in &d.targets {
        let unit = if tp.unit == "percent" { "%" } else { "" };
        let _ = write!(
            b,
            "<tr data-target=\"{}\"><td>{}</td><td class=\"num\">{}{unit} / {}{unit}</td><td>{}</td><td class=\"{}\">{}</td></tr>",
            esc(&tp.id),
            esc(if en { &tp.en } else { &tp.vi }),
            tp.value,
            tp.threshold,
            progress(tp.percent_of_threshold, &tp.status),
            esc(&tp.status),
            match (tp.status.as_str(), en) {
                ("met", false) => "Đạt",
                ("on_track", false) => "Đúng tiến độ",
                ("behind", false) => "Chậm tiến độ",
                ("missed", false) => "Không đạt",
                ("met", true) => "Met",
                ("on_track", true) => "On track",
                ("behind", true) => "Behind",
                _ => "Missed",
            }
        );
    }
    b.push_str("</table>");
    Ok(Html(page(
        if en { "en" } else { "vi" },
        t("OCOP — bảng theo dõi", "OCOP dashboard"),
        &b,
    )))
}

/// Certified products (public).
#[utoipa::path(get, path = "/api/v1/catalogue", tag = "public", params(CatalogueQuery),
    responses((status = 200, body = CataloguePage)))]
pub async fn catalogue_json(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<CatalogueQuery>,
) -> Result<axum::Json<CataloguePage>, ApiError> {
    Ok(axum::Json(s.app.catalogue(&q)?))
}

/// The showroom page.
pub async fn catalogue_page(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<CatalogueQuery>,
) -> Result<Html<String>, ApiError> {
    let en = english(q.lang.as_deref());
    let t = |vi: &'static str, e: &'static str| if en { e } else { vi };
    let result = s.app.catalogue(&q)?;
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><form method=\"get\"><input name=\"q\" value=\"{}\" placeholder=\"{}\"> <button>{}</button></form><p>{} {}</p><ul>",
        t("Sản phẩm OCOP của tỉnh", "The province's OCOP products"),
        esc(q.q.as_deref().unwrap_or("")),
        t("Tìm theo tên", "Search by name"),
        t("Tìm", "Search"),
        result.total,
        t("sản phẩm", "products")
    );
    for e in &result.entries {
        let _ = write!(
            b,
            "<li data-product=\"{}\"><a href=\"/catalogue/products/{}\">{}</a> {} — {}{}</li>",
            e.product_id,
            e.product_id,
            esc(&e.name),
            "★".repeat(usize::from(e.star)),
            esc(&e.producer),
            e.district
                .as_deref()
                .map(|d| format!(", {}", esc(d)))
                .unwrap_or_default()
        );
    }
    b.push_str("</ul>");
    Ok(Html(page(
        if en { "en" } else { "vi" },
        t("Danh mục OCOP", "OCOP catalogue"),
        &b,
    )))
}

/// `?url=` of a marketplace listing.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListingQuery {
    pub url: String,
}

/// Does this marketplace listing belong to this certified product?
#[utoipa::path(get, path = "/api/v1/catalogue/products/{id}/listing-check", tag = "public", params(ListingQuery),
    responses((status = 200, body = ListingCheck), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn listing_check(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<ListingQuery>,
) -> Result<axum::Json<ListingCheck>, ApiError> {
    Ok(axum::Json(s.app.check_listing(id, &q.url)?))
}

/// A product's public page, with the "verify a listing" helper.
pub async fn product_page(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<CatalogueQuery>,
) -> Result<Html<String>, ApiError> {
    let en = english(q.lang.as_deref());
    let t = |vi: &'static str, e: &'static str| if en { e } else { vi };
    let idx = s.app.portfolio()?;
    let Some(entry) = idx.product(id) else {
        return Err(ApiError::not_found(format!("product {id} does not exist")));
    };
    let (p, certs) = (&entry.product, &entry.certificates);
    let today = s.app.clock.today();
    let subject = idx.subjects.get(&p.subject_id);
    let mut b = format!("<h1>{}</h1>", esc(&p.name));
    match cert_on(certs, today).filter(|c| c.status_on(today).is_valid()) {
        Some(c) => {
            let _ = write!(
                b,
                "<p>OCOP {} — {} {} ({}), {} {}</p>",
                "★".repeat(usize::from(c.star.get())),
                esc(&c.decision_no),
                c.decision_date,
                esc(&c.issuing_body),
                t("hiệu lực đến", "valid until"),
                c.valid_until
            );
        }
        None => b.push_str(&format!(
            "<p>{}</p>",
            t(
                "Không còn là sản phẩm OCOP được chứng nhận.",
                "No longer a certified OCOP product."
            )
        )),
    }
    if let Some(sub) = subject {
        let _ = write!(b, "<p>{}: {}</p>", t("Chủ thể", "Producer"), esc(&sub.name));
    }
    let _ = write!(
        b,
        "<h2>{}</h2><form method=\"get\" action=\"/api/v1/catalogue/products/{id}/listing-check\"><input name=\"url\" size=\"40\" placeholder=\"https://…\"> <button>{}</button></form>",
        t(
            "Kiểm tra gian hàng trực tuyến",
            "Verify a marketplace listing"
        ),
        t("Kiểm tra", "Check")
    );
    Ok(Html(page(if en { "en" } else { "vi" }, &p.name, &b)))
}
