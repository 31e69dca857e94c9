//! Scans of unit labels: privacy-safe source fingerprints, clone detection, the scratch-off
//! PIN second factor, shoppers' reports, and per-source rate limits.

use super::{App, ServiceError};
use crate::domain::{ClaimState, DomainError, Report, ScanStats};
use crate::label::{LabelError, SignedLabel};
use crate::store::Store;
use crate::verify::{ScanEvidence, ScanSummary, Verdict, VerdictCode};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// When a unit's scans look like more than one physical label (`docs/privacy.md` has the
/// threat model behind each threshold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanPolicy {
    /// More distinct places (network regions) than this within the window, first seen
    /// over at least `min_span`, → `clone_suspected`.
    pub max_sources: usize,
    /// Places not seen for this long no longer count: suspicion decays.
    pub window: TimeDelta,
    /// The places must have been first seen at least this far apart: one moment's crowd is
    /// not evidence of copies, several places over days is.
    pub min_span: TimeDelta,
    /// Wrong PINs a unit tolerates before it locks.
    pub max_pin_failures: u32,
    /// Requests a minute one network (/24, /48) may make to label URLs, bursting to as many.
    pub label_scans_per_minute: u32,
}

impl Default for ScanPolicy {
    fn default() -> Self {
        Self {
            max_sources: 5,
            window: TimeDelta::days(30),
            min_span: TimeDelta::hours(24),
            max_pin_failures: 5,
            label_scans_per_minute: 600,
        }
    }
}

impl ScanPolicy {
    /// Judges a unit's scans at `now`: its summary and whether it looks copied.
    pub fn judge(&self, stats: &ScanStats, now: DateTime<Utc>) -> ScanEvidence {
        let recent: Vec<_> = stats.places_since(now - self.window).collect();
        let span = match (
            recent.iter().map(|p| p.first).min(),
            recent.iter().map(|p| p.first).max(),
        ) {
            (Some(a), Some(b)) => b - a,
            _ => TimeDelta::zero(),
        };
        let suspected = recent.len() > self.max_sources && span >= self.min_span;
        let days = self.window.num_days();
        ScanEvidence {
            summary: ScanSummary {
                count: stats.count,
                first: stats.first,
                distinct_sources: recent.len(),
            },
            suspected,
            detail: format!(
                "scanned from {} places in the last {days} days, first seen {} hours apart \
                 (suspected beyond {} places over at least {} hours)",
                recent.len(),
                span.num_hours(),
                self.max_sources,
                self.min_span.num_hours()
            ),
        }
    }
}

/// Where a scan comes from, as coarse keyed hashes (never the address itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanSource {
    /// The network (/24 IPv4, /48 IPv6): the key of per-source rate limits.
    pub network: u64,
    /// The region (/16 IPv4, /32 IPv6): clone detection counts distinct regions, so one
    /// network, however busy, is one place.
    pub region: u64,
}

/// Tokens left and when they were last topped up.
type Bucket = (f64, Instant);

/// Scans counted since the tally was last written, by (month `YYYY-MM`, verdict code).
#[derive(Debug, Default)]
struct Tally {
    pending: BTreeMap<(String, &'static str), u64>,
    /// When the oldest pending scan was counted.
    since: Option<Instant>,
}

/// How long counted scans may wait in memory before they are written to the store: one
/// write per second instead of one per scan keeps the verify path at its speed.
const TALLY_WRITE_AFTER: Duration = Duration::from_secs(1);

/// The store the tally goes to, kept so that dropping the state writes what is left.
struct TallyStore(Arc<dyn Store>);

impl std::fmt::Debug for TallyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TallyStore")
    }
}

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

impl ScanState {
    /// Takes the pending counts as store rows.
    fn take_tally(&self) -> Vec<(String, String, u64)> {
        let Ok(mut t) = self.tally.lock() else {
            return Vec::new();
        };
        t.since = None;
        std::mem::take(&mut t.pending)
            .into_iter()
            .map(|((month, code), n)| (month, code.to_owned(), n))
            .collect()
    }

