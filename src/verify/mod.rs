//! Label verification: online (signature + store + today's date) and offline (JWKS only).

mod offline;
mod online;
mod verdict;

pub use offline::{OfflineVerdict, verify_offline};
pub use online::{BatchFacts, CertificateFacts, LabelFacts, Messages, Verdict};
pub use verdict::{Severity, VerdictCode};
