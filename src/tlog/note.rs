//! The C2SP signed-note envelope (<https://c2sp.org/signed-note>), Ed25519 keys only.
//!
//! A note is `text` (ending in a newline), a blank line, then one or more signature lines
//! `— <name> <base64(key id ‖ signature)>`. Only the checkpoint module uses this layer, so the
//! text-level functions stay crate-private; the key helpers are public because operators need
//! the verifier key string to configure witnesses and monitors.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

use super::checkpoint::CheckpointError;
use super::hash::Hash;

/// Signature type byte for Ed25519 in the signed-note registry.
const ED25519_TYPE: u8 = 0x01;

/// Signature lines parsed before giving up: the spec says to accept at least 16; Go's
/// `sumdb/note` stops at 100. Bounds the work an attacker-supplied note can cause.
const MAX_SIGNATURES: usize = 100;

/// The prefix of every signature line: U+2014 EM DASH and a space.
const SIG_PREFIX: &str = "\u{2014} ";

/// The note key ID of an Ed25519 key: the first 4 bytes of
/// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public_key).
pub fn note_key_id(name: &str, public_key: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ED25519_TYPE]);
    h.update(public_key);
    let digest: Hash = h.finalize().into();
    let [a, b, c, d, ..] = digest;
    [a, b, c, d]
}

/// The C2SP verifier key string `{name}+{hex(key_id)}+{base64(0x01 ‖ public_key)}`, as
/// accepted by Go's `note.NewVerifier` and by witnesses.
///
/// Does not validate `name`; [`super::sign_checkpoint`] refuses names that are empty or
/// contain spaces or `+`, and such a name would make this string ambiguous.
pub fn verifier_key(name: &str, public_key: &[u8; 32]) -> String {
    let mut typed = Vec::with_capacity(33);
    typed.push(ED25519_TYPE);
    typed.extend_from_slice(public_key);
    let id: String = note_key_id(name, public_key)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{name}+{id}+{}", STANDARD.encode(typed))
}

/// Key names must be non-empty with no Unicode whitespace or `+` (the spec's rule); control
/// characters are refused too because notes may not contain them.
pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

/// Note text: non-empty, newline-terminated, no control characters other than newline.
fn valid_text(text: &str) -> bool {
    text.ends_with('\n') && !has_forbidden_control(text)
}

/// Signed notes must not contain ASCII control characters other than newline.
fn has_forbidden_control(s: &str) -> bool {
    s.chars().any(|c| c < ' ' && c != '\n')
}

/// Signs `text` as a note with one signature line. `None` if the name or text is invalid, the
/// public key is not a valid point, `sign` fails, or the signature does not verify under
/// `public_key` (which would mean `sign` used another key and the key id would lie).
pub(crate) fn sign_note(
    text: &str,
    name: &str,
    public_key: &[u8; 32],
    sign: impl FnOnce(&[u8]) -> Option<[u8; 64]>,
) -> Option<String> {
    if !valid_name(name) || !valid_text(text) {
        return None;
    }
    let key = VerifyingKey::from_bytes(public_key).ok()?;
    let signature = sign(text.as_bytes())?;
    key.verify_strict(text.as_bytes(), &Signature::from_bytes(&signature))
        .ok()?;
    let mut blob = Vec::with_capacity(68);
    blob.extend_from_slice(&note_key_id(name, public_key));
    blob.extend_from_slice(&signature);
    Some(format!(
        "{text}\n{SIG_PREFIX}{name} {}\n",
        STANDARD.encode(blob)
    ))
}

