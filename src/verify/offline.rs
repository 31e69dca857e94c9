//! Offline verification: a label URL and a JWKS, nothing else.

use super::VerdictCode;
use crate::crypto::{KeyRing, KeyStatus};
use crate::domain::Rules;
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
}

/// Checks the signature of `url` against `ring` and judges the offline claims on `today`.
/// Store-backed verdicts (recall, revocation, batch existence) need the online check.
pub fn verify_offline(ring: &KeyRing, url: &str, today: NaiveDate) -> OfflineVerdict {
    let signed = match SignedLabel::parse_url(url) {
        Ok(s) => s,
        Err(e) => {
            return OfflineVerdict {
                code: VerdictCode::Malformed,
                reason: e.to_string(),
                label: None,
            };
        }
    };
    let facts = Some(super::LabelFacts::from_label(&signed.label));
    let verdict = |code, reason: String| OfflineVerdict {
        code,
        reason,
        label: facts.clone(),
    };
    let kid = &signed.label.kid;
    let Some(key) = ring.get(kid) else {
        return verdict(
            VerdictCode::UnknownKey,
            format!("key {kid} is not in the JWKS"),
        );
    };
    if key.record.status == KeyStatus::Revoked {
        return verdict(VerdictCode::KeyRevoked, format!("key {kid} is revoked"));
    }
    if !key.check(&signed.label.message(), &signed.sig) {
        return verdict(
            VerdictCode::BadSignature,
            "the signature does not match the label's content".into(),
        );
    }
    let until = signed.label.claims.valid_until;
    if today > until {
        return verdict(
            VerdictCode::CertificateExpired,
            format!("signature valid; the certificate claimed by the label ended on {until}"),
        );
    }
    if (until - today).num_days() <= Rules::get().expiring_window_days {
        return verdict(
            VerdictCode::CertificateExpiring,
            format!("signature valid; the certificate ends on {until}"),
        );
    }
    verdict(
        VerdictCode::Genuine,
        format!("signature valid (key {kid}); certificate valid until {until}"),
    )
}
