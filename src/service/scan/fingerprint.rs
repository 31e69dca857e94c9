//! Where a scan comes from, as coarse keyed hashes of the client's address (never the address
//! itself), and which clients are link previews rather than shoppers. Kept apart because it
//! is the privacy boundary: nothing else in the scan code sees an address.

use crate::service::{App, ServiceError};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// Where a scan comes from, as coarse keyed hashes (never the address itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanSource {
    /// The network (/24 IPv4, /48 IPv6): the key of per-source rate limits.
    pub network: u64,
    /// The region (/16 IPv4, /32 IPv6): clone detection counts distinct regions, so one
    /// network, however busy, is one place.
    pub region: u64,
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
pub(super) fn place_of(region: u64, batch: u64, serial: u32) -> u64 {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::crypto::KeyRing;
    use crate::store::SledStore;
    use proptest::prelude::*;
    use std::sync::Arc;

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

    }
}
