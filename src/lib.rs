//! ocop-trace: signed traceability records and verifiable QR labels for Vietnam's OCOP
//! ("One Commune One Product") programme.
//!
//! A map of the crate, from the inside out:
//! - [`domain`]: pure types and rules (subjects, products, certificates, batches, GTINs,
//!   lots, stars, competence by decree). No I/O.
//! - [`crypto`]: issuer keys (`keys/`), JWKS, JWS batch records. Only place with private keys.
//! - [`label`]: the signed unit-label message and the label URL (GS1 Digital Link).
//! - [`store`]: the [`store::Store`] trait in domain verbs and its sled implementation.
//! - [`service`]: the application verbs ([`service::App`]) that HTTP and CLI call.
//! - [`verify`]: verdicts, online (store-backed) and offline (JWKS-only) verification.
//! - [`http`]: the axum router; every route is listed in [`http::build_router`].
//! - [`startup`]: wiring for `serve`; [`cli`]: the command line.

pub mod access;
pub mod backup;
pub mod cli;
pub mod clock;
pub mod crypto;
pub mod demo;
pub mod domain;
pub mod http;
pub mod label;
pub mod ops;
pub mod render;
pub mod service;
pub mod startup;
pub mod store;
pub mod tlog;
pub mod verify;
