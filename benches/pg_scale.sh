#!/usr/bin/env bash
# PostgreSQL at province scale, on 127.0.0.1 only, release build:
#  1. issues N batches (default 100,000) through the API with two instances on one database;
#  2. starts a third instance on that database and times it to its first health answer
#     (target < 1 s on 100,000 batches);
#  3. scans 20,000 distinct units once each and reports bytes per batch, per log entry and
#     per scanned unit (tables and indexes).
# Usage: bash benches/pg_scale.sh [batches]
# Needs PostgreSQL on 127.0.0.1:5432 (OCOP_TRACE_TEST_PG, as scripts/test sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
PG=${OCOP_TRACE_TEST_PG:-postgres://postgres:postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
cargo build --release --bin ocop-trace
BIN=./target/release/ocop-trace
TOKEN=pg-scale-bench-admin-token-01
WORK=$(mktemp -d)
NAME="ocop_scale_$$"
DB="${PG%/*}/$NAME?issuer=VN-BENCH"
CONN="${PG%/*}/$NAME"
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  sleep 0.5
  psql "$PG" -Xqc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
psql "$PG" -Xqc "CREATE DATABASE $NAME" >/dev/null

serve() { # port store-args...
  local port=$1; shift
  OCOP_TRACE_ADMIN_TOKEN=$TOKEN "$BIN" serve --listen 127.0.0.1:"$port" --keys-dir "$WORK/keys" \
    --label-scans-per-minute 1000000000 "$@" > "$WORK/serve-$port.log" 2>&1 &
  echo $! > "$WORK/pid-$port"
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.02; done
  echo "server on $port did not start" >&2; exit 1
}
api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

serve 18291 --store "$DB"
serve 18292 --store "$DB"
A=http://127.0.0.1:18291/api/v1
S=$(api "$A/subjects" -d '{"name":"Hợp tác xã Thử Tải","kind":"cooperative","registration_no":"SCALE-1","address":{"province":"Vĩnh Long","district":"Trà Ôn","commune":"xã Hựu Thành"},"contact":{"phone":"0270 3000 000"}}' | json '["id"]')
P=$(api "$A/products" -d "{\"subject_id\":$S,\"name\":\"Bưởi thử tải\",\"group\":\"food\",\"subgroup\":\"1.3\"}" | json '["id"]')
api "$A/products/$P/certificates" -d '{"star":4,"level":"province","decision_no":"01/QĐ-UBND","decision_date":"2025-09-01","issuing_body":"UBND tỉnh Vĩnh Long"}' >/dev/null
for side in a b; do
  cat > "$WORK/$side.lua" <<LUA
-- Lots carry the round (wrk's random numbers repeat from one run to the next; a lot
-- issued twice is refused, and the count stops growing).
local n, round = 0, "0"
init = function(args) round = args[1] end
request = function()
  n = n + 1
  local body = string.format('{"product_id":$P,"lot":"$side-%s-%d-%d","production_date":"2026-11-20","expiry_date":"2027-11-20","quantity":20000,"origin":{"region":"Vùng thử tải","province":"Vĩnh Long"}}', round, math.random(1, 2000000000), n)
  return wrk.format("POST", "/api/v1/batches", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $TOKEN"}, body)
end
LUA
done
count() { psql "$CONN" -XAtc "SELECT count(*) FROM batches"; }
T0=$(date +%s)
ROUND=0
while [ "$(count)" -lt "$N" ]; do
  ROUND=$((ROUND + 1))
  wrk -t1 -c8 -d20s -s "$WORK/a.lua" http://127.0.0.1:18291 -- "$ROUND" > /dev/null & W=$!
  wrk -t1 -c8 -d20s -s "$WORK/b.lua" http://127.0.0.1:18292 -- "$ROUND" > /dev/null
  wait "$W"
  echo "  $(count) batches after $(( $(date +%s) - T0 )) s" >&2
done
T1=$(date +%s)
BATCHES=$(count)
echo "issued $BATCHES batches in $((T1 - T0)) s over two instances"
"$BIN" log verify --server http://127.0.0.1:18291 > "$WORK/verify.txt" 2>&1 && VERIFIED=yes || VERIFIED=NO
kill "$(cat "$WORK/pid-18291")" "$(cat "$WORK/pid-18292")"
sleep 1

START0=$(date +%s.%N)
serve 18293 --store "$DB"
START1=$(date +%s.%N)

# 20,000 distinct units of one batch, scanned once each, then written back.
BATCH=$(api "http://127.0.0.1:18293/api/v1/batches?limit=1" | json '[0]["id"]')
api "http://127.0.0.1:18293/api/v1/batches/$BATCH/labels?format=csv&from=1&to=20000" \
  | tail -n +2 | cut -d, -f2 | sed "s#http://127.0.0.1:18293##" > "$WORK/units.txt"
cat > "$WORK/scan.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/units.txt") do paths[#paths + 1] = line end
local n = 0
request = function()
  n = n + 1
  if n > #paths then n = #paths end
  return wrk.format("GET", paths[n], {["Accept"] = "application/json"})
end
LUA
wrk -t1 -c4 -d5s -s "$WORK/scan.lua" http://127.0.0.1:18293 > /dev/null
sleep 1
psql "$CONN" -XAtc "SELECT 'batch', count(*), pg_total_relation_size('batches') FROM batches
  UNION ALL SELECT 'log entry', count(*), pg_total_relation_size('log_entries') + pg_total_relation_size('log_nodes') FROM log_entries
  UNION ALL SELECT 'scanned unit', count(*), pg_total_relation_size('scans') FROM scans" > "$WORK/sizes.txt"
echo "start-up of an instance on $BATCHES batches: $(python3 -c "print(f'{$START1 - $START0:.2f}')") s (process start to first health answer; target < 1 s); log verifies: $VERIFIED"
while IFS='|' read -r what n size; do
  [ "$n" -gt 0 ] && echo "PostgreSQL bytes per $what: $((size / n)) ($n rows, table and indexes)"
done < "$WORK/sizes.txt"
