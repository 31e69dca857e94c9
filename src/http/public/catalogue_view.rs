//! The catalogue page's view: the filters as a person chose them, the selects that offer
//! them again, the active filters in words, and the rows and paging of one page of results.

use crate::domain::{ChannelKind, Rules};
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::Shell;
use crate::http::public::catalogue_page::PageQuery;
use crate::service::{App, CatalogueQuery, PortfolioIndex, fold};
use askama::Template;
use axum::http::Uri;

/// Products per page.
pub const PER_PAGE: usize = 20;

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

const CHANNELS: [ChannelKind; 5] = [
    ChannelKind::TraditionalMarket,
    ChannelKind::Supermarket,
    ChannelKind::Ecommerce,
    ChannelKind::OwnShop,
    ChannelKind::Showroom,
];

fn channel_code(c: ChannelKind) -> &'static str {
    match c {
        ChannelKind::TraditionalMarket => "traditional_market",
        ChannelKind::Supermarket => "supermarket",
        ChannelKind::Ecommerce => "ecommerce",
        ChannelKind::OwnShop => "own_shop",
        ChannelKind::Showroom => "showroom",
    }
}

fn channel_name(t: &Catalogue, c: ChannelKind) -> &'static str {
    match c {
        ChannelKind::TraditionalMarket => t.channel_traditional_market,
        ChannelKind::Supermarket => t.channel_supermarket,
        ChannelKind::Ecommerce => t.channel_ecommerce,
        ChannelKind::OwnShop => t.channel_own_shop,
        ChannelKind::Showroom => t.channel_showroom,
    }
}

struct Opt {
    value: String,
    text: String,
    selected: bool,
}

/// One filter control: a labelled select whose first option means "any".
struct Select {
    name: &'static str,
    label: &'static str,
    options: Vec<Opt>,
}

impl Select {
    fn new(name: &'static str, label: &'static str) -> Self {
        Self {
            name,
            label,
            options: Vec::new(),
        }
    }

    fn add(&mut self, value: &str, text: impl Into<String>, chosen: Option<&str>) {
        self.options.push(Opt {
            value: value.to_owned(),
            text: text.into(),
            selected: chosen == Some(value),
        });
    }

    /// The chosen option's text, for the line of active filters.
    fn active(&self) -> Option<String> {
        let o = self.options.iter().find(|o| o.selected)?;
        Some(format!("{}: {}", self.label, o.text))
    }
}

struct EntryRow {
    id: u64,
    thumb: Option<crate::http::public::passport_view::PhotoView>,
    name: String,
    stars: String,
    producer: String,
}

/// The catalogue page.
#[derive(Template)]
#[template(path = "catalogue.html")]
pub struct CataloguePage {
    shell: Shell,
    query: String,
    selects: Vec<Select>,
    active: String,
    clear_href: String,
    total: usize,
    count: String,
    entries: Vec<EntryRow>,
    page_of: String,
    prev: Option<String>,
    next: Option<String>,
}

/// `/catalogue?…` with these filters, on page `n`.
fn href(lang: Lang, q: &[(&str, String)], n: usize) -> String {
    let mut parts = vec![format!("lang={}", lang.code())];
    for (k, v) in q {
        let v: String =
            percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        parts.push(format!("{k}={v}"));
    }
    if n > 1 {
        parts.push(format!("page={n}"));
    }
    format!("/catalogue?{}", parts.join("&"))
}

/// The filters of a request: an unchosen one comes as an empty value and means "any".
pub struct Filters {
    q: Option<String>,
    group: Option<String>,
    star: Option<String>,
    commune: Option<String>,
    channel: Option<String>,
    page_no: usize,
}

impl Filters {
    /// Reads the query as a browser sends it.
    pub fn of(pq: &PageQuery) -> Self {
        let page_no = pq
            .page
            .as_deref()
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        Self {
            q: given(&pq.q),
            group: given(&pq.group),
            star: given(&pq.star),
            commune: given(&pq.commune),
            channel: given(&pq.channel),
            page_no,
        }
    }

