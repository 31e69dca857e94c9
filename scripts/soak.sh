#!/usr/bin/env bash
# Soak test on 127.0.0.1 only: mixed load for DURATION seconds (default 600) at about half of
# the measured peak — public verification of thousands of distinct labels (JSON and HTML,
# scans counted), batch issuance, PDF and CSV label outputs — sampled every minute: requests
# per second, p99, errors, server RSS and store size. Prints a table and a verdict.
# Usage: bash scripts/soak.sh [duration_seconds] [connections] [delay_ms]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-600}
CONNS=${2:-24}
DELAY_MS=${3:-1}
SEGMENT=60
WRITER=""
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
cargo build --release --bin ocop-trace

WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=18091
TOKEN=soak-test-admin-token-0001
BASE="http://127.0.0.1:$PORT"
OCOP_TRACE_ADMIN_TOKEN=$TOKEN ./target/release/ocop-trace serve --demo \
  --listen 127.0.0.1:$PORT --data-dir "$WORK/data" --keys-dir "$WORK/keys" \
  --clone-max-scans 100000000 --clone-max-sources 100000 > "$WORK/serve.out" 2> "$WORK/serve.err" &
SERVER=$!
for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
auth=(-H "Authorization: Bearer $TOKEN")

# Distinct label paths: 1,000 units from each of the first 8 demo batches.
curl -s "${auth[@]}" "$BASE/api/v1/batches?limit=8" | python3 -c 'import json,sys; print("\n".join(str(b["id"]) for b in json.load(sys.stdin)))' > "$WORK/batches.txt"
: > "$WORK/paths.txt"
while read -r b; do
  curl -s "${auth[@]}" "$BASE/api/v1/batches/$b/labels?format=csv&from=1&to=1000" \
    | tail -n +2 | cut -d, -f2 | sed "s#$BASE##" >> "$WORK/paths.txt"
done < "$WORK/batches.txt"
PRODUCT=$(curl -s "${auth[@]}" "$BASE/api/v1/batches/$(head -1 "$WORK/batches.txt")" | python3 -c 'import json,sys; print(json.load(sys.stdin)["product_id"])')
echo "soak: $(wc -l < "$WORK/paths.txt") distinct label URLs, $CONNS connections, ${DELAY_MS} ms think time, ${DURATION}s"

cat > "$WORK/mix.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/paths.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  local accept = (i % 4 == 0) and "text/html" or "application/json"
  return wrk.format("GET", paths[i], {["Accept"] = accept, ["User-Agent"] = "Mozilla/5.0 (Linux; Android 14) Mobile soak"})
end
delay = function() return $DELAY_MS end
LUA

# Writers: one batch per second, a CSV of 1,000 labels and a PDF sheet of 96 every 5 s.
writer() {
  local n=0 errors=0
  while [ -f "$WORK/running" ]; do
    n=$((n + 1))
    code=$(curl -s -o "$WORK/batch.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
      -d "{\"product_id\":$PRODUCT,\"lot\":\"SOAK$n\",\"production_date\":\"2026-11-01\",\"expiry_date\":\"2027-11-01\",\"quantity\":1000,\"origin\":{\"region\":\"Cầu Kè\",\"province\":\"Trà Vinh\"}}" \
      "$BASE/api/v1/batches")
    [ "$code" = 201 ] || { errors=$((errors + 1)); echo "batch $n: $code $(head -c 300 "$WORK/batch.json")" >> "$WORK/writer-errors.txt"; }
    if [ $((n % 5)) = 0 ]; then
      # Label outputs of the batch just issued (1,000 units).
      b=$(grep -o '"id":[0-9]*' "$WORK/batch.json" | head -1 | cut -d: -f2)
      code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$BASE/api/v1/batches/$b/labels?format=csv&from=1&to=1000")
      [ "$code" = 200 ] || { errors=$((errors + 1)); echo "csv $b: $code" >> "$WORK/writer-errors.txt"; }
      code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$BASE/api/v1/batches/$b/labels?format=pdf&from=1&to=96")
      [ "$code" = 200 ] || { errors=$((errors + 1)); echo "pdf $b: $code" >> "$WORK/writer-errors.txt"; }
    fi
    echo "$n $errors" > "$WORK/writer.txt"
    sleep 1
  done
}
touch "$WORK/running"

