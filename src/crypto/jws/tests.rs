//! Which `alg` values verify: `Ed25519` (new) and `EdDSA` (already signed), nothing else.

use super::*;
use crate::crypto::{Issuer, KeyRing, KeyStatus, b64url};
use ed25519_dalek::SigningKey;

const TYP: &str = "ocop-test+jws";

fn issuer() -> Issuer {
    Issuer::from_signing_key(SigningKey::from_bytes(&[7; 32]), KeyStatus::Active)
}

/// A JWS with exactly this header JSON, signed by `issuer` over the real signing input.
fn signed_with_header(issuer: &Issuer, header: &str, payload: &[u8]) -> String {
    let input = format!("{}.{}", b64url(header.as_bytes()), b64url(payload));
    let sig = issuer.sign(input.as_bytes()).unwrap();
    format!("{input}.{}", b64url(&sig))
}

fn header(alg: &str, kid: &str) -> String {
    format!(r#"{{"alg":"{alg}","kid":"{kid}","typ":"{TYP}"}}"#)
}

#[test]
fn new_signatures_say_ed25519() {
    let k = issuer();
    let jws = sign_jws(&k, TYP, b"{}").unwrap();
    let ring = KeyRing::new(vec![issuer()]);
    let (h, payload) = verify_jws_typ(&ring, &jws, TYP).unwrap();
    assert_eq!(h.alg, "Ed25519");
    assert_eq!(payload, b"{}");
    // The header bytes are fixed: alg, kid, typ, compact, in that order.
    let first = jws.split('.').next().unwrap();
    assert_eq!(
        crate::crypto::b64url_decode(first).unwrap(),
        header("Ed25519", &k.record.kid).into_bytes()
    );
}

#[test]
fn documents_signed_with_eddsa_still_verify() {
    let k = issuer();
    let jws = signed_with_header(&k, &header("EdDSA", &k.record.kid), b"{\"a\":1}");
    let ring = KeyRing::new(vec![issuer()]);
    let (h, payload) = verify_jws_typ(&ring, &jws, TYP).unwrap();
    assert_eq!(h.alg, "EdDSA");
    assert_eq!(payload, b"{\"a\":1}");
}

#[test]
fn every_other_alg_is_refused_even_with_a_good_signature() {
    let k = issuer();
    let ring = KeyRing::new(vec![issuer()]);
    for alg in [
        "none",
        "HS256",
        "HS512",
        "RS256",
        "ES256",
        "ES256K",
        "PS256",
        "Ed448",
        "eddsa",
        "ED25519",
        "ed25519",
        "EdDSA ",
        "",
        "Ed25519,EdDSA",
    ] {
        let jws = signed_with_header(&k, &header(alg, &k.record.kid), b"{}");
        assert_eq!(
            verify_jws_typ(&ring, &jws, TYP),
            Err(JwsError::Algorithm(alg.into())),
            "{alg:?}"
        );
    }
    // `none` with the empty signature RFC 7518 §3.6 gives it is refused for its alg too.
    let unsigned = format!(
        "{}.{}.",
        b64url(header("none", &k.record.kid).as_bytes()),
        b64url(b"{}")
    );
    assert_eq!(
        verify_jws_typ(&ring, &unsigned, TYP),
        Err(JwsError::Algorithm("none".into()))
    );
}

#[test]
fn both_accepted_algs_still_need_the_right_signature() {
    let k = issuer();
    let ring = KeyRing::new(vec![issuer()]);
    for alg in ACCEPTED_ALGS {
        let jws = signed_with_header(&k, &header(alg, &k.record.kid), b"{}");
        // Relabelling the alg changes the signing input, so the signature no longer matches.
        let other = if alg == "EdDSA" { "Ed25519" } else { "EdDSA" };
        let (_, rest) = jws.split_once('.').unwrap();
        let relabelled = format!("{}.{rest}", b64url(header(other, &k.record.kid).as_bytes()));
        assert_eq!(
            verify_jws_typ(&ring, &relabelled, TYP),
            Err(JwsError::BadSignature),
            "{alg}"
        );
    }
}

#[test]
fn a_jwks_may_name_either_alg_or_none_but_no_other() {
    let mut jwk = issuer().jwk();
    assert_eq!(jwk.alg, None, "the JWKS names no alg (docs/keys.md)");
    for alg in [None, Some("Ed25519"), Some("EdDSA")] {
        jwk.alg = alg.map(Into::into);
        let jwks = crate::crypto::Jwks {
            keys: vec![jwk.clone()],
        };
        assert!(KeyRing::from_jwks(&jwks).is_ok(), "{alg:?}");
    }
    for alg in ["HS256", "ES256", "Ed448", "none"] {
        jwk.alg = Some(alg.into());
        let jwks = crate::crypto::Jwks {
            keys: vec![jwk.clone()],
        };
        assert!(KeyRing::from_jwks(&jwks).is_err(), "{alg}");
    }
}
