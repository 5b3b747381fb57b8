#!/usr/bin/env python3
"""W4 selective lookups: `hindsight query --requests` vs DuckDB on the same Parquet files.

Draws LOOKUPS seeded random (profile, time) pairs inside the world, times
`hindsight query STORE --requests FILE --format json --stats` (best of REPEATS, wall
time of the whole command) and bench/peers/duckdb_w4.mjs on the store's facts table,
checks both give the same record id for every lookup and fact type, and prints one
line per result.

usage: w4_lookups.py HINDSIGHT STORE WORLD_DIR SCRATCH REPEATS THREADS [LOOKUPS] [SEED]
                     [DUCKDB_FORMS]
DUCKDB_FORMS: join (default; one query) and/or point (one query per lookup), comma-separated.
"""
import json
import os
import random
import subprocess
import sys
import time

FACT_TYPES = ["subscriber", "viewing_history", "my_list", "thumbs", "impressions"]


def table_bytes(store):
    total = 0
    for root, _, files in os.walk(os.path.join(store, "tables", "facts")):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files if f.endswith(".parquet"))
    return total


def write_requests(world_dir, path, lookups, seed):
    with open(os.path.join(world_dir, "world.json")) as f:
        world = json.load(f)
    rng = random.Random(seed)
    profiles = world["counts"]["profiles"]
    start, end = world["start_us"], world["end_us"]
    with open(path, "w") as out:
        for _ in range(lookups):
            out.write(f"{rng.randint(1, profiles)},{rng.randrange(start, end)}\n")
    return world


def run_hindsight(binary, store, requests, answers, repeats, threads):
    best, stats = float("inf"), {}
    command = [binary, "query", store, "--requests", requests, "--facts", ",".join(FACT_TYPES),
               "--format", "json", "--threads", str(threads), "--stats"]
    for _ in range(repeats):
        with open(answers, "w") as out:
            started = time.perf_counter()
            done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True)
            seconds = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"hindsight query failed ({done.returncode}): {done.stderr.strip()}")
        if seconds < best:
            best = seconds
            stats = {}
            for line in done.stderr.splitlines():
                parts = line.split()
                if len(parts) == 2:
                    stats[parts[0]] = float(parts[1])
    return best, stats


def hindsight_answers(path):
    answers = []
    with open(path) as f:
        for line in f:
            facts = json.loads(line)["facts"]
            answers.append({t: (facts[t] or {}).get("record_id") for t in FACT_TYPES})
    return answers


def main():
    binary, store, world_dir, scratch, repeats, threads = sys.argv[1:7]
    repeats, threads = int(repeats), int(threads)
    lookups = int(sys.argv[7]) if len(sys.argv) > 7 else 1000
    seed = int(sys.argv[8]) if len(sys.argv) > 8 else 4
    forms = sys.argv[9] if len(sys.argv) > 9 else "join"
    root = os.path.dirname(os.path.abspath(__file__))
    requests = os.path.join(scratch, "w4_requests.csv")
    ours_path = os.path.join(scratch, "w4_hindsight.jsonl")
    theirs_path = os.path.join(scratch, "w4_duckdb.jsonl")
    world = write_requests(world_dir, requests, lookups, seed)

    seconds, stats = run_hindsight(binary, store, requests, ours_path, repeats, threads)
    peer = subprocess.run(["node", os.path.join(root, "peers", "duckdb_w4.mjs"), store, requests,
                           ",".join(FACT_TYPES), theirs_path, str(repeats), str(threads), forms],
                          stdout=subprocess.PIPE, text=True)
    if peer.returncode != 0:
        sys.exit(f"duckdb peer failed ({peer.returncode})")
    theirs = [json.loads(line) for line in peer.stdout.splitlines() if line.strip()]

    ours = hindsight_answers(ours_path)
    with open(theirs_path) as f:
        duck = [json.loads(line)["facts"] for line in f]
    if len(ours) != lookups or len(duck) != lookups:
        sys.exit(f"answer counts differ: hindsight {len(ours)}, duckdb {len(duck)}, asked {lookups}")
    mismatches = [(i, a, b) for i, (a, b) in enumerate(zip(ours, duck)) if a != b]
    found = sum(1 for a in ours for t in FACT_TYPES if a[t] is not None)

    table = table_bytes(store)
    read = stats.get("bytes_read", 0)
    records = world["counts"]["record_lines"]
    print(f"W4 world  {world['scale']}: {records:,} records, table {table / 1e9:.2f} GB; "
          f"{lookups} lookups x {len(FACT_TYPES)} fact types, seed {seed}")
    print(f"W4 lookups  hindsight {seconds:.3f}s ({lookups / seconds:.0f} lookups/s), "
          f"bytes read {read / 1e6:.1f} MB = {read / max(table, 1):.4f} of the table's bytes")
    for result in theirs:
        print(f"W4 duckdb {result['op']}: {result['seconds']:.3f}s "
              f"({lookups / result['seconds']:.0f} lookups/s)  "
              f"speed ratio {result['seconds'] / seconds:.2f}x")
    if mismatches:
        i, a, b = mismatches[0]
        sys.exit(f"W4 answers DIFFER in {len(mismatches)} lookups; first: lookup {i}: "
                 f"hindsight {a} duckdb {b}")
    print(f"W4 answers equal: {lookups} lookups, {found} of {lookups * len(FACT_TYPES)} "
          f"(lookup, fact type) pairs found")


if __name__ == "__main__":
    main()
