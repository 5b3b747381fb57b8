#!/usr/bin/env python3
"""W3 time travel: `hindsight generate --mode asof` vs DuckDB on the same Parquet files.

Builds (not timed) the label rows: the candidate items of a seeded sample of the records
logged in the world's last LABEL_DAYS days (sampled so that about LABEL_ROWS rows
remain), labelled 1 when the profile played the item within 24 h (plays.parquet), written
by DuckDB without record_id so both sides answer as of each label time. Imports the
world's videos as a dimension. Then times `hindsight generate` with bench/w3_features.yaml
(best of REPEATS, wall time of the whole command) and bench/peers/duckdb_w3.mjs computing
the same features with ASOF JOIN and list SQL, checks every row is equal, and prints one
line per result.

usage: w3_generate.py HINDSIGHT STORE WORLD_DIR SCRATCH REPEATS THREADS [LABEL_ROWS]
                      [LABEL_DAYS]
"""
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DUCKDB_SQL = os.path.join(ROOT, "tests", "peers", "duckdb_sql.mjs")
FEATURES = os.path.join(ROOT, "bench", "w3_features.yaml")
PEER = os.path.join(ROOT, "bench", "peers", "duckdb_w3.mjs")


def run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result.stdout


def duckdb(sql):
    out = run(["node", DUCKDB_SQL, sql], cwd=ROOT)
    return [json.loads(line) for line in out.splitlines() if line]


def build_labels(store, world_dir, path, rows_wanted, days):
    with open(os.path.join(world_dir, "world.json")) as f:
        world = json.load(f)
    end_us = world["end_us"]
    start_us = end_us - days * 86_400_000_000
    facts = f"read_parquet('{store}/tables/facts/**/*.parquet', hive_partitioning = 1)"
    window = (f"SELECT record_id, profile_id, ts, items FROM {facts} "
              f"WHERE ts >= make_timestamp({start_us}) AND ts < make_timestamp({end_us})")
    count = duckdb(f"SELECT count(*) AS records, sum(len(items)) AS rows FROM ({window})")[0]
    modulus = max(1, round(count["rows"] / rows_wanted))
    plays = os.path.join(world_dir, "plays.parquet")
    duckdb(f"""COPY (
      WITH r AS (SELECT * FROM ({window}) WHERE hash(record_id) % {modulus} = 0),
      u AS (SELECT profile_id, ts, epoch_us(ts) AS t, unnest(items) AS video_id FROM r),
      p AS (SELECT profile_id, video_id, ts_us FROM read_parquet('{plays}')
            WHERE ts_us >= {start_us}),
      hits AS (SELECT DISTINCT u.profile_id, u.t, u.video_id FROM u JOIN p
               ON p.profile_id = u.profile_id AND p.video_id = u.video_id
              AND p.ts_us >= u.t AND p.ts_us < u.t + 86400000000)
      SELECT u.profile_id, u.ts, u.video_id, (h.t IS NOT NULL)::INTEGER AS label
      FROM u LEFT JOIN hits h ON h.profile_id = u.profile_id AND h.t = u.t
                             AND h.video_id = u.video_id
      ORDER BY u.profile_id, u.ts
    ) TO '{path}' (FORMAT parquet, COMPRESSION zstd)""")
    labels = duckdb(f"SELECT count(*) AS rows, sum(label) AS positives, "
                    f"count(DISTINCT (profile_id, ts)) AS groups FROM '{path}'")[0]
    return labels, count["records"], modulus


def main():
    hindsight, store, world_dir, scratch, repeats, threads = sys.argv[1:7]
    rows_wanted = int(sys.argv[7]) if len(sys.argv) > 7 else 2_000_000
    days = int(sys.argv[8]) if len(sys.argv) > 8 else 7
    repeats, threads = int(repeats), int(threads)
    os.makedirs(scratch, exist_ok=True)
    labels_path = os.path.join(scratch, "w3_labels.parquet")
    out_path = os.path.join(scratch, "w3_features.parquet")

    listed = json.loads(run([hindsight, "dim", "list", store, "--format", "json"]))
    names = [d["name"] for d in (listed if isinstance(listed, list) else listed["dimensions"])]
    if "videos" not in names:
        run([hindsight, "dim", "import", store, "videos",
             os.path.join(world_dir, "videos.parquet"), "--key", "video_id",
             "--valid-from", "valid_from_us"])
    labels, records, modulus = build_labels(store, world_dir, labels_path, rows_wanted, days)
    print(f"W3 labels: {labels['rows']:,} rows ({labels['positives']:,} positive) in "
          f"{labels['groups']:,} (profile, ts) groups: every {modulus}th of {records:,} records "
          f"of the last {days} days", flush=True)

    best = None
    summary = None
    for _ in range(repeats):
        started = time.monotonic()
        out = run([hindsight, "generate", store, "--labels", labels_path, "--features", FEATURES,
                   "--out", out_path, "--threads", str(threads), "--mode", "asof",
                   "--format", "json"])
        seconds = time.monotonic() - started
        if best is None or seconds < best:
            best, summary = seconds, json.loads(out)
    print(json.dumps({"side": "hindsight", "op": "w3", "seconds": best, "rows": summary["rows"],
                      "summary": summary}), flush=True)

    peer_lines = run(["node", PEER, store, labels_path, os.path.join(world_dir, "videos.parquet"),
                      out_path, str(repeats), str(threads)], cwd=ROOT).splitlines()
    peer = json.loads(peer_lines[0])
    check = json.loads(peer_lines[1])
    print(json.dumps(peer))
    print(json.dumps(check))
    rate = summary["rows"] / best
    peer_rate = peer["rows"] / peer["seconds"]
    print(f"W3 time travel: hindsight {best:.2f} s ({rate:,.0f} label rows/s), "
          f"duckdb {peer['seconds']:.2f} s ({peer_rate:,.0f} label rows/s): "
          f"{peer['seconds'] / best:.2f}x; outputs "
          f"{'equal' if check['mismatches'] == 0 and check['compared'] == peer['rows'] else 'DIFFER'}"
          f" ({check['compared']:,} rows compared, {check['mismatches']:,} mismatches)")
    if check["mismatches"] != 0 or check["compared"] != peer["rows"]:
        print(f"mismatch examples: {check['examples']}")
        sys.exit(1)


if __name__ == "__main__":
    main()
