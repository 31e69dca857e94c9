//! The province's OCOP portfolio: dashboard counts as of any date, progress against targets,
//! and the public catalogue. Computed from an in-memory index of the store that is rebuilt
//! whenever the log grows (every write appends to the log, so its size is a generation).
//!
//! One file per concern:
//! - [`index`]: the in-memory index ([`PortfolioIndex`]), built from the store (`portfolio`);
//! - [`update`]: bringing a cached index up to date from the log entries appended since;
//! - [`dashboard`]: the counts as of a day ([`Dashboard`], [`compute_dashboard`]);
//! - [`targets`]: the province's targets and progress against them ([`Targets`]);
//! - [`catalogue`]: the public catalogue of certified products ([`CataloguePage`]).
//!
//! The index is the part that must be fast and correct under concurrent writes; the
//! dashboard and catalogue are read-only views of it, and the targets are configuration.

mod catalogue;
mod dashboard;
mod index;
mod targets;
mod update;

pub use catalogue::{CatalogueEntry, CataloguePage, CatalogueQuery};
pub use dashboard::{Count, Dashboard, MonthRow, compute_dashboard};
pub use index::{PortfolioIndex, ProductEntry};
pub use targets::{TargetProgress, Targets};

use crate::domain::Certificate;
use chrono::NaiveDate;

/// The certificate in force for a product on `day`: decided by then and not yet superseded.
pub fn cert_on(certs: &[Certificate], day: NaiveDate) -> Option<&Certificate> {
    Certificate::in_force(certs, day)
}
