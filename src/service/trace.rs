//! Traceability events and their EPCIS 2.0 export.

use super::{App, ServiceError};
use crate::domain::{Action, Principal};
use crate::domain::{Batch, NewTraceEvent, TraceEvent, TraceEventType};
use serde_json::{Value, json};

/// The EPCIS 2.0 JSON-LD context.
pub const EPCIS_CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

impl App {
    /// Records an event: producers on their own batches (not inspections), inspectors only
    /// inspections, admins anything.
    pub fn record_trace_event(
        &self,
        who: &Principal,
        batch_id: u64,
        input: NewTraceEvent,
    ) -> Result<TraceEvent, ServiceError> {
        let batch = self.batch_for(who, batch_id)?;
        who.check(if input.event_type == TraceEventType::Inspection {
            Action::RecordInspection(batch.subject_id)
        } else {
            Action::ActFor(batch.subject_id)
        })?;
        let ev = input.into_event(
            self.store.next_id()?,
            batch.id,
            who.token_id.clone(),
            self.clock.now(),
        )?;
        let log = crate::domain::LogEvent::trace_event(self.clock.now(), who, &ev);
        self.store.insert_trace_event(&ev, &log)?;
        Ok(ev)
    }

    /// The class-level identifier of a batch: a GS1 Digital Link URI with GTIN and lot, or
    /// the batch's short label path.
    pub fn batch_class_id(&self, b: &Batch) -> String {
        match &b.gtin {
            Some(g) => format!(
                "{}/01/{g}/10/{}",
                self.base_url,
                percent_encoding::utf8_percent_encode(
                    b.lot.as_str(),
                    percent_encoding::NON_ALPHANUMERIC
                )
            ),
            None => format!("{}/l/{}", self.base_url, b.id),
        }
    }

    /// The batch's history as an EPCIS 2.0 `EPCISDocument`: issuance (commissioning), the
    /// recorded events, and a recall if any.
    pub fn epcis_document(&self, who: &Principal, batch_id: u64) -> Result<Value, ServiceError> {
        let batch = self.batch_for(who, batch_id)?;
        let class = self.batch_class_id(&batch);
        let quantity = json!([{"epcClass": class, "quantity": batch.quantity, "uom": "H87"}]);
        let mut events = vec![json!({
            "type": "ObjectEvent",
            "eventID": format!("{}/epcis/batch/{}/issued", self.base_url, batch.id),
            "eventTime": batch.issued_at.to_rfc3339(),
            "eventTimeZoneOffset": "+07:00",
            "action": "ADD",
            "bizStep": "commissioning",
            "disposition": "active",
            "quantityList": quantity,
            "ilmd": {"cbvmda:lotNumber": batch.lot.as_str(), "cbvmda:itemExpirationDate": batch.expiry_date.to_string()},
        })];
        for e in self.store.trace_events(batch.id)? {
            events.push(epcis_event(&self.base_url, &class, &batch, &e));
        }
        if let Some(r) = self.store.recall(batch.id)? {
            events.push(json!({
                "type": "ObjectEvent",
                "eventID": format!("{}/epcis/batch/{}/recall", self.base_url, batch.id),
                "eventTime": r.recorded_at.to_rfc3339(),
                "eventTimeZoneOffset": "+07:00",
                "action": "OBSERVE",
                "bizStep": "holding",
                "disposition": "recalled",
                "quantityList": quantity,
            }));
        }
        Ok(json!({
            "@context": [EPCIS_CONTEXT, {"ocop": format!("{}/ns/epcis#", self.base_url)}],
            "type": "EPCISDocument",
            "schemaVersion": "2.0",
            "creationDate": self.clock.now().to_rfc3339(),
            "epcisBody": {"eventList": events},
        }))
    }
}

fn party_id(p: &crate::domain::Party) -> String {
    match &p.gln {
        Some(g) => format!("https://id.gs1.org/417/{}", String::from(g.clone())),
        None => format!(
            "urn:ocop-trace:party:{}",
            percent_encoding::utf8_percent_encode(&p.name, percent_encoding::NON_ALPHANUMERIC)
        ),
    }
}

fn epcis_event(base: &str, class: &str, batch: &Batch, e: &TraceEvent) -> Value {
    let mut ev = json!({
        "eventID": format!("{base}/epcis/batch/{}/event/{}", batch.id, e.id),
        "eventTime": e.time.to_rfc3339(),
        "eventTimeZoneOffset": "+07:00",
        "recordTime": e.recorded_at.to_rfc3339(),
        "bizStep": e.event_type.biz_step(),
    });
    if e.event_type == TraceEventType::Transformation {
        ev["type"] = json!("TransformationEvent");
        ev["inputQuantityList"] = Value::Array(
            e.inputs
                .iter()
                .map(|i| {
                    let id = match &i.gtin {
                        Some(g) => format!(
                            "https://id.gs1.org/01/{g}/10/{}",
                            percent_encoding::utf8_percent_encode(
                                &i.lot,
                                percent_encoding::NON_ALPHANUMERIC
                            )
                        ),
                        None => format!(
                            "urn:ocop-trace:lot:{}",
                            percent_encoding::utf8_percent_encode(
                                &i.lot,
                                percent_encoding::NON_ALPHANUMERIC
                            )
                        ),
                    };
                    match i.quantity_kg {
                        Some(q) => json!({"epcClass": id, "quantity": q, "uom": "KGM"}),
                        None => json!({"epcClass": id}),
                    }
                })
                .collect(),
        );
        ev["outputQuantityList"] =
            json!([{"epcClass": class, "quantity": batch.quantity, "uom": "H87"}]);
    } else {
        ev["type"] = json!("ObjectEvent");
        ev["action"] = json!(match e.event_type {
            TraceEventType::Harvest | TraceEventType::Commissioning => "ADD",
            _ => "OBSERVE",
        });
        ev["quantityList"] = json!([{"epcClass": class, "quantity": batch.quantity, "uom": "H87"}]);
    }
    if let Some(p) = &e.place {
        if let Some(g) = &p.gln {
            ev["readPoint"] =
                json!({"id": format!("https://id.gs1.org/414/{}", String::from(g.clone()))});
        }
        ev["ocop:place"] = json!(p);
    }
    if let Some(s) = &e.supplier {
        ev["sourceList"] = json!([{"type": "owning_party", "source": party_id(s)}]);
    }
    if let Some(c) = &e.customer {
        ev["destinationList"] = json!([{"type": "owning_party", "destination": party_id(c)}]);
    }
    if let Some(n) = &e.notes {
        ev["ocop:notes"] = json!(n);
    }
    ev
}
