//! Operating the service: store examination (`doctor`) and configuration files.

pub mod config;
pub mod doctor;
pub mod office;

pub use office::Office;
