//! The status snapshot's content (`docs/status-snapshot.md`), and how an offline verdict
//! takes it into account: the same precedence as online (key, signature, recall, certificate),
//! with the time the status is as of, and an ended snapshot said rather than trusted.

use super::VerdictCode;
use super::offline::OfflineVerdict;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The JWS `typ` of a status snapshot.
pub const STATUS_TYP: &str = "ocop-status+jwt";

/// How long a snapshot may be trusted after it was made.
pub const STATUS_VALID_DAYS: i64 = 7;

/// The signed content of a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusSnapshot {
    /// The issuer's public base URL (label URLs start with it).
    pub iss: String,
    /// The issuance-log size the snapshot reflects; a newer snapshot has a larger one.
    pub seq: u64,
    pub generated_at: DateTime<Utc>,
    /// After this instant the snapshot says nothing (verifiers must say so).
    pub valid_until: DateTime<Utc>,
    /// Every issuer key with its status (`active`, `retired`, `revoked`).
    pub keys: Vec<KeyLine>,
    /// Batches a verdict must not call genuine, by the identity their labels sign.
    pub batches: Vec<BatchLine>,
}

/// A key's status in a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyLine {
    pub kid: String,
    pub status: String,
}

/// A batch whose labels are no longer genuine, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchLine {
    /// The batch identity as label messages carry it: `01/{gtin}/10/{lot}` or `batch/{id}`.
    pub batch: String,
    /// `batch_recalled` or `certificate_revoked` (the verdict codes they lead to).
    pub status: String,
    /// The day the recall or revocation took effect.
    pub date: chrono::NaiveDate,
    pub reason: String,
}

/// Adds what `status` knows to an offline verdict of a label of batch `identity` signed by
/// key `kid`, judged at `now`.
pub fn apply_status(
    mut v: OfflineVerdict,
    identity: &str,
    kid: &str,
    status: &StatusSnapshot,
    now: DateTime<Utc>,
) -> OfflineVerdict {
    if now > status.valid_until {
        v.reason = format!(
            "{}; the status snapshot ended on {}: recall and revocation were not checked",
            v.reason,
            status.valid_until.format("%Y-%m-%d %H:%M UTC")
        );
        return v;
    }
    v.status_as_of = Some(status.generated_at);
    if !v.code.signature_valid() {
        return v;
    }
    let as_of = status.generated_at.format("%Y-%m-%d %H:%M UTC");
    if status
        .keys
        .iter()
        .any(|k| k.kid == kid && k.status == "revoked")
    {
        v.code = VerdictCode::KeyRevoked;
        v.reason = format!("key {kid} is revoked (status as of {as_of})");
        return v;
    }
    if let Some(line) = status.batches.iter().find(|b| b.batch == identity) {
        let (code, what) = match line.status.as_str() {
            "batch_recalled" => (VerdictCode::BatchRecalled, "recalled"),
            _ => (VerdictCode::CertificateRevoked, "certificate revoked"),
        };
        v.code = code;
        v.reason = format!(
            "{what} on {}: {} (status as of {as_of})",
            line.date, line.reason
        );
        return v;
    }
    v.reason = format!("{} (status as of {as_of})", v.reason);
    v
}
