//! Trust-relevant events, appended to the tamper-evident log in the same transaction as the
//! change they record. See `docs/log-format.md`.
//!
//! [`EventKind`] names every kind of entry; a [`LogEvent`] can only be made by one of its
//! constructors, so the `data` of each kind has one shape, built in one place.

use super::access::{Principal, Role};
use super::account::{Account, AccountId};
use super::{
    Batch, BatchId, Certificate, CertificateId, PrintRun, Product, Recall, Subject, SubjectId,
    TraceEvent,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

mod passport_events;

/// Format of every log leaf.
pub const LOG_ENTRY_FORMAT: &str = "ocop-trace/log-entry/v1";

/// Every kind of log entry. The serde names are the published `kind` strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    KeyAdded,
    KeyStatusChanged,
    TokenCreated,
    TokenRevoked,
    SubjectRegistered,
    ProductRegistered,
    CertificateGranted,
    CertificateUpgraded,
    CertificateDowngraded,
    CertificateRenewed,
    CertificateRevoked,
    #[serde(rename = "potential_5_star_set")]
    Potential5StarSet,
    #[serde(rename = "potential_5_star_cleared")]
    Potential5StarCleared,
    BatchIssued,
    PrintRun,
    BatchRecalled,
    TraceEvent,
    AccountCreated,
    AccountRoleChanged,
    AccountDisabled,
    AccountReset,
    AccountTotpEnabled,
    AccountTotpRemoved,
    ProductContentUpdated,
    DocumentAdded,
    DocumentConfirmed,
    ReportHandled,
}

impl EventKind {
    /// Every kind, in the order `docs/log-format.md` lists them.
    pub const ALL: [EventKind; 27] = [
        Self::KeyAdded,
        Self::KeyStatusChanged,
        Self::TokenCreated,
        Self::TokenRevoked,
        Self::SubjectRegistered,
        Self::ProductRegistered,
        Self::CertificateGranted,
        Self::CertificateUpgraded,
        Self::CertificateDowngraded,
        Self::CertificateRenewed,
        Self::CertificateRevoked,
        Self::Potential5StarSet,
        Self::Potential5StarCleared,
        Self::BatchIssued,
        Self::PrintRun,
        Self::BatchRecalled,
        Self::TraceEvent,
        Self::AccountCreated,
        Self::AccountRoleChanged,
        Self::AccountDisabled,
        Self::AccountReset,
        Self::AccountTotpEnabled,
        Self::AccountTotpRemoved,
        Self::ProductContentUpdated,
        Self::DocumentAdded,
        Self::DocumentConfirmed,
        Self::ReportHandled,
    ];

    /// The published name (`batch_issued`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::KeyAdded => "key_added",
            Self::KeyStatusChanged => "key_status_changed",
            Self::TokenCreated => "token_created",
            Self::TokenRevoked => "token_revoked",
            Self::SubjectRegistered => "subject_registered",
            Self::ProductRegistered => "product_registered",
            Self::CertificateGranted => "certificate_granted",
            Self::CertificateUpgraded => "certificate_upgraded",
            Self::CertificateDowngraded => "certificate_downgraded",
            Self::CertificateRenewed => "certificate_renewed",
            Self::CertificateRevoked => "certificate_revoked",
            Self::Potential5StarSet => "potential_5_star_set",
            Self::Potential5StarCleared => "potential_5_star_cleared",
            Self::BatchIssued => "batch_issued",
            Self::PrintRun => "print_run",
            Self::BatchRecalled => "batch_recalled",
            Self::TraceEvent => "trace_event",
            Self::AccountCreated => "account_created",
            Self::AccountRoleChanged => "account_role_changed",
            Self::AccountDisabled => "account_disabled",
            Self::AccountReset => "account_reset",
            Self::AccountTotpEnabled => "account_totp_enabled",
            Self::AccountTotpRemoved => "account_totp_removed",
            Self::ProductContentUpdated => "product_content_updated",
            Self::DocumentAdded => "document_added",
            Self::DocumentConfirmed => "document_confirmed",
            Self::ReportHandled => "report_handled",
        }
    }

    /// The kind of a published name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who caused an event: a role and a token id (never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Actor {
    /// Serialised by its serde name (`admin`, `producer`, `inspector`).
    pub role: Role,
    pub token_id: String,
}