    /// Puts counts back after a failed write.
    fn restore_tally(&self, rows: Vec<(String, String, u64)>) {
        let Ok(mut t) = self.tally.lock() else {
            return;
        };
        t.since.get_or_insert_with(Instant::now);
        for (month, code, n) in rows {
            if let Some(code) = VerdictCode::ALL
                .iter()
                .map(|c| c.as_str())
                .find(|c| *c == code)
            {
                *t.pending.entry((month, code)).or_default() += n;
            }
        }
    }
}

impl Drop for ScanState {
    fn drop(&mut self) {
        if let Some(store) = self.tally_store.get() {
            if let Err(e) = self.buffer.write_back(store.0.as_ref()) {
                tracing::warn!(error = %e, "scan counts not written back");
            }
            let rows = self.take_tally();
            if !rows.is_empty() && store.0.add_scan_verdicts(&rows).is_ok() {
                let _ = store.0.flush();
            }
        }
    }
}

/// Real scans of unit labels in one month and the verdicts they got.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema, PartialEq)]
pub struct ScanMonth {
    /// `YYYY-MM` (UTC).
    pub month: String,
    pub scans: u64,
    /// Verdict code → scans.
    pub verdicts: BTreeMap<String, u64>,
}

/// The answer to a PIN entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum ClaimOutcome {
    /// First correct entry: the unit is now claimed.
    Claimed { at: DateTime<Utc> },
    /// Correct PIN, but the unit was claimed before — a copy or a reused package.
    AlreadyClaimed { at: DateTime<Utc> },
    /// Wrong PIN.
    Wrong { remaining: u32 },
    /// Too many wrong PINs for this unit or from this source.
    Locked,
}

/// The coarse part of an address: /24 for IPv4, /48 for IPv6.
fn coarse(ip: IpAddr) -> Vec<u8> {
    match ip {
        IpAddr::V4(v4) => v4.octets()[..3].to_vec(),
        IpAddr::V6(v6) => v6.octets()[..6].to_vec(),
    }
}

/// The region of an address: /16 IPv4, /32 IPv6 (an operator's allocation, not a street).
fn region(ip: IpAddr) -> Vec<u8> {
    match ip {
        IpAddr::V4(v4) => v4.octets()[..2].to_vec(),
        IpAddr::V6(v6) => v6.octets()[..4].to_vec(),
    }
}

/// The place of a scan as stored with one unit: keyed by the unit, so the same region gives
/// unrelated fingerprints on different labels and stored places cannot be joined across
/// labels.
fn place_of(region: u64, batch: u64, serial: u32) -> u64 {
    let digest = Sha256::new()
        .chain_update(region.to_be_bytes())
        .chain_update(batch.to_be_bytes())
        .chain_update(serial.to_be_bytes())
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// Link previews and crawlers: they must not count as scans.
pub fn is_bot(user_agent: &str) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    [
        "bot",
        "crawler",
        "spider",
        "preview",
        "facebookexternalhit",
        "zalo",
        "whatsapp",
        "telegram",
        "slack",
        "discord",
        "skype",
        "curl",
        "wget",
        "python-requests",
    ]
    .iter()
    .any(|b| ua.contains(b))
}

impl App {
    fn install_secret(&self) -> Result<[u8; 32], ServiceError> {
        if let Some(s) = self.scan_state.secret.get() {
            return Ok(*s);
        }
        let s = self.store.install_secret()?;
        Ok(*self.scan_state.secret.get_or_init(|| s))
    }

    /// Where a request comes from, keyed with the per-install secret: the network for rate
    /// limits and the region for clone detection. Client-chosen headers (the user agent,
    /// and whatever else) are deliberately not part of it: a client must not be able to
    /// appear as several sources. Neither the address nor the user agent is ever stored.
    pub fn source_fingerprint(
        &self,
        ip: Option<IpAddr>,
        _user_agent: &str,
        _day: NaiveDate,
    ) -> Result<ScanSource, ServiceError> {
        let secret = self.install_secret()?;
        let keyed = |what: &[u8], bytes: Vec<u8>| {
            let digest = Sha256::new()
                .chain_update(secret)
                .chain_update(what)
                .chain_update(bytes)
                .finalize();
            let mut first = [0u8; 8];
            first.copy_from_slice(&digest[..8]);
            u64::from_be_bytes(first)
        };
        Ok(ScanSource {
            network: keyed(b"network|", ip.map(coarse).unwrap_or_default()),
            region: keyed(b"region|", ip.map(region).unwrap_or_default()),
        })
    }