store_bytes() { du -sb "$WORK/data" | cut -f1; }
rss_mb() { echo "scale=1; $(ps -o rss= -p "$SERVER") / 1024" | bc; }
START_BYTES=$(store_bytes)
echo "minute  req/s     p99       non2xx  sockerr  rss_MB  store_MB"
SEGMENTS=$(( (DURATION + SEGMENT - 1) / SEGMENT ))
TOTAL=0
: > "$WORK/rows.txt"
for m in $(seq "$SEGMENTS"); do
  wrk -t2 -c"$CONNS" -d"${SEGMENT}s" --latency -s "$WORK/mix.lua" "$BASE" > "$WORK/seg.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/seg.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/seg.txt")
  reqs=$(awk '/requests in/ {print $1}' "$WORK/seg.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/seg.txt"); non2xx=${non2xx:-0}
  sockerr=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$WORK/seg.txt"); sockerr=${sockerr:-0}
  TOTAL=$((TOTAL + reqs))
  row="$m $rps $p99 $non2xx $sockerr $(rss_mb) $(echo "scale=1; $(store_bytes) / 1000000" | bc)"
  echo "$row" >> "$WORK/rows.txt"
  printf '%-7s %-9s %-9s %-7s %-8s %-7s %s\n' $row
  # Minute 1 is scans only, to measure store growth per scan; writers join from minute 2.
  if [ "$m" = 1 ]; then
    SCAN_BYTES=$(( $(store_bytes) - START_BYTES )); SCAN_REQS=$reqs
    writer &
    WRITER=$!
  fi
done
rm -f "$WORK/running"
[ -z "$WRITER" ] || wait "$WRITER" 2>/dev/null || true
[ -f "$WORK/writer-errors.txt" ] && { echo "writer errors:"; head -5 "$WORK/writer-errors.txt"; }
END_BYTES=$(store_bytes)
read -r BATCHES WERR < "$WORK/writer.txt"
python3 - "$WORK/rows.txt" "$TOTAL" "$START_BYTES" "$END_BYTES" "$BATCHES" "$WERR" "$SCAN_BYTES" "$SCAN_REQS" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
total, b0, b1, batches, werr, scan_bytes, scan_reqs = (int(x) for x in sys.argv[2:9])
def ms(s):
    return float(s[:-2]) if s.endswith("ms") else float(s[:-2]) / 1000 if s.endswith("us") else float(s[:-1]) * 1000
p99 = [ms(r[2]) for r in rows]
rss = [float(r[5]) for r in rows]
errors = sum(int(r[3]) + int(r[4]) for r in rows) + werr
growth = b1 - b0
print(f"requests {total}, writer batches {batches}, errors {errors}")
print(f"p99 first/last/max: {p99[0]:.2f} / {p99[-1]:.2f} / {max(p99):.2f} ms")
print(f"RSS first/last/max: {rss[0]:.1f} / {rss[-1]:.1f} / {max(rss):.1f} MB (target < 100, flat)")
print(f"store growth per scan (minute 1, scans only): {scan_bytes/max(scan_reqs,1):.1f} bytes "
      f"({scan_reqs} scans)")
print(f"store growth over the whole run: {growth/1e6:.1f} MB ({batches} batches issued, print runs, scans)")
# Minute 1 is warm-up (caches filling, no writers yet): flat means the last minute stays
# near minute 2's level.
base = rss[1] if len(rss) > 1 else rss[0]
ok = errors == 0 and max(rss) < 100 and rss[-1] <= base * 1.3 + 5 and max(p99) < 5 * max(min(p99), 1)
print("soak: " + ("PASS" if ok else "FAIL"))
sys.exit(0 if ok else 1)
PY