impl From<&Principal> for Actor {
    fn from(p: &Principal) -> Self {
        Self {
            role: p.role,
            token_id: p.token_id.clone(),
        }
    }
}

/// An event before it has a place in the log. Made only by the constructors below.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogEvent {
    at: DateTime<Utc>,
    actor: Actor,
    kind: EventKind,
    data: Value,
}

/// A log leaf as stored and hashed: its bytes are the compact JSON of this struct, in this
/// field order; the leaf hash is SHA-256(0x00 ‖ bytes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LogLeaf {
    pub format: String,
    pub index: u64,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub kind: EventKind,
    pub data: Value,
}

/// A key's lifecycle status as the log names it (`active`, `retired`, `revoked`).
pub type KeyStatusName = &'static str;

impl LogEvent {
    fn new(at: DateTime<Utc>, who: &Principal, kind: EventKind, data: Value) -> Self {
        Self {
            at,
            actor: who.into(),
            kind,
            data,
        }
    }

    /// When the event happened.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// Who caused it.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Its kind.
    pub fn kind(&self) -> EventKind {
        self.kind
    }

    /// Its kind-specific fields (see `docs/log-format.md`).
    pub fn data(&self) -> &Value {
        &self.data
    }

    /// The leaf this event becomes at `index`.
    pub fn leaf(&self, index: u64) -> LogLeaf {
        LogLeaf {
            format: LOG_ENTRY_FORMAT.into(),
            index,
            at: self.at,
            actor: self.actor.clone(),
            kind: self.kind,
            data: self.data.clone(),
        }
    }

    /// A key first seen in the key set (`changed` false) or whose status changed.
    pub fn key(
        at: DateTime<Utc>,
        who: &Principal,
        changed: bool,
        kid: &str,
        x: &str,
        status: KeyStatusName,
    ) -> Self {
        let kind = if changed {
            EventKind::KeyStatusChanged
        } else {
            EventKind::KeyAdded
        };
        Self::new(at, who, kind, json!({"kid": kid, "x": x, "status": status}))
    }

    /// A token made through the API (`subject_id` is logged, `null` for non-producers).
    pub fn token_created(
        at: DateTime<Utc>,
        who: &Principal,
        token_id: &str,
        role: Role,
        subject_id: Option<SubjectId>,
    ) -> Self {
        let data = json!({"token_id": token_id, "role": role, "subject_id": subject_id});
        Self::new(at, who, EventKind::TokenCreated, data)
    }

    /// The bootstrap admin token made on first start (no `subject_id` member).
    pub fn bootstrap_token_created(
        at: DateTime<Utc>,
        who: &Principal,
        token_id: &str,
        role: Role,
    ) -> Self {
        let data = json!({"token_id": token_id, "role": role});
        Self::new(at, who, EventKind::TokenCreated, data)
    }

    /// A token revoked.
    pub fn token_revoked(at: DateTime<Utc>, who: &Principal, token_id: &str) -> Self {
        Self::new(
            at,
            who,
            EventKind::TokenRevoked,
            json!({"token_id": token_id}),
        )
    }

    /// A person account created. The log is public: it names the account by id and role,
    /// never by its login (often a phone number) or name.
    pub fn account_created(at: DateTime<Utc>, who: &Principal, a: &Account) -> Self {
        let data = json!({"account_id": a.id, "role": a.role, "subject_id": a.subject_id});
        Self::new(at, who, EventKind::AccountCreated, data)
    }

