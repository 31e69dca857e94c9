//! Recording a step of a batch's journey (harvest, packing, shipping, receiving) from the
//! batch page: the form as typed, every refusal as a sentence beside its field. The
//! subject's staff may record steps as its manager may (`Action::ActFor`); only recalls are
//! the manager's alone.

use super::batch::{batch_page, load};
use super::fields::parse_date;
use super::pages::{IdPath, href, redirect, service_page};
use super::posted::Posted;
use super::session::SignedIn;
use crate::domain::{NewTraceEvent, Place, TraceEventType};
use crate::http::kit::catalogue::Catalogue;
use crate::http::{ApiError, AppState, blocking};
use crate::service::BatchPage;
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

super::posted::csrf_forms!(EventForm);

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

/// How a step sent from the batch page turned out.
enum Step {
    /// Recorded: where the person goes next (the new step on the timeline).
    Recorded(String),
    /// The batch page again, with the sentences beside the fields.
    Again(Box<BatchPage>, Vec<FieldError>),
    /// The refusal or error page.
    Refused(ApiError),
}

/// The batch and the step as a request; the batch is loaded first, so that a stranger is
/// refused before the form is read.
fn read(
    s: &AppState,
    who: &SignedIn,
    id: u64,
    form: &EventForm,
) -> Result<(Box<BatchPage>, NewTraceEvent), Step> {
    let p = Box::new(load(s, who, id).map_err(Step::Refused)?);
    match to_request(form, who.lang.t()) {
        Ok(req) => Ok((p, req)),
        Err(errors) => Err(Step::Again(p, errors)),
    }
}

/// Reads the form and records the step.
async fn submit(s: &AppState, who: &SignedIn, id: u64, form: &EventForm) -> Step {
    let (p, req) = match read(s, who, id, form) {
        Ok(x) => x,
        Err(step) => return step,
    };
    let (app, principal) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.record_trace_event(&principal, id, req)).await {
        Ok(ev) => {
            let at = href(who.lang, &format!("/console/batches/{id}?event={}", ev.id));
            Step::Recorded(format!("{at}#timeline"))
        }
        Err(e) => match field_error(who.lang.t(), &e) {
            Some(err) => Step::Again(p, vec![err]),
            None => Step::Refused(e),
        },
    }
}

/// POST /console/batches/{id}/events — records the step and shows the batch again
/// (post/redirect/get), or the batch page with the form as typed and its field errors.
pub async fn add(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    Posted { who, form }: Posted<EventForm>,
) -> Response {
    // The page shown again answers a post: its language switch leads to the batch page.
    let uri: Uri = format!("/console/batches/{id}").parse().unwrap_or(uri);
    match submit(&s, &who, id, &form).await {
        Step::Recorded(to) => redirect(&to),
        Step::Again(p, errors) => batch_page(&s, &who, &uri, &p, Some(form), errors),
        Step::Refused(e) => service_page(who.lang, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::kit::i18n::Lang;

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

    #[test]
    fn a_step_reads_in_vietnam_time_and_refusals_land_beside_their_field() {
        let t = Lang::Vi.t();
        let form = EventForm {
            kind: "packing".into(),
            date: "01/12/2026".into(),
            time: "7h30".into(),
            province: "Quảng Ninh".into(),
            ..EventForm::default()
        };
        let Ok(req) = to_request(&form, t) else {
            panic!("the step reads")
        };
        assert_eq!(req.event_type, TraceEventType::Packing);
        assert_eq!(req.time.to_rfc3339(), "2026-12-01T00:30:00+00:00");
        let bad = EventForm {
            kind: "inspection".into(),
            time: "sáng".into(),
            ..form
        };
        let fields: Vec<&str> = to_request(&bad, t)
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(fields, ["kind", "time"]);
        let e = |code: &str, message: &str| {
            ApiError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, code, message)
        };
        let commune = e("invalid_text", "place.commune is too long");
        assert_eq!(
            field_error(t, &commune),
            Some(("commune", t.err_event_text))
        );
        assert_eq!(field_error(t, &e("not_found", "no batch")), None);
    }
}
