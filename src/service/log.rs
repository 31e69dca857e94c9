//! The public, tamper-evident issuance log: checkpoints, entries and proofs.

use super::{App, ServiceError};
use crate::domain::DomainError;
use crate::tlog::{self, Checkpoint, Hash};
use serde::Serialize;

/// Most entries one request returns.
pub const MAX_ENTRIES: u64 = 1000;

/// Hex of a hash.
pub fn hex(h: &[u8]) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// One entry as served.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct EntryView {
    pub index: u64,
    /// SHA-256(0x00 ‖ entry) as recorded in the tree, hex.
    pub leaf_hash: String,
    /// The exact entry bytes (compact JSON), to hash as they are.
    pub entry: String,
}

/// An inclusion proof.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct InclusionView {
    pub index: u64,
    pub size: u64,
    pub leaf_hash: String,
    pub root: String,
    pub proof: Vec<String>,
}

/// A consistency proof.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ConsistencyView {
    pub from: u64,
    pub to: u64,
    pub root_from: String,
    pub root_to: String,
    pub proof: Vec<String>,
}

fn range_err(msg: String) -> ServiceError {
    DomainError::InvalidLogRange(msg).into()
}

impl App {
    /// The checkpoint origin (and signer name): the public host plus `/log`.
    pub fn log_origin(&self) -> String {
        let base = self.base_url.split("://").nth(1).unwrap_or(&self.base_url);
        format!("{}/log", base.trim_end_matches('/'))
    }

    fn root_at(&self, size: u64) -> Result<Hash, ServiceError> {
        if size == 0 {
            return Ok(tlog::EMPTY_ROOT);
        }
        Ok(self.store.log_root(size)?)
    }

    fn check_size(&self, size: u64) -> Result<u64, ServiceError> {
        let current = self.store.log_size()?;
        if size > current {
            return Err(range_err(format!(
                "the log has {current} entries, not {size}"
            )));
        }
        Ok(current)
    }

    /// A signed checkpoint (C2SP signed note) for `size` entries (default: all).
    pub fn log_checkpoint(&self, size: Option<u64>) -> Result<String, ServiceError> {
        let current = self.store.log_size()?;
        let size = size.unwrap_or(current);
        self.check_size(size)?;
        let signer = self.keys.active().ok_or(ServiceError::NoSigningKey)?;
        let cp = Checkpoint {
            origin: self.log_origin(),
            size,
            root: self.root_at(size)?,
        };
        let pk = signer.verifying.to_bytes();
        tlog::sign_checkpoint(&cp, &cp.origin, &pk, |m| signer.sign(m))
            .ok_or(ServiceError::NoSigningKey)
    }

    /// Entries `[start, end)`, at most [`MAX_ENTRIES`].
    pub fn log_entries(
        &self,
        start: u64,
        end: Option<u64>,
    ) -> Result<Vec<EntryView>, ServiceError> {
        let current = self.store.log_size()?;
        let end = end
            .unwrap_or(current)
            .min(start.saturating_add(MAX_ENTRIES));
        if start > end || end > current {
            return Err(range_err(format!(
                "entries {start}..{end} are not within the log's {current}"
            )));
        }
        Ok(self
            .store
            .log_entries(start, end)?
            .into_iter()
            .zip(start..)
            .map(|((bytes, leaf), index)| EntryView {
                index,
                leaf_hash: hex(&leaf),
                entry: String::from_utf8_lossy(&bytes).into_owned(),
            })
            .collect())
    }

    /// Inclusion proof of entry `index` in the tree of `size` (default: all).
    pub fn log_inclusion(
        &self,
        index: u64,
        size: Option<u64>,
    ) -> Result<InclusionView, ServiceError> {
        let current = self.store.log_size()?;
        let size = size.unwrap_or(current);
        self.check_size(size)?;
        if index >= size {
            return Err(range_err(format!(
                "entry {index} is not in a log of {size}"
            )));
        }
        let (_, leaf) = self
            .store
            .log_entries(index, index + 1)?
            .pop()
            .ok_or_else(|| range_err(format!("no entry {index}")))?;
        Ok(InclusionView {
            index,
            size,
            leaf_hash: hex(&leaf),
            root: hex(&self.root_at(size)?),
            proof: self
                .store
                .log_inclusion(index, size)?
                .iter()
                .map(|h| hex(h))
                .collect(),
        })
    }

    /// Consistency proof from `from` entries to `to` (default: all).
    pub fn log_consistency(
        &self,
        from: u64,
        to: Option<u64>,
    ) -> Result<ConsistencyView, ServiceError> {
        let current = self.store.log_size()?;
        let to = to.unwrap_or(current);
        self.check_size(to)?;
        if from == 0 || from > to {
            return Err(range_err(format!(
                "a consistency proof needs 0 < from ≤ to, got {from}..{to}"
            )));
        }
        let proof = if from == to {
            Vec::new()
        } else {
            self.store.log_consistency(from, to)?
        };
        Ok(ConsistencyView {
            from,
            to,
            root_from: hex(&self.root_at(from)?),
            root_to: hex(&self.root_at(to)?),
            proof: proof.iter().map(|h| hex(h)).collect(),
        })
    }
}
