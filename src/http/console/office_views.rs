//! The views of the office's home and watch lists, built from service results without HTTP:
//! each function turns what a verb returned into the page to render.

use super::pages::{Nav, href};
use crate::crypto::{KeyRecord, KeyStatus};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::Shell;
use crate::service::{CloneLine, ExpiringList, LogAudit, LogOverview, OfficeSummary};
use askama::Template;
use axum::http::Uri;

/// A line of a list: a link (if any), a heading, details, and a tag with its tone.
pub(super) struct Item {
    href: Option<String>,
    head: String,
    lines: Vec<String>,
    tag: String,
    tone: &'static str,
}

/// The office home: links with counts.
#[derive(Template)]
#[template(path = "console/office_home.html")]
pub(super) struct HomePage {
    shell: Shell,
    nav: Option<Nav>,
    hello: String,
    /// (href, text, note)
    links: Vec<(String, &'static str, String)>,
}

/// A list page (expiring, clones, keys and log).
#[derive(Template)]
#[template(path = "console/office_list.html")]
pub(super) struct ListPage {
    shell: Shell,
    nav: Option<Nav>,
    heading: &'static str,
    intro: &'static str,
    items: Vec<Item>,
    empty: &'static str,
    /// The log section of the keys and log page.
    log: Option<(String, String, String)>,
    /// A link to the rest of the list (href, words).
    more: Option<(String, String)>,
}

/// The verify-now result.
#[derive(Template)]
#[template(path = "console/log_verify.html")]
pub(super) struct VerifyPage {
    shell: Shell,
    nav: Option<Nav>,
    intact: bool,
    verdict: &'static str,
    lines: Vec<String>,
}

fn shell(lang: Lang, path: &'static str, title: &'static str) -> Shell {
    Shell::new(lang, &Uri::from_static(path), title)
}

/// The office home: a link per watch list, with its count.
pub(super) fn home(lang: Lang, nav: Nav, name: &str, uri: &Uri, sum: &OfficeSummary) -> HomePage {
    let t = lang.t();
    let n = |x: usize| lang.number(x as u64);
    let links = vec![
        (
            href(lang, "/console/products"),
            t.products_title,
            t.products_note.to_owned(),
        ),
        (
            href(lang, "/console/subjects"),
            t.subjects_title,
            String::new(),
        ),
        (
            href(lang, "/console/expiring"),
            t.expiring_title,
            fill(t.expiring_note, &[&n(sum.expiring), &n(sum.expired)]),
        ),
        (
            href(lang, "/console/reports"),
            t.reports_title,
            fill(t.reports_note, &[&n(sum.open_reports)]),
        ),
        (href(lang, "/console/clones"), t.clones_title, String::new()),
        (
            href(lang, "/console/inspect"),
            t.insp_title,
            t.insp_note.to_owned(),
        ),
        (href(lang, "/console/documents"), t.cd_title, String::new()),
        (
            href(lang, "/console/accounts"),
            t.accounts_title,
            String::new(),
        ),
        (
            href(lang, "/console/log"),
            t.log_title,
            t.log_note.to_owned(),
        ),
    ];
    HomePage {
        shell: Shell::new(lang, uri, t.office_home_title),
        nav: Some(nav),
        hello: fill(t.hello, &[name]),
        links,
    }
}

/// Certificates ending soon and recently ended (or, `older`, those ended long ago).
pub(super) fn expiring(lang: Lang, nav: Nav, list: &ExpiringList, older: bool) -> ListPage {
    let t = lang.t();
    let more = (list.older > 0).then(|| {
        let n = list.older.to_string();
        (
            href(lang, "/console/expiring?older=1"),
            fill(t.expiring_older, &[&n]),
        )
    });
    let items = list
        .rows
        .iter()
        .map(|r| {
            let c = &r.certificate;
            let (tag, tone) = if r.days_left >= 0 {
                let left = lang.count(r.days_left as u64, t.day_one, t.day_many);
                (fill(t.days_left, &[&left]), "warn")
            } else {
                let ago = lang.count(r.days_left.unsigned_abs(), t.day_one, t.day_many);
                (fill(t.expired_ago, &[&ago]), "bad")
            };
            Item {
                href: Some(href(lang, &format!("/console/products/{}", c.product_id))),
                head: r.product_name.clone(),
                lines: vec![
                    r.subject_name.clone(),
                    fill(
                        t.expiring_line,
                        &[
                            &fill(t.stars, &[&c.star.get().to_string()]),
                            &c.decision_no,
                            &lang.date(c.valid_until),
                        ],
                    ),
                ],
                tag,
                tone,
            }
        })
        .collect();
    let (heading, intro) = if older {
        (t.expiring_older_title, t.expiring_older_intro)
    } else {
        (t.expiring_title, t.expiring_intro)
    };
    ListPage {
        shell: shell(lang, "/console/expiring", heading),
        nav: Some(nav),
        heading,
        intro,
        items,
        empty: t.expiring_none,
        log: None,
        more,
    }
}

/// Batches with units that look copied.
pub(super) fn clones(lang: Lang, nav: Nav, lines: &[CloneLine]) -> ListPage {
    let t = lang.t();
    let items = lines
        .iter()
        .map(|l| Item {
            href: Some(href(lang, &format!("/console/batches/{}", l.batch.id))),
            head: fill(t.clone_head, &[l.batch.lot.as_str(), &l.product_name]),
            lines: std::iter::once(l.subject_name.clone())
                .chain(l.units.iter().map(|(serial, places, count, last)| {
                    fill(
                        t.clone_unit,
                        &[
                            &serial.to_string(),
                            &lang.number(*places as u64),
                            &lang.number(*count),
                            &last.map(|at| lang.moment(at)).unwrap_or_default(),
                        ],
                    )
                }))
                .collect(),
            tag: lang.count(l.units.len() as u64, t.label_one, t.label_many),
            tone: "bad",
        })
        .collect();
    ListPage {
        shell: shell(lang, "/console/clones", t.clones_title),
        nav: Some(nav),
        heading: t.clones_title,
        intro: t.clones_intro,
        items,
        empty: t.clones_none,
        log: None,
        more: None,
    }
}

/// The issuer key set and the latest checkpoint.
pub(super) fn log(lang: Lang, nav: Nav, keys: &[KeyRecord], overview: LogOverview) -> ListPage {
    let t = lang.t();
    let items = keys
        .iter()
        .map(|k| {
            let (tag, tone) = match k.status {
                KeyStatus::Active => (t.key_active, "ok"),
                KeyStatus::Retired => (t.key_retired, "warn"),
                KeyStatus::Revoked => (t.key_revoked, "bad"),
            };
            let mut lines = vec![fill(t.key_created, &[&lang.day_of(k.created_at)])];
            if let Some(at) = k.revoked_at.or(k.retired_at) {
                lines.push(fill(t.key_ended, &[&lang.day_of(at)]));
            }
            Item {
                href: None,
                head: fill(t.key_head, &[&k.kid]),
                lines,
                tag: tag.to_owned(),
                tone,
            }
        })
        .collect();
    ListPage {
        shell: shell(lang, "/console/log", t.log_title),
        nav: Some(nav),
        heading: t.log_title,
        intro: t.keys_intro,
        items,
        empty: t.keys_none,
        more: None,
        log: Some((
            lang.count(overview.size, t.entry_one, t.entry_many),
            overview.root,
            overview.checkpoint,
        )),
    }
}

/// What "verify now" found, in sentences.
pub(super) fn verify(lang: Lang, nav: Nav, check: &LogAudit) -> VerifyPage {
    let t = lang.t();
    let mut lines = vec![fill(
        t.verify_read,
        &[&lang.count(check.size, t.entry_one, t.entry_many)],
    )];
    lines.push(match &check.signed_by {
        Some(kid) => fill(t.verify_signed, &[kid]),
        None => t.verify_unsigned.to_owned(),
    });
    lines.push(if check.rewritten.is_empty() {
        t.verify_entries_ok.to_owned()
    } else {
        let list: Vec<String> = check.rewritten.iter().map(u64::to_string).collect();
        fill(t.verify_entries_bad, &[&list.join(", ")])
    });
    lines.push(if check.root_matches {
        fill(t.verify_root_ok, &[&check.recomputed_root])
    } else {
        fill(
            t.verify_root_bad,
            &[&check.recomputed_root, &check.checkpoint_root],
        )
    });
    let intact = check.intact();
    VerifyPage {
        shell: shell(lang, "/console/log", t.verify_title),
        nav: Some(nav),
        intact,
        verdict: if intact {
            t.verify_intact
        } else {
            t.verify_broken
        },
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nav() -> Nav {
        Nav::for_test("Chị Lan")
    }

    #[test]
    fn the_expiring_list_links_to_older_ones_only_when_there_are_some() {
        let none = ExpiringList::default();
        assert!(expiring(Lang::Vi, nav(), &none, false).more.is_none());
        let some = ExpiringList {
            rows: Vec::new(),
            older: 3,
        };
        let page = expiring(Lang::Vi, nav(), &some, false);
        let (href, words) = page.more.clone().unwrap_or_default();
        assert_eq!(href, "/console/expiring?older=1&lang=vi");
        assert!(words.contains('3'), "{words}");
        let html = page.render().unwrap_or_default();
        assert!(html.contains("hết hạn hơn 90 ngày"), "{html}");
        let older = expiring(Lang::En, nav(), &some, true);
        assert_eq!(older.heading, Lang::En.t().expiring_older_title);
    }
}
