//! Label verification: online (signature + store + today's date) and offline (JWKS only).

mod offline;
mod online;
mod verdict;

pub use offline::{OfflineVerdict, verify_offline};
pub use online::{
    BatchContext, BatchFacts, CertificateFacts, LabelFacts, Messages, Verdict, VerifyCache,
};
pub use verdict::{Severity, VerdictCode};
