"""Benchmark W5: profiling every attribute of one day of facts.

Hindsight: `hindsight profile --recompute` over the day's data files (every leaf, list
and counter, for all records and per app: count, nulls, min/max/mean/stddev, KLL
quantiles, HLL distincts, top values), 2 threads. DuckDB: per-leaf count, nulls, min,
max, avg, stddev, approx_count_distinct and approx_quantile over the same files (one
query per nesting path, unnesting lists), 2 threads; SUMMARIZE of the top-level columns
is timed too (it does not reach nested fields). Also: the ingest cost of building
profiles (the same log ingested with and without them), and the sketches' error against
DuckDB's exact answers.

usage: bench/w5_profile.py HINDSIGHT SCRATCH REPEATS THREADS [SCALE] [DAYS]
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

hindsight, scratch, repeats, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
scale = sys.argv[5] if len(sys.argv) > 5 else "large"
days = int(sys.argv[6]) if len(sys.argv) > 6 else 2
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START = "2026-11-02T00:00:00Z"
DAY_FROM, DAY_TO = "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"  # day 1 of the world


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


world, logged = os.path.join(scratch, f"w5_world_{scale}"), os.path.join(scratch, f"w5_logged_{scale}")
if not os.path.exists(os.path.join(logged, "hindsight.yaml")):
    shutil.rmtree(world, ignore_errors=True)
    shutil.rmtree(logged, ignore_errors=True)
    run([hindsight, "workload", "--out", world, "--scale", scale, "--days", str(days), "--store", logged])

# Ingest with and without profiles, from the same logged store.
ingest = {}
store = os.path.join(scratch, f"w5_store_{scale}")
for profiles in (False, True) * max(2, repeats):  # alternated: the machine drifts
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(logged, store)
    run(["sync"])
    args = [hindsight, "ingest", store, "--threads", str(threads), "--keep-log", "--format", "json"]
    if not profiles:
        args.append("--no-profiles")
    started = time.monotonic()
    out = json.loads(run(args).stdout)
    seconds = time.monotonic() - started
    ingest[profiles] = min(ingest.get(profiles, float("inf")), seconds)
    records = out.get("records_written")

# Hindsight: profile the day from the data, and read the stored profiles.
def timed_profile(*extra):
    best, stderr = float("inf"), ""
    for _ in range(repeats):
        started = time.monotonic()
        result = run([hindsight, "profile", store, "--from", DAY_FROM, "--to", DAY_TO, "--by", "day",
                      "--format", "json", *extra])
        best = min(best, time.monotonic() - started)
        stderr = result.stderr
        stdout = result.stdout
    return best, stderr, json.loads(stdout)

recompute_s, recompute_err, profiles = timed_profile("--recompute", "--threads", str(threads))
values = int(re.search(r"(\d+) values profiled", recompute_err).group(1))
stored_s, _, _ = timed_profile()
day = {p["attribute"]: p for p in profiles}

# DuckDB: the same attributes (maps left out: DuckDB reads them another way), grouped
# by the lists to unnest.
lists = {a for a, p in day.items() if p["kind"] == "list"}
files = os.path.join(store, "tables", "facts", "date=2026-11-03", "**", "*.parquet")
table = f"read_parquet('{files}', union_by_name = true)"


def source_of(attribute):
    scalar_list = attribute.endswith("[]")
    parts = (attribute[:-2] if scalar_list else attribute).split(".")
    src, expr, path, n = table, None, "", 0
    for i, part in enumerate(parts):
        path = part if not path else f"{path}.{part}"
        expr = part if expr is None else f"{expr}.{part}"
        last = i == len(parts) - 1
        if path in lists and (not last or scalar_list):
            alias = f"x{n}"
            src, expr, n = f"(SELECT unnest({expr}) AS {alias} FROM {src})", alias, n + 1
    return src, expr


groups = {}
for attribute, p in sorted(day.items()):
    if p["kind"] == "counter" or attribute.startswith("meta"):
        continue
    src, expr = source_of(attribute)
    if p["kind"] == "list":
        expr = f"len({expr})"
    if p["kind"] == "string":
        aggregates = [f"count({expr})", f"count(*) - count({expr})", f"approx_count_distinct({expr})"]
    else:
        v = f"epoch_us({expr})::DOUBLE" if attribute == "ts" else f"({expr})::DOUBLE"
        aggregates = [f"count({v})", f"count(*) - count({v})", f"min({v})", f"max({v})", f"avg({v})",
                      f"stddev_samp({v})", f"approx_count_distinct({v})",
                      f"approx_quantile({v}, [0.01, 0.5, 0.99])"]
    groups.setdefault(src, []).extend(aggregates)
queries = [f"SELECT {', '.join(aggs)} FROM {src}" for src, aggs in groups.items()]
sql_path = os.path.join(scratch, "w5_duckdb.sql")
with open(sql_path, "w") as f:
    f.write(";\n".join(queries) + ";\n")
summarize_path = os.path.join(scratch, "w5_summarize.sql")
with open(summarize_path, "w") as f:
    f.write(f"SUMMARIZE SELECT * FROM {table};\n")


def duckdb(path, label):
    out = run(["node", os.path.join(ROOT, "bench", "peers", "duckdb_w5.mjs"), path, label, str(repeats),
               str(threads)], cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


theirs = duckdb(sql_path, "per-leaf")
summarize = duckdb(summarize_path, "summarize")

# Sketch error: HLL distinct counts against DuckDB's exact counts.
exact_sql = os.path.join(scratch, "w5_exact.sql")
checked = [a for a in ("profile_id", "record_id", "items[]", "facts.impressions.video_ids[]",
                       "facts.viewing_history.events.ts_us") if a in day]
with open(exact_sql, "w") as f:
    for attribute in checked:
        src, expr = source_of(attribute)
        f.write(f"SELECT count(DISTINCT {expr}) AS exact, approx_count_distinct({expr}) AS approx FROM {src};\n")
exact = duckdb(exact_sql, "exact")["results"]
errors = []
for attribute, rows in zip(checked, exact):
    truth = rows[0]["exact"]
    truth = int(truth)
    ours = day[attribute]["distinct"]
    errors.append((attribute, truth, ours / truth - 1, int(rows[0]["approx"]) / truth - 1))

print(f"W5 day    {scale} world, {DAY_FROM[:10]}: {day['_records']['count']:,} records, "
      f"{values:,} values over {len([a for a in day if day[a]['kind'] != 'counter'])} attributes")
print(f"W5 profile hindsight {recompute_s:.2f}s ({values / recompute_s / 1e6:.1f}M values/s, all + per app)  "
      f"duckdb per-leaf {theirs['seconds']:.2f}s ({values / theirs['seconds'] / 1e6:.1f}M values/s, "
      f"{theirs['statements']} queries)  speed ratio {theirs['seconds'] / recompute_s:.2f}x")
print(f"W5 summarize duckdb SUMMARIZE (top-level columns only) {summarize['seconds']:.2f}s; "
      f"hindsight reading the stored day profile {stored_s:.2f}s")
print(f"W5 ingest {records:,} records: without profiles {ingest[False]:.2f}s, with {ingest[True]:.2f}s, "
      f"overhead {100 * (ingest[True] / ingest[False] - 1):.1f}%")
for attribute, truth, ours, theirs_error in errors:
    print(f"W5 distinct {attribute}: exact {truth:,}, hindsight HLL error {100 * ours:+.2f}%, "
          f"duckdb approx_count_distinct {100 * theirs_error:+.2f}%")