    /// The service's query for these filters.
    pub fn query(&self) -> CatalogueQuery {
        let chosen_channel = CHANNELS
            .into_iter()
            .find(|c| self.channel.as_deref() == Some(channel_code(*c)));
        CatalogueQuery {
            group: self.group.clone(),
            star: self.star.as_deref().and_then(|s| s.parse().ok()),
            commune: self.commune.clone(),
            channel: chosen_channel,
            q: self.q.clone(),
            page: Some(self.page_no),
            per_page: Some(PER_PAGE),
            ..CatalogueQuery::default()
        }
    }
}

/// The page for `result`, the answer to `f` over the portfolio `idx` (`app` gives the rows'
/// thumbnails).
pub fn view(
    app: &App,
    lang: Lang,
    uri: &Uri,
    f: Filters,
    idx: &PortfolioIndex,
    result: &crate::service::CataloguePage,
) -> CataloguePage {
    let t = lang.t();
    let Filters {
        q,
        group,
        star,
        commune,
        channel,
        page_no,
    } = f;
    let rules = Rules::get();
    let mut g = Select::new("group", t.cat_filter_group);
    for r in &rules.groups {
        let name = if lang == Lang::En { &r.en } else { &r.vi };
        g.add(&r.code, name.clone(), group.as_deref());
    }
    let mut st = Select::new("star", t.cat_filter_star);
    for n in ["5", "4", "3"] {
        st.add(n, fill(t.cat_stars, &[n]), star.as_deref());
    }
    let mut communes: Vec<&str> = idx
        .subjects
        .values()
        .filter_map(|s| s.address.commune.as_deref())
        .collect();
    communes.sort_by_key(|c| fold(c));
    communes.dedup();
    let mut co = Select::new("commune", t.cat_filter_commune);
    for c in communes {
        co.add(c, c, commune.as_deref());
    }
    let mut ch = Select::new("channel", t.cat_filter_channel);
    for c in CHANNELS {
        ch.add(channel_code(c), channel_name(t, c), channel.as_deref());
    }
    let selects = vec![g, st, co, ch];
    let pages = result.total.div_ceil(PER_PAGE).max(1);
    let kept: Vec<(&str, String)> = [
        ("q", q.clone()),
        ("group", group),
        ("star", star),
        ("commune", commune),
        ("channel", channel),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    let entries = result
        .entries
        .iter()
        .map(|e| {
            let place = idx
                .subjects
                .get(&e.subject_id)
                .and_then(|s| s.address.commune.clone());
            EntryRow {
                id: e.product_id,
                thumb: crate::http::public::passport_view::catalogue_thumb(app, e.product_id),
                name: e.name.clone(),
                stars: "★".repeat(usize::from(e.star)),
                producer: match place {
                    Some(c) => format!("{}, {c}", e.producer),
                    None => e.producer.clone(),
                },
            }
        })
        .collect();
    let count = if result.total == 1 {
        t.cat_count_one.to_owned()
    } else {
        fill(t.cat_count, &[&result.total.to_string()])
    };
    CataloguePage {
        shell: Shell::new(lang, uri, format!("{} — {}", t.nav_catalogue, t.site_name)),
        query: q.unwrap_or_default(),
        active: selects
            .iter()
            .filter_map(Select::active)
            .collect::<Vec<_>>()
            .join(" · "),
        selects,
        clear_href: format!("/catalogue?lang={}", lang.code()),
        total: result.total,
        count,
        entries,
        page_of: fill(t.cat_page_of, &[&page_no.to_string(), &pages.to_string()]),
        prev: (page_no > 1).then(|| href(lang, &kept, page_no.min(pages + 1) - 1)),
        next: (page_no < pages).then(|| href(lang, &kept, page_no + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_mean_any_and_a_bad_page_is_the_first() {
        let pq = PageQuery {
            q: Some("  mật hoa ".into()),
            group: Some(String::new()),
            star: Some("4".into()),
            commune: None,
            channel: Some("ecommerce".into()),
            page: Some("x".into()),
        };
        let q = Filters::of(&pq).query();
        assert_eq!(q.q.as_deref(), Some("mật hoa"));
        assert_eq!(q.group, None);
        assert_eq!(q.star, Some(4));
        assert_eq!(q.channel, Some(ChannelKind::Ecommerce));
        assert_eq!((q.page, q.per_page), (Some(1), Some(PER_PAGE)));
    }
}