    /// A token bucket per (purpose, source): `per_hour` events, bursting to that many.
    pub fn allow(&self, purpose: &'static str, source: u64, per_hour: f64) -> bool {
        let Ok(mut limits) = self.scan_state.limits.lock() else {
            return false;
        };
        if limits.len() > 100_000 {
            limits.retain(|_, (_, t)| t.elapsed() < Duration::from_secs(3600));
        }
        let now = Instant::now();
        let (tokens, last) = limits.entry((purpose, source)).or_insert((per_hour, now));
        *tokens =
            (*tokens + now.duration_since(*last).as_secs_f64() * per_hour / 3600.0).min(per_hour);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }

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

    /// Counts one real scan in the monthly tally, writing the tally once it is old enough.
    fn tally_scan(&self, code: VerdictCode) -> Result<(), ServiceError> {
        let state = &self.scan_state;
        state
            .tally_store
            .get_or_init(|| TallyStore(self.store.clone()));
        // The month in Vietnam (UTC+7), as the dashboard shows it.
        let month = (self.clock.now() + chrono::TimeDelta::hours(7))
            .format("%Y-%m")
            .to_string();
        let due = match state.tally.lock() {
            Ok(mut t) => {
                *t.pending.entry((month, code.as_str())).or_default() += 1;
                t.since.get_or_insert_with(Instant::now).elapsed() >= TALLY_WRITE_AFTER
            }
            Err(_) => false,
        };
        // The verdict is already decided: a tally the store cannot take now stays pending
        // for the next try rather than failing the shopper's scan.
        if due && let Err(e) = self.write_scan_tally() {
            tracing::warn!(error = %e, "scan tally not written; kept for the next try");
        }
        Ok(())
    }

    /// Writes the counted scans held in memory to the store (the server does this every
    /// [`super::scan_buffer::WRITE_BACK_EVERY`] and at shutdown).
    pub fn write_back_scans(&self) -> Result<(), ServiceError> {
        Ok(self.scan_state.buffer.write_back(self.store.as_ref())?)
    }

    /// Writes the pending scan counts to the store.
    pub fn write_scan_tally(&self) -> Result<(), ServiceError> {
        let rows = self.scan_state.take_tally();
        if rows.is_empty() {
            return Ok(());
        }
        if let Err(e) = self.store.add_scan_verdicts(&rows) {
            self.scan_state.restore_tally(rows);
            return Err(e.into());
        }
        Ok(())
    }

