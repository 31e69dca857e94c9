//! Scans of unit labels (counted sparsely, privacy-safe), scratch-off PIN claims, and
//! shoppers' reports of suspected fakes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Most distinct source fingerprints kept per unit; enough to exceed any clone threshold.
pub const MAX_SOURCES: usize = 16;

/// What we keep about the scans of one unit: no IP addresses, no user agents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScanStats {
    pub count: u64,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    /// Salted, truncated fingerprints of coarse sources (see `docs/privacy.md`), at most
    /// [`MAX_SOURCES`].
    #[serde(default)]
    pub sources: Vec<u64>,
}

impl ScanStats {
    /// Adds one scan from `source` at `at`.
    pub fn add(&mut self, source: u64, at: DateTime<Utc>) {
        self.count += 1;
        self.first.get_or_insert(at);
        self.last = Some(at);
        if !self.sources.contains(&source) && self.sources.len() < MAX_SOURCES {
            self.sources.push(source);
        }
    }
}

/// The scratch-off state of one unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ClaimState {
    /// When the correct PIN was first entered.
    pub claimed_at: Option<DateTime<Utc>>,
    /// Wrong PINs so far.
    pub failures: u32,
}

/// A shopper's report of a suspected fake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Report {
    pub id: u64,
    pub at: DateTime<Utc>,
    /// The label path (and query) the shopper was looking at, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<u64>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Verdict code shown when the report was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
}
