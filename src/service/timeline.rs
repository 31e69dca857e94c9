//! The public part of a batch's history for the verdict page: what happened and when, and
//! in which commune and province — never who recorded it, the trading partners or notes,
//! which are for inspectors.

use super::{App, ServiceError};
use crate::domain::{BatchId, TraceEventType};
use chrono::{DateTime, Utc};

/// One step of a batch's journey as a shopper may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicStep {
    /// What happened.
    pub kind: TraceEventType,
    /// When it happened.
    pub time: DateTime<Utc>,
    /// Where, by today's units (commune, province); an old district is not shown.
    pub place: Option<String>,
}

/// At most this many steps: the page stays short; the full history is the EPCIS export.
pub const TIMELINE_LIMIT: usize = 8;

impl App {
    /// The batch's recorded events as public steps, oldest first, at most [`TIMELINE_LIMIT`]:
    /// the same for every unit, so read once per store generation and shared.
    pub fn public_timeline(
        &self,
        batch: BatchId,
    ) -> Result<std::sync::Arc<Vec<PublicStep>>, ServiceError> {
        let generation = self.store.generation();
        self.timeline_cache
            .get_or_read(batch, generation, || self.read_timeline(batch))
    }

    fn read_timeline(&self, batch: BatchId) -> Result<Vec<PublicStep>, ServiceError> {
        let mut steps: Vec<PublicStep> = self
            .store
            .trace_events(batch)?
            .into_iter()
            .map(|e| PublicStep {
                kind: e.event_type,
                time: e.time,
                place: e.place.map(|p| {
                    let parts: Vec<&str> = [p.commune.as_deref(), Some(p.province.as_str())]
                        .into_iter()
                        .flatten()
                        .filter(|s| !s.trim().is_empty())
                        .collect();
                    parts.join(", ")
                }),
            })
            .collect();
        steps.sort_by_key(|s| s.time);
        steps.truncate(TIMELINE_LIMIT);
        Ok(steps)
    }
}
