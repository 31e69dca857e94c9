//! The web kit every room shares: language and the message catalogue, extractors, the
//! responder and page shell, errors, uploads, streamed outputs, limits and metrics. It
//! depends on no room.

pub(super) mod catalogue;
pub(super) mod error;
pub(super) mod extract;
pub(super) mod i18n;
pub(super) mod limit;
pub(super) mod metrics;
pub(super) mod office;
pub(super) mod outage;
pub(super) mod respond;
pub(super) mod session;
pub(super) mod stream;
pub(super) mod upload;
