#!/usr/bin/env bash
# Runs one libFuzzer binary for SECONDS on a fresh corpus seeded from SEED_DIRS.
# Exits non-zero when the fuzzer finds a crash, leak, timeout or out-of-memory.
# usage: tests/fuzz/run_fuzz.sh FUZZER SECONDS [SEED_DIR...]
set -euo pipefail
fuzzer=$1
seconds=$2
shift 2
if [ ! -x "$fuzzer" ]; then
  echo "fuzzer $fuzzer is not built (./run build builds the instrumented tree)" >&2
  exit 1
fi
corpus=$(mktemp -d)
artifacts=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
for dir in "$@"; do
  [ -d "$dir" ] && find "$dir" -maxdepth 1 -type f -size -4M -exec cp {} "$corpus/" \;
done
echo "fuzzing $(basename "$fuzzer") for ${seconds}s from $(ls "$corpus" | wc -l) seeds"
if ! "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" 2>"$artifacts/log"; then
  tail -n 60 "$artifacts/log"
  echo "fuzzer found a problem; reproducer(s) in $artifacts" >&2
  exit 1
fi
grep -E "stat::number_of_executed_units|Done" "$artifacts/log" | tail -n 2
rm -rf "$artifacts"
