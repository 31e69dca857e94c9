//! Every sentence a person reads on a page, Vietnamese and English side by side, kept in one
//! file per audience (shared, public, and the console's four desks). Each file's macro adds
//! its entries and passes them on; the last builds one [`Catalogue`]. A missing translation
//! is a compile error (an entry without both strings does not parse), and so is a key two
//! files define.
//! `{}` marks where [`crate::http::kit::i18n::fill`] puts a number, a date or a name.

use crate::domain::DocumentKind;
use crate::domain::{CertStatus, SubjectKind};
use crate::verify::VerdictCode;

#[macro_use]
mod shared;
#[macro_use]
mod public;
#[macro_use]
mod console_access;
#[macro_use]
mod console_producer;
#[macro_use]
mod console_office;
#[macro_use]
mod console_inspector;

/// The last link of the chain: every entry, from every file, becomes a field of one struct.
macro_rules! catalogue {
    (; $($key:ident: $vi:literal, $en:literal;)*) => {
        /// The interface in one language; one field per sentence or label.
        #[derive(Debug)]
        pub struct Catalogue {
            $(#[doc = $en] pub $key: &'static str,)*
        }
        /// Tiếng Việt.
        pub const VI: Catalogue = Catalogue { $($key: $vi,)* };
        /// English.
        pub const EN: Catalogue = Catalogue { $($key: $en,)* };
    };
}

shared_words!(public_words, console_access_words, console_producer_words, console_office_words, console_inspector_words, catalogue;);

/// The sentence for each certificate status.
pub fn cert_status(t: &Catalogue, s: CertStatus) -> &'static str {
    match s {
        CertStatus::Active => t.cert_active,
        CertStatus::Expiring => t.cert_expiring,
        CertStatus::Expired => t.cert_expired,
        CertStatus::Revoked => t.cert_revoked,
        CertStatus::Superseded => t.cert_superseded,
    }
}

/// The name of a producer's legal form.
pub fn subject_kind(t: &Catalogue, k: SubjectKind) -> &'static str {
    match k {
        SubjectKind::Company => t.kind_company,
        SubjectKind::Enterprise => t.kind_enterprise,
        SubjectKind::Cooperative => t.kind_cooperative,
        SubjectKind::CooperativeGroup => t.kind_cooperative_group,
        SubjectKind::HouseholdBusiness => t.kind_household,
    }
}

/// Why a verdict came out as it did (the page's replacement for the API's `detail`).
pub fn why(t: &Catalogue, c: VerdictCode) -> &'static str {
    match c {
        VerdictCode::Genuine => t.why_genuine,
        VerdictCode::CertificateExpiring => t.why_certificate_expiring,
        VerdictCode::CertificateExpired => t.why_certificate_expired,
        VerdictCode::CertificateRevoked => t.why_certificate_revoked,
        VerdictCode::BatchRecalled => t.why_batch_recalled,
        VerdictCode::ProductExpired => t.why_product_expired,
        VerdictCode::CloneSuspected => t.why_clone_suspected,
        VerdictCode::BadSignature => t.why_bad_signature,
        VerdictCode::UnknownKey => t.why_unknown_key,
        VerdictCode::KeyRevoked => t.why_key_revoked,
        VerdictCode::UnknownBatch => t.why_unknown_batch,
        VerdictCode::SerialOutOfRange => t.why_serial_out_of_range,
        VerdictCode::Malformed => t.why_malformed,
    }
}

/// The verdict page's headline for each verdict.
pub fn headline(t: &Catalogue, c: VerdictCode) -> &'static str {
    match c {
        VerdictCode::Genuine => t.head_genuine,
        VerdictCode::CertificateExpiring => t.head_certificate_expiring,
        VerdictCode::CertificateExpired => t.head_certificate_expired,
        VerdictCode::CertificateRevoked => t.head_certificate_revoked,
        VerdictCode::BatchRecalled => t.head_batch_recalled,
        VerdictCode::ProductExpired => t.head_product_expired,
        VerdictCode::CloneSuspected => t.head_clone_suspected,
        VerdictCode::BadSignature => t.head_bad_signature,
        VerdictCode::UnknownKey => t.head_unknown_key,
        VerdictCode::KeyRevoked => t.head_key_revoked,
        VerdictCode::UnknownBatch => t.head_unknown_batch,
        VerdictCode::SerialOutOfRange => t.head_serial_out_of_range,
        VerdictCode::Malformed => t.head_malformed,
    }
}

/// A verdict's short name, from its stable code (the dashboard's tally keeps codes).
pub fn short_verdict(t: &Catalogue, code: &str) -> &'static str {
    let Some(c) = VerdictCode::ALL.into_iter().find(|c| c.as_str() == code) else {
        return t.short_other;
    };
    match c {
        VerdictCode::Genuine => t.short_genuine,
        VerdictCode::CertificateExpiring => t.short_certificate_expiring,
        VerdictCode::CertificateExpired => t.short_certificate_expired,
        VerdictCode::CertificateRevoked => t.short_certificate_revoked,
        VerdictCode::BatchRecalled => t.short_batch_recalled,
        VerdictCode::ProductExpired => t.short_product_expired,
        VerdictCode::CloneSuspected => t.short_clone_suspected,
        VerdictCode::BadSignature => t.short_bad_signature,
        VerdictCode::UnknownKey => t.short_unknown_key,
        VerdictCode::KeyRevoked => t.short_key_revoked,
        VerdictCode::UnknownBatch => t.short_unknown_batch,
        VerdictCode::SerialOutOfRange => t.short_serial_out_of_range,
        VerdictCode::Malformed => t.short_malformed,
    }
}

/// A role in words.
pub fn role_name(t: &Catalogue, r: crate::domain::Role) -> &'static str {
    use crate::domain::Role;
    match r {
        Role::Admin => t.role_admin,
        Role::OfficeStaff => t.role_office_staff,
        Role::Inspector => t.role_inspector,
        Role::ProducerManager => t.role_producer_manager,
        Role::ProducerStaff => t.role_producer_staff,
        Role::Producer => t.role_producer,
    }
}

/// A dashboard target's status in words.
pub fn target_status(t: &Catalogue, status: &str) -> &'static str {
    match status {
        "met" => t.target_met,
        "on_track" => t.target_on_track,
        "behind" => t.target_behind,
        _ => t.target_missed,
    }
}

/// The catalogue's name of a document kind.
pub fn kind_name(t: &'static Catalogue, k: DocumentKind) -> &'static str {
    match k {
        DocumentKind::FoodSafetyCertificate => t.pp_kind_food_safety,
        DocumentKind::DeclarationOfConformity => t.pp_kind_declaration,
        DocumentKind::TestReport => t.pp_kind_test_report,
    }
}
