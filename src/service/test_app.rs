//! The application over a temporary store, for unit tests of verbs and views: one place, so
//! each test names only what it needs (a signing key, the demo portfolio).

use super::App;
use crate::clock::Clock;
use crate::crypto::{Issuer, KeyRing, KeyStatus};
use crate::store::testing::TempStore;

/// The application over `temp`, with an active signing key made from `seed` when given
/// (without one, batches cannot be issued).
pub fn app(temp: &TempStore, seed: Option<u8>) -> App {
    let keys = seed
        .map(|s| {
            let signing = ed25519_dalek::SigningKey::from_bytes(&[s; 32]);
            vec![Issuer::from_signing_key(signing, KeyStatus::Active)]
        })
        .unwrap_or_default();
    App::new(
        temp.store(),
        KeyRing::new(keys),
        "https://x.test",
        Clock::default(),
    )
}
