//! Scans of unit labels: privacy-safe source fingerprints, clone detection, the scratch-off
//! PIN second factor, shoppers' reports, and per-source rate limits.
//!
//! One file per concern, because each has its own rules and its own readers:
//! - [`verdict`]: a scanned label's verdict, counting the scan (`scan_label`);
//! - [`policy`]: when a unit's scans look like copies ([`ScanPolicy`], the anomaly list);
//! - [`fingerprint`]: where a scan comes from, as keyed hashes ([`ScanSource`], [`is_bot`]);
//! - [`limits`]: per-source token buckets (`allow`);
//! - [`tally`]: scan counts held in memory and written behind ([`ScanMonth`]);
//! - [`pin`]: the scratch-off PIN ([`ClaimOutcome`], [`pin_from_secret`]);
//! - [`report`]: shoppers' reports of suspected fakes.
//!
//! [`ScanState`] stays here: it is the one piece of mutable state they all share, and its
//! private fields are visible to the files below it.

mod fingerprint;
mod limits;
mod pin;
mod policy;
mod report;
mod tally;
mod verdict;

pub use fingerprint::{ScanSource, is_bot};
pub use pin::{ClaimOutcome, pin_from_secret};
pub use policy::ScanPolicy;
pub use tally::ScanMonth;

use limits::Bucket;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use tally::{Tally, TallyStore};

/// Shared mutable state of the scan features.
#[derive(Debug, Default)]
pub struct ScanState {
    secret: OnceLock<[u8; 32]>,
    limits: Mutex<HashMap<(&'static str, u64), Bucket>>,
    tally: Mutex<Tally>,
    tally_store: OnceLock<TallyStore>,
    /// Counted scans not yet written back to the store.
    buffer: super::scan_buffer::ScanBuffer,
}
