//! A scanned label's verdict: verify the signature and batch facts, record a real scan against
//! its unit, and let the clone policy and the claim state shape the answer. The entry point of
//! the label page and the verify API.

use super::ScanSource;
use super::fingerprint::place_of;
use crate::label::{LabelError, SignedLabel};
use crate::service::{App, ServiceError};
use crate::verify::Verdict;

impl App {
    /// Verifies a scanned label and, when it is a real scan (`source` given), counts it and
    /// turns a genuine verdict into `clone_suspected` past the policy's thresholds. Real
    /// scans are also counted per month and verdict for the dashboard, whatever the verdict.
    pub fn scan_label(
        &self,
        parsed: Result<SignedLabel, LabelError>,
        source: Option<ScanSource>,
    ) -> Result<Verdict, ServiceError> {
        let v = self.verify_and_count(parsed, source)?;
        if source.is_some() {
            self.tally_scan(v.code)?;
        }
        Ok(v)
    }

    fn verify_and_count(
        &self,
        parsed: Result<SignedLabel, LabelError>,
        source: Option<ScanSource>,
    ) -> Result<Verdict, ServiceError> {
        let today = self.clock.today();
        let g = self.gather(parsed)?;
        let Some((batch_id, serial)) = g.unit() else {
            return Ok(g.judge(today, None));
        };
        let now = self.clock.now();
        let buffer = &self.scan_state.buffer;
        let store = self.store.as_ref();
        let stats = match source {
            Some(src) => {
                let place = place_of(src.region, batch_id, serial);
                buffer.record(store, batch_id, serial, place, now)?
            }
            None => buffer.stats(store, batch_id, serial)?.unwrap_or_default(),
        };
        let evidence = self.scan_policy.judge(&stats, now);
        let mut v = g.judge(today, Some(&evidence));
        if v.pin_enabled {
            v.claimed_at = self
                .store
                .claim_state(batch_id, serial)?
                .and_then(|c| c.claimed_at);
        }
        Ok(v)
    }
}