/// Verifies `note` against one Ed25519 key and returns its text (including the final newline).
///
/// Signature lines from other keys (other name or key id) are ignored, as the spec requires.
/// Every line from our key must verify: one bad signature rejects the note (the spec's SHOULD),
/// and at least one must be present.
pub(crate) fn open_note<'a>(
    note: &'a str,
    name: &str,
    public_key: &[u8; 32],
) -> Result<&'a str, CheckpointError> {
    if !valid_name(name) {
        return Err(CheckpointError::InvalidKey(
            "key name is empty or has spaces or '+'",
        ));
    }
    let key = VerifyingKey::from_bytes(public_key)
        .map_err(|_| CheckpointError::InvalidKey("public key is not a valid Ed25519 point"))?;
    let malformed = CheckpointError::Malformed;
    if has_forbidden_control(note) {
        return Err(malformed("control character in note"));
    }
    if !note.ends_with('\n') {
        return Err(malformed("note does not end with a newline"));
    }
    // The text ends at the last blank line; signature lines are never empty.
    let split = note
        .rfind("\n\n")
        .ok_or(malformed("no blank line before the signatures"))?;
    let text = note.get(..=split).ok_or(malformed("bad text boundary"))?;
    let sigs = note
        .get(split + 2..)
        .ok_or(malformed("bad signature boundary"))?;
    if sigs.is_empty() {
        return Err(malformed("no signature lines"));
    }

    let want_id = note_key_id(name, public_key);
    let mut verified = 0usize;
    for (count, line) in sigs.split_terminator('\n').enumerate() {
        if count >= MAX_SIGNATURES {
            return Err(malformed("too many signature lines"));
        }
        let (line_name, id, signature) = parse_signature_line(line)?;
        if line_name != name || id != want_id {
            continue;
        }
        let signature: [u8; 64] = signature
            .try_into()
            .map_err(|_| CheckpointError::BadSignature)?;
        key.verify_strict(text.as_bytes(), &Signature::from_bytes(&signature))
            .map_err(|_| CheckpointError::BadSignature)?;
        verified += 1;
    }
    if verified == 0 {
        return Err(CheckpointError::NoMatchingSignature {
            name: name.to_owned(),
            key_id: want_id.iter().map(|b| format!("{b:02x}")).collect(),
        });
    }
    Ok(text)
}