    /// Scans per month with their verdicts, pending ones included.
    pub fn scans_by_month(&self) -> Result<Vec<ScanMonth>, ServiceError> {
        self.write_scan_tally()?;
        let mut out: Vec<ScanMonth> = Vec::new();
        for (month, code, n) in self.store.scan_verdicts()? {
            if out.last().is_none_or(|m| m.month != month) {
                out.push(ScanMonth {
                    month,
                    scans: 0,
                    verdicts: BTreeMap::new(),
                });
            }
            if let Some(m) = out.last_mut() {
                m.scans += n;
                *m.verdicts.entry(code).or_default() += n;
            }
        }
        Ok(out)
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

    /// True when a unit's scans exceed the policy.
    pub fn clone_suspected(&self, s: &ScanStats) -> bool {
        self.scan_policy.judge(s, self.clock.now()).suspected
    }

    /// Units of a batch whose scans exceed the policy (inspectors' anomaly list).
    pub fn scan_anomalies(
        &self,
        who: &crate::domain::Principal,
        batch: u64,
    ) -> Result<Vec<(u32, ScanStats)>, ServiceError> {
        let batch = self.batch_for(who, batch)?.id;
        self.write_back_scans()?;
        Ok(self
            .store
            .scans_of_batch(batch)?
            .into_iter()
            .filter(|(_, s)| self.clone_suspected(s))
            .collect())
    }

    /// Creates a batch's PIN secret (scratch-off second factor).
    pub fn enable_pins(&self, batch: u64) -> Result<(), ServiceError> {
        use rand_core::RngCore;
        let mut secret = [0u8; 32];
        rand_core::OsRng.fill_bytes(&mut secret);
        Ok(self.store.set_pin_secret(batch, &secret)?)
    }

    /// The 8-digit PIN of a unit: HMAC-SHA256(batch secret, serial) reduced mod 10^8.
    pub fn pin_for(&self, batch: u64, serial: u32) -> Result<Option<String>, ServiceError> {
        let Some(secret) = self.store.pin_secret(batch)? else {
            return Ok(None);
        };
        Ok(Some(pin_from_secret(&secret, serial)))
    }

    /// A shopper enters the scratch-off PIN of a unit.
    pub fn claim_pin(
        &self,
        batch: u64,
        serial: u32,
        pin: &str,
        source: ScanSource,
    ) -> Result<ClaimOutcome, ServiceError> {
        let Some(secret) = self.store.pin_secret(batch)? else {
            return Err(ServiceError::NotFound(
                "this batch has no scratch-off PIN".into(),
            ));
        };
        let pin: String = pin
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if pin.len() != 8 || !pin.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DomainError::InvalidText("the PIN has 8 digits".into()).into());
        }
        let max = self.scan_policy.max_pin_failures;
        let before = self.store.claim_state(batch, serial)?.unwrap_or_default();
        if before.failures >= max || !self.allow("pin", source.network, 10.0) {
            return Ok(ClaimOutcome::Locked);
        }
        let right = bool::from(subtle::ConstantTimeEq::ct_eq(
            pin.as_bytes(),
            pin_from_secret(&secret, serial).as_bytes(),
        ));
        let now = self.clock.now();
        let after = self.store.update_claim(batch, serial, &|s: ClaimState| {
            let mut s = s;
            if right {
                s.claimed_at.get_or_insert(now);
            } else {
                s.failures += 1;
            }
            s
        })?;
        Ok(match (right, after.claimed_at) {
            (true, Some(at)) if at == now => ClaimOutcome::Claimed { at },
            (true, Some(at)) => ClaimOutcome::AlreadyClaimed { at },
            (true, None) => ClaimOutcome::Claimed { at: now },
            (false, _) if after.failures >= max => ClaimOutcome::Locked,
            (false, _) => ClaimOutcome::Wrong {
                remaining: max.saturating_sub(after.failures),
            },
        })
    }

    /// Stores a shopper's report, rate-limited per source.
    pub fn report_fake(
        &self,
        source: ScanSource,
        label: Option<&str>,
        text: &str,
        place: Option<&str>,
        phone: Option<&str>,
    ) -> Result<Option<Report>, ServiceError> {
        if !self.allow("report", source.network, 5.0) {
            return Ok(None);
        }
        let text = crate::domain::text::nfc_notes(Some(text), 2000)?
            .ok_or_else(|| DomainError::InvalidText("please describe what looks wrong".into()))?;
        let place = crate::domain::text::nfc_opt("place", place, 200)?;
        let phone = report_phone(phone)?;
        let label = label.map(|l| l.chars().take(600).collect::<String>());
        let (batch_id, verdict) = match label.as_deref().map(SignedLabel::parse_url) {
            Some(parsed) => {
                let v = self.verify_label(parsed)?;
                (
                    v.batch.as_ref().map(|b| b.id),
                    Some(v.code.as_str().to_owned()),
                )
            }
            None => (None, None),
        };
        let r = Report {
            id: self.store.next_id()?,
            at: self.clock.now(),
            label,
            batch_id,
            text,
            place,
            verdict,
            phone,
        };
        self.store.insert_report(&r)?;
        Ok(Some(r))
    }
}

