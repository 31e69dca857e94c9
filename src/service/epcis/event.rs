//! One EPCIS event as we emit it, written out both as JSON-LD and as the pre-hash string of
//! the CBV 2.0 event hash (docs/epcis.md, "Event ids"). Both come from the same fields, so
//! the id always names exactly the event it is attached to.

use super::OCOP_NS;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// Every event happens in Vietnam.
pub const TIME_ZONE_OFFSET: &str = "+07:00";
/// CBV web vocabulary, for the bare bizStep, disposition and source/destination type names.
const CBV: &str = "https://ref.gs1.org/cbv/";
/// The XML namespace of CBV master data attributes, as the event hash writes ILMD keys.
const CBVMDA_NS: &str = "urn:epcglobal:cbv:mda";

/// A quantity element: a count of units (no unit of measure) or kilograms.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub class: String,
    pub amount: Option<Amount>,
}

/// How much of a class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    Units(u32),
    Kg(f64),
}

/// The two event types we emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Transformation,
}

/// One event's fields, in the canonical property order of the event hash.
#[derive(Debug, Clone)]
pub struct Event {
    pub kind: Kind,
    pub time: DateTime<Utc>,
    pub record_time: DateTime<Utc>,
    /// An ObjectEvent about no identified object (a harvest that names no lot).
    pub empty_epc_list: bool,
    pub quantities: Vec<Quantity>,
    pub inputs: Vec<Quantity>,
    pub outputs: Vec<Quantity>,
    pub action: Option<&'static str>,
    pub transformation_id: Option<String>,
    pub biz_step: &'static str,
    pub disposition: Option<&'static str>,
    pub read_point: Option<String>,
    /// (CBV source/destination type, party id)
    pub sources: Vec<(&'static str, String)>,
    pub destinations: Vec<(&'static str, String)>,
    /// CBV master data attributes (`cbvmda:` local names).
    pub ilmd: Vec<(&'static str, String)>,
    /// Our extension terms (`ocop:` local names).
    pub extensions: Vec<(&'static str, String)>,
}

/// Timestamps at millisecond precision in UTC, as the event hash wants them; the JSON uses
/// the same text so that any implementation of the hash reads the same instant.
pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Amount {
    fn json(self) -> Value {
        match self {
            Self::Units(n) => json!(n),
            Self::Kg(kg) => json!(kg),
        }
    }

    /// Rule 6 of the hash: no trailing zeros (1200.0 kg is "1200").
    fn canonical(self) -> String {
        match self {
            Self::Units(n) => n.to_string(),
            Self::Kg(kg) if kg.fract() == 0.0 && kg.abs() < 1e15 => format!("{kg:.0}"),
            Self::Kg(kg) => kg.to_string(),
        }
    }

    fn uom(self) -> Option<&'static str> {
        match self {
            Self::Units(_) => None,
            Self::Kg(_) => Some("KGM"),
        }
    }
}

impl Quantity {
    fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("epcClass".into(), json!(self.class));
        if let Some(a) = self.amount {
            m.insert("quantity".into(), a.json());
            if let Some(u) = a.uom() {
                m.insert("uom".into(), json!(u));
            }
        }
        Value::Object(m)
    }

    fn pre_hash(&self) -> String {
        let mut s = format!("quantityElementepcClass={}", self.class);
        if let Some(a) = self.amount {
            s.push_str(&format!("quantity={}", a.canonical()));
            if let Some(u) = a.uom() {
                s.push_str(&format!("uom={u}"));
            }
        }
        s
    }
}

fn quantities(list: &[Quantity]) -> Value {
    Value::Array(list.iter().map(Quantity::json).collect())
}

/// `key=value` with surrounding whitespace trimmed (rule 5); a value that trims to nothing
/// leaves the key alone.
fn kv(key: &str, value: &str) -> String {
    match value.trim() {
        "" => key.to_owned(),
        v => format!("{key}={v}"),
    }
}

/// A list element: its name, then its children sorted (rules 10–12), or nothing if empty.
fn list(name: &str, mut items: Vec<String>) -> String {
    if items.is_empty() {
        return String::new();
    }
    items.sort();
    format!("{name}{}", items.concat())
}

impl Event {
    /// The pre-hash string (CBV 2.0 event hash; the subset of fields we emit).
    pub fn pre_hash(&self) -> String {
        let mut s = kv("eventType", self.type_name());
        s += &kv("eventTime", &time_text(self.time));
        s += &kv("eventTimeZoneOffset", TIME_ZONE_OFFSET);
        let q = |l: &[Quantity]| l.iter().map(Quantity::pre_hash).collect::<Vec<_>>();
        s += &list("quantityList", q(&self.quantities));
        s += &list("inputQuantityList", q(&self.inputs));
        s += &list("outputQuantityList", q(&self.outputs));
        if let Some(a) = self.action {
            s += &kv("action", a);
        }
        if let Some(t) = &self.transformation_id {
            s += &kv("transformationID", t);
        }
        s += &kv("bizStep", &format!("{CBV}BizStep-{}", self.biz_step));
        if let Some(d) = self.disposition {
            s += &kv("disposition", &format!("{CBV}Disp-{d}"));
        }
        if let Some(r) = &self.read_point {
            s += &format!("readPoint{}", kv("id", r));
        }
        // Both reference implementations (GS1's epcis-event-hash-generator and epcis2.js)
        // put the type before the party id; we follow them so partners get our ids.
        let party = |key: &str, l: &[(&str, String)]| {
            l.iter()
                .map(|(t, id)| format!("{}{}", kv("type", &format!("{CBV}SDT-{t}")), kv(key, id)))
                .collect::<Vec<_>>()
        };
        s += &list("sourceList", party("source", &self.sources));
        s += &list("destinationList", party("destination", &self.destinations));
        let ns = |ns: &str, l: &[(&str, String)]| {
            l.iter()
                .map(|(k, v)| kv(&format!("{{{ns}}}{k}"), v))
                .collect::<Vec<_>>()
        };
        s += &list("ilmd", ns(CBVMDA_NS, &self.ilmd));
        let mut ext = ns(OCOP_NS, &self.extensions);
        ext.sort();
        s += &ext.concat();
        s
    }

    /// The event id: `ni:///sha-256;{hex digest of the pre-hash}?ver=CBV2.0` (RFC 6920).
    pub fn id(&self) -> String {
        let digest = Sha256::digest(self.pre_hash().as_bytes());
        format!("ni:///sha-256;{}?ver=CBV2.0", crate::service::hex(&digest))
    }

    fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Object => "ObjectEvent",
            Kind::Transformation => "TransformationEvent",
        }
    }

