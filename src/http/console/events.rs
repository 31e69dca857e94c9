//! Recording a step of a batch's journey (harvest, packing, shipping, receiving) from the
//! batch page: the form as typed, every refusal as a sentence beside its field. The
//! subject's staff may record steps as its manager may (`Action::ActFor`); only recalls are
//! the manager's alone.

use super::batch::{batch_page, load};
use super::fields::parse_date;
use super::pages::{IdPath, href, redirect, service_page};
use super::session::SignedIn;
use crate::domain::{NewTraceEvent, Place, TraceEventType};
use crate::http::kit::catalogue::Catalogue;
use crate::http::{ApiError, AppState, blocking};
use axum::extract::{OriginalUri, State};
use axum::http::Uri;
use axum::response::Response;
use chrono::{FixedOffset, NaiveTime, TimeZone, Utc};
use serde::Deserialize;

/// A field and the sentence shown beside it.
pub(super) type FieldError = (&'static str, &'static str);

/// The steps a producer records, by form value; an inspection is the inspector's.
pub(super) const KINDS: [(&str, TraceEventType); 4] = [
    ("harvest", TraceEventType::Harvest),
    ("packing", TraceEventType::Packing),
    ("shipping", TraceEventType::Shipping),
    ("receiving", TraceEventType::Receiving),
];

/// A step in words.
pub(super) fn kind_name(t: &'static Catalogue, k: TraceEventType) -> &'static str {
    match k {
        TraceEventType::Harvest => t.event_harvest,
        TraceEventType::Commissioning => t.event_commissioning,
        TraceEventType::Transformation => t.event_transformation,
        TraceEventType::Packing => t.event_packing,
        TraceEventType::Shipping => t.event_shipping,
        TraceEventType::Receiving => t.event_receiving,
        TraceEventType::Inspection => t.event_inspection,
    }
}

/// The step as typed (every field a string, so nothing typed is lost).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct EventForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub csrf: String,
}

/// `7:30`, `07:30`, `7h30`, `7.30` or `7` (on the hour).
fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim().to_lowercase();
    let (h, m) = match s.split_once([':', 'h', '.', ' ']) {
        Some((h, m)) => (h.trim(), m.trim()),
        None => (s.as_str(), ""),
    };
    let m = if m.is_empty() { "0" } else { m };
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// The form as a service request, or the fields that cannot even be read.
fn to_request(f: &EventForm, t: &'static Catalogue) -> Result<NewTraceEvent, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = KINDS.iter().find(|(v, _)| *v == f.kind).map(|(_, k)| *k);
    if kind.is_none() {
        errors.push(("kind", t.err_event_kind));
    }
    let date = parse_date(&f.date);
    if date.is_none() {
        errors.push(("date", t.err_date));
    }
    let time = parse_time(&f.time);
    if time.is_none() {
        errors.push(("time", t.err_event_time));
    }
    let vn = FixedOffset::east_opt(7 * 3600);
    let at = date
        .zip(time)
        .zip(vn)
        .and_then(|((d, t), vn)| vn.from_local_datetime(&d.and_time(t)).single());
    let (Some(event_type), Some(at)) = (kind, at) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    Ok(NewTraceEvent {
        event_type,
        time: at.with_timezone(&Utc),
        place: Some(Place {
            name: opt(&f.place),
            province: f.province.clone(),
            district: None,
            commune: opt(&f.commune),
            gln: None,
        }),
        supplier: None,
        customer: None,
        inputs: Vec::new(),
        notes: opt(&f.note),
    })
}

/// The field and sentence of a service refusal, by its stable code and the field it names.
fn field_error(t: &'static Catalogue, e: &ApiError) -> Option<FieldError> {
    let m = e.message.as_str();
    Some(match e.code.as_str() {
        "invalid_date" => ("date", t.err_event_future),
        "invalid_text" if m.starts_with("place.province") => ("province", t.err_required),
        "invalid_text" if m.starts_with("place.commune") => ("commune", t.err_event_text),
        "invalid_text" if m.starts_with("place.name") => ("place", t.err_event_text),
        "invalid_text" => ("note", t.err_event_note),
        _ => return None,
    })
}

/// POST /console/batches/{id}/events — records the step and shows the batch again
/// (post/redirect/get), or the batch page with the form as typed and its field errors.
pub async fn add(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
    axum::Form(form): axum::Form<EventForm>,
) -> Response {
    if let Some(r) = who.csrf_refusal(&form.csrf) {
        return r;
    }
    let p = match load(&s, &who, id) {
        Ok(p) => p,
        Err(e) => return service_page(who.lang, &e),
    };
    let t = who.lang.t();
    // The page shown again answers a post: its language switch leads to the batch page.
    let uri: Uri = format!("/console/batches/{id}").parse().unwrap_or(uri);
    let req = match to_request(&form, t) {
        Ok(r) => r,
        Err(errors) => return batch_page(&s, &who, &uri, &p, Some(form), errors),
    };
    let app = s.app.clone();
    let principal = who.person.principal.clone();
    match blocking(move || app.record_trace_event(&principal, id, req)).await {
        Ok(ev) => redirect(&format!(
            "{}#timeline",
            href(who.lang, &format!("/console/batches/{id}?event={}", ev.id))
        )),
        Err(e) => match field_error(t, &e) {
            Some(err) => batch_page(&s, &who, &uri, &p, Some(form), vec![err]),
            None => service_page(who.lang, &e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_people_type_them() {
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("07:30"), hm(7, 30));
        assert_eq!(parse_time(" 7h30 "), hm(7, 30));
        assert_eq!(parse_time("7.05"), hm(7, 5));
        assert_eq!(parse_time("14"), hm(14, 0));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("sáng"), None);
    }
}
