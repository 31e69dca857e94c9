//! Trust-relevant events, appended to the tamper-evident log in the same transaction as the
//! change they record. See `docs/log-format.md`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Format of every log leaf.
pub const LOG_ENTRY_FORMAT: &str = "ocop-trace/log-entry/v1";

/// Who caused an event: a role and a token id (never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Actor {
    pub role: String,
    pub token_id: String,
}

/// An event before it has a place in the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEvent {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// e.g. `subject_registered`, `certificate_revoked`, `batch_issued`.
    pub kind: String,
    pub data: serde_json::Value,
}

/// A log leaf as stored and hashed: its bytes are the compact JSON of this struct, in this
/// field order; the leaf hash is SHA-256(0x00 ‖ bytes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LogLeaf {
    pub format: String,
    pub index: u64,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub kind: String,
    pub data: serde_json::Value,
}

impl LogEvent {
    /// The leaf this event becomes at `index`.
    pub fn leaf(&self, index: u64) -> LogLeaf {
        LogLeaf {
            format: LOG_ENTRY_FORMAT.into(),
            index,
            at: self.at,
            actor: self.actor.clone(),
            kind: self.kind.clone(),
            data: self.data.clone(),
        }
    }
}
