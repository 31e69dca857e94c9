//! Integration tests: one binary; each test starts the real server on 127.0.0.1:0 over a
//! temp sled directory and talks HTTP to it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod audit;
mod cli;
mod crash;
mod flow;
mod helpers;
mod labels;
mod log;
mod ops;
mod pages;
mod portfolio;
mod props;
mod python;
mod screens;
mod shopper;
mod snapshots;
mod validation;
mod vectors;
