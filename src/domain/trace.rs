//! Traceability events of a batch, modelled on EPCIS 2.0 ("one step back, one step forward").

use super::{BatchId, DomainError, Gln, text::nfc_notes, text::nfc_opt, text::nfc_text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What happened to the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TraceEventType {
    /// Raw material harvested (e.g. coconuts picked).
    Harvest,
    /// Product created/commissioned.
    Commissioning,
    /// Input lots turned into this batch (e.g. coconut → coconut candy).
    Transformation,
    Packing,
    Shipping,
    Receiving,
    /// An inspector's check.
    Inspection,
}

impl TraceEventType {
    /// The CBV 2.0 business step of the exported event (docs/epcis.md). A harvest
    /// commissions the raw-material lot, never the finished units.
    pub fn biz_step(self) -> &'static str {
        match self {
            Self::Harvest | Self::Commissioning => "commissioning",
            Self::Transformation => "creating_class_instance",
            Self::Packing => "packing",
            Self::Shipping => "shipping",
            Self::Receiving => "receiving",
            Self::Inspection => "inspecting",
        }
    }

    /// The CBV 2.0 disposition of the objects after the event; an inspection changes none.
    pub fn disposition(self) -> Option<&'static str> {
        match self {
            Self::Harvest | Self::Commissioning | Self::Transformation => Some("active"),
            Self::Packing | Self::Receiving => Some("in_progress"),
            Self::Shipping => Some("in_transit"),
            Self::Inspection => None,
        }
    }
}

/// A place at the time of the event (district optional since the 2025 reform).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Place {
    /// The place's own name (a farm, a warehouse, a shop); absent in records made before
    /// it existed, so their bytes stay the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub province: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    /// GS1 GLN of the location, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub gln: Option<Gln>,
}

/// A supplier or customer (one step back or forward).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Party {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub gln: Option<Gln>,
}

/// An input of a transformation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct InputLot {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gtin: Option<String>,
    pub lot: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_kg: Option<f64>,
}

/// Input for recording an event.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTraceEvent {
    #[serde(rename = "type")]
    pub event_type: TraceEventType,
    pub time: DateTime<Utc>,
    #[serde(default)]
    pub place: Option<Place>,
    #[serde(default)]
    pub supplier: Option<Party>,
    #[serde(default)]
    pub customer: Option<Party>,
    #[serde(default)]
    pub inputs: Vec<InputLot>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A recorded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TraceEvent {
    pub id: u64,
    pub batch_id: BatchId,
    #[serde(rename = "type")]
    pub event_type: TraceEventType,
    pub time: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<Party>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Party>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputLot>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

fn party(p: Option<Party>, field: &str) -> Result<Option<Party>, DomainError> {
    p.map(|p| {
        Ok(Party {
            name: nfc_text(field, &p.name, 200)?,
            gln: p.gln,
        })
    })
    .transpose()
}

impl NewTraceEvent {
    /// Validates text, inputs and the time (not in the future).
    pub fn into_event(
        self,
        id: u64,
        batch_id: BatchId,
        recorded_by: String,
        now: DateTime<Utc>,
    ) -> Result<TraceEvent, DomainError> {
        if self.time > now + chrono::Duration::minutes(5) {
            return Err(DomainError::InvalidDate(
                "the event time is in the future".into(),
            ));
        }
        if self.event_type == TraceEventType::Transformation && self.inputs.is_empty() {
            return Err(DomainError::InvalidText(
                "a transformation needs at least one input lot".into(),
            ));
        }
        if self.inputs.len() > 50 {
            return Err(DomainError::InvalidText("at most 50 input lots".into()));
        }
        let inputs = self
            .inputs
            .into_iter()
            .map(|i| {
                Ok(InputLot {
                    gtin: i
                        .gtin
                        .as_deref()
                        .map(super::Gtin::parse)
                        .transpose()?
                        .map(|g| g.to_string()),
                    lot: nfc_text("inputs.lot", &i.lot, 40)?,
                    description: nfc_opt("inputs.description", i.description.as_deref(), 200)?,
                    quantity_kg: i.quantity_kg.filter(|q| q.is_finite() && *q >= 0.0),
                })
            })
            .collect::<Result<Vec<_>, DomainError>>()?;
        let place = self
            .place
            .map(|p| {
                Ok::<_, DomainError>(Place {
                    name: nfc_opt("place.name", p.name.as_deref(), 200)?,
                    province: nfc_text("place.province", &p.province, 100)?,
                    district: nfc_opt("place.district", p.district.as_deref(), 100)?,
                    commune: nfc_opt("place.commune", p.commune.as_deref(), 100)?,
                    gln: p.gln,
                })
            })
            .transpose()?;
        Ok(TraceEvent {
            id,
            batch_id,
            event_type: self.event_type,
            time: self.time,
            recorded_at: now,
            recorded_by,
            place,
            supplier: party(self.supplier, "supplier.name")?,
            customer: party(self.customer, "customer.name")?,
            inputs,
            notes: nfc_notes(self.notes.as_deref(), 2000)?,
        })
    }
}
