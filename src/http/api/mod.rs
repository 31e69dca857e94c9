//! The JSON API (and its CSV and PDF outputs) for producers' systems, inspectors and the
//! office, described by the OpenAPI document.

pub(super) mod admin;
pub(super) mod audit;
pub(super) mod labels;
pub(super) mod log;
pub(super) mod openapi;
pub(super) mod ops;
pub(super) mod passport;
pub(super) mod portfolio;
pub(super) mod producer;
pub(super) mod public;
