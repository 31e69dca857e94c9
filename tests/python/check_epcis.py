#!/usr/bin/env python3
"""Checks EPCIS 2.0 documents exported by ocop-trace (docs/epcis.md), independently of the
Rust code that wrote them:

1. they validate against GS1's EPCIS JSON Schema (fixtures/epcis/EPCIS-JSON-Schema.json),
   formats included;
2. JSON-LD expansion with GS1's context (fixtures/epcis/epcis-context.jsonld, served by a
   document loader: no network) drops no term: compacting the expansion again gives back
   every key and every value;
3. every eventID is the CBV 2.0 event hash, recomputed here from the *expanded* event (full
   IRIs), not from our data model.

Usage: check_epcis.py DOCUMENT... (fixtures/epcis/hash-vectors.jsonld is always checked:
its ids come from epcis2.js, another implementation of the hash).
Needs: pip install pyld jsonschema rfc3987. Ends with "N passed, M failed".
"""

import hashlib
import json
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

try:
    import jsonschema
    from pyld import jsonld
except ImportError as e:
    sys.exit(f"check_epcis.py needs pyld and jsonschema (pip install pyld jsonschema rfc3987): {e}")

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "epcis"
CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
CONTEXT = json.loads((FIXTURES / "epcis-context.jsonld").read_text())
SCHEMA = json.loads((FIXTURES / "EPCIS-JSON-Schema.json").read_text())
EP = "https://ref.gs1.org/epcis/"
CBV = "https://ref.gs1.org/cbv/"

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def loader(url, options=None):
    if url != CONTEXT_URL:
        raise jsonld.JsonLdError(f"no network: {url}", "jsonld.LoadDocumentError", code="loading document failed")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": CONTEXT}


jsonld.set_document_loader(loader)

# --- 1. schema ---------------------------------------------------------------------------
FORMATS = jsonschema.FormatChecker()
if "uri" not in FORMATS.checkers:
    sys.exit("check_epcis.py: the 'uri' format is not checked; pip install rfc3987")
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=FORMATS)


def schema_errors(doc):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


# --- 2. no term dropped ------------------------------------------------------------------
# Terms of the context that alias a keyword (id, eventID -> @id; type -> @type) compact to
# whichever alias JSON-LD prefers, so keys are compared as the keyword they stand for.
ALIASES = {k: v for k, v in CONTEXT["@context"].items() if isinstance(v, str) and v.startswith("@")}


def keys_and_leaves(node, keys, leaves):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "@context":
                continue
            keys.add(ALIASES.get(k, k))
            keys_and_leaves(v, keys, leaves)
    elif isinstance(node, list):
        for v in node:
            keys_and_leaves(v, keys, leaves)
    else:
        leaves[float(node) if isinstance(node, (int, float)) else node] += 1


def dropped_terms(doc):
    expanded = jsonld.expand(doc)
    compacted = jsonld.compact(expanded, {"@context": doc["@context"]})
    before_k, after_k = set(), set()
    before_v, after_v = Counter(), Counter()
    keys_and_leaves(doc, before_k, before_v)
    keys_and_leaves(compacted, after_k, after_v)
    # A bare CBV name (owning_party) may come back as its IRI (…/cbv/SDT-owning_party): kept.
    extra = list((after_v - before_v).elements())
    lost = []
    for v in (before_v - after_v).elements():
        iri = next((w for w in extra if isinstance(w, str) and w.startswith(CBV) and w.endswith("-" + str(v))), None)
        if iri is None:
            lost.append(v)
        else:
            extra.remove(iri)
    return sorted(before_k - after_k), sorted(map(str, lost))


# --- 3. event hash (CBV 2.0), from the expanded event --------------------------------------
def one(ev, key):
    return ev[key][0]


def value(node):
    return node["@id"] if "@id" in node else node["@value"]


def kv(key, val):
    val = str(val).strip()
    return f"{key}={val}" if val else key


def number(x):
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(x)


