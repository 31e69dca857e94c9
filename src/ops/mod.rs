//! Operating the service: store examination (`doctor`), copies between stores, and
//! configuration files.

pub mod config;
pub mod copy;
pub mod doctor;
pub mod office;

pub use office::Office;