/// Splits `— name base64` into the name, the 4-byte key id and the signature bytes.
fn parse_signature_line(line: &str) -> Result<(&str, [u8; 4], Vec<u8>), CheckpointError> {
    let malformed = CheckpointError::Malformed;
    let rest = line.strip_prefix(SIG_PREFIX).ok_or(malformed(
        "signature line does not start with an em dash and a space",
    ))?;
    let (name, encoded) = rest
        .split_once(' ')
        .ok_or(malformed("signature line has no signature"))?;
    if !valid_name(name) {
        return Err(malformed("invalid key name in signature line"));
    }
    let blob = STANDARD
        .decode(encoded)
        .map_err(|_| malformed("signature is not canonical padded base64"))?;
    // Go's note package also requires at least one signature byte after the key id.
    match blob.split_first_chunk::<4>() {
        Some((id, signature)) if !signature.is_empty() => Ok((name, *id, signature.to_vec())),
        _ => Err(malformed("signature shorter than key id plus one byte")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    /// Go `golang.org/x/mod/sumdb/note` test key "PeterNeumann": private key
    /// `PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz`.
    const GO_SEED_B64: &str = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const GO_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const GO_TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                           then you don't know what your problem is.\n";
    const GO_SIG: &str = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

    fn go_key() -> SigningKey {
        let typed = STANDARD.decode(GO_SEED_B64).unwrap();
        assert_eq!(typed[0], ED25519_TYPE);
        SigningKey::from_bytes(&typed[1..].try_into().unwrap())
    }

    #[test]
    fn matches_go_sumdb_note_known_answers() {
        let sk = go_key();
        let pk = sk.verifying_key().to_bytes();
        assert_eq!(verifier_key("PeterNeumann", &pk), GO_VKEY);
        assert_eq!(note_key_id("PeterNeumann", &pk), [0xc7, 0x4f, 0x20, 0xa3]);

        let want = format!("{GO_TEXT}\n\u{2014} PeterNeumann {GO_SIG}\n");
        let got = sign_note(GO_TEXT, "PeterNeumann", &pk, |m| {
            Some(sk.sign(m).to_bytes())
        });
        assert_eq!(got.as_deref(), Some(want.as_str()));
        assert_eq!(open_note(&want, "PeterNeumann", &pk).unwrap(), GO_TEXT);
    }

    #[test]
    fn opens_the_c2sp_signed_note_example() {
        // From c2sp.org/signed-note: verifier key
        // example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k
        let typed = STANDARD
            .decode("AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
            .unwrap();
        let pk: [u8; 32] = typed[1..].try_into().unwrap();
        assert_eq!(
            verifier_key("example.com/foo", &pk),
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
        );
        let note = "This is an example message.\n\n\u{2014} example.com/foo \
                    Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
        assert_eq!(
            open_note(note, "example.com/foo", &pk).unwrap(),
            "This is an example message.\n"
        );
    }

    #[test]
    fn refuses_invalid_names_and_texts_when_signing() {
        let sk = go_key();
        let pk = sk.verifying_key().to_bytes();
        let sign = |m: &[u8]| Some(sk.sign(m).to_bytes());
        for name in ["", "a b", "a+b", "a\u{a0}b", "a\tb"] {
            assert_eq!(sign_note("x\n", name, &pk, sign), None, "name {name:?}");
        }
        for text in ["", "no newline", "tab\there\n", "cr\r\n"] {
            assert_eq!(sign_note(text, "n", &pk, sign), None, "text {text:?}");
        }
        // A signer holding a different key is caught instead of emitting a lying key id.
        let other = SigningKey::from_bytes(&[9; 32]);
        assert_eq!(
            sign_note("x\n", "n", &pk, |m| Some(other.sign(m).to_bytes())),
            None
        );
        assert_eq!(sign_note("x\n", "n", &pk, |_| None), None);
    }

    #[test]
    fn ignores_unknown_signatures_but_not_bad_known_ones() {
        let sk = go_key();
        let pk = sk.verifying_key().to_bytes();
        let other = SigningKey::from_bytes(&[9; 32]);
        let other_pk = other.verifying_key().to_bytes();
        let ours = sign_note(GO_TEXT, "PeterNeumann", &pk, |m| {
            Some(sk.sign(m).to_bytes())
        })
        .unwrap();
        let theirs = sign_note(GO_TEXT, "witness.example", &other_pk, |m| {
            Some(other.sign(m).to_bytes())
        })
        .unwrap();
        let their_line = theirs.rsplit_once("\n\n").unwrap().1;
        // Unknown signer before and after ours: still opens.
        let mixed = format!("{ours}{their_line}");
        assert_eq!(open_note(&mixed, "PeterNeumann", &pk).unwrap(), GO_TEXT);
        let mixed = format!(
            "{GO_TEXT}\n{their_line}{}",
            ours.rsplit_once("\n\n").unwrap().1
        );
        assert_eq!(open_note(&mixed, "PeterNeumann", &pk).unwrap(), GO_TEXT);
        // Only an unknown signer: no matching signature.
        assert!(matches!(
            open_note(&theirs, "PeterNeumann", &pk),
            Err(CheckpointError::NoMatchingSignature { .. })
        ));
        // Same name, same key id, garbage signature next to a good one: whole note rejected.
        let bad_line = format!(
            "\u{2014} PeterNeumann {}\n",
            STANDARD.encode([&note_key_id("PeterNeumann", &pk)[..], &[0u8; 64]].concat())
        );
        let forged = format!("{ours}{bad_line}");
        assert_eq!(
            open_note(&forged, "PeterNeumann", &pk),
            Err(CheckpointError::BadSignature)
        );
        // Wrong length signature under our key id is a bad signature, not a parse error.
        let short_line = format!(
            "\u{2014} PeterNeumann {}\n",
            STANDARD.encode([&note_key_id("PeterNeumann", &pk)[..], &[1u8; 10]].concat())
        );
        assert_eq!(
            open_note(&format!("{GO_TEXT}\n{short_line}"), "PeterNeumann", &pk),
            Err(CheckpointError::BadSignature)
        );
    }

    #[test]
    fn caps_the_number_of_signature_lines() {
        let sk = go_key();
        let pk = sk.verifying_key().to_bytes();
        let ours = sign_note(GO_TEXT, "PeterNeumann", &pk, |m| {
            Some(sk.sign(m).to_bytes())
        })
        .unwrap();
        let filler = format!("\u{2014} someone {}\n", STANDARD.encode([1u8; 68]));
        let many = format!("{ours}{}", filler.repeat(MAX_SIGNATURES));
        assert_eq!(
            open_note(&many, "PeterNeumann", &pk),
            Err(CheckpointError::Malformed("too many signature lines"))
        );
        let fifteen = format!(
            "{GO_TEXT}\n{}{}",
            filler.repeat(15),
            ours.rsplit_once("\n\n").unwrap().1
        );
        assert!(open_note(&fifteen, "PeterNeumann", &pk).is_ok());
    }
}
