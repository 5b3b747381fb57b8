#!/usr/bin/env bash
# Runs benchmarks side by side with their peers and prints one line per result.
# usage: bench/run_bench.sh BUILD_DIR [NAME...]      names: w1 w2 w3 w4 w5 w6 w7 (all when none given)
# Environment: HINDSIGHT_BENCH_ROWS (W7 rows, default 20000000),
#              HINDSIGHT_BENCH_LOG_RECORDS (W1 records, default 5000000),
#              HINDSIGHT_BENCH_W2_SCALE / _W2_DAYS (W2 world, default small, 30 days),
#              HINDSIGHT_BENCH_W4_SCALE (W4 world, default large), HINDSIGHT_BENCH_W4_LOOKUPS
#              (default 1000), HINDSIGHT_BENCH_W4_FORMS (DuckDB forms, default join; add point),
#              HINDSIGHT_BENCH_W3_SCALE (default large), HINDSIGHT_BENCH_W3_LABELS (label
#              rows, default 2000000), HINDSIGHT_BENCH_REPEATS (best of N, default 3),
#              HINDSIGHT_BENCH_W6_SCALE (default small), HINDSIGHT_BENCH_W6_SECONDS (paced
#              run, default 30),
#              HINDSIGHT_BENCH_W5_SCALE / _W5_DAYS (W5 world, default large, 2 days; day 1 is profiled),
#              HINDSIGHT_BENCH_DIR (scratch; W3 and W4 reuse a world built and ingested there).
set -euo pipefail
build_dir=$1
shift
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(w1 w2 w3 w4 w5 w6 w7)
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=${HINDSIGHT_BENCH_DIR:-$(mktemp -d /tmp/hindsight-bench.XXXXXX)}
repeats=${HINDSIGHT_BENCH_REPEATS:-3}
threads=2

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD)"

run_w1() {
  local records=${HINDSIGHT_BENCH_LOG_RECORDS:-5000000}
  echo "W1 log: $records records of ~1 KB, $threads threads, best of $repeats" >&2
  "$build_dir/bench/log/hindsight_bench_log" --records "$records" --threads $threads \
    --repeats "$repeats" --dir "$scratch/w1"
  rm -rf "$scratch/w1"
}

run_w7() {
  local rows=${HINDSIGHT_BENCH_ROWS:-20000000}
  local ours="$scratch/w7_hindsight.parquet" theirs="$scratch/w7_duckdb.parquet"
  echo "W7 parquet: $rows facts-like rows (8 columns, one LIST<INT64>), ZSTD, $threads threads, best of $repeats" >&2
  {
    "$build_dir/bench/hindsight_bench_parquet" write --rows "$rows" --out "$ours" --repeats "$repeats" --threads $threads
    node "$root/bench/peers/duckdb_w7.mjs" "$ours" "$theirs" "$repeats" $threads
    "$build_dir/bench/hindsight_bench_parquet" scan "$ours" --repeats "$repeats" --threads $threads
    "$build_dir/bench/hindsight_bench_parquet" scan "$theirs" --repeats "$repeats" --threads $threads
  } > "$scratch/w7.jsonl"
  /usr/bin/python3 - "$scratch/w7.jsonl" "$ours" "$theirs" <<'PY'
import json, os, sys
results = [json.loads(line) for line in open(sys.argv[1])]
ours, theirs = sys.argv[2], sys.argv[3]
def pick(side, op, file=None):
    for r in results:
        if r["side"] == side and r["op"] == op and (file is None or r.get("file") == file):
            return r
    raise SystemExit(f"missing result {side} {op} {file}")
hw, dw = pick("hindsight", "write"), pick("duckdb", "write")
rows = hw["rows"]
print(f"W7 write  hindsight {hw['seconds']:.3f}s ({rows / hw['seconds'] / 1e6:.2f}M rows/s)  "
      f"duckdb {dw['seconds']:.3f}s ({rows / dw['seconds'] / 1e6:.2f}M rows/s)  "
      f"speed ratio {dw['seconds'] / hw['seconds']:.2f}x")
size_ours, size_theirs = os.path.getsize(ours), os.path.getsize(theirs)
print(f"W7 size   hindsight {size_ours / 1e6:.1f} MB  duckdb {size_theirs / 1e6:.1f} MB  "
      f"size ratio {size_ours / size_theirs:.2f}x (lower is better)")
for label, path in (("hindsight file", ours), ("duckdb file", theirs)):
    hs, ds = pick("hindsight", "scan", path), pick("duckdb", "scan", path)
    print(f"W7 scan of {label}  hindsight {hs['seconds']:.3f}s ({rows / hs['seconds'] / 1e6:.2f}M rows/s)  "
          f"duckdb {ds['seconds']:.3f}s ({rows / ds['seconds'] / 1e6:.2f}M rows/s)  "
          f"speed ratio {ds['seconds'] / hs['seconds']:.2f}x")
PY
}

