//! Pure domain types: no I/O, no HTTP, no storage. Raw input becomes these types through
//! `parse`/`into_*` constructors, so a value of a domain type is valid by construction.

pub mod access;
mod account;
mod batch;
mod certificate;
mod error;
mod event;
mod gtin;
mod handling;
mod label_fields;
mod lot;
mod passport;
mod product;
mod rules;
mod scan;
mod star;
mod subject;
pub mod text;
mod trace;

pub use access::{Action, Denied, Principal, Role};
pub use account::{
    Account, AccountId, CodeStep, PASSWORD_MAX, PASSWORD_MIN, Session, SetupLink, TotpRecord,
    check_password, credential_id, parse_login,
};
pub use batch::{Batch, BatchFacts, BatchId, MAX_QUANTITY, NewBatch, Origin, PrintRun, Recall};
pub use certificate::{
    CertStatus, Certificate, CertificateId, NewCertificate, Revocation, default_valid_until,
};
pub use error::DomainError;
pub use event::{Actor, EventKind, LOG_ENTRY_FORMAT, LogEvent, LogLeaf};
pub use gtin::{Gln, Gtin};
pub use handling::ReportHandling;
pub use label_fields::{FieldSource, LabelField, LabelRules};
pub use lot::{LOT_MAX_LEN, Lot, is_cset82};
pub use passport::{
    Confirmation, ContentInput, Document, DocumentId, DocumentKind, MAX_PHOTOS, Media, NewDocument,
    Photo, ProductContent, UPLOAD_LIMIT,
};
pub use product::{GreenChain, NewProduct, Product, ProductId};
pub use rules::{Group, Rules, SubGroup};
pub use scan::{ClaimState, MAX_SOURCES, Report, ScanStats};
pub use star::{IssuingLevel, Star};
pub use subject::{
    Address, ChannelKind, Contact, NewSubject, SalesChannel, Subject, SubjectId, SubjectKind,
    check_url,
};
pub use trace::{InputLot, NewTraceEvent, Party, Place, TraceEvent, TraceEventType};