    /// A person account given another role.
    pub fn account_role_changed(
        at: DateTime<Utc>,
        who: &Principal,
        id: AccountId,
        from: Role,
        to: Role,
    ) -> Self {
        let data = json!({"account_id": id, "from": from, "to": to});
        Self::new(at, who, EventKind::AccountRoleChanged, data)
    }

    /// A person account disabled (its sessions end at once).
    pub fn account_disabled(at: DateTime<Utc>, who: &Principal, id: AccountId) -> Self {
        Self::new(
            at,
            who,
            EventKind::AccountDisabled,
            json!({"account_id": id}),
        )
    }

    /// The office marked a shopper's report handled (or open again), with its note.
    pub fn report_handled(
        at: DateTime<Utc>,
        who: &Principal,
        report: u64,
        handled: bool,
        note: Option<&str>,
    ) -> Self {
        Self::new(
            at,
            who,
            EventKind::ReportHandled,
            json!({"report_id": report, "handled": handled, "note": note}),
        )
    }

    /// A new setup link issued for an account (its password must be set again).
    pub fn account_reset(
        at: DateTime<Utc>,
        who: &Principal,
        id: AccountId,
        expires_at: DateTime<Utc>,
    ) -> Self {
        let data = json!({"account_id": id, "expires_at": expires_at});
        Self::new(at, who, EventKind::AccountReset, data)
    }

    /// Two-step verification (TOTP) confirmed for an account.
    pub fn account_totp_enabled(at: DateTime<Utc>, who: &Principal, id: AccountId) -> Self {
        let data = json!({"account_id": id});
        Self::new(at, who, EventKind::AccountTotpEnabled, data)
    }

    /// Two-step verification (TOTP) removed from an account (by its owner or by a reset).
    pub fn account_totp_removed(at: DateTime<Utc>, who: &Principal, id: AccountId) -> Self {
        let data = json!({"account_id": id});
        Self::new(at, who, EventKind::AccountTotpRemoved, data)
    }

    /// A subject registered.
    pub fn subject_registered(at: DateTime<Utc>, who: &Principal, s: &Subject) -> Self {
        let data = json!({"subject_id": s.id, "name": s.name, "kind": s.kind,
            "registration_no": s.registration_no, "address": s.address});
        Self::new(at, who, EventKind::SubjectRegistered, data)
    }

    /// A product registered.
    pub fn product_registered(at: DateTime<Utc>, who: &Principal, p: &Product) -> Self {
        let data = json!({"product_id": p.id, "subject_id": p.subject_id, "name": p.name,
            "group": p.group, "gtin": p.gtin});
        Self::new(at, who, EventKind::ProductRegistered, data)
    }

    /// A first certificate (or one after a revoked one) granted.
    pub fn certificate_granted(at: DateTime<Utc>, who: &Principal, c: &Certificate) -> Self {
        Self::new(at, who, EventKind::CertificateGranted, cert_data(c))
    }

    /// `new` supersedes `prev`: an upgrade, downgrade or renewal by their stars.
    pub fn certificate_superseded(
        at: DateTime<Utc>,
        who: &Principal,
        prev: &Certificate,
        new: &Certificate,
    ) -> Self {
        let kind = match new.star.cmp(&prev.star) {
            std::cmp::Ordering::Greater => EventKind::CertificateUpgraded,
            std::cmp::Ordering::Less => EventKind::CertificateDowngraded,
            std::cmp::Ordering::Equal => EventKind::CertificateRenewed,
        };
        Self::new(at, who, kind, cert_data(new))
    }

    /// A certificate revoked from `date`.
    pub fn certificate_revoked(
        at: DateTime<Utc>,
        who: &Principal,
        id: CertificateId,
        r: &super::Revocation,
    ) -> Self {
        let data = json!({"certificate_id": id, "date": r.date, "reason": r.reason});
        Self::new(at, who, EventKind::CertificateRevoked, data)
    }

