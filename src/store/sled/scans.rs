//! The shopper-facing relations: scan stats, PIN secrets, claims, reports, monthly verdict
//! counts and the install secret. None of these writes is logged; they still take the write
//! gate so a snapshot never sees one half-applied. Each method is the
//! [`Store`](crate::store::Store) verb of the same name.

use super::codec::{backend, decode, encode};
use super::db::Core;
use super::trees::{
    self as keys, INSTALL_SECRET_KEY, T_CLAIMS, T_META, T_PINS, T_REPORTS, T_SCAN_VERDICTS, T_SCANS,
};
use crate::domain::{BatchId, ClaimState, Report, ScanStats};
use crate::store::StoreError;

/// The shopper-facing trees.
pub(super) struct Scans {
    pub(super) scans: sled::Tree,
    pub(super) pins: sled::Tree,
    pub(super) claims: sled::Tree,
    pub(super) reports: sled::Tree,
}

impl Scans {
    /// Opens the trees.
    pub(super) fn open(core: &Core) -> Result<Self, StoreError> {
        Ok(Self {
            scans: core.tree(T_SCANS)?,
            pins: core.tree(T_PINS)?,
            claims: core.tree(T_CLAIMS)?,
            reports: core.tree(T_REPORTS)?,
        })
    }

    pub(super) fn add_scan_stats(
        &self,
        core: &Core,
        rows: &[(BatchId, u32, ScanStats)],
    ) -> Result<crate::store::ScanRows, StoreError> {
        core.unlogged(|| {
            let mut out = Vec::with_capacity(rows.len());
            for (batch, serial, more) in rows {
                let key = keys::pair(*batch, u64::from(*serial));
                let mut failed = None;
                let mut after = None;
                self.scans
                    .update_and_fetch(key, |old| {
                        let mut stats = match old.map(|v| decode::<ScanStats>(T_SCANS, &key, v)) {
                            Some(Ok(s)) => s,
                            Some(Err(e)) => {
                                // Leave a record that does not decode as it is (doctor names it).
                                failed = Some(e);
                                return old.map(<[u8]>::to_vec);
                            }
                            None => ScanStats::default(),
                        };
                        stats.merge(more);
                        let bytes = serde_json::to_vec(&stats).ok();
                        after = Some(stats);
                        bytes
                    })
                    .map_err(backend)?;
                if let Some(e) = failed {
                    return Err(e);
                }
                if let Some(s) = after {
                    out.push((*batch, *serial, s));
                }
            }
            Ok(out)
        })
    }

    pub(super) fn scan_stats(
        &self,
        batch: BatchId,
        serial: u32,
    ) -> Result<Option<ScanStats>, StoreError> {
        Core::get(&self.scans, T_SCANS, &keys::pair(batch, u64::from(serial)))
    }

