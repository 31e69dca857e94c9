#!/usr/bin/env python3
"""Independent check of the ocop-trace issuance log, standard library only.

Usage: check_log.py ENTRIES.jsonl ROOT_HEX SIZE [INCLUSION.json ...]

Recomputes the RFC 6962 Merkle tree hash of the first SIZE exported entries (each line's
exact bytes are one leaf: SHA-256(0x00 || line)), compares it with ROOT_HEX, and verifies
each inclusion proof file ({"index", "size", "leaf_hash", "root", "proof": [hex…]}) with the
RFC 9162 section 2.1.3.2 algorithm. Prints "N passed, M failed" last; exits non-zero on failure.
"""
import hashlib
import json
import sys


def leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(leaves):
    """RFC 6962 section 2.1: MTH of a list of leaf hashes."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def verify_inclusion(leaf_hash, index, size, proof, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    path, root_hex, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path, "rb") as f:
        lines = [line.rstrip(b"\n") for line in f if line.strip()]
    passed = failed = 0
    leaves = [leaf(line) for line in lines[:size]]
    for i, line in enumerate(lines[:size]):
        if json.loads(line)["index"] != i:
            print(f"FAIL entry {i} carries another index")
            failed += 1
    if mth(leaves).hex() == root_hex:
        passed += 1
    else:
        print(f"FAIL root of {size} entries is {mth(leaves).hex()}, expected {root_hex}")
        failed += 1
    for proof_path in sys.argv[4:]:
        with open(proof_path) as f:
            p = json.load(f)
        lh = leaves[p["index"]]
        ok = (
            lh.hex() == p["leaf_hash"]
            and verify_inclusion(lh, p["index"], p["size"], [bytes.fromhex(h) for h in p["proof"]], bytes.fromhex(p["root"]))
            and p["root"] == mth(leaves[: p["size"]]).hex()
        )
        tampered = not verify_inclusion(leaf(b"tampered"), p["index"], p["size"], [bytes.fromhex(h) for h in p["proof"]], bytes.fromhex(p["root"]))
        if ok and tampered:
            passed += 1
        else:
            print(f"FAIL inclusion proof of entry {p['index']}")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
