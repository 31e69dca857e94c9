#!/usr/bin/env bash
# Lighthouse (mobile) on the public pages of a demo server on 127.0.0.1: a verdict page, the
# home page, the dashboard and the catalogue. Prints performance, accessibility, best
# practices and SEO per page (0–100). Lighthouse goes into a private prefix
# (target/lighthouse), pinned: 12.2.3 is the last release that runs on Node 20.
# Usage: bash scripts/lighthouse.sh [path/to/ocop-trace]   (default: builds the debug binary)
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=target/lighthouse
LH="$PREFIX/node_modules/.bin/lighthouse"
[ -x "$LH" ] || npm i -E lighthouse@12.2.3 --prefix "$PREFIX" --no-audit --no-fund >/dev/null
BIN=${1:-}
if [ -z "$BIN" ]; then
  cargo build --bin ocop-trace
  BIN="${CARGO_TARGET_DIR:-target}/debug/ocop-trace"
fi

WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=${PORT:-18093}
TOKEN=lighthouse-admin-token-0001
BASE="http://127.0.0.1:$PORT"
OCOP_TRACE_ADMIN_TOKEN=$TOKEN "$BIN" serve --demo --listen "127.0.0.1:$PORT" \
  --data-dir "$WORK/data" --keys-dir "$WORK/keys" > "$WORK/serve.out" 2> "$WORK/serve.err" &
SERVER=$!
for _ in $(seq 150); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$BASE/healthz" >/dev/null || { cat "$WORK/serve.err"; exit 1; }

# A genuine label of the first demo batch.
B=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/batches?limit=1" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
LABEL=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/batches/$B/labels?format=csv&from=1&to=1" \
  | tail -n +2 | cut -d, -f2)

printf '%-12s %5s %5s %5s %5s\n' page perf a11y best seo
for pair in "verdict|$LABEL" "home|$BASE/" "dashboard|$BASE/dashboard" "catalogue|$BASE/catalogue"; do
  name=${pair%%|*}
  url=${pair#*|}
  CHROME_PATH=/usr/bin/chromium "$LH" "$url" --quiet --form-factor=mobile \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --output=json --output-path="$WORK/$name.json" >/dev/null 2>"$WORK/$name.err" \
    || { echo "$name: lighthouse failed"; tail -5 "$WORK/$name.err"; continue; }
  python3 - "$WORK/$name.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["categories"]
s = [round((c[k]["score"] or 0) * 100) for k in ("performance", "accessibility", "best-practices", "seo")]
print("%-12s %5d %5d %5d %5d" % (sys.argv[2], *s))
for k in ("accessibility", "best-practices", "seo"):
    for ref in c[k]["auditRefs"]:
        a = r["audits"][ref["id"]]
        if ref["weight"] and a["score"] is not None and a["score"] < 1:
            print("    %s: %s" % (k, a["title"]))
PY
done