    pub(super) fn scans_of_batch(
        &self,
        batch: BatchId,
    ) -> Result<Vec<(u32, ScanStats)>, StoreError> {
        self.scans
            .scan_prefix(keys::id(batch))
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                let serial = keys::read_id(&k, 8).unwrap_or_default() as u32;
                Ok((serial, decode(T_SCANS, &k, &v)?))
            })
            .collect()
    }

    pub(super) fn scanned_serials(&self, batch: BatchId) -> Result<Vec<u32>, StoreError> {
        self.scans
            .scan_prefix(keys::id(batch))
            .keys()
            .map(|k| {
                let k = k.map_err(backend)?;
                Ok(keys::read_id(&k, 8).unwrap_or_default() as u32)
            })
            .collect()
    }

    pub(super) fn pin_secret(&self, batch: BatchId) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .pins
            .get(keys::id(batch))
            .map_err(backend)?
            .map(|v| v.to_vec()))
    }

    pub(super) fn set_pin_secret(
        &self,
        core: &Core,
        batch: BatchId,
        secret: &[u8],
    ) -> Result<(), StoreError> {
        core.unlogged(|| self.pins.insert(keys::id(batch), secret).map_err(backend))?;
        core.flush()
    }

    pub(super) fn claim_state(
        &self,
        batch: BatchId,
        serial: u32,
    ) -> Result<Option<ClaimState>, StoreError> {
        Core::get(
            &self.claims,
            T_CLAIMS,
            &keys::pair(batch, u64::from(serial)),
        )
    }

    pub(super) fn update_claim(
        &self,
        core: &Core,
        batch: BatchId,
        serial: u32,
        f: &dyn Fn(ClaimState) -> ClaimState,
    ) -> Result<ClaimState, StoreError> {
        let key = keys::pair(batch, u64::from(serial));
        let updated = core.unlogged(|| {
            self.claims
                .update_and_fetch(key, |old| {
                    let state: ClaimState = old
                        .and_then(|v| serde_json::from_slice(v).ok())
                        .unwrap_or_default();
                    serde_json::to_vec(&f(state)).ok()
                })
                .map_err(backend)
        })?;
        core.flush()?;
        match updated {
            Some(v) => decode(T_CLAIMS, &key, &v),
            None => Ok(ClaimState::default()),
        }
    }

    pub(super) fn insert_report(&self, core: &Core, r: &Report) -> Result<(), StoreError> {
        let v = encode(r)?;
        core.unlogged(|| self.reports.insert(keys::id(r.id), v).map_err(backend))?;
        core.flush()
    }

    pub(super) fn reports(
        &self,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<Report>, StoreError> {
        Core::page(&self.reports, T_REPORTS, after, limit)
    }

    pub(super) fn add_scan_verdicts(
        &self,
        core: &Core,
        counts: &[(String, String, u64)],
    ) -> Result<(), StoreError> {
        // Opened on first use, never at open: a store that never counted verdicts has no such
        // tree, as before verdicts were counted.
        let verdicts = core.tree(T_SCAN_VERDICTS)?;
        core.unlogged(|| {
            for (month, code, n) in counts {
                let key = format!("{month}/{code}");
                verdicts
                    .update_and_fetch(key.as_bytes(), |old| {
                        let before = old
                            .and_then(|v| <[u8; 8]>::try_from(v).ok())
                            .map_or(0, u64::from_be_bytes);
                        Some(before.saturating_add(*n).to_be_bytes().to_vec())
                    })
                    .map_err(backend)?;
            }
            Ok(())
        })
    }

    pub(super) fn scan_verdicts(
        &self,
        core: &Core,
    ) -> Result<Vec<(String, String, u64)>, StoreError> {
        core.tree(T_SCAN_VERDICTS)?
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                let corrupt = |reason: &str| StoreError::Corrupt {
                    tree: T_SCAN_VERDICTS,
                    key: String::from_utf8_lossy(&k).into_owned(),
                    reason: reason.into(),
                };
                let key = std::str::from_utf8(&k).map_err(|_| corrupt("key is not UTF-8"))?;
                let (month, code) = key
                    .split_once('/')
                    .ok_or_else(|| corrupt("key is not month/code"))?;
                let n = <[u8; 8]>::try_from(v.as_ref())
                    .map(u64::from_be_bytes)
                    .map_err(|_| corrupt("count is not 8 bytes"))?;
                Ok((month.to_owned(), code.to_owned(), n))
            })
            .collect()
    }

    pub(super) fn install_secret(&self, core: &Core) -> Result<[u8; 32], StoreError> {
        use rand_core::RngCore;
        let mut fresh = [0u8; 32];
        rand_core::OsRng.fill_bytes(&mut fresh);
        let v = core.unlogged(|| {
            // Keep the first secret ever written, even if two threads race here.
            let _ = core
                .meta
                .compare_and_swap(INSTALL_SECRET_KEY, None as Option<&[u8]>, Some(&fresh[..]))
                .map_err(backend)?;
            core.meta
                .get(INSTALL_SECRET_KEY)
                .map_err(backend)?
                .ok_or_else(|| StoreError::Backend("install secret missing".into()))
        })?;
        <[u8; 32]>::try_from(v.as_ref()).map_err(|_| StoreError::Corrupt {
            tree: T_META,
            key: "install_secret".into(),
            reason: "not 32 bytes".into(),
        })
    }
}