    /// The event as JSON-LD (compacted against the document's `@context`).
    pub fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("type".into(), json!(self.type_name()));
        m.insert("eventID".into(), json!(self.id()));
        m.insert("eventTime".into(), json!(time_text(self.time)));
        m.insert("eventTimeZoneOffset".into(), json!(TIME_ZONE_OFFSET));
        m.insert("recordTime".into(), json!(time_text(self.record_time)));
        if self.empty_epc_list {
            m.insert("epcList".into(), json!([]));
        }
        for (key, l) in [
            ("quantityList", &self.quantities),
            ("inputQuantityList", &self.inputs),
            ("outputQuantityList", &self.outputs),
        ] {
            if !l.is_empty() {
                m.insert(key.into(), quantities(l));
            }
        }
        if let Some(a) = self.action {
            m.insert("action".into(), json!(a));
        }
        if let Some(t) = &self.transformation_id {
            m.insert("transformationID".into(), json!(t));
        }
        m.insert("bizStep".into(), json!(self.biz_step));
        if let Some(d) = self.disposition {
            m.insert("disposition".into(), json!(d));
        }
        if let Some(r) = &self.read_point {
            m.insert("readPoint".into(), json!({"id": r}));
        }
        let parties = |key: &str, l: &[(&str, String)]| {
            Value::Array(
                l.iter()
                    .map(|(t, id)| json!({"type": t, key: id}))
                    .collect(),
            )
        };
        if !self.sources.is_empty() {
            m.insert("sourceList".into(), parties("source", &self.sources));
        }
        if !self.destinations.is_empty() {
            m.insert(
                "destinationList".into(),
                parties("destination", &self.destinations),
            );
        }
        if !self.ilmd.is_empty() {
            let ilmd: Map<String, Value> = self
                .ilmd
                .iter()
                .map(|(k, v)| (format!("cbvmda:{k}"), json!(v)))
                .collect();
            m.insert("ilmd".into(), Value::Object(ilmd));
        }
        for (k, v) in &self.extensions {
            m.insert(format!("ocop:{k}"), json!(v));
        }
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    /// The events of `fixtures/epcis/hash-vectors.jsonld`, whose ids epcis2.js 2.7.3
    /// (`eventToHashedId`) computes independently.
    fn vector() -> Event {
        Event {
            kind: Kind::Object,
            time: at("2026-10-01T02:00:00Z"),
            record_time: at("2026-10-02T00:00:00Z"),
            empty_epc_list: false,
            quantities: vec![Quantity {
                class: "https://id.gs1.org/01/08930000000019/10/KD-2611".into(),
                amount: Some(Amount::Units(500)),
            }],
            inputs: vec![],
            outputs: vec![],
            action: Some("ADD"),
            transformation_id: None,
            biz_step: "commissioning",
            disposition: Some("active"),
            read_point: Some("https://id.gs1.org/414/8930000000019".into()),
            sources: vec![("owning_party", "urn:ocop-trace:party:H%E1%BB%99".into())],
            destinations: vec![],
            ilmd: vec![
                ("lotNumber", "KD-2611".into()),
                ("itemExpirationDate", "2027-11-30".into()),
            ],
            extensions: vec![("province", "Vĩnh Long".into()), ("notes", "  hi ".into())],
        }
    }