def utc_ms(text):
    t = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def namespaced(iri):
    """{namespace}local, the namespace as an XML binding would declare it."""
    for sep in "#/":
        if sep in iri.split("//", 1)[-1]:
            i = iri.rindex(sep) + 1
            return "{" + iri[:i] + "}" + iri[i:]
    i = iri.rindex(":")
    return "{" + iri[:i] + "}" + iri[i + 1:]


def quantity_element(q):
    s = kv("epcClass", value(one(q, EP + "epcClass")))
    if EP + "quantity" in q:
        s += kv("quantity", number(value(one(q, EP + "quantity"))))
    if EP + "uom" in q:
        s += kv("uom", value(one(q, EP + "uom")))
    return "quantityElement" + s


def listed(name, items):
    return name + "".join(sorted(items)) if items else ""


HANDLED = {"eventTime", "eventTimeZoneOffset", "recordTime", "epcList", "quantityList", "inputQuantityList",
           "outputQuantityList", "action", "transformationID", "bizStep", "disposition", "readPoint",
           "sourceList", "destinationList", "ilmd"}


def pre_hash(ev):
    unknown = [k for k in ev if k.startswith(EP) and k[len(EP):] not in HANDLED]
    if unknown:
        raise ValueError(f"this check does not hash {unknown}")
    s = kv("eventType", ev["@type"][0][len(EP):])
    s += kv("eventTime", utc_ms(value(one(ev, EP + "eventTime"))))
    s += kv("eventTimeZoneOffset", value(one(ev, EP + "eventTimeZoneOffset")))
    s += listed("epcList", [kv("epc", value(x)) for x in ev.get(EP + "epcList", [])])
    for name in ("quantityList", "inputQuantityList", "outputQuantityList"):
        s += listed(name, [quantity_element(q) for q in ev.get(EP + name, [])])
    for name in ("action", "transformationID", "bizStep", "disposition"):
        if EP + name in ev:
            s += kv(name, value(one(ev, EP + name)))
    if EP + "readPoint" in ev:
        s += "readPoint" + kv("id", value(one(ev, EP + "readPoint")))
    for name, key in (("sourceList", "source"), ("destinationList", "destination")):
        s += listed(name, [kv("type", value(one(p, EP + "sourceOrDestinationType")))
                           + kv(key, value(one(p, EP + "sourceOrDestination")))
                           for p in ev.get(EP + name, [])])
    if EP + "ilmd" in ev:
        ilmd = one(ev, EP + "ilmd")
        s += listed("ilmd", [kv(namespaced(k), value(v[0])) for k, v in ilmd.items()])
    ext = [kv(namespaced(k), value(v[0])) for k, v in ev.items() if not k.startswith(EP) and not k.startswith("@")]
    return s + "".join(sorted(ext))


def event_id(ev):
    return "ni:///sha-256;" + hashlib.sha256(pre_hash(ev).encode("utf-8")).hexdigest() + "?ver=CBV2.0"


def check_document(path):
    doc = json.loads(Path(path).read_text())
    errors = schema_errors(doc)
    check(not errors, f"{path}: GS1 JSON Schema: {errors[:5]}")
    keys, values = dropped_terms(doc)
    check(not keys and not values, f"{path}: JSON-LD expansion drops keys {keys} values {values[:5]}")
    expanded = jsonld.expand(doc)[0]
    events = one(expanded, EP + "epcisBody")[EP + "eventList"]
    check(len(events) == len(doc["epcisBody"]["eventList"]), f"{path}: events lost in expansion")
    for ev in events:
        try:
            got = event_id(ev)
        except (KeyError, ValueError) as e:
            check(False, f"{path}: cannot hash {ev.get('@id')}: {e!r}")
            continue
        check(ev.get("@id") == got, f"{path}: eventID {ev.get('@id')} but the event hashes to {got}\n  {pre_hash(ev)}")


for p in [FIXTURES / "hash-vectors.jsonld", *sys.argv[1:]]:
    check_document(p)
print(f"{passed} passed, {failed} failed")
