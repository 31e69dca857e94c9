//! Checkpoints: format, round trip, tampering, strict parsing and junk input.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer, SigningKey};

use crate::tlog::note::sign_note;
use crate::tlog::{
    Checkpoint, CheckpointError, MemoryTree, note_key_id, open_checkpoint, root, sign_checkpoint,
    verifier_key,
};

const NAME: &str = "ocop-trace.example/log";

fn key() -> (SigningKey, [u8; 32]) {
    let sk = SigningKey::from_bytes(&[42; 32]);
    let pk = sk.verifying_key().to_bytes();
    (sk, pk)
}

fn sample_checkpoint() -> Checkpoint {
    let mut t = MemoryTree::new();
    for i in 0..11 {
        t.append(format!("batch {i}").as_bytes());
    }
    Checkpoint {
        origin: NAME.to_owned(),
        size: 11,
        root: root(&t, 11).unwrap(),
    }
}

fn signed(cp: &Checkpoint) -> String {
    let (sk, pk) = key();
    sign_checkpoint(cp, NAME, &pk, |m| Some(sk.sign(m).to_bytes())).unwrap()
}

/// Signs arbitrary text with the test key, to check body parsing behind a valid signature.
fn signed_text(text: &str) -> String {
    let (sk, pk) = key();
    sign_note(text, NAME, &pk, |m| Some(sk.sign(m).to_bytes())).unwrap()
}

#[test]
fn body_and_note_format() {
    let cp = Checkpoint {
        origin: "example.com/log".into(),
        size: 20852163,
        root: [0xab; 32],
    };
    assert_eq!(
        cp.body(),
        "example.com/log\n20852163\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n"
    );
    let (_, pk) = key();
    let note = signed(&cp);
    let (body, sig_line) = note.split_once("\n\n").unwrap();
    assert_eq!(format!("{body}\n"), cp.body());
    let rest = sig_line
        .strip_prefix("\u{2014} ocop-trace.example/log ")
        .unwrap();
    let blob = STANDARD.decode(rest.strip_suffix('\n').unwrap()).unwrap();
    assert_eq!(blob.len(), 68);
    assert_eq!(blob[..4], note_key_id(NAME, &pk));
    let vkey = verifier_key(NAME, &pk);
    let id: String = note_key_id(NAME, &pk)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // The base64 part may itself contain '+', so strip the known prefix instead of splitting.
    let typed_key = vkey.strip_prefix(&format!("{NAME}+{id}+")).unwrap();
    assert_eq!(
        STANDARD.decode(typed_key).unwrap(),
        [&[1u8][..], &pk].concat()
    );
}

#[test]
fn round_trip() {
    let (_, pk) = key();
    let cp = sample_checkpoint();
    assert_eq!(open_checkpoint(&signed(&cp), NAME, &pk).unwrap(), cp);
    for size in [0, 1, u64::MAX] {
        let cp = Checkpoint {
            size,
            ..sample_checkpoint()
        };
        assert_eq!(open_checkpoint(&signed(&cp), NAME, &pk).unwrap(), cp);
    }
}

#[test]
fn tampered_notes_are_rejected() {
    let (_, pk) = key();
    let cp = sample_checkpoint();
    let note = signed(&cp);
    let (body, sigs) = note.split_once("\n\n").unwrap();
    let resign = |text: String| format!("{text}\n{sigs}");

    let other_root = STANDARD.encode([0u8; 32]);
    let root_b64 = STANDARD.encode(cp.root);
    for text in [
        body.replace("\n11\n", "\n12\n"),
        body.replace(&root_b64, &other_root),
        body.replace(NAME, "ocop-trace.example/other"),
    ] {
        assert_ne!(format!("{text}\n"), cp.body());
        assert_eq!(
            open_checkpoint(&resign(format!("{text}\n")), NAME, &pk),
            Err(CheckpointError::BadSignature)
        );
    }

    // Flip each signature byte (key id bytes make the line someone else's).
    let encoded = sigs
        .strip_prefix(&format!("\u{2014} {NAME} "))
        .unwrap()
        .trim_end();
    let blob = STANDARD.decode(encoded).unwrap();
    for i in 0..blob.len() {
        let mut bad = blob.clone();
        bad[i] ^= 0x01;
        let note = format!("{body}\n\n\u{2014} {NAME} {}\n", STANDARD.encode(&bad));
        let want = if i < 4 {
            CheckpointError::NoMatchingSignature {
                name: NAME.into(),
                key_id: note_key_id(NAME, &pk)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect(),
            }
        } else {
            CheckpointError::BadSignature
        };
        assert_eq!(open_checkpoint(&note, NAME, &pk), Err(want), "byte {i}");
    }

    // Wrong name or wrong key: no signature line is ours.
    assert!(matches!(
        open_checkpoint(&note, "ocop-trace.example/other", &pk),
        Err(CheckpointError::NoMatchingSignature { .. })
    ));
    let other_pk = SigningKey::from_bytes(&[43; 32]).verifying_key().to_bytes();
    assert!(matches!(
        open_checkpoint(&note, NAME, &other_pk),
        Err(CheckpointError::NoMatchingSignature { .. })
    ));
    // Unusable verifier configuration.
    assert!(matches!(
        open_checkpoint(&note, "", &pk),
        Err(CheckpointError::InvalidKey(_))
    ));
    assert!(matches!(
        open_checkpoint(&note, "has space", &pk),
        Err(CheckpointError::InvalidKey(_))
    ));
}

