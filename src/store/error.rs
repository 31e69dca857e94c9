//! How the store says no: a refusal the caller can show ([`Conflict`], a value) apart from a
//! failure that is not the caller's fault ([`StoreError`]).

/// An expected refusal (duplicate, missing parent, state conflict): a value, not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub code: &'static str,
    pub message: String,
}

impl Conflict {
    /// A conflict with a stable code.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// The store failed (I/O, corruption): not the caller's fault.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store at {path}: {reason}")]
    Open { path: String, reason: String },
    #[error("storage error: {0}")]
    Backend(String),
    #[error("stored record under {tree}/{key} cannot be decoded: {reason}")]
    Corrupt {
        tree: &'static str,
        key: String,
        reason: String,
    },
    /// The engine cannot be reached right now (a database server down or refusing
    /// connections): retrying later may succeed, so HTTP should answer 503
    /// `store_unavailable`, not an opaque 500.
    #[error("the store is unavailable: {0}")]
    Unavailable(String),
}

/// Result of a write that may be refused for a domain reason.
pub type Outcome<T> = Result<Result<T, Conflict>, StoreError>;

/// Why a store transaction stopped before committing. Engines abort with it so that a
/// refusal stays a value (`Ok(Err(Conflict))`, e.g. 409) while a record or log that does not
/// decode becomes an error (`Err(StoreError)`, a 500 with the cause logged), never a
/// conflict shown to the client.
#[derive(Debug)]
pub enum Abort {
    /// An expected refusal (duplicate, missing parent, state conflict).
    Conflict(Conflict),
    /// Stored bytes are not what they should be.
    Corrupt(StoreError),
}

impl From<Conflict> for Abort {
    fn from(c: Conflict) -> Self {
        Self::Conflict(c)
    }
}
