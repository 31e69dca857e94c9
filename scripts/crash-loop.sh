#!/usr/bin/env bash
# Kills the real server with SIGKILL at random moments while it issues batches, streams print
# runs and counts scans, N times (default 500), checking after each restart that every
# acknowledged write survived (tests/api/crash.rs). Usage: scripts/crash-loop.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-500}"
start=$(date +%s)
OCOP_CRASH_KILLS="$kills" cargo test --release --test api \
  crash::killed_at_random_moments_the_store_keeps_every_acknowledged_write -- --nocapture
echo "crash loop: $kills kills passed in $(( $(date +%s) - start )) s"
