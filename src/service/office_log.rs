//! The issuance log and key set as the office's console shows them: the latest signed
//! checkpoint, and a check that reads every entry again, rebuilds the Merkle tree and opens
//! the checkpoint with the key set (the same checks as `ocop-trace log verify`).

use super::{App, ServiceError};
use crate::crypto::{KeyRecord, KeyStatus};
use crate::domain::{Action, Principal};
use crate::tlog::{self, MemoryTree};

/// The issuance log now: its signed checkpoint and what it commits to.
#[derive(Debug)]
pub struct LogOverview {
    pub size: u64,
    pub root: String,
    /// The C2SP signed note, as `/api/v1/log/checkpoint` serves it.
    pub checkpoint: String,
}

/// The result of checking the log from its entries.
#[derive(Debug)]
pub struct LogCheck {
    pub size: u64,
    /// The checkpoint's signature verifies under this key of the key set.
    pub signed_by: Option<String>,
    /// Entries whose bytes no longer hash to the leaf recorded when they were appended.
    pub rewritten: Vec<u64>,
    /// The root recomputed from the entries equals the checkpoint's.
    pub root_matches: bool,
    pub recomputed_root: String,
    pub checkpoint_root: String,
}

impl LogCheck {
    /// True if nothing was found wrong.
    pub fn intact(&self) -> bool {
        self.signed_by.is_some() && self.rewritten.is_empty() && self.root_matches
    }
}

impl App {
    /// The issuer keys the service knows, newest first.
    pub fn office_keys(&self, who: &Principal) -> Result<Vec<KeyRecord>, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let mut keys: Vec<KeyRecord> = self.keys.iter().map(|k| k.record.clone()).collect();
        keys.sort_by_key(|k| std::cmp::Reverse(k.created_at));
        Ok(keys)
    }

    /// The log's latest signed checkpoint.
    pub fn log_overview(&self, who: &Principal) -> Result<LogOverview, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let checkpoint = self.log_checkpoint(None)?;
        let cp = self.open_own_checkpoint(&checkpoint).map(|(cp, _)| cp);
        let (size, root) = match cp {
            Some(cp) => (cp.size, super::hex(&cp.root)),
            None => (self.store.log_size()?, String::new()),
        };
        Ok(LogOverview {
            size,
            root,
            checkpoint,
        })
    }

    /// Opens a checkpoint with any key of the set that is not revoked.
    fn open_own_checkpoint(&self, note: &str) -> Option<(tlog::Checkpoint, String)> {
        let origin = self.log_origin();
        self.keys
            .iter()
            .filter(|k| k.record.status != KeyStatus::Revoked)
            .find_map(|k| {
                tlog::open_checkpoint(note, &origin, &k.verifying.to_bytes())
                    .ok()
                    .map(|cp| (cp, k.record.kid.clone()))
            })
    }

    /// Signs a checkpoint now, then checks it from scratch: the signature under the key set,
    /// every entry's hash against the leaf recorded at append time, and the root recomputed
    /// from the entries against the checkpoint's.
    pub fn verify_log(&self, who: &Principal) -> Result<LogCheck, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let note = self.log_checkpoint(None)?;
        let opened = self.open_own_checkpoint(&note);
        let size = match &opened {
            Some((cp, _)) => cp.size,
            None => self.store.log_size()?,
        };
        let mut tree = MemoryTree::new();
        let mut rewritten = Vec::new();
        let mut start = 0;
        while start < size {
            let end = (start + 4096).min(size);
            for (bytes, recorded) in self.store.log_entries(start, end)? {
                let (index, leaf) = tree.append(&bytes);
                if leaf != recorded && rewritten.len() < 20 {
                    rewritten.push(index);
                }
            }
            start = end;
        }
        let recomputed = tlog::root(&tree, size).unwrap_or(tlog::EMPTY_ROOT);
        let checkpoint_root = opened.as_ref().map(|(cp, _)| cp.root);
        Ok(LogCheck {
            size,
            root_matches: checkpoint_root == Some(recomputed),
            recomputed_root: super::hex(&recomputed),
            checkpoint_root: checkpoint_root.map(|r| super::hex(&r)).unwrap_or_default(),
            signed_by: opened.map(|(_, kid)| kid),
            rewritten,
        })
    }
}
