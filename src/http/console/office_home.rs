//! The province office's home and its watch lists: certificates ending within 30 days (and
//! those already ended), labels that look copied, the issuer key set, and the issuance log
//! with a "verify now" check that recomputes the tree from the entries.

use super::pages::{Nav, href, service_page};
use super::session::SignedIn;
use crate::crypto::KeyStatus;
use crate::http::AppState;
use crate::http::i18n::{Lang, fill};
use crate::http::respond::{Shell, page};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;

/// A line of a list: a link (if any), a heading, details, and a tag with its tone.
struct Item {
    href: Option<String>,
    head: String,
    lines: Vec<String>,
    tag: String,
    tone: &'static str,
}

/// The office home: links with counts.
#[derive(Template)]
#[template(path = "console/office_home.html")]
struct HomePage {
    shell: Shell,
    nav: Option<Nav>,
    hello: String,
    /// (href, text, note)
    links: Vec<(String, &'static str, String)>,
}

/// A list page (expiring, clones, keys and log).
#[derive(Template)]
#[template(path = "console/office_list.html")]
struct ListPage {
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
struct VerifyPage {
    shell: Shell,
    nav: Option<Nav>,
    intact: bool,
    verdict: &'static str,
    lines: Vec<String>,
}

/// `/console` for the admin and office staff.
pub fn home(s: &AppState, who: &SignedIn, uri: &Uri) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let sum = match s.app.office_summary(&who.person.principal) {
        Ok(x) => x,
        Err(e) => return service_page(lang, &e.into()),
    };
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
    let view = HomePage {
        shell: Shell::new(lang, uri, t.office_home_title),
        nav: Some(Nav::of(lang, &who.person)),
        hello: fill(t.hello, &[&who.person.account.display_name]),
        links,
    };
    page(StatusCode::OK, &view)
}

fn shell(lang: Lang, path: &'static str, title: &'static str) -> Shell {
    Shell::new(lang, &Uri::from_static(path), title)
}

/// `?older=1` on the expiring list: certificates that ended long ago.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ExpiringQuery {
    older: Option<String>,
}

/// GET /console/expiring
pub async fn expiring(
    State(s): State<AppState>,
    who: SignedIn,
    axum::extract::Query(q): axum::extract::Query<ExpiringQuery>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let older = q.older.is_some_and(|v| !v.is_empty() && v != "0");
    let list = match s.app.expiring_certificates(&who.person.principal, older) {
        Ok(r) => r,
        Err(e) => return service_page(lang, &e.into()),
    };
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
    let view = ListPage {
        shell: shell(lang, "/console/expiring", t.expiring_title),
        nav: Some(Nav::of(lang, &who.person)),
        heading: if older {
            t.expiring_older_title
        } else {
            t.expiring_title
        },
        intro: if older {
            t.expiring_older_intro
        } else {
            t.expiring_intro
        },
        items,
        empty: t.expiring_none,
        log: None,
        more,
    };
    page(StatusCode::OK, &view)
}

/// GET /console/clones
pub async fn clones(State(s): State<AppState>, who: SignedIn) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let app = s.app.clone();
    let principal = who.person.principal.clone();
    let lines = match crate::http::blocking(move || app.clone_suspicions(&principal)).await {
        Ok(l) => l,
        Err(e) => return service_page(lang, &e),
    };
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
    let view = ListPage {
        shell: shell(lang, "/console/clones", t.clones_title),
        nav: Some(Nav::of(lang, &who.person)),
        heading: t.clones_title,
        intro: t.clones_intro,
        items,
        empty: t.clones_none,
        log: None,
        more: None,
    };
    page(StatusCode::OK, &view)
}

/// GET /console/log — the key set and the latest checkpoint.
pub async fn log(State(s): State<AppState>, who: SignedIn) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let (keys, overview) = match s
        .app
        .office_keys(&who.person.principal)
        .and_then(|k| Ok((k, s.app.log_overview(&who.person.principal)?)))
    {
        Ok(x) => x,
        Err(e) => return service_page(lang, &e.into()),
    };
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
    let view = ListPage {
        shell: shell(lang, "/console/log", t.log_title),
        nav: Some(Nav::of(lang, &who.person)),
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
    };
    page(StatusCode::OK, &view)
}

/// GET /console/log/verify — reads every entry again and checks the signed checkpoint.
pub async fn verify(State(s): State<AppState>, who: SignedIn) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let app = s.app.clone();
    let principal = who.person.principal.clone();
    let check = match crate::http::blocking(move || app.verify_log(&principal)).await {
        Ok(c) => c,
        Err(e) => return service_page(lang, &e),
    };
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
    let view = VerifyPage {
        shell: shell(lang, "/console/log", t.verify_title),
        nav: Some(Nav::of(lang, &who.person)),
        intact,
        verdict: if intact {
            t.verify_intact
        } else {
            t.verify_broken
        },
        lines,
    };
    page(StatusCode::OK, &view)
}
