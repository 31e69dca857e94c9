//! Offline verification: a label URL and a JWKS, nothing else.

use super::{BatchKnowledge, Facts, KeyState, VerdictCode, judge};
use crate::crypto::{KeyRing, KeyStatus};
use crate::label::SignedLabel;
use chrono::NaiveDate;
use serde::Serialize;

/// What an offline check can tell.
#[derive(Debug, Clone, Serialize)]
pub struct OfflineVerdict {
    pub code: VerdictCode,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<super::LabelFacts>,
    /// When a status snapshot was taken into account: the time its status is as of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_as_of: Option<chrono::DateTime<chrono::Utc>>,
}

/// Checks the signature of `url` against `ring` and judges the offline claims on `today`.
/// Store-backed verdicts (recall, revocation, batch existence) need the online check.
pub fn verify_offline(ring: &KeyRing, url: &str, today: NaiveDate) -> OfflineVerdict {
    let parsed = SignedLabel::parse_url(url);
    let key = parsed.as_ref().ok().and_then(|s| ring.get(&s.label.kid));
    let facts = Facts {
        key: match key {
            None => KeyState::Unknown,
            Some(k) if k.record.status == KeyStatus::Revoked => KeyState::Revoked,
            Some(_) => KeyState::Trusted,
        },
        batch: BatchKnowledge::Offline,
        signature_ok: match (&parsed, key) {
            (Ok(s), Some(k)) => k.check(&s.label.message(), &s.sig),
            _ => false,
        },
    };
    let v = judge(parsed.as_ref(), &facts, today, None);
    OfflineVerdict {
        code: v.code,
        reason: v.detail,
        label: v.label,
        status_as_of: None,
    }
}
