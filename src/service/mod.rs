//! Application services: the verbs the HTTP layer and the CLI call. Each takes validated
//! input, applies the rules, and talks to the [`Store`](crate::store::Store).

mod accounts;
#[cfg(test)]
mod accounts_tests;
mod audit;
mod backup;
mod batches;
mod console;
mod console_steps;
mod epcis;
mod gen_cache;
mod inspection;
mod issuance;
mod label_output;
mod label_page;
mod listing;
mod lists;
mod log;
mod office;
mod office_log;
mod passport;
mod passport_list;
mod portfolio;
mod printing;
mod producer_desk;
mod public;
mod registry;
mod scan;
mod scan_buffer;
mod scanned;
mod search;
mod status;
#[cfg(test)]
pub(crate) mod test_app;
mod throttle;
mod timeline;
pub mod token_cache;
mod tokens;
mod totp;
mod trace;
mod verify;

pub use crate::verify::ScanSummary;
pub use accounts::{
    NewAccount, Person, SESSION_IDLE, SETUP_LIFE, SIGN_IN_FAILED, SetupIssued, SignedIn,
};
pub use audit::{BatchHit, BatchSearch, CertificateRow, fold};
pub use backup::BackupOptions;
pub use batches::{BatchView, RecordView};
pub use console::{AccountDirectory, BatchFormFacts, BatchPage, ProducerHome, ProductLine};
pub use console_steps::{PasswordSet, RecallStep, SupersedeStep};
pub use inspection::{
    BatchHistory, LogCheck, ProofFailure, ScanTally, SearchPage, check_inclusion,
};
pub use issuance::{BatchRecord, LabelEntry, LabelPage, MAX_PAGE, RECORD_TYP};
pub use label_output::{RangeOutput, RangeRequest, default_sheet};
pub use label_page::{LabelPageFacts, PinPost};
pub use listing::{ListingCheck, ListingOutcome, normalise_listing};
pub use lists::{BatchFilter, ProductFilter, SubjectFilter};
pub use log::{ConsistencyView, EntryView, InclusionView, MAX_ENTRIES, hex};
pub use office::{
    CloneLine, ExpiringList, OfficeProduct, OfficeSummary, RECENTLY_ENDED_DAYS, ReportLine,
};
pub use office_log::{LogCheck as LogAudit, LogOverview};
pub use passport::{ContentView, MediaFile, PendingDocument, PublicPassport, UPLOADS_PER_WINDOW};
pub use portfolio::{
    CatalogueEntry, CataloguePage, CatalogueQuery, Count, Dashboard, MonthRow, PortfolioIndex,
    ProductEntry, TargetProgress, Targets, cert_on, compute_dashboard,
};
pub use printing::{LabelFormat, PrintJob, PrintNotice};
pub use producer_desk::{Attention, ReportLine as OwnReportLine, SuspectedBatch};
pub use scan::{
    ClaimOutcome, ScanMonth, ScanPolicy, ScanSource, ScanState, is_bot, pin_from_secret,
};
pub use scan_buffer::{ScanBuffer, WRITE_BACK_EVERY};
pub use status::StatusCache;
pub use timeline::{PublicStep, TIMELINE_LIMIT};
pub use tokens::{Authenticated, TokenRequest, system};
pub use totp::{SignInStep, TOTP_STEP, TotpState, matching_step, totp_role};
pub use trace::EPCIS_CONTEXT;
pub use verify::VerifyCache;

use crate::clock::Clock;
use crate::crypto::KeyRing;
use crate::domain::{Denied, DomainError};
use crate::store::{Conflict, Store, StoreError};
use std::sync::Arc;

/// Everything a request needs: store, keys, clock and the public base URL.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub keys: Arc<KeyRing>,
    pub clock: Clock,
    /// Public base of label URLs, without a trailing slash.
    pub base_url: Arc<str>,
    /// Provincial targets for the dashboard.
    pub targets: Arc<Targets>,
    /// Portfolio index and the log size it was built at.
    pub portfolio_cache: Arc<std::sync::Mutex<Option<PortfolioCache>>>,
    /// Clone-detection and PIN thresholds.
    pub scan_policy: ScanPolicy,
    /// Fingerprint secret and rate limits.
    pub scan_state: Arc<ScanState>,
    /// Take the client address from `X-Forwarded-For` (behind a trusted reverse proxy).
    pub trust_forwarded: bool,
    /// Batch facts and checked signatures for the verify path.
    pub verify_cache: Arc<std::sync::Mutex<VerifyCache>>,
    /// Public passports, shared by every unit of a product until the next write.
    pub passport_cache: Arc<gen_cache::GenCache<PublicPassport>>,
    /// Batches' public journeys, likewise.
    pub timeline_cache: Arc<gen_cache::GenCache<Vec<PublicStep>>>,
    /// The last status snapshot built, until the next write.
    pub status_cache: Arc<status::StatusCache>,
    /// The issuer key directory, for backups that include private keys.
    pub keys_dir: Option<std::path::PathBuf>,
    /// Failed console sign-ins, per name and per network, counted in the store.
    pub sign_in_throttle: Arc<throttle::Throttle>,
    /// Bearer tokens read in the last second (see `token_cache.rs`).
    pub token_cache: Arc<token_cache::TokenCache>,
    /// Photo and document uploads, per credential (a stolen token cannot fill the disk fast).
    pub upload_throttle: Arc<throttle::Throttle>,
    /// The province office the public pages tell shoppers to call.
    pub office: Arc<crate::ops::Office>,
    /// Office and inspector accounts must enrol in two-step verification before using the
    /// console (`console_require_totp`).
    pub require_totp: bool,
}

/// A built portfolio index and the log size it reflects.
pub type PortfolioCache = (u64, Arc<PortfolioIndex>);

/// Why a service call did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("{}", .0.message)]
    Conflict(Conflict),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    /// No credentials, or credentials that do not authenticate anyone.
    #[error("{0}")]
    Unauthenticated(String),
    /// Too many attempts (failed sign-ins, uploads); try again after this many seconds.
    #[error("too many attempts; try again in {0} s")]
    Throttled(u64),
    #[error("no active signing key; run `ocop-trace keys rotate` and restart")]
    NoSigningKey,
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Denied> for ServiceError {
    fn from(d: Denied) -> Self {
        Self::Forbidden(d.0)
    }
}

impl From<Conflict> for ServiceError {
    fn from(c: Conflict) -> Self {
        Self::Conflict(c)
    }
}

impl App {
    /// Builds the application state.
    pub fn new(store: Arc<dyn Store>, keys: KeyRing, base_url: &str, clock: Clock) -> Self {
        let sign_in_throttle = Arc::new(throttle::Throttle::Shared(store.clone()));
        Self {
            store,
            keys: Arc::new(keys),
            clock,
            base_url: base_url.trim_end_matches('/').into(),
            targets: Arc::new(Targets::default_targets().clone()),
            portfolio_cache: Arc::default(),
            scan_policy: ScanPolicy::default(),
            scan_state: Arc::default(),
            trust_forwarded: false,
            verify_cache: Arc::default(),
            passport_cache: Arc::default(),
            timeline_cache: Arc::default(),
            status_cache: Arc::default(),
            keys_dir: None,
            sign_in_throttle,
            upload_throttle: Arc::default(),
            token_cache: Arc::default(),
            office: Arc::default(),
            require_totp: false,
        }
    }

    /// Replaces the dashboard targets.
    pub fn with_targets(mut self, targets: Targets) -> Self {
        self.targets = Arc::new(targets);
        self
    }
}
