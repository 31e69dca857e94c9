#!/usr/bin/env python3
"""Checks the backup vectors with nothing but Python's standard library and `cryptography`,
following docs/backup-format.md: fixtures/vectors/backup-v2.ocopbak (the current format,
logical relations), backup-v1.ocopbak and backup-v1-eddsa.ocopbak (format v1, sled's trees;
the latter signed before RFC 9864 with `alg: EdDSA`, which must keep verifying): frames, body
SHA-256, record counts, the manifest JWS (Ed25519) against the test-only JWKS in
fixtures/vectors/labels.json, and the issuance log root recomputed (RFC 6962) from the log
entries. A v2 body must hold logical relations only, in name order, none of them derived."""
import base64, hashlib, json, os, struct, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def b64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def mth(leaves):
    """RFC 6962 Merkle tree hash of a list of entries."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def main():
    jwks = json.load(open(os.path.join(ROOT, "fixtures/vectors/labels.json")))["jwks"]
    failed = 0

    def check(name, ok):
        nonlocal failed
        print(("ok    " if ok else "FAIL  ") + name)
        failed += 0 if ok else 1

    for name, alg, version in [
        ("backup-v2.ocopbak", "Ed25519", 2),
        ("backup-v1.ocopbak", "Ed25519", 1),
        ("backup-v1-eddsa.ocopbak", "EdDSA", 1),
    ]:
        print(f"--- {name}")
        check_file(os.path.join(ROOT, "fixtures/vectors", name), alg, version, jwks, check)
    print(f"{failed} failed")
    sys.exit(1 if failed else 0)


# The logical relations of format v2 (docs/backup-format.md), and what v1 carried that the
# engines now derive.
RELATIONS = ["accounts", "batches", "certificates", "claims", "documents", "key_status",
             "log_entries", "media", "meta", "pin_secrets", "print_runs", "product_content",
             "products", "recalls", "report_handlings", "reports", "scan_verdicts", "scans",
             "sessions", "subjects", "tokens", "totp", "trace_events"]
DERIVED = ["batchid_logindex", "gtin_productid", "login_accountid", "logindex_nodes",
           "loglevel_index_node", "logmeta", "productid_certid", "productid_lot_batchid",
           "setuphash_accountid", "subjectid_batchid"]


def check_file(path, alg, version, jwks, check):
    data = open(path, "rb").read()

    check(f"magic (v{version})", data[:8] == f"OCOPBAK{version}".encode())
    pos, trees, current = 8, {}, None
    while True:
        tag = data[pos:pos + 1]
        pos += 1
        if tag == b"T":
            (n,) = struct.unpack(">H", data[pos:pos + 2])
            current = data[pos + 2:pos + 2 + n].decode()
            trees[current] = []
            pos += 2 + n
        elif tag == b"R":
            (kn,) = struct.unpack(">I", data[pos:pos + 4])
            key = data[pos + 4:pos + 4 + kn]
            pos += 4 + kn
            (vn,) = struct.unpack(">I", data[pos:pos + 4])
            trees[current].append((key, data[pos + 4:pos + 4 + vn]))
            pos += 4 + vn
        elif tag == b"K":
            (n,) = struct.unpack(">I", data[pos:pos + 4])
            pos += 4 + n
        elif tag == b"E":
            break
        else:
            raise SystemExit(f"unknown tag {tag!r} at {pos - 1}")
    body = data[:pos]
    (mlen,) = struct.unpack(">I", data[pos:pos + 4])
    jws = data[pos + 4:pos + 4 + mlen].decode("ascii")
    check("nothing after the manifest", pos + 4 + mlen == len(data))

    h, p, s = jws.split(".")
    header = json.loads(b64url(h))
    manifest = json.loads(b64url(p))
    check(f"header (alg {alg})", header["alg"] == alg and header["typ"] == "ocop-backup-manifest+jws")
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    try:
        Ed25519PublicKey.from_public_bytes(b64url(key["x"])).verify(b64url(s), f"{h}.{p}".encode())
        check("manifest signature (Ed25519, test-only JWKS)", True)
    except Exception:
        check("manifest signature (Ed25519, test-only JWKS)", False)
    check("format", manifest["format"] == f"ocop-trace/backup/v{version}")
    check("body sha256", hashlib.sha256(body).hexdigest() == manifest["body_sha256"])
    check("body bytes", len(body) == manifest["body_bytes"])
    check("trees and counts", [[t["name"], t["records"]] for t in manifest["trees"]]
          == [[n, len(r)] for n, r in trees.items()])
    if version == 2:
        names = list(trees)
        check("logical relations only, in name order, none derived",
              all(n in RELATIONS and n not in DERIVED for n in names) and names == sorted(names))
    entries = [v for _, v in sorted(trees["log_entries" if version == 2 else "logindex_entry"])]
    check("log size", len(entries) == manifest["log_size"])
    check("log root (RFC 6962, from the entries)",
          base64.b64encode(mth(entries)).decode() == manifest["log_root"])


main()