#[test]
fn strict_body_parsing_behind_a_valid_signature() {
    let (_, pk) = key();
    let root = STANDARD.encode([5u8; 32]);
    let ok = format!("{NAME}\n7\n{root}\n");
    assert_eq!(
        open_checkpoint(&signed_text(&ok), NAME, &pk).unwrap().size,
        7
    );
    let bad = [
        format!("\n7\n{root}\n"),                               // empty origin
        format!("{NAME}\n07\n{root}\n"),                        // leading zero
        format!("{NAME}\n00\n{root}\n"),                        // leading zero
        format!("{NAME}\n+7\n{root}\n"),                        // sign
        format!("{NAME}\n-7\n{root}\n"),                        // sign
        format!("{NAME}\n 7\n{root}\n"),                        // space
        format!("{NAME}\n7 \n{root}\n"),                        // space
        format!("{NAME}\n\n{root}\n"),                          // empty size
        format!("{NAME}\n0x7\n{root}\n"),                       // hex
        format!("{NAME}\n18446744073709551616\n{root}\n"),      // 2^64
        format!("{NAME}\n7\n{}\n", STANDARD.encode([5u8; 31])), // short root
        format!("{NAME}\n7\n{}\n", STANDARD.encode([5u8; 33])), // long root
        format!("{NAME}\n7\n{}\n", root.trim_end_matches('=')), // unpadded
        format!(
            "{NAME}\n7\n{}\n",
            STANDARD.encode([0xfb; 32]).replace('+', "-")
        ), // URL-safe
        format!("{NAME}\n7\n{root}\nextension line\n"),         // extension
        format!("{NAME}\n7\n"),                                 // two lines
        format!("{NAME}\n"),                                    // one line
    ];
    for text in bad {
        assert!(
            matches!(
                open_checkpoint(&signed_text(&text), NAME, &pk),
                Err(CheckpointError::Malformed(_))
            ),
            "accepted {text:?}"
        );
    }
    // Non-canonical base64: the same 32 bytes with non-zero padding bits ("BQU=" -> "BQV=").
    assert!(root.ends_with("BQU="));
    let text = format!("{NAME}\n7\n{}BQV=\n", &root[..40]);
    assert!(matches!(
        open_checkpoint(&signed_text(&text), NAME, &pk),
        Err(CheckpointError::Malformed(_))
    ));
    // Signing refuses origins that would break the line structure.
    let (sk, pk) = key();
    for origin in ["", "two\nlines", "tab\there"] {
        let cp = Checkpoint {
            origin: origin.into(),
            ..sample_checkpoint()
        };
        assert_eq!(
            sign_checkpoint(&cp, NAME, &pk, |m| Some(sk.sign(m).to_bytes())),
            None
        );
    }
}

#[test]
fn junk_never_panics_and_is_never_accepted() {
    let (_, pk) = key();
    let good = signed(&sample_checkpoint());
    let mut junk: Vec<String> = [
        "",
        "\n",
        "\n\n",
        "\n\n\n",
        "\u{2014}",
        "\u{2014} \n",
        "a\n\n\u{2014} \n",
        "a\n\n\u{2014} x\n",
        "a\n\n\u{2014} x \n",
        "a\n\n\u{2014}  AAAA\n",
        "a\n\n\u{2014} x AAAA\n",
        "a\n\n\u{2014} x AAAAAA==\n",
        "a\n\n-- x AAAAAAAA\n",
        "\u{0}\n\n\u{2014} x AAAAAAAA\n",
        "é\n\n\u{2014} ü 8J+Ygg==\n",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Every proper prefix and suffix of a valid note, cut at character boundaries.
    for (i, _) in good.char_indices().skip(1) {
        junk.push(good[..i].to_owned());
        junk.push(good[i..].to_owned());
    }
    // Deterministic byte mutations of a valid note (kept only when still UTF-8).
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let mut bytes = good.clone().into_bytes();
        for _ in 0..1 + next() % 3 {
            let at = (next() % bytes.len() as u64) as usize;
            match next() % 3 {
                0 => bytes[at] = next() as u8,
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, b"\n \x14+=A\xe2"[(next() % 7) as usize]),
            }
        }
        if let Ok(s) = String::from_utf8(bytes) {
            junk.push(s);
        }
    }
    let mut accepted = 0;
    for note in &junk {
        if let Ok(cp) = open_checkpoint(note, NAME, &pk) {
            // Only a mutation that left the signed text and our signature intact can pass.
            assert_eq!(cp, sample_checkpoint(), "accepted {note:?}");
            accepted += 1;
        }
    }
    assert!(
        accepted < junk.len() / 10,
        "{accepted} of {} accepted",
        junk.len()
    );
}
