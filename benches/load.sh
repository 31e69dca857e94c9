#!/usr/bin/env bash
# Load test on 127.0.0.1 only: the public verify endpoint (JSON and HTML) over distinct label
# URLs with scan counting on, against the naive ceiling (a bare axum route doing one Ed25519
# verification per request), release builds, same wrk settings, same run.
# A last run repeats the JSON verify load while a writer issues batches and downloads label
# output (CSV and PDF) in a loop, to show that writes and bulk output leave verification's
# p99 alone (target < 20 ms at 64 connections).
# The first-scan run requests each URL of an 800,000-unit batch at most once (taken from its
# CSV export), as real shoppers do: no label is ever seen twice, so no cache helps.
# Usage: bash benches/load.sh [seconds] [connections]
# With STORE=postgres://…?issuer=… the server runs on that (empty) database instead of sled
# (benches/engines.sh runs both and compares).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CONNS=${2:-64}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

cargo build --release --bin ocop-trace
BARE=$(cargo bench --bench bare_verify --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="bare_verify" and m.get("executable"): print(m["executable"])' | tail -1)

WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=18089
STORE_ARGS=(--data-dir "$WORK/data")
[ -n "${STORE:-}" ] && STORE_ARGS=(--store "$STORE")
OCOP_TRACE_ADMIN_TOKEN=load-test-admin-token-0001 ./target/release/ocop-trace serve --demo \
  --listen 127.0.0.1:$PORT "${STORE_ARGS[@]}" --keys-dir "$WORK/keys" \
  --clone-max-sources 1000 --label-scans-per-minute 1000000000 > "$WORK/serve.out" 2> "$WORK/serve.err" &
BARE_ADDR=127.0.0.1:18090 "$BARE" > /dev/null &
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# 2,000 distinct label paths from the first demo batch.
BATCH=$(curl -s -H "Authorization: Bearer load-test-admin-token-0001" "http://127.0.0.1:$PORT/api/v1/batches?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
curl -s -H "Authorization: Bearer load-test-admin-token-0001" \
  "http://127.0.0.1:$PORT/api/v1/batches/$BATCH/labels?format=csv&from=1&to=1000" \
  | tail -n +2 | cut -d, -f2 | sed "s#http://127.0.0.1:$PORT##" > "$WORK/paths.txt"

cat > "$WORK/paths.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/paths.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], wrk.headers)
end
LUA

run() { # name url accept
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$WORK/paths.lua" -H "Accept: $3" -H "User-Agent: Mozilla/5.0 (load test)" "$2" > "$WORK/$1.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$1.txt")
  echo "$1 $rps $p99"
}
# First scans: a fresh batch of 800,000 units; each wrk thread takes every other URL.
FIRST_N=800000
FIRST=$(curl -s -H "Authorization: Bearer load-test-admin-token-0001" -H 'Content-Type: application/json' \
  "http://127.0.0.1:$PORT/api/v1/batches" \
  -d "{\"product_id\":$(curl -s -H "Authorization: Bearer load-test-admin-token-0001" "http://127.0.0.1:$PORT/api/v1/batches/$BATCH" | python3 -c 'import json,sys; print(json.load(sys.stdin)["product_id"])'),\"lot\":\"FIRST-$$\",\"production_date\":\"2026-11-20\",\"expiry_date\":\"2027-11-20\",\"quantity\":$FIRST_N,\"origin\":{\"region\":\"Vùng thử tải\",\"province\":\"Vĩnh Long\"}}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -s -H "Authorization: Bearer load-test-admin-token-0001" \
  "http://127.0.0.1:$PORT/api/v1/batches/$FIRST/labels?format=csv" \
  | tail -n +2 | cut -d, -f2 | sed "s#http://127.0.0.1:$PORT##" > "$WORK/first.txt"
cat > "$WORK/first.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/first.txt") do paths[#paths + 1] = line end
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local n = 0
request = function()
  n = n + 1
  local i = (n - 1) * 2 + tid + 1
  if i > #paths then i = #paths - tid end
  return wrk.format("GET", paths[i], wrk.headers)
end
LUA
# The HTML first-scan pass walks the same batch from its last serial down, so the two
# passes never meet (each stays under half of the 800,000 units).
sed 's/local i = (n - 1) \* 2 + tid + 1/local i = #paths - ((n - 1) * 2 + tid)/; s/if i > #paths then i = #paths - tid end/if i < 1 then i = 1 + tid end/' \
  "$WORK/first.lua" > "$WORK/first_html.lua"
first() { # name url accept [script]
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$WORK/${4:-first}.lua" -H "Accept: $3" -H "User-Agent: Mozilla/5.0 (Linux; Android 14) Mobile" "$2" > "$WORK/$1.txt"
  local rps p99 total
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$1.txt")
  total=$(awk '/requests in/ {print $1}' "$WORK/$1.txt")
  echo "$1 $rps $p99 $total"
}

# The genuine page carries the product's passport, as real products' pages do.
PRODUCT0=$(curl -s -H "Authorization: Bearer load-test-admin-token-0001" "http://127.0.0.1:$PORT/api/v1/batches/$BATCH" | python3 -c 'import json,sys; print(json.load(sys.stdin)["product_id"])')
curl -s -o /dev/null -X PUT -H "Authorization: Bearer load-test-admin-token-0001" -H 'Content-Type: application/json' \
  "http://127.0.0.1:$PORT/api/v1/products/$PRODUCT0/content" \
  -d '{"story":"Sản phẩm thử tải: câu chuyện, thành phần và cảnh báo như một hộ sản xuất thật ghi.","ingredients":"Mật hoa dừa 100%","net_quantity":"250 ml","warnings":"Bảo quản nơi khô ráo."}'
BARE_R=$(run bare "http://127.0.0.1:18090" "application/json")
FIRST_R=$(first firstscan "http://127.0.0.1:$PORT" "application/json")
FIRSTHTML_R=$(first firstscan_html "http://127.0.0.1:$PORT" "text/html" first_html)
JSON_R=$(run json "http://127.0.0.1:$PORT" "application/json")
HTML_R=$(run html "http://127.0.0.1:$PORT" "text/html")
# The machine drifts: the bare route again, and the ratios against the mean of both runs.
BARE2_R=$(run bare2 "http://127.0.0.1:18090" "application/json")
# Issuance and label output running through the mixed run.
PRODUCT=$(curl -s -H "Authorization: Bearer load-test-admin-token-0001" "http://127.0.0.1:$PORT/api/v1/batches/$BATCH" | python3 -c 'import json,sys; print(json.load(sys.stdin)["product_id"])')
writer() {
  local i=0 auth="Authorization: Bearer load-test-admin-token-0001" api="http://127.0.0.1:$PORT/api/v1"
  while :; do
    i=$((i + 1))
    local id
    id=$(curl -s -H "$auth" -H 'Content-Type: application/json' "$api/batches" -d "{\"product_id\":$PRODUCT,\"lot\":\"LOAD-$$-$i\",\"production_date\":\"2026-11-20\",\"expiry_date\":\"2027-11-20\",\"quantity\":5000,\"origin\":{\"region\":\"Vùng thử tải\",\"province\":\"Vĩnh Long\"}}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin).get("id", ""))')
    [ -n "$id" ] || continue
    curl -s -o /dev/null -H "$auth" "$api/batches/$id/labels?format=csv"
    curl -s -o /dev/null -H "$auth" "$api/batches/$id/labels?format=pdf&from=1&to=48"
    echo "$i" > "$WORK/writes"
  done
}
writer & WRITER=$!
MIXED_R=$(run mixed "http://127.0.0.1:$PORT" "application/json")
kill $WRITER 2>/dev/null || true
WRITES=$(cat "$WORK/writes" 2>/dev/null || echo 0)
RSS=$(ps -o rss= -p "$(pgrep -f "ocop-trace serve --demo --listen 127.0.0.1:$PORT" | head -1)")
python3 - "$BARE_R" "$JSON_R" "$HTML_R" "$RSS" "$MIXED_R" "$WRITES" "$FIRST_R" "$FIRST_N" "$FIRSTHTML_R" "$BARE2_R" <<'PY'
import sys
b, j, h = (s.split() for s in sys.argv[1:4])
rss = int(sys.argv[4]) / 1024
m, writes = sys.argv[5].split(), sys.argv[6]
f, first_n = sys.argv[7].split(), int(sys.argv[8])
fh, b2 = sys.argv[9].split(), sys.argv[10].split()
bare = (float(b[1]) + float(b2[1])) / 2
js, ht = float(j[1]), float(h[1])
print(f"bare Ed25519 route : {float(b[1]):10.0f} then {float(b2[1]):.0f} req/s (mean {bare:.0f})  p99 {b[2]}, {b2[2]}")
fs, fhs = float(f[1]), float(fh[1])
seen = int(f[3]) + int(fh[3])
print(f"first scans (JSON) : {fs:10.0f} req/s  p99 {f[2]}  = {fs/bare:.2f}x the bare route (target >= 1.2); {f[3]} requests over {first_n} distinct labels, none repeated" + ("" if seen <= first_n else " (RAN OUT: lengthen the batch)"))
print(f"first scans (HTML) : {fhs:10.0f} req/s  p99 {fh[2]}  = {fhs/bare:.2f}x the bare route (target >= 1.0); {fh[3]} requests, from the batch's other end")
print(f"repeat scans (JSON): {js:10.0f} req/s  p99 {j[2]}  = {js/bare:.2f}x the bare route (target >= 2.0; 1,000 labels cycled)")
print(f"verify (HTML page) : {ht:10.0f} req/s  p99 {h[2]}  = {ht/js:.2f}x the JSON verdict (target >= 0.7)")
print(f"verify while writing: {float(m[1]):10.0f} req/s  p99 {m[2]} (target p99 < 20 ms) with {writes} batches issued, each output as 5,000-label CSV and a 48-label PDF")
print(f"server RSS after load: {rss:.1f} MB (target < 100)")
PY
