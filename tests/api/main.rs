//! Integration tests: one binary; each test starts the real server on 127.0.0.1:0 over a
//! temp sled directory and talks HTTP to it.
#![expect(
    clippy::unwrap_used,
    reason = "tests and benchmarks fail loudly on any unexpected error"
)]

mod access;
mod audit;
mod axe;
mod backup_vectors;
mod cli;
mod clones;
mod conform_jose;
mod conform_record;
mod conform_render;
mod console;
mod console_inspector;
mod console_office;
mod console_producer;
mod console_support;
mod content;
mod content_console;
mod crash;
mod e2e;
mod epcis;
mod flow;
mod helpers;
mod instance_credentials;
mod instances;
mod labels;
mod lists;
mod log;
mod openapi;
mod ops;
mod pages;
mod passport;
mod people;
mod pg_fault;
mod pg_schema;
mod portfolio;
mod props;
mod public_face;
mod python;
mod screens;
mod shopper;
mod snapshots;
mod status;
mod store_backup;
mod store_copy;
mod store_corrupt;
mod totp;
mod validation;
mod vectors;
mod verdict_states;
