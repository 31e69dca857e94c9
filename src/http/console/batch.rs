//! A batch in the console: the confirmation of what was signed, its journey as a timeline
//! of traceability events with the form to record the next step, and its print history.
//! Printing is in `print.rs`, recording a step in `events.rs`.

use super::events::{EventForm, FieldError, KINDS, kind_name};
use super::pages::{IdPath, Nav, service_page};
use super::session::SignedIn;
use crate::domain::TraceEvent;
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, fill, query_value};
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState};
use crate::service::BatchPage;
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::{FixedOffset, Offset, Utc};

/// One step of the timeline.
pub(super) struct EventRow {
    kind: &'static str,
    when: String,
    place: Option<String>,
    note: Option<String>,
}

/// The batch page.
#[derive(Template)]
#[template(path = "console/batch.html")]
struct BatchView {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    heading: String,
    fresh: bool,
    saved: Option<String>,
    facts: Vec<(&'static str, String)>,
    recall: Option<String>,
    runs: Vec<(String, bool)>,
    may_recall: bool,
    may_act: bool,
    events: Vec<EventRow>,
    /// (value, name) of the steps a producer records.
    kinds: Vec<(&'static str, &'static str)>,
    form: EventForm,
    errors: Vec<FieldError>,
}

impl BatchView {
    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| *m)
    }
}

/// The print history in words (the batch page and the print page).
pub(super) fn runs(lang: Lang, t: &'static Catalogue, p: &BatchPage) -> Vec<(String, bool)> {
    p.runs
        .iter()
        .map(|r| {
            let line = fill(
                t.print_run_line,
                &[
                    &lang.number(r.from.into()),
                    &lang.number(r.to.into()),
                    &lang.moment(r.at),
                ],
            );
            (line, r.reprint)
        })
        .collect()
}

pub(super) fn load(s: &AppState, who: &SignedIn, id: u64) -> Result<BatchPage, ApiError> {
    Ok(s.app.batch_page(&who.person.principal, id)?)
}

fn event_row(lang: Lang, t: &'static Catalogue, e: &TraceEvent) -> EventRow {
    let place = e.place.as_ref().map(|p| {
        [
            p.name.as_deref(),
            p.commune.as_deref(),
            p.district.as_deref(),
            Some(p.province.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    });
    EventRow {
        kind: kind_name(t, e.event_type),
        when: lang.moment(e.time),
        place,
        note: e.notes.clone(),
    }
}

/// The form as a new page shows it: now, at the batch's origin.
fn fresh_form(s: &AppState, p: &BatchPage) -> EventForm {
    let vn = FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| Utc.fix());
    let now = s.app.clock.now().with_timezone(&vn);
    let o = &p.view.batch.origin;
    EventForm {
        date: now.format("%d/%m/%Y").to_string(),
        time: now.format("%H:%M").to_string(),
        province: o.province.clone(),
        commune: o.commune.clone().unwrap_or_default(),
        ..EventForm::default()
    }
}

/// The batch page; `form` and `errors` when a step came back refused.
pub(super) fn batch_page(
    s: &AppState,
    who: &SignedIn,
    uri: &Uri,
    p: &BatchPage,
    form: Option<EventForm>,
    errors: Vec<FieldError>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let b = &p.view.batch;
    let mut facts = vec![
        (
            t.product,
            p.product
                .as_ref()
                .map_or_else(|| format!("#{}", b.product_id), |p| p.name.clone()),
        ),
        (t.rating, fill(t.stars, &[&b.star.get().to_string()])),
        (t.lot, b.lot.to_string()),
        (t.produced, lang.date(b.production_date)),
        (t.expires, lang.date(b.expiry_date)),
        (
            t.quantity,
            lang.count(u64::from(b.quantity), t.unit_one, t.unit_many),
        ),
        (t.origin, b.origin.line()),
        (
            t.signature,
            fill(t.signed_at, &[&lang.moment(b.issued_at), &b.kid]),
        ),
    ];
    if p.pins {
        facts.push((t.pins, t.pin_yes.into()));
    }
    let mut events: Vec<&TraceEvent> = p.events.iter().collect();
    // A journey reads in the order things happened, whenever they were written down.
    events.sort_by_key(|e| (e.time, e.id));
    let saved = query_value(uri, "event")
        .and_then(|id| id.parse::<u64>().ok())
        .and_then(|id| p.events.iter().find(|e| e.id == id))
        .map(|e| fill(t.event_recorded, &[kind_name(t, e.event_type)]));
    let heading = fill(t.batch_title, &[b.lot.as_str()]);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = BatchView {
        shell: Shell::new(lang, uri, heading.clone()),
        nav: Some(Nav::of(lang, &who.person)),
        id: b.id,
        heading,
        fresh: query_value(uri, "new") == Some("1"),
        saved,
        facts,
        recall: p
            .view
            .recall
            .as_ref()
            .map(|r| fill(t.recall_done, &[&lang.date(r.date), &r.reason])),
        runs: runs(lang, t, p),
        may_recall: p.may_recall,
        may_act: p.may_act,
        events: events.into_iter().map(|e| event_row(lang, t, e)).collect(),
        kinds: KINDS.iter().map(|(v, k)| (*v, kind_name(t, *k))).collect(),
        form: form.unwrap_or_else(|| fresh_form(s, p)),
        errors,
    };
    page(status, &view)
}

/// GET /console/batches/{id}
pub async fn show(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
) -> Response {
    match load(&s, &who, id) {
        Ok(p) => batch_page(&s, &who, &uri, &p, None, Vec::new()),
        Err(e) => service_page(who.lang, &e),
    }
}