    /// The potential-5★ flag of a certificate set or cleared.
    pub fn potential_5_star(
        at: DateTime<Utc>,
        who: &Principal,
        c: &Certificate,
        note: Option<&str>,
    ) -> Self {
        let kind = if c.potential_5_star {
            EventKind::Potential5StarSet
        } else {
            EventKind::Potential5StarCleared
        };
        let data = json!({"certificate_id": c.id, "product_id": c.product_id, "note": note});
        Self::new(at, who, kind, data)
    }

    /// A batch issued; `record_sha256` is the hex SHA-256 of its JWS.
    pub fn batch_issued(
        at: DateTime<Utc>,
        who: &Principal,
        b: &Batch,
        record_sha256: &str,
    ) -> Self {
        let data = json!({
            "batch_id": b.id, "product_id": b.product_id, "subject_id": b.subject_id,
            "certificate_id": b.certificate_id, "gtin": b.gtin, "lot": b.lot,
            "quantity": b.quantity, "kid": b.kid, "record_sha256": record_sha256,
        });
        Self::new(at, who, EventKind::BatchIssued, data)
    }

    /// Labels output for printing.
    pub fn print_run(at: DateTime<Utc>, who: &Principal, run: &PrintRun) -> Self {
        let data = json!({
            "batch_id": run.batch_id, "run_id": run.id, "from": run.from, "to": run.to,
            "format": run.format, "reprint": run.reprint, "stars_printed": run.stars_printed,
        });
        Self::new(at, who, EventKind::PrintRun, data)
    }

    /// A batch recalled.
    pub fn batch_recalled(at: DateTime<Utc>, who: &Principal, id: BatchId, r: &Recall) -> Self {
        let data = json!({"batch_id": id, "date": r.date, "reason": r.reason});
        Self::new(at, who, EventKind::BatchRecalled, data)
    }

    /// A traceability event recorded for a batch.
    pub fn trace_event(at: DateTime<Utc>, who: &Principal, ev: &TraceEvent) -> Self {
        let data = json!({"batch_id": ev.batch_id, "event_id": ev.id, "type": ev.event_type,
            "time": ev.time, "place": ev.place, "supplier": ev.supplier,
            "customer": ev.customer, "inputs": ev.inputs});
        Self::new(at, who, EventKind::TraceEvent, data)
    }

    /// An entry of `kind` with whatever `data` the caller gives, for tests, benchmarks and
    /// published vectors of the log and backup formats themselves. The service never calls
    /// it: every entry it writes comes from one of the constructors above.
    #[doc(hidden)]
    pub fn synthetic(at: DateTime<Utc>, who: &Principal, kind: EventKind, data: Value) -> Self {
        Self::new(at, who, kind, data)
    }
}

fn cert_data(c: &Certificate) -> Value {
    json!({
        "certificate_id": c.id, "product_id": c.product_id, "star": c.star,
        "potential_5_star": c.potential_5_star, "score": c.score, "decision_no": c.decision_no,
        "decision_date": c.decision_date, "issuing_body": c.issuing_body, "level": c.level,
        "valid_until": c.valid_until, "supersedes": c.supersedes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_published_name() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
            let v = serde_json::to_value(k).ok();
            assert_eq!(v.as_ref().and_then(Value::as_str), Some(k.as_str()));
        }
    }

    #[test]
    fn the_kinds_table_in_the_docs_matches_the_enum() {
        let doc = include_str!("../../docs/log-format.md");
        let table = doc
            .split("| `kind` | Appended when | `data` |")
            .nth(1)
            .and_then(|s| s.split("\n\n").next())
            .unwrap_or_default();
        let documented: Vec<&str> = table
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once('`').map(|(k, _)| k))
            .collect();
        for k in EventKind::ALL {
            assert!(
                documented.contains(&k.as_str()),
                "docs/log-format.md does not document the kind `{k}`"
            );
        }
        for k in &documented {
            assert!(
                EventKind::parse(k).is_some(),
                "docs/log-format.md documents `{k}`, which is no event kind"
            );
        }
        assert_eq!(
            documented.len(),
            EventKind::ALL.len(),
            "a kind is listed twice"
        );
    }
}