    #[test]
    fn the_event_hash_matches_an_independent_implementation() {
        assert_eq!(
            vector().id(),
            "ni:///sha-256;1fe95c849c7f60529a711d1f06846ee0a22146f10bbe63ecdefb241f3f645eda?ver=CBV2.0"
        );
        let kg = |class: &str, kg| Quantity {
            class: class.into(),
            amount: Some(Amount::Kg(kg)),
        };
        let transformation = Event {
            kind: Kind::Transformation,
            time: at("2026-10-05T02:00:00.123Z"),
            quantities: vec![],
            // Out of order on purpose: list elements are sorted before hashing.
            inputs: vec![
                kg("urn:ocop-trace:lot:DUA%2F0110", 1200.5),
                kg("https://id.gs1.org/01/08930000000019/10/A", 3.0),
            ],
            outputs: vector().quantities,
            action: None,
            transformation_id: Some("urn:ocop-trace:transformation:x".into()),
            disposition: None,
            read_point: None,
            sources: vec![],
            destinations: vec![(
                "owning_party",
                "https://id.gs1.org/417/8930000000019".into(),
            )],
            ilmd: vec![],
            extensions: vec![],
            ..vector()
        };
        assert_eq!(
            transformation.id(),
            "ni:///sha-256;27a6f8b0c3b0e1c9d9d02cc5603f2e34c5dca4ee5158d6a7378c27eecea4fed7?ver=CBV2.0"
        );
    }

    #[test]
    fn kilograms_lose_trailing_zeros_and_times_get_milliseconds() {
        assert_eq!(Amount::Kg(1200.0).canonical(), "1200");
        assert_eq!(Amount::Kg(1200.5).canonical(), "1200.5");
        assert_eq!(
            time_text(at("2026-10-01T09:00:00.123456+07:00")),
            "2026-10-01T02:00:00.123Z"
        );
    }

    #[test]
    fn the_id_ignores_record_time_but_not_content() {
        let a = vector();
        let mut b = vector();
        b.record_time = at("2030-01-01T00:00:00Z");
        assert_eq!(a.id(), b.id());
        b.extensions.push(("district", "Cầu Kè".into()));
        assert_ne!(a.id(), b.id());
    }
}