/// A shopper's phone number for a call back: empty is none; otherwise 8 to 15 digits with
/// spaces, dots, dashes or a leading `+`, kept as typed (trimmed).
fn report_phone(phone: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(p) = phone.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let allowed =
        |(i, c): (usize, char)| c.is_ascii_digit() || " .-".contains(c) || (i == 0 && c == '+');
    if (8..=15).contains(&digits) && p.chars().enumerate().all(allowed) && p.len() <= 30 {
        Ok(Some(p.to_owned()))
    } else {
        Err(DomainError::InvalidText(
            "phone: 8 to 15 digits, or leave it empty".into(),
        ))
    }
}

/// The PIN of `serial` under a batch secret.
pub fn pin_from_secret(secret: &[u8], serial: u32) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&serial.to_be_bytes());
    let out = mac.finalize().into_bytes();
    let mut first = [0u8; 8];
    first.copy_from_slice(&out[..8]);
    format!("{:08}", u64::from_be_bytes(first) % 100_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::crypto::KeyRing;
    use crate::store::SledStore;
    use proptest::prelude::*;

    fn app(dir: &std::path::Path) -> App {
        let store = SledStore::open(dir).unwrap_or_else(|e| panic!("{e}"));
        App::new(
            Arc::new(store),
            KeyRing::new(Vec::new()),
            "http://127.0.0.1",
            Clock::default(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Nothing a client controls but its address can make it a different source, and
        /// every address of one /24 (or /48) is one place.
        #[test]
        fn one_network_is_one_source_whatever_the_headers(
            v4 in proptest::collection::vec((any::<u8>(), "\\PC{0,40}", 0u32..400), 1..20),
            v6 in proptest::collection::vec((any::<u64>(), "\\PC{0,40}", 0u32..400), 1..20),
        ) {
            let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let app = app(tmp.path());
            let base = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
            let fp = |ip: IpAddr, ua: &str, d: u32| {
                app.source_fingerprint(Some(ip), ua, base + chrono::Days::new(d.into()))
                    .unwrap_or_else(|e| panic!("{e}"))
            };
            let first4 = fp("203.0.113.1".parse().unwrap_or(IpAddr::from([0; 4])), "", 0);
            for (last, ua, d) in &v4 {
                prop_assert_eq!(fp(IpAddr::from([203, 0, 113, *last]), ua, *d), first4);
            }
            let first6 = fp(IpAddr::from([0x2001, 0xdb8, 0x42, 0, 0, 0, 0, 1]), "", 0);
            for (low, ua, d) in &v6 {
                let segs = low.to_be_bytes();
                let ip = IpAddr::from([
                    0x2001, 0xdb8, 0x42,
                    u16::from_be_bytes([segs[0], segs[1]]),
                    u16::from_be_bytes([segs[2], segs[3]]),
                    u16::from_be_bytes([segs[4], segs[5]]),
                    u16::from_be_bytes([segs[6], segs[7]]),
                    7,
                ]);
                prop_assert_eq!(fp(ip, ua, *d), first6);
            }
        }

        /// One place, however often and over however long, never makes a suspicion.
        #[test]
        fn scans_from_one_place_are_never_suspected(times in proptest::collection::vec(0i64..10_000_000, 1..300)) {
            let policy = ScanPolicy::default();
            let start = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
            let mut stats = ScanStats::default();
            let mut times = times;
            times.sort_unstable();
            for t in times {
                let at = start + TimeDelta::seconds(t);
                stats.add(42, at);
                prop_assert!(!policy.judge(&stats, at).suspected);
            }
        }
    }

    #[test]
    fn several_places_over_days_are_suspected_and_the_suspicion_decays() {
        let policy = ScanPolicy::default();
        let start = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let mut stats = ScanStats::default();
        for place in 0..=policy.max_sources as u64 {
            stats.add(place, start + TimeDelta::hours(place as i64 * 12));
        }
        let now = start + TimeDelta::days(3);
        assert!(policy.judge(&stats, now).suspected);
        assert!(!policy.judge(&stats, now + policy.window).suspected);
        // The same number of places within an hour is a crowd, not yet copies.
        let mut crowd = ScanStats::default();
        for place in 0..=policy.max_sources as u64 {
            crowd.add(place, start + TimeDelta::minutes(place as i64));
        }
        assert!(!policy.judge(&crowd, start + TimeDelta::hours(1)).suspected);
    }
}
