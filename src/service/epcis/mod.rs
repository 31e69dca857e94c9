//! A batch's history as an EPCIS 2.0 JSON-LD document that other systems can join
//! (docs/epcis.md): canonical GS1 identifiers, one creation of the finished units, event ids
//! from the CBV 2.0 event hash, and extension terms under a namespace of our own.

mod event;
mod ids;

use super::{App, ServiceError};
use crate::domain::{Batch, Principal, Recall, TraceEvent, TraceEventType};
use event::{Amount, Event, Kind, Quantity};
use serde_json::{Value, json};

/// The EPCIS 2.0 JSON-LD context.
pub const EPCIS_CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

/// The namespace of our extension terms (`ocop:`). Fixed: documents exported under any
/// `--base-url` use the same terms, and `.example` is reserved, so it never resolves to
/// someone else's vocabulary.
pub const OCOP_NS: &str = "https://ocop-trace.example/ns/epcis#";

impl App {
    /// The class-level identifier of a batch: the canonical GS1 Digital Link of its lot, or a
    /// URN of product and lot when the product has no GTIN.
    pub fn batch_class_id(&self, b: &Batch) -> String {
        ids::batch_class(b)
    }

    /// The batch's history as an EPCIS 2.0 `EPCISDocument`. The same history always gives
    /// the same bytes, whatever host the service runs under.
    pub fn epcis_document(&self, who: &Principal, batch_id: u64) -> Result<Value, ServiceError> {
        let batch = self.batch_for(who, batch_id)?;
        let recorded = self.store.trace_events(batch.id)?;
        let recall = self.store.recall(batch.id)?;
        Ok(document(&batch, &recorded, recall.as_ref()))
    }
}

/// Builds the document from stored facts only (no clock, no base URL).
fn document(batch: &Batch, recorded: &[TraceEvent], recall: Option<&Recall>) -> Value {
    let creator = creating_record(recorded);
    let mut events = vec![issuance(batch, creator.is_none())];
    events.extend(
        recorded
            .iter()
            .map(|e| recorded_event(batch, e, Some(e.id) == creator)),
    );
    if let Some(r) = recall {
        events.push(recall_event(batch, r));
    }
    // The document is as old as its newest record, so exporting twice gives the same bytes.
    let created = events
        .iter()
        .map(|e| e.record_time)
        .max()
        .unwrap_or(batch.issued_at);
    json!({
        "@context": [EPCIS_CONTEXT, {"ocop": OCOP_NS}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": event::time_text(created),
        "epcisBody": {"eventList": events.iter().map(Event::json).collect::<Vec<_>>()},
    })
}

/// The record that creates the finished units: the earliest transformation or commissioning
/// (by event time, then record order). Without one, the issuance does. A receiving system
/// adds up ADDs and transformation outputs, so exactly one event may create the units.
fn creating_record(recorded: &[TraceEvent]) -> Option<u64> {
    recorded
        .iter()
        .filter(|e| {
            matches!(
                e.event_type,
                TraceEventType::Transformation | TraceEventType::Commissioning
            )
        })
        .min_by_key(|e| (e.time, e.id))
        .map(|e| e.id)
}

fn units(batch: &Batch) -> Vec<Quantity> {
    vec![Quantity {
        class: ids::batch_class(batch),
        amount: Some(Amount::Units(batch.quantity)),
    }]
}

fn ilmd(batch: &Batch) -> Vec<(&'static str, String)> {
    vec![
        ("lotNumber", batch.lot.as_str().to_owned()),
        ("itemExpirationDate", batch.expiry_date.to_string()),
    ]
}

/// An event about the batch's units with nothing else said yet.
fn base(batch: &Batch, time: chrono::DateTime<chrono::Utc>, biz_step: &'static str) -> Event {
    Event {
        kind: Kind::Object,
        time,
        record_time: time,
        empty_epc_list: false,
        quantities: units(batch),
        inputs: vec![],
        outputs: vec![],
        action: Some("OBSERVE"),
        transformation_id: None,
        biz_step,
        disposition: None,
        read_point: None,
        sources: vec![],
        destinations: vec![],
        ilmd: vec![],
        extensions: vec![],
    }
}

/// Issuing the batch assigns its lot and serial numbers: the commissioning of the units,
/// unless a recorded event already created them, when it is only the labels' encoding.
fn issuance(batch: &Batch, creates: bool) -> Event {
    let mut ev = base(batch, batch.issued_at, "encoding");
    ev.disposition = Some("active");
    if creates {
        ev.action = Some("ADD");
        ev.biz_step = "commissioning";
        ev.ilmd = ilmd(batch);
    }
    ev
}

fn recorded_event(batch: &Batch, e: &TraceEvent, creates: bool) -> Event {
    let mut ev = base(batch, e.time, e.event_type.biz_step());
    ev.record_time = e.recorded_at;
    ev.disposition = e.event_type.disposition();
    match e.event_type {
        // The harvested raw material is its own lot: commissioning it must not add
        // finished units. A harvest that names no lot is about no identified object.
        TraceEventType::Harvest => {
            ev.action = Some("ADD");
            ev.quantities = e.inputs.iter().map(input).collect();
            ev.empty_epc_list = ev.quantities.is_empty();
        }
        TraceEventType::Transformation => {
            ev.kind = Kind::Transformation;
            ev.action = None;
            ev.quantities = vec![];
            ev.inputs = e.inputs.iter().map(input).collect();
            ev.transformation_id = Some(ids::transformation(batch));
            if creates {
                ev.outputs = units(batch);
                ev.ilmd = ilmd(batch);
            }
        }
        TraceEventType::Commissioning if creates => {
            ev.action = Some("ADD");
            ev.ilmd = ilmd(batch);
        }
        _ => {}
    }
    if let Some(p) = &e.place {
        if let Some(g) = &p.gln {
            ev.read_point = Some(format!("{}/414/{}", ids::GS1_DL, String::from(g.clone())));
        }
        if let Some(n) = &p.name {
            ev.extensions.push(("placeName", n.clone()));
        }
        ev.extensions.push(("province", p.province.clone()));
        if let Some(d) = &p.district {
            ev.extensions.push(("district", d.clone()));
        }
        if let Some(c) = &p.commune {
            ev.extensions.push(("commune", c.clone()));
        }
    }
    if let Some(s) = &e.supplier {
        ev.sources.push(("owning_party", ids::party(s)));
        ev.extensions.push(("supplierName", s.name.clone()));
    }
    if let Some(c) = &e.customer {
        ev.destinations.push(("owning_party", ids::party(c)));
        ev.extensions.push(("customerName", c.name.clone()));
    }
    if let Some(n) = &e.notes {
        ev.extensions.push(("notes", n.clone()));
    }
    ev
}

fn input(i: &crate::domain::InputLot) -> Quantity {
    Quantity {
        class: ids::input_class(i),
        amount: i.quantity_kg.map(Amount::Kg),
    }
}

fn recall_event(batch: &Batch, r: &Recall) -> Event {
    let mut ev = base(batch, r.recorded_at, "holding");
    ev.disposition = Some("recalled");
    ev
}
