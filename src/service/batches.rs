//! Reading batches: lists confined to what the caller may see, one batch with its recall
//! and log position, its signed record, and its print history.

use super::{App, BatchRecord, ServiceError};
use crate::domain::{Batch, BatchId, Principal, PrintRun, Recall};
use serde::Serialize;

/// One batch with its recall status.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BatchView {
    #[serde(flatten)]
    pub batch: Batch,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall: Option<Recall>,
    /// Index of this batch's `batch_issued` entry in the public log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
}

/// The signed record: the JWS and its decoded payload.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecordView {
    /// JWS compact serialization (`alg: Ed25519`; older records `EdDSA`).
    pub jws: String,
    pub kid: String,
    pub payload: BatchRecord,
}

impl App {
    /// One batch the caller may read, with its recall and log position.
    pub fn batch_view(&self, who: &Principal, id: BatchId) -> Result<BatchView, ServiceError> {
        let batch = self.batch_for(who, id)?;
        Ok(BatchView {
            batch,
            recall: self.store.recall(id)?,
            log_index: self.store.batch_log_index(id)?,
        })
    }

    /// A batch's signed record, checked against the key set and decoded.
    pub fn batch_record(&self, who: &Principal, id: BatchId) -> Result<RecordView, ServiceError> {
        let batch = self.batch_for(who, id)?;
        let invalid =
            |m: String| ServiceError::Conflict(crate::store::Conflict::new("record_invalid", m));
        let (header, payload) = crate::crypto::verify_jws(&self.keys, &batch.record)
            .map_err(|e| invalid(format!("the stored record does not verify: {e}")))?;
        let payload = serde_json::from_slice(&payload)
            .map_err(|e| invalid(format!("the stored record cannot be read: {e}")))?;
        Ok(RecordView {
            jws: batch.record,
            kid: header.kid,
            payload,
        })
    }

    /// A batch's print runs, oldest first.
    pub fn print_runs(&self, who: &Principal, id: BatchId) -> Result<Vec<PrintRun>, ServiceError> {
        let batch = self.batch_for(who, id)?;
        Ok(self.store.print_runs(batch.id)?)
    }
}
