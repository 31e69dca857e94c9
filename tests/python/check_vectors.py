#!/usr/bin/env python3
"""Independent check of the ocop-trace label test vectors (fixtures/vectors/labels.json).

Uses only the Python standard library and `cryptography`; it shares no code with the Rust
implementation. For every vector it works from the URL alone, as any third-party verifier
would (docs/label-format.md):

  * parse the URL (any base path prefix; GS1 Digital Link or the short /l/ form),
  * percent-decode the lot and check every field's canonical form,
  * rebuild the six-line signed message and compare it with `message_hex`/`message_text`,
  * compare the signature with `signature_b64url`,
  * look the kid up in the vectors' JWKS, check the kid is the first 8 characters of the
    RFC 7638 thumbprint of that JWK, and verify the Ed25519 signature,
  * check that flipping any single byte of the message makes verification fail,
  * re-render the URL from the parsed parts and compare it with `url` and `url_length`.

Usage (from the repository root):  python3 tests/python/check_vectors.py [VECTORS.json]
Exit status 0 when every vector passes; 1 when any fails; 2 when the file cannot be read.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import re
import sys
import urllib.parse
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_VECTORS = ROOT / "fixtures" / "vectors" / "labels.json"

DOMAIN = "ocop-trace/label/v1"
B64URL = re.compile(r"^[A-Za-z0-9_-]+$")
CLAIMS = re.compile(r"^([0-9])-([0-9]{2})([0-9]{2})([0-9]{2})$")
# GS1 character set 82 (the characters a lot code, GS1 AI 10, may contain).
CSET82 = set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    "!\"%&'()*+,-./:;<=>?_"
)
# Characters of a lot that stay as they are in the URL; all others are %XX (uppercase hex).
LOT_UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._")
# QR version 10 at ECC level M holds 213 bytes in a single byte-mode segment.
QR_V10_M_BYTES = 213


class Mismatch(Exception):
    """A vector does not match the documented format."""


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict base64url without padding: the canonical encoding only."""
    if not B64URL.match(text) or len(text) % 4 == 1:
        raise Mismatch(f"not base64url without padding: {text!r}")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64url_encode(data) != text:
        raise Mismatch(f"non-canonical base64url (trailing bits set): {text!r}")
    return data


def jwk_thumbprint(jwk: dict) -> str:
    """RFC 7638 thumbprint of an OKP JWK: SHA-256 over the required members in
    lexicographic order, no whitespace, base64url without padding."""
    canonical = json.dumps(
        {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]},
        separators=(",", ":"),
        sort_keys=True,
        ensure_ascii=False,
    )
    return b64url_encode(hashlib.sha256(canonical.encode("utf-8")).digest())


def canonical_number(text: str, what: str, upper: int) -> int:
    """Decimal digits, no sign, no leading zeros, at most `upper`."""
    if not text.isascii() or not text.isdigit() or (len(text) > 1 and text[0] == "0"):
        raise Mismatch(f"{what} {text!r} is not a canonical decimal number")
    value = int(text)
    if value > upper:
        raise Mismatch(f"{what} {value} is too large")
    return value


def gtin_check_digit_ok(digits: str) -> bool:
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def pad_gtin(gtin: str) -> str:
    return gtin.rjust(14, "0")


def encode_lot(lot: str) -> str:
    return "".join(c if c in LOT_UNRESERVED else "%%%02X" % ord(c) for c in lot)


