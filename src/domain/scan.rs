//! Scans of unit labels (counted sparsely, privacy-safe), scratch-off PIN claims, and
//! shoppers' reports of suspected fakes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Most places kept per unit; enough to exceed any clone threshold. When full, the place
/// seen longest ago makes room.
pub const MAX_SOURCES: usize = 16;

/// One place a unit was scanned from: a per-unit fingerprint of a coarse network region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlaceSeen {
    /// Salted, truncated, per-unit fingerprint (see `docs/privacy.md`).
    pub fp: u64,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
}

/// What we keep about the scans of one unit: no IP addresses, no user agents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScanStats {
    /// Counted scans (requests beyond the per-network rate limit never get here).
    pub count: u64,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    /// Fingerprints of an earlier design (daily salt, user agent): read, never judged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<u64>,
    /// Places the unit was scanned from, at most [`MAX_SOURCES`].
    #[serde(default)]
    pub places: Vec<PlaceSeen>,
}

impl ScanStats {
    /// Adds one scan from place `fp` at `at`. However often one place scans, it stays one
    /// place.
    pub fn add(&mut self, fp: u64, at: DateTime<Utc>) {
        if let Some(p) = self.places.iter_mut().find(|p| p.fp == fp) {
            p.last = p.last.max(at);
        } else {
            if self.places.len() >= MAX_SOURCES
                && let Some(oldest) = (0..self.places.len()).min_by_key(|&i| self.places[i].last)
            {
                self.places.swap_remove(oldest);
            }
            self.places.push(PlaceSeen {
                fp,
                first: at,
                last: at,
            });
        }
        self.count += 1;
        self.first.get_or_insert(at);
        self.last = Some(at);
    }

    /// Adds scans counted elsewhere (another instance, or a write-back of this one's): the
    /// counts sum, the first and last times widen, and places are united (a place seen on
    /// both sides stays one), keeping the [`MAX_SOURCES`] most recently seen.
    pub fn merge(&mut self, more: &ScanStats) {
        self.count = self.count.saturating_add(more.count);
        self.first = match (self.first, more.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = self.last.max(more.last);
        for p in &more.places {
            match self.places.iter_mut().find(|q| q.fp == p.fp) {
                Some(q) => {
                    q.first = q.first.min(p.first);
                    q.last = q.last.max(p.last);
                }
                None => self.places.push(*p),
            }
        }
        if self.places.len() > MAX_SOURCES {
            self.places.sort_by_key(|p| std::cmp::Reverse(p.last));
            self.places.truncate(MAX_SOURCES);
        }
    }

    /// Places seen since `since`.
    pub fn places_since(&self, since: DateTime<Utc>) -> impl Iterator<Item = &PlaceSeen> {
        self.places.iter().filter(move |p| p.last >= since)
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
    /// A phone number the shopper left for a call back (absent in older reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Report {
    /// The number a shopper quotes to the office: `BC-` and the id, six digits at least.
    pub fn reference(&self) -> String {
        format!("BC-{:06}", self.id)
    }
}

#[cfg(test)]
mod report_tests {
    use super::Report;

    #[test]
    fn a_report_stored_before_the_phone_field_still_decodes_and_keeps_its_bytes() {
        let old = r#"{"id":123,"at":"2026-12-01T08:00:00Z","text":"Tem bị bóc dán lại"}"#;
        let r: Report = serde_json::from_str(old).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.phone, None);
        assert_eq!(r.reference(), "BC-000123");
        let again = serde_json::to_string(&r).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, old, "no phone, no field");
    }
}
