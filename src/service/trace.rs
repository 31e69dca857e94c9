//! Traceability events; their EPCIS 2.0 export is in `super::epcis`.

use super::{App, ServiceError};
use crate::domain::{Action, Principal};
use crate::domain::{NewTraceEvent, TraceEvent, TraceEventType};

pub use super::epcis::EPCIS_CONTEXT;

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
}
