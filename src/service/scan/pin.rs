//! The scratch-off PIN, a second factor printed under a scratch layer: a batch's secret, each
//! unit's PIN derived from it, and a shopper's claim. Separate because it is the one scan
//! feature that changes a unit's state (claimed, locked).

use super::ScanSource;
use crate::domain::{ClaimState, DomainError};
use crate::service::{App, ServiceError};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

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

impl App {
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
