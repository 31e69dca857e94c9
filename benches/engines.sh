#!/usr/bin/env bash
# PostgreSQL against sled in one run, on 127.0.0.1 only, release builds:
#  1. benches/load.sh on each engine (first scans JSON and HTML, repeat scans), as ratios of
#     PostgreSQL to sled (target >= 0.8x);
#  2. issuance through the API: sled with one instance, PostgreSQL with two instances on one
#     database, each driven by wrk POSTing batches with distinct lots (issuances/s = log
#     appends/s through the API, target >= 2,000/s; p99 target < 50 ms);
#  3. start-up time of a PostgreSQL instance on the database those batches left;
#  4. bytes per batch and per log entry on PostgreSQL, the sled store's size;
#  5. benches/console_load.sh on each engine (16 signed-in users, p99 < 50 ms).
# Usage: bash benches/engines.sh [seconds] [connections]
# Needs PostgreSQL on 127.0.0.1:5432 (OCOP_TRACE_TEST_PG, as scripts/test sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CONNS=${2:-64}
PG=${OCOP_TRACE_TEST_PG:-postgres://postgres:postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
cargo build --release --bin ocop-trace
BIN=./target/release/ocop-trace
TOKEN=engines-bench-admin-token-01
WORK=$(mktemp -d)
DBS=()
db() { # a fresh database; prints its URL with the issuer
  local name="ocop_bench_$$_$1"
  psql "$PG" -Xqc "CREATE DATABASE $name" >/dev/null
  DBS+=("$name")
  echo "${PG%/*}/$name?issuer=VN-BENCH"
}
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  sleep 0.5
  for d in "${DBS[@]}"; do psql "$PG" -Xqc "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

scan_ratios() { # the scan passes' figures, PostgreSQL against sled
python3 - "$WORK" <<'PY'
import re, sys, pathlib
work = pathlib.Path(sys.argv[1])
def figures(name):
    out = {}
    for line in (work / name).read_text().splitlines():
        m = re.match(r"(first scans \(JSON\)|first scans \(HTML\)|repeat scans \(JSON\))\s*:\s*([\d.]+) req/s\s+p99 (\S+)", line)
        if m: out[m.group(1)] = (float(m.group(2)), m.group(3))
    return out
s, p = figures("sled.txt"), figures("pg.txt")
print("\n== PostgreSQL / sled, same run ==")
for k in s:
    if k in p:
        print(f"{k:22}: sled {s[k][0]:8.0f} req/s (p99 {s[k][1]}), PostgreSQL {p[k][0]:8.0f} req/s (p99 {p[k][1]}) = {p[k][0]/s[k][0]:.2f}x (target >= 0.8)")
PY
}

# ONLY=issuance skips the scan and console passes (their figures then print as absent);
# ONLY=scans runs the scan passes alone.
touch "$WORK/sled.txt" "$WORK/pg.txt"
if [ "${ONLY:-}" != issuance ]; then
echo "== scan passes, sled =="
bash benches/load.sh "$SECS" "$CONNS" | tee "$WORK/sled.txt"
echo "== scan passes, PostgreSQL =="
STORE=$(db scans) bash benches/load.sh "$SECS" "$CONNS" | tee "$WORK/pg.txt"
if [ "${ONLY:-}" = scans ]; then scan_ratios; exit 0; fi

echo "== console pages, sled =="
bash benches/console_load.sh "$SECS" | tee "$WORK/console-sled.txt"
echo "== console pages, PostgreSQL =="
STORE=$(db console) bash benches/console_load.sh "$SECS" | tee "$WORK/console-pg.txt"
fi

serve() { # port store-args...
  local port=$1; shift
  OCOP_TRACE_ADMIN_TOKEN=$TOKEN "$BIN" serve --listen 127.0.0.1:"$port" --keys-dir "$WORK/keys" \
    --label-scans-per-minute 1000000000 "$@" > "$WORK/serve-$port.log" 2>&1 &
  echo $! > "$WORK/pid-$port"
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "server on $port did not start" >&2; exit 1
}
api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
product_on() { # port: a subject, a certified product; prints the product id
  local a="http://127.0.0.1:$1/api/v1" s p
  s=$(api "$a/subjects" -d '{"name":"Hợp tác xã Thử Tải","kind":"cooperative","registration_no":"BENCH-1","address":{"province":"Vĩnh Long","district":"Trà Ôn","commune":"xã Hựu Thành"},"contact":{"phone":"0270 3000 000"}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  p=$(api "$a/products" -d "{\"subject_id\":$s,\"name\":\"Bưởi thử tải\",\"group\":\"food\",\"subgroup\":\"1.3\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  api "$a/products/$p/certificates" -d "{\"star\":4,\"level\":\"province\",\"decision_no\":\"01/QĐ-UBND\",\"decision_date\":\"2025-09-01\",\"issuing_body\":\"UBND tỉnh Vĩnh Long\"}" >/dev/null
  echo "$p"
}
issue() { # name port product threads connections
  cat > "$WORK/$1.lua" <<LUA
-- tid is each thread's global (set by setup): a local here would shadow it, and every
-- thread would send the same lots and have half of them refused.
local n = 0
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
request = function()
  n = n + 1
  local body = string.format('{"product_id":$3,"lot":"$1-%d-%d","production_date":"2026-11-20","expiry_date":"2027-11-20","quantity":1000,"origin":{"region":"Vùng thử tải","province":"Vĩnh Long"}}', tid, n)
  return wrk.format("POST", "/api/v1/batches", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $TOKEN"}, body)
end
LUA
  wrk -t"$4" -c"$5" -d"${SECS}s" --latency -s "$WORK/$1.lua" "http://127.0.0.1:$2" > "$WORK/$1.txt"
  echo "$1 $(awk '/Requests\/sec/ {print $2}' "$WORK/$1.txt") $(awk '$1=="99%" {print $2}' "$WORK/$1.txt") $(grep -c 'Non-2xx' "$WORK/$1.txt" || true)"
}

echo "== issuance =="
serve 18191 --data-dir "$WORK/sled"
P=$(product_on 18191)
SLED_I=$(issue sled_issue 18191 "$P" 2 16)
kill "$(cat "$WORK/pid-18191")" 2>/dev/null || true
sleep 1
SLED_BYTES=$(du -sb "$WORK/sled" | cut -f1)
ISSUE_DB=$(db issue)
serve 18192 --store "$ISSUE_DB"
serve 18193 --store "$ISSUE_DB"
P=$(product_on 18192)
issue pg_issue_a 18192 "$P" 1 8 > "$WORK/a.out" & A=$!
issue pg_issue_b 18193 "$P" 1 8 > "$WORK/b.out" & B=$!
wait "$A" "$B"
PG_A=$(cat "$WORK/a.out"); PG_B=$(cat "$WORK/b.out")
"$BIN" log verify --server http://127.0.0.1:18192 > "$WORK/verify.txt" 2>&1 && VERIFIED=yes || VERIFIED=NO
kill "$(cat "$WORK/pid-18192")" "$(cat "$WORK/pid-18193")" 2>/dev/null || true
sleep 1
START0=$(date +%s.%N)
serve 18194 --store "$ISSUE_DB"
START1=$(date +%s.%N)
CONN="${ISSUE_DB%%\?*}"
psql "$CONN" -XAtc "SELECT 'batches', count(*), pg_total_relation_size('batches') FROM batches
  UNION ALL SELECT 'log', count(*), pg_total_relation_size('log_entries') + pg_total_relation_size('log_nodes') FROM log_entries" > "$WORK/pgsize.txt"

scan_ratios
python3 - "$WORK" "$SLED_I" "$PG_A" "$PG_B" "$START0" "$START1" "$SLED_BYTES" "$VERIFIED" <<'PY'
import re, sys, pathlib
work = pathlib.Path(sys.argv[1])
def issue(line):
    name, rps, p99, non2xx = (line.split() + ["0"])[:4]
    return float(rps), p99, non2xx
sr, sp, sn = issue(sys.argv[2]); ar, ap, an = issue(sys.argv[3]); br, bp, bn = issue(sys.argv[4])
print(f"issuance, sled, 1 instance      : {sr:7.0f}/s  p99 {sp}  (non-2xx lines: {sn})")
print(f"issuance, PostgreSQL, 2 instances: {ar + br:7.0f}/s  p99 {ap} / {bp}  (non-2xx lines: {an}, {bn}); log verifies: {sys.argv[8]}")
print(f"start-up of a third instance on that database: {float(sys.argv[6]) - float(sys.argv[5]):.2f} s (includes process start and the first health check)")
rows = [l.split("|") for l in (work / "pgsize.txt").read_text().split()]
for name, n, size in rows:
    if int(n): print(f"PostgreSQL bytes per {name:7}: {int(size) / int(n):8.0f} ({n} rows, tables and indexes)")
print(f"sled store after its issuance pass: {int(sys.argv[7]) / 1e6:.1f} MB on disk")
PY