run_w2() {
  local scale=${HINDSIGHT_BENCH_W2_SCALE:-small} days=${HINDSIGHT_BENCH_W2_DAYS:-30}
  local world="$scratch/w2_world" jsonl="$scratch/w2_jsonl" store="$scratch/w2_store"
  local run="$scratch/w2_run"
  echo "W2 ingest: the $scale world over $days days, logged into a store by workload --store (not timed), then sorted and written as Parquet; DuckDB loads the same world's records.jsonl (not timed); $threads threads, best of $repeats" >&2
  rm -rf "$world" "$jsonl" "$store"
  "$build_dir/hindsight" workload --out "$world" --scale "$scale" --days "$days" --store "$store" > /dev/null
  "$build_dir/hindsight" workload --out "$jsonl" --scale "$scale" --days "$days" > /dev/null
  {
    for _ in $(seq "$repeats"); do
      rm -rf "$run" && cp -r "$store" "$run" && sync
      "$build_dir/hindsight" ingest "$run" --threads $threads --keep-log --format json
    done
    node "$root/bench/peers/duckdb_w2.mjs" "$jsonl/records.jsonl" "$scratch" "$repeats" $threads
  } > "$scratch/w2.jsonl"
  /usr/bin/python3 - "$scratch/w2.jsonl" "$world/world.json" "$jsonl/records.jsonl" <<'PY'
import json, os, sys
lines = [json.loads(line) for line in open(sys.argv[1])]
world = json.load(open(sys.argv[2]))
print(f"W2 world  {world['scale']}, {world['days']} days: {world['counts']['record_lines']:,} records, "
      f"records.jsonl {os.path.getsize(sys.argv[3]) / 1e9:.2f} GB, "
      f"log {world['records_store']['log_bytes'] / 1e9:.2f} GB")
ours = [r for r in lines if "records_written" in r]
best = min(ours, key=lambda r: r["seconds"])
rows = best["records_written"]
theirs = {r["op"]: r for r in lines if r.get("side") == "duckdb"}
print(f"W2 ingest  hindsight {best['seconds']:.2f}s ({rows / best['seconds'] / 1e3:.1f}k records/s, "
      f"{best['files_written']} hour files, {best['bytes_written'] / 1e6:.1f} MB)")
for op, label in (("single", "one sorted file"), ("partitioned", "hour-partitioned like hindsight")):
    d = theirs[op]
    print(f"W2 duckdb {label}: {d['seconds']:.2f}s ({d['rows'] / d['seconds'] / 1e3:.1f}k records/s, "
          f"{d['bytes'] / 1e6:.1f} MB)  speed ratio {d['seconds'] / best['seconds']:.2f}x  "
          f"size ratio {best['bytes_written'] / d['bytes']:.2f}x (lower is better)")
PY
  rm -rf "$run" "$jsonl" "$scratch/duckdb_w2.parquet" "$scratch/duckdb_w2_partitioned"
}

# Builds the SCALE world with `workload --store` and ingests it, once per scratch dir
# (≈ 25 min for the large world); sets world and store.
ensure_world() {
  local scale=$1
  world="$scratch/world-$scale" store="$scratch/store-$scale"
  local marker="$scratch/ingested-$scale"
  if [ ! -f "$marker" ]; then
    rm -rf "$world" "$store"
    "$build_dir/hindsight" workload --out "$world" --scale "$scale" --store "$store" > /dev/null
    "$build_dir/hindsight" ingest "$store" --threads $threads > /dev/null
    touch "$marker"
  fi
}

run_w3() {
  local scale=${HINDSIGHT_BENCH_W3_SCALE:-large} rows=${HINDSIGHT_BENCH_W3_LABELS:-2000000}
  echo "W3 time travel: about $rows label rows from the last 7 days of the $scale world (facts built with workload --store and ingested once, not timed), features of bench/w3_features.yaml as of each label time; $threads threads, best of $repeats" >&2
  ensure_world "$scale"
  /usr/bin/python3 "$root/bench/w3_generate.py" "$build_dir/hindsight" "$store" "$world" \
    "$scratch" "$repeats" $threads "$rows" 7
}

run_w4() {
  local scale=${HINDSIGHT_BENCH_W4_SCALE:-large} lookups=${HINDSIGHT_BENCH_W4_LOOKUPS:-1000}
  echo "W4 selective: $lookups seeded random (profile, time) as-of lookups on the $scale world's facts table (built with workload --store and ingested once, not timed); $threads threads, best of $repeats" >&2
  ensure_world "$scale"
  /usr/bin/python3 "$root/bench/w4_lookups.py" "$build_dir/hindsight" "$store" "$world" \
    "$scratch" "$repeats" $threads "$lookups" 4 "${HINDSIGHT_BENCH_W4_FORMS:-join}"
}

run_w6() {
  local scale=${HINDSIGHT_BENCH_W6_SCALE:-small} seconds=${HINDSIGHT_BENCH_W6_SECONDS:-30}
  echo "W6 serve: hindsight serve with bench/w6_features.yaml (20 features), 100 items per request, facts in Redis (materialized from the $scale world, not timed), wrk on loopback; floor: the same HMGET per request alone; $threads cores shared by wrk, Redis and the server" >&2
  ensure_world "$scale"
  /usr/bin/python3 "$root/bench/w6_serve.py" "$build_dir/hindsight" "$build_dir" "$store" "$world" \
    "$scratch" "$seconds"
}

run_w5() {
  local scale=${HINDSIGHT_BENCH_W5_SCALE:-large} days=${HINDSIGHT_BENCH_W5_DAYS:-2}
  echo "W5 profile: every attribute of day 1 of the $scale world ($days days, logged with workload --store, not timed): hindsight profile --recompute vs DuckDB per-leaf aggregates and SUMMARIZE on the same files; ingest with and without profiles; $threads threads, best of $repeats" >&2
  /usr/bin/python3 "$root/bench/w5_profile.py" "$build_dir/hindsight" "$scratch" "$repeats" $threads "$scale" "$days"
}

for name in "${names[@]}"; do
  case "$name" in
    w1|log) run_w1 ;;
    w2|ingest) run_w2 ;;
    w3|time-travel) run_w3 ;;
    w4|selective) run_w4 ;;
    w5|profile) run_w5 ;;
    w6|serve) run_w6 ;;
    w7|parquet) run_w7 ;;
    *) echo "unknown benchmark '$name' (known: w1, w2, w3, w4, w5, w6, w7)" >&2; exit 2 ;;
  esac
done
[ -n "${HINDSIGHT_BENCH_DIR:-}" ] || rm -rf "$scratch"
