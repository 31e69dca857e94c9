#!/usr/bin/env python3
"""Verifies batch records with two independent JOSE libraries, joserfc and jwcrypto, plus the
raw Ed25519 check of docs/batch-record.md (standard library and `cryptography` only).

Usage: check_jose.py CASES.json, where CASES.json is
{"cases": [{"name": …, "jws": …, "alg": "Ed25519" | "EdDSA", "jwks": {…}, "members"?: […]}]}
(`members`: the payload is not a batch record but must have these members).
Each JWS must verify with exactly its `alg` allowed, and must fail with the other one
allowed alone (so a library cannot be accepting it for the wrong reason). The JWKS is used
exactly as served, ocop-trace members (`status`, `created_at`) included. Needs
`pip install joserfc jwcrypto`."""
import base64, json, sys, warnings
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

try:
    from joserfc import jws as rfc_jws
    from joserfc.jwk import KeySet as RfcKeySet
    from jwcrypto import jwk as cj_jwk, jws as cj_jws
except ImportError as e:
    print(f"FAIL  JOSE libraries missing ({e}): python3 -m pip install joserfc jwcrypto")
    print("1 failed")
    sys.exit(1)

# joserfc warns that EdDSA is deprecated (RFC 9864); verifying old records is the point here.
warnings.filterwarnings("ignore", message=".*EdDSA is deprecated.*")

OTHER = {"Ed25519": "EdDSA", "EdDSA": "Ed25519"}


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def raw(jws, jwks, alg):
    h, p, s = jws.split(".")
    header = json.loads(b64d(h))
    assert header["alg"] == alg
    jwk = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and jwk.get("status") != "revoked"
    Ed25519PublicKey.from_public_bytes(b64d(jwk["x"])).verify(b64d(s), f"{h}.{p}".encode("ascii"))
    return json.loads(b64d(p))


def with_joserfc(jws, jwks, alg):
    keys = RfcKeySet.import_key_set(jwks)
    return json.loads(rfc_jws.deserialize_compact(jws, keys, algorithms=[alg]).payload)


def with_jwcrypto(jws, jwks, alg):
    keys = cj_jwk.JWKSet.from_json(json.dumps(jwks))
    token = cj_jws.JWS()
    token.deserialize(jws)
    token.allowed_algs = [alg]
    kid = json.loads(b64d(jws.split(".")[0]))["kid"]
    token.verify(keys.get_key(kid))
    return json.loads(token.payload)


def main():
    cases = json.load(open(sys.argv[1]))["cases"]
    failed = 0

    def check(name, ok):
        nonlocal failed
        print(("ok    " if ok else "FAIL  ") + name)
        failed += 0 if ok else 1

    for case in cases:
        jws, jwks, alg = case["jws"], case["jwks"], case["alg"]
        results = {}
        for lib, verify in [("raw Ed25519", raw), ("joserfc", with_joserfc), ("jwcrypto", with_jwcrypto)]:
            try:
                results[lib] = verify(jws, jwks, alg)
                check(f"{case['name']}: verifies with {lib}, alg {alg}", True)
            except Exception as e:
                check(f"{case['name']}: verifies with {lib}, alg {alg} ({type(e).__name__}: {e})", False)
            if lib == "raw Ed25519":
                continue
            try:
                verify(jws, jwks, OTHER[alg])
                check(f"{case['name']}: {lib} refuses it when only {OTHER[alg]} is allowed", False)
            except Exception:
                check(f"{case['name']}: {lib} refuses it when only {OTHER[alg]} is allowed", True)
        payloads = list(results.values())
        check(f"{case['name']}: every verifier reads the same payload",
              len(payloads) == 3 and all(p == payloads[0] for p in payloads))
        if "members" in case:
            # Another document than a batch record (the status snapshot): its members.
            check(f"{case['name']}: payload members {case['members']}",
                  bool(payloads) and all(m in payloads[0] for m in case["members"]))
        else:
            check(f"{case['name']}: payload format and kid",
                  bool(payloads) and payloads[0]["format"] == "ocop-trace/batch-record/v1"
                  and payloads[0]["kid"] == json.loads(b64d(jws.split(".")[0]))["kid"])
    print(f"{failed} failed")
    sys.exit(1 if failed else 0)


main()
