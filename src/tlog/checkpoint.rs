//! C2SP tlog-checkpoint (<https://c2sp.org/tlog-checkpoint>): a signed note whose text is the
//! log's origin, tree size and root hash.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::hash::Hash;
use super::note::{open_note, sign_note};

/// A tree head: "the log called `origin` had `size` leaves with root hash `root`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Unique identity of the log, e.g. `ocop-trace.example/log`. Non-empty, no control
    /// characters (so it stays one line).
    pub origin: String,
    /// Number of leaves.
    pub size: u64,
    /// RFC 6962 root hash at `size`.
    pub root: Hash,
}

/// Why a checkpoint could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// The note or the checkpoint text inside it does not follow the format.
    #[error("malformed checkpoint: {0}")]
    Malformed(&'static str),
    /// No signature line carries the expected key name and key id.
    #[error("no signature by {name} (key id {key_id})")]
    NoMatchingSignature {
        /// Expected key name.
        name: String,
        /// Expected key id, lowercase hex.
        key_id: String,
    },
    /// A signature line names our key but its signature does not verify.
    #[error("signature by the expected key does not verify")]
    BadSignature,
    /// The verifier configuration itself is unusable (bad key name or public key).
    #[error("invalid verifier key: {0}")]
    InvalidKey(&'static str),
}

impl Checkpoint {
    /// The note text: `{origin}\n{size}\n{base64(root)}\n`, standard padded base64.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root)
        )
    }

    /// Strict parse of a note text. Extension lines, which C2SP allows but discourages, are
    /// rejected: we never emit them and the [`Checkpoint`] type could not carry them, so
    /// accepting them would silently drop signed content.
    fn parse_body(text: &str) -> Result<Self, CheckpointError> {
        let malformed = CheckpointError::Malformed;
        let content = text
            .strip_suffix('\n')
            .ok_or(malformed("text does not end with a newline"))?;
        let mut lines = content.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next())
        else {
            return Err(malformed("fewer than three lines"));
        };
        if lines.next().is_some() {
            return Err(malformed("extension lines are not accepted"));
        }
        if !valid_origin(origin) {
            return Err(malformed("empty origin"));
        }
        Ok(Self {
            origin: origin.to_owned(),
            size: parse_size(size)?,
            root: parse_root(root)?,
        })
    }
}

/// Origins must be non-empty; control characters would break the line structure.
fn valid_origin(origin: &str) -> bool {
    !origin.is_empty() && !origin.chars().any(char::is_control)
}

/// ASCII decimal with no sign, spaces or leading zeros (except `0` itself), fitting a u64.
fn parse_size(s: &str) -> Result<u64, CheckpointError> {
    let malformed = CheckpointError::Malformed;
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed("tree size is not a decimal number"));
    }
    if s.len() > 1 && s.starts_with('0') {
        return Err(malformed("tree size has leading zeros"));
    }
    s.parse()
        .map_err(|_| malformed("tree size does not fit in 64 bits"))
}

/// Standard padded base64 of exactly 32 bytes, in canonical form.
fn parse_root(s: &str) -> Result<Hash, CheckpointError> {
    let malformed = CheckpointError::Malformed;
    let bytes = STANDARD
        .decode(s)
        .map_err(|_| malformed("root hash is not canonical padded base64"))?;
    bytes
        .try_into()
        .map_err(|_| malformed("root hash is not 32 bytes"))
}

/// Signs `cp` as a C2SP checkpoint note under key `name` with Ed25519 `public_key`.
///
/// `sign` receives exactly the body bytes and returns the 64-byte Ed25519 signature, so the
/// private key stays in the crypto module. Returns `None` if the origin or name is invalid, the
/// public key is not a valid point, `sign` fails, or its signature does not verify under
/// `public_key` (a signer holding the wrong key must not produce a note with a lying key id).
/// C2SP recommends `name == cp.origin`.
pub fn sign_checkpoint(
    cp: &Checkpoint,
    name: &str,
    public_key: &[u8; 32],
    sign: impl FnOnce(&[u8]) -> Option<[u8; 64]>,
) -> Option<String> {
    if !valid_origin(&cp.origin) {
        return None;
    }
    sign_note(&cp.body(), name, public_key, sign)
}

/// Verifies a checkpoint note signed by Ed25519 key `name`/`public_key` and parses it strictly.
///
/// Signatures by other keys are ignored; every signature line carrying our name and key id
/// must verify (`verify_strict`). The text is only parsed after a signature verified, as the
/// signed-note spec requires. The caller must still check that `origin` is the log it expects
/// and that `size` does not go backwards (with a consistency proof).
pub fn open_checkpoint(
    note: &str,
    name: &str,
    public_key: &[u8; 32],
) -> Result<Checkpoint, CheckpointError> {
    let text = open_note(note, name, public_key)?;
    Checkpoint::parse_body(text)
}
