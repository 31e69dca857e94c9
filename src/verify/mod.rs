//! Label verification. [`judge`] is the verdict as a pure function of the facts; the store
//! and cache glue that gathers them online lives in `service::verify`, and
//! [`verify_offline`] gathers them from a JWKS alone.

mod facts;
mod judge;
mod offline;
mod status;
mod verdict;

pub use facts::{
    BatchContext, BatchFacts, CertificateFacts, LabelFacts, Messages, ProductFacts, SubjectFacts,
    Verdict,
};
pub use judge::{BatchKnowledge, Facts, KeyState, PRECEDENCE, ScanEvidence, ScanSummary, judge};
pub use offline::{OfflineVerdict, verify_offline};
pub use status::{BatchLine, KeyLine, STATUS_TYP, STATUS_VALID_DAYS, StatusSnapshot, apply_status};
pub use verdict::{Severity, VerdictCode};

#[cfg(test)]
mod tests;
