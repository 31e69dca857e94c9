//! How records are stored and how a transaction reports trouble: JSON records, errors that
//! name the tree and key, and the two ways a transaction aborts (refusal or corruption).

use crate::store::{Abort, Conflict, Outcome, StoreError};
use serde::{Serialize, de::DeserializeOwned};
use sled::transaction::{ConflictableTransactionError, TransactionError};

/// The result of a step inside a sled transaction.
pub(super) type Tx<T> = Result<T, ConflictableTransactionError<Abort>>;

/// Maps a sled error outside a transaction.
pub(super) fn backend(e: sled::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// Aborts a transaction with an expected refusal.
pub(super) fn refuse(code: &'static str, message: String) -> ConflictableTransactionError<Abort> {
    ConflictableTransactionError::Abort(Abort::Conflict(Conflict::new(code, message)))
}

/// Aborts a transaction because stored bytes are not what they should be.
pub(super) fn corrupt(e: StoreError) -> ConflictableTransactionError<Abort> {
    ConflictableTransactionError::Abort(Abort::Corrupt(e))
}

/// Serialises a record.
pub(super) fn encode<T: Serialize>(v: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(v).map_err(|e| StoreError::Backend(format!("encode: {e}")))
}

/// Deserialises a record, naming where it was found when it does not decode.
pub(super) fn decode<T: DeserializeOwned>(
    tree: &'static str,
    key: &[u8],
    bytes: &[u8],
) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        tree,
        key: hex(key),
        reason: e.to_string(),
    })
}

/// [`decode`] inside a transaction: a record that does not decode aborts it as corruption.
pub(super) fn tx_decode<T: DeserializeOwned>(
    tree: &'static str,
    key: &[u8],
    bytes: &[u8],
) -> Tx<T> {
    decode(tree, key, bytes).map_err(corrupt)
}

/// [`encode`] inside a transaction.
pub(super) fn tx_encode<T: Serialize>(v: &T) -> Tx<Vec<u8>> {
    encode(v).map_err(corrupt)
}

/// Lowercase hex, for naming keys in errors.
pub(super) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Maps a finished transaction: refusals are values, corruption and I/O are errors.
pub(super) fn settle<T>(res: Result<T, TransactionError<Abort>>) -> Outcome<T> {
    match res {
        Ok(v) => Ok(Ok(v)),
        Err(TransactionError::Abort(Abort::Conflict(c))) => Ok(Err(c)),
        Err(TransactionError::Abort(Abort::Corrupt(e))) => Err(e),
        Err(TransactionError::Storage(e)) => Err(backend(e)),
    }
}
