//! Unit labels: the signed message each unit carries and the URL that the QR code holds.
//! The grammar is specified in `docs/label-format.md`; vectors live in
//! `fixtures/vectors/labels.json`.

pub mod bulk;
mod message;
mod url;

pub use message::{LabelClaims, LabelIdentity, UnitLabel};
pub use url::{LabelError, SignedLabel};

/// The version in every label URL (`v=1`) and in the signed message's first line.
pub const FORMAT_VERSION: u8 = 1;

/// Domain separator: the first line of every signed label message.
pub const DOMAIN: &str = "ocop-trace/label/v1";