def parse_label_url(url: str) -> dict:
    """Parses a label URL into its signed fields, from the URL alone."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Mismatch(f"not an absolute http(s) URL: {url!r}")
    segs = [s for s in parts.path.split("/") if s]
    n = len(segs)
    if n >= 6 and segs[n - 6] == "01" and segs[n - 4] == "10" and segs[n - 2] == "21":
        gtin = segs[n - 5]
        if len(gtin) != 14 or not gtin.isascii() or not gtin.isdigit():
            raise Mismatch(f"GTIN {gtin!r} must be 14 digits")
        if not gtin_check_digit_ok(gtin):
            raise Mismatch(f"GTIN {gtin} has a wrong check digit")
        lot = urllib.parse.unquote(segs[n - 3], encoding="utf-8", errors="strict")
        if not 1 <= len(lot) <= 20 or any(c not in CSET82 for c in lot):
            raise Mismatch(f"lot {lot!r} is not 1-20 characters of GS1 character set 82")
        identity = f"01/{gtin}/10/{lot}"
        kind, tail_len = "gs1", 6
        fields = {"gtin": gtin, "lot": lot, "batch_id": None}
    elif n >= 3 and segs[n - 3] == "l":
        batch_id = canonical_number(segs[n - 2], "batch id", 2**64 - 1)
        identity = f"batch/{batch_id}"
        kind, tail_len = "batch", 3
        fields = {"gtin": None, "lot": None, "batch_id": batch_id}
    else:
        raise Mismatch(f"path {parts.path!r} is neither …/01/…/10/…/21/… nor …/l/…/…")
    serial = canonical_number(segs[n - 1], "serial", 2**32 - 1)
    # Everything before the identity tail is the (unsigned) base.
    tail = "/" + "/".join(segs[n - tail_len:])
    if not parts.path.endswith(tail):
        raise Mismatch(f"unexpected path layout {parts.path!r}")
    base = f"{parts.scheme}://{parts.netloc}{parts.path[: -len(tail)]}"

    # Query: raw key=value pairs (no decoding: every value is in a URL-safe alphabet).
    # Unknown parameters are ignored; v, k, c, s must appear exactly once.
    params: dict[str, str] = {}
    for pair in parts.query.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        if key not in ("v", "k", "c", "s"):
            continue
        if key in params:
            raise Mismatch(f"parameter {key!r} appears twice")
        params[key] = value
    for key in ("v", "k", "c", "s"):
        if key not in params:
            raise Mismatch(f"missing parameter {key!r}")
    if params["v"] != "1":
        raise Mismatch(f"unsupported format version v={params['v']!r}")
    kid = params["k"]
    if not B64URL.match(kid) or len(kid) > 43:
        raise Mismatch(f"kid {kid!r} is not base64url")
    m = CLAIMS.match(params["c"])
    if not m:
        raise Mismatch(f"claims c={params['c']!r} must look like 4-271231")
    star = int(m.group(1))
    if star not in (3, 4, 5):
        raise Mismatch(f"star {star} is not 3, 4 or 5")
    try:
        valid_until = datetime.date(2000 + int(m.group(2)), int(m.group(3)), int(m.group(4)))
    except ValueError as e:
        raise Mismatch(f"claims c={params['c']!r} has an impossible date: {e}") from None
    sig = b64url_decode(params["s"])
    if len(sig) != 64:
        raise Mismatch(f"signature is {len(sig)} bytes, not 64")
    return {
        "kind": kind,
        "base": base,
        "identity": identity,
        "serial": serial,
        "kid": kid,
        "star": star,
        "valid_until": valid_until,
        "sig": sig,
        **fields,
    }


def build_message(p: dict) -> bytes:
    """The six lines the signature covers, joined by LF, no trailing newline."""
    lines = [
        DOMAIN,
        f"kid:{p['kid']}",
        f"id:{p['identity']}",
        f"serial:{p['serial']}",
        f"star:{p['star']}",
        f"valid_until:{p['valid_until'].isoformat()}",
    ]
    return "\n".join(lines).encode("utf-8")


def render_url(p: dict) -> str:
    """The canonical URL for parsed fields (what the issuer prints)."""
    if p["kind"] == "gs1":
        path = f"/01/{p['gtin']}/10/{encode_lot(p['lot'])}/21/{p['serial']}"
    else:
        path = f"/l/{p['batch_id']}/{p['serial']}"
    d = p["valid_until"]
    claims = f"{p['star']}-{d.year % 100:02d}{d.month:02d}{d.day:02d}"
    return f"{p['base']}{path}?v=1&k={p['kid']}&c={claims}&s={b64url_encode(p['sig'])}"


def load_keys(jwks: dict) -> dict[str, tuple[dict, Ed25519PublicKey]]:
    keys = {}
    for jwk in jwks.get("keys", []):
        kid = jwk.get("kid")
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            raise Mismatch(f"JWK {kid}: not an OKP/Ed25519 key")
        x = b64url_decode(jwk["x"])
        if len(x) != 32:
            raise Mismatch(f"JWK {kid}: x is {len(x)} bytes, not 32")
        thumb = jwk_thumbprint(jwk)
        if kid != thumb[:8]:
            raise Mismatch(f"JWK {kid}: kid is not the first 8 characters of thumbprint {thumb}")
        if kid in keys:
            raise Mismatch(f"JWKS lists kid {kid} twice")
        keys[kid] = (jwk, Ed25519PublicKey.from_public_bytes(x))
    return keys


def verifies(key: Ed25519PublicKey, sig: bytes, msg: bytes) -> bool:
    try:
        key.verify(sig, msg)
        return True
    except InvalidSignature:
        return False


def check_vector(v: dict, keys: dict) -> None:
    url = v["url"]
    p = parse_label_url(url)

    msg = build_message(p)
    if msg.hex() != v["message_hex"]:
        raise Mismatch(f"rebuilt message differs from message_hex:\n  rebuilt  {msg.hex()}\n  vector   {v['message_hex']}")
    if msg.decode("utf-8") != v["message_text"]:
        raise Mismatch("rebuilt message differs from message_text")
    if b64url_encode(p["sig"]) != v["signature_b64url"]:
        raise Mismatch("signature in the URL differs from signature_b64url")
    if p["kid"] != v["kid"]:
        raise Mismatch(f"kid in the URL {p['kid']} differs from the vector's {v['kid']}")

    if p["kid"] not in keys:
        raise Mismatch(f"kid {p['kid']} is not in the JWKS")
    jwk, key = keys[p["kid"]]
    if jwk.get("status") == "revoked":
        raise Mismatch(f"key {p['kid']} is revoked in the JWKS")
    if not verifies(key, p["sig"], msg):
        raise Mismatch("Ed25519 signature does not verify")
    for i in range(len(msg)):
        tampered = bytearray(msg)
        tampered[i] ^= 0x01
        if verifies(key, p["sig"], bytes(tampered)):
            raise Mismatch(f"signature still verifies with byte {i} of the message flipped")
    bad_sig = bytearray(p["sig"])
    bad_sig[0] ^= 0x01
    if verifies(key, bytes(bad_sig), msg):
        raise Mismatch("a signature with one flipped bit still verifies")

    # The URL is the canonical rendering of its fields under the vector's base.
    if p["base"] != v["base"]:
        raise Mismatch(f"base {p['base']!r} differs from the vector's {v['base']!r}")
    if render_url(p) != url:
        raise Mismatch(f"re-rendered URL differs:\n  rendered {render_url(p)}\n  vector   {url}")
    if v["url_length"] != len(url):
        raise Mismatch(f"url_length {v['url_length']} but the URL has {len(url)} characters")
    qr = v["qr_version_ecc_m"]
    if not 1 <= qr <= 10:
        raise Mismatch(f"qr_version_ecc_m {qr} is above the version 10 budget")
    if len(url.encode("utf-8")) > QR_V10_M_BYTES:
        raise Mismatch(f"URL of {len(url)} bytes does not fit QR 10-M in byte mode ({QR_V10_M_BYTES})")

    # Inputs and expected facts agree with what the URL says.
    inp, exp = v["input"], v["expected"]
    if inp["gtin"] is not None:
        if p["kind"] != "gs1" or pad_gtin(inp["gtin"]) != p["gtin"] or inp["lot"] != p["lot"]:
            raise Mismatch("input gtin/lot do not match the URL")
    elif p["kind"] != "batch" or inp["batch_id"] != p["batch_id"]:
        raise Mismatch("input batch_id does not match the URL")
    facts = {
        "identity": p["identity"],
        "serial": p["serial"],
        "star": p["star"],
        "valid_until": p["valid_until"].isoformat(),
    }
    for k, val in facts.items():
        if inp.get(k, exp[k]) != exp[k] or exp[k] != val:
            raise Mismatch(f"{k}: URL says {val!r}, input {inp.get(k)!r}, expected {exp[k]!r}")
    if exp.get("signature_valid") is not True:
        raise Mismatch("vector does not expect a valid signature")


def self_test() -> None:
    """RFC 8037 appendix A.3: the thumbprint of the example Ed25519 key."""
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    thumb = jwk_thumbprint(jwk)
    assert thumb == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", thumb
    assert thumb[:8] == "kPrK_qmx"
    assert encode_lot("A/B%C?&=1") == "A%2FB%25C%3F%26%3D1"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_VECTORS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"error: cannot read vectors {path}: {e}", file=sys.stderr)
        return 2
    self_test()
    try:
        keys = load_keys(data["jwks"])
    except (Mismatch, KeyError, ValueError) as e:
        print(f"FAIL  JWKS: {e}")
        print(f"0 passed, {len(data.get('vectors', []))} failed")
        return 1
    passed = failed = 0
    for v in data.get("vectors", []):
        name = v.get("name", "?")
        try:
            check_vector(v, keys)
        except (Mismatch, KeyError, ValueError, TypeError) as e:
            failed += 1
            print(f"FAIL  {name}: {type(e).__name__}: {e}")
        else:
            passed += 1
            print(f"ok    {name}")
    if passed + failed == 0:
        print("error: no vectors found", file=sys.stderr)
        return 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
