#!/usr/bin/env bash
# Runs every cargo-fuzz target for N minutes each (default 5) on the nightly toolchain and
# prints executions and crashes per target. Crashes land in fuzz/artifacts/TARGET/; turn each
# into a regression test before fixing it. Usage: bash scripts/fuzz.sh [minutes] [target...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
MIN=${1:-5}
shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || mapfile -t TARGETS < <(cargo +nightly fuzz list)
cargo +nightly fuzz build -O
# Run the built binaries directly, so edits made meanwhile do not trigger rebuilds mid-run.
BIN=target/$(rustc +nightly -vV | awk '/^host/ {print $2}')/release
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t"
  log=$(mktemp)
  set +e
  mkdir -p "artifacts/$t"
  # New units go to corpus/ (not committed); seeds/ holds the committed starting points.
  "$BIN/$t" "corpus/$t" "seeds/$t" -artifact_prefix="artifacts/$t/" -max_total_time=$((MIN * 60)) \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 > "$log" 2>&1
  rc=$?
  set -e
  execs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log")
  crashes=$(ls "artifacts/$t" 2>/dev/null | wc -l)
  echo "$t: ${MIN} min, ${execs:-?} executions, exit $rc, artifacts ${crashes}"
  [ $rc = 0 ] || tail -30 "$log"
  cp "$log" "/tmp/fuzz-$t.log"; rm -f "$log"
done
