"""End to end: `hindsight dim import`, `labels` and `generate` on the tiny example world,
every feature of every compared row checked against an independent brute force
(feature_oracle.py) computed from records.jsonl and videos.csv; labels against a brute
force from plays.csv; as-of features also against DuckDB (ASOF JOIN, bench/peers/
duckdb_w3.mjs); leakage, reproducibility across thread counts and bad input.

usage: python3 tests/features/generate_oracle_test.py PATH/TO/hindsight [unittest args]
(run from the project root; ctest does both).
"""

import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from feature_oracle import DAY_US, Oracle, World, float32, parse_rfc3339  # noqa: E402

HINDSIGHT = None
ROOT = os.getcwd()
EXAMPLE = os.path.join(ROOT, "examples", "netflix", "homepage_ranker.yaml")
W3_FEATURES = os.path.join(ROOT, "bench", "w3_features.yaml")
DUCKDB_W3 = os.path.join(ROOT, "bench", "peers", "duckdb_w3.mjs")
DUCKDB_SQL = os.path.join(ROOT, "tests", "peers", "duckdb_sql.mjs")

COVERAGE = """name: coverage
version: 3
entity: profile_id
item: video_id
facts:
  thumbs: {max_age: 2d}
features:
  - {name: member_z, encoder: standardize, input: subscriber.member_since_us, mean: 1.5e15, std: 1.0e14}
  - {name: since_log, encoder: log1p, input: impressions.since_us}
  - {name: since_clipped, encoder: clip, input: impressions.since_us, min: 1.7928e15, max: 1.7930e15}
  - {name: member_bucket, encoder: bucketize, input: subscriber.member_since_us, boundaries: [1.4e15, 1.5e15, 1.6e15]}
  - {name: plan_hash, encoder: hash, input: subscriber.plan, buckets: 97}
  - {name: kids_hash, encoder: hash, input: subscriber.kids, buckets: 13}
  - {name: profile_hash, encoder: hash, input: context.profile_id, buckets: 1000}
  - {name: plan_oov, encoder: onehot, input: subscriber.plan, vocabulary: [basic, premium], oov: true}
  - {name: minutes_mean_3d, encoder: window_mean, input: viewing_history.events.duration_s, time: ts_us, window: 3d, default: -1}
  - {name: thumbs_recency_h, encoder: recency, input: thumbs.thumbs.ts_us, unit: hours, default: -1}
  - {name: liked_jaccard, encoder: overlap, input: thumbs.thumbs.video_id, via: videos.genres, item: videos.genres, measure: jaccard}
  - {name: history_vec, encoder: embedding, input: viewing_history.events.video_id, via: videos.embedding, size: 16}
  - {name: item_vec, encoder: embedding, item: videos.embedding, size: 16, default: 0.5}
  - {name: plays_1d, encoder: window_count, input: viewing_history.events.video_id, time: ts_us, window: 1d}
  - {name: kids_x_plan, encoder: cross_hash, inputs: [subscriber.kids, subscriber.plan, context.device], buckets: 50}
"""


def run(args, expect=(0,)):
    result = subprocess.run([HINDSIGHT] + args, capture_output=True, text=True)
    if result.returncode not in expect:
        raise AssertionError(f"hindsight {' '.join(args)} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def read_parquet_rows(path):
    out = run(["parquet", "cat", path, "--format", "jsonl"]).stdout
    return [json.loads(line) for line in out.splitlines() if line]


def load_yaml(path_or_text):
    import yaml  # python3-yaml, a dependency of the Debian python stack
    if os.path.exists(path_or_text):
        with open(path_or_text) as f:
            return yaml.safe_load(f)
    return yaml.safe_load(path_or_text)


def rfc3339(micros):
    from datetime import datetime, timezone
    seconds, rest = divmod(micros, 1_000_000)
    base = datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{rest:06d}Z" if rest else f"{base}Z"


class GenerateOracleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="hindsight_generate_")
        cls.world_dir = os.path.join(cls.tmp, "world")
        cls.store = os.path.join(cls.tmp, "store")
        run(["workload", "--out", cls.world_dir, "--scale", "tiny"])
        run(["init", cls.store, "--schema", os.path.join(cls.world_dir, "facts.proto")])
        with open(os.path.join(cls.world_dir, "records.jsonl")) as records:
            subprocess.run([HINDSIGHT, "log", cls.store], stdin=records, check=True,
                           capture_output=True)
        run(["ingest", cls.store])
        run(["dim", "import", cls.store, "videos", os.path.join(cls.world_dir, "videos.parquet"),
             "--key", "video_id", "--valid-from", "valid_from_us"])
        cls.labels = os.path.join(cls.tmp, "labels.parquet")
        cls.labels_summary = json.loads(run(
            ["labels", cls.store, "--events", os.path.join(cls.world_dir, "plays.csv"),
             "--window", "24h", "--out", cls.labels, "--format", "json"]).stdout)
        cls.world = World(cls.world_dir)
        cls.coverage_path = os.path.join(cls.tmp, "coverage.yaml")
        with open(cls.coverage_path, "w") as f:
            f.write(COVERAGE)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def generate(self, labels, features, out_name, *extra):
        out = os.path.join(self.tmp, out_name)
        summary = json.loads(run(["generate", self.store, "--labels", labels, "--features",
                                  features, "--out", out, "--format", "json", *extra]).stdout)
        return out, summary

    def assert_rows_match(self, feature_set, rows, mode, shift_us=0, expect_equal=True):
        """Every feature of `rows` equals the oracle at each row's ts + shift_us; returns the
        number of rows that differ when expect_equal is False."""
        oracle = Oracle(self.world, feature_set)
        cache = {}
        differing = 0
        for row in rows:
            t = parse_rfc3339(row["ts"])
            expected = oracle.row(mode, row["profile_id"], t + shift_us, row["video_id"],
                                  row.get("record_id"), cache)
            for feature in feature_set["features"]:
                name = feature["name"]
                got, want = row[name], expected[name]
                same = self.same(got, want)
                if expect_equal:
                    self.assertTrue(same, f"{name} of {row.get('record_id')} "
                                          f"{row['profile_id']}@{row['ts']} item "
                                          f"{row['video_id']}: got {got}, oracle {want}")
                elif not same:
                    differing += 1
                    break
        return differing

    @staticmethod
    def same(got, want):
        if isinstance(want, list):
            return len(got) == len(want) and all(float32(g) == float32(w)
                                                 for g, w in zip(got, want))
        if isinstance(want, int):
            return got == want
        return abs(got - want) <= 1e-9 * max(1.0, abs(want))

    def test_labels_equal_a_brute_force_over_plays(self):
        plays = {}
        with open(os.path.join(self.world_dir, "plays.csv")) as f:
            for p in csv.DictReader(f):
                plays.setdefault((int(p["profile_id"]), int(p["video_id"])), []).append(
                    int(p["ts_us"]))
        expected = []
        records = sorted(self.world.records.values(),
                         key=lambda r: (r["context"]["profile_id"], r["ts_us"], r["record_id"]))
        for r in records:
            for item in r["items"]:
                times = plays.get((r["context"]["profile_id"], item), [])
                label = int(any(r["ts_us"] <= t < r["ts_us"] + DAY_US for t in times))
                expected.append((r["record_id"], r["context"]["profile_id"], r["ts_us"], item,
                                 label))
        got = [(x["record_id"], x["profile_id"], parse_rfc3339(x["ts"]), x["video_id"], x["label"])
               for x in read_parquet_rows(self.labels)]
        self.assertEqual(len(got), len(expected))
        self.assertEqual(got, expected)
        self.assertEqual(self.labels_summary["positives"], sum(e[4] for e in expected))
        # The same events as Parquet (columns in another order than asked for) and the
        # labels as CSV give the same rows.
        csv_out = os.path.join(self.tmp, "labels_from_parquet.csv")
        run(["labels", self.store, "--events", os.path.join(self.world_dir, "plays.parquet"),
             "--window", "24h", "--out", csv_out])
        with open(csv_out) as f:
            rows = [(r["record_id"], int(r["profile_id"]), parse_rfc3339(r["ts"]),
                     int(r["video_id"]), int(r["label"])) for r in csv.DictReader(f)]
        self.assertEqual(rows, expected)

    def exact_sample(self, every=7):
        rows = read_parquet_rows(self.labels)
        keep = {rid for i, rid in enumerate(sorted({r["record_id"] for r in rows})) if i % every == 0}
        return [r for r in rows if r["record_id"] in keep]

    def write_csv_labels(self, name, rows, with_ids):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(("record_id," if with_ids else "") + "profile_id,ts,video_id,label\n")
            for r in rows:
                f.write((f"{r['record_id']}," if with_ids else "") +
                        f"{r['profile_id']},{rfc3339(r['t'])},{r['video_id']},{r['label']}\n")
        return path

    def test_exact_mode_equals_the_oracle(self):
        sample = self.exact_sample()
        labels = self.write_csv_labels(
            "exact.csv", [dict(r, t=parse_rfc3339(r["ts"])) for r in sample], True)
        for features in (EXAMPLE, self.coverage_path):
            out, summary = self.generate(labels, features, "exact.parquet")
            self.assertEqual(summary["mode"], "exact")
            self.assertEqual(summary["records_not_found"], 0)
            rows = read_parquet_rows(out)
            self.assertEqual(len(rows), len(sample))
            keys = [(parse_rfc3339(r["ts"]), r["profile_id"], r["record_id"]) for r in rows]
            self.assertEqual(keys, sorted(keys), "rows are ordered by (ts, profile, record)")
            self.assert_rows_match(load_yaml(features), rows, "exact")

    def asof_labels(self):
        rng = random.Random(5)
        records = list(self.world.records.values())
        rows = []
        for r in rng.sample(records, 300):
            profile = r["context"]["profile_id"]
            for t in (r["ts_us"], r["ts_us"] + rng.randrange(1, 6 * 3_600_000_000),
                      r["ts_us"] - rng.randrange(1, 2 * DAY_US)):
                for item in r["items"][:3]:
                    rows.append({"profile_id": profile, "t": t, "video_id": item, "label": 0})
        # Before the world: nothing is known yet, every fact misses.
        rows.append({"profile_id": 1, "t": parse_rfc3339("2026-10-01T00:00:00Z"),
                     "video_id": 100001, "label": 0})
        return rows

    def test_asof_mode_equals_the_oracle(self):
        labels = self.write_csv_labels("asof.csv", self.asof_labels(), False)
        for features in (EXAMPLE, self.coverage_path):
            out, summary = self.generate(labels, features, "asof.parquet")
            self.assertEqual(summary["mode"], "asof")
            rows = read_parquet_rows(out)
            self.assertGreater(len(rows), 2000)
            self.assert_rows_match(load_yaml(features), rows, "asof")
            misses = {f["name"]: f["misses"] for f in summary["features"]}
            self.assertTrue(all(m >= 1 for m in misses.values()), misses)

    def test_generator_never_looks_past_the_label_time(self):
        # Labels shifted earlier than their records: the generator must see the world as it
        # was at the shifted time; an oracle that peeks at the original time must disagree.
        sample = self.exact_sample(every=11)
        feature_set = load_yaml(EXAMPLE)
        for shift in (1, 3_600_000_000, 3 * DAY_US):
            shifted = [dict(r, t=parse_rfc3339(r["ts"]) - shift) for r in sample]
            labels = self.write_csv_labels(f"shift{shift}.csv", shifted, False)
            out, _ = self.generate(labels, EXAMPLE, f"shift{shift}.parquet")
            rows = read_parquet_rows(out)
            self.assertEqual(len(rows), len(sample))
            self.assert_rows_match(feature_set, rows, "asof")
            leaky = self.assert_rows_match(feature_set, rows, "asof", shift_us=shift,
                                           expect_equal=False)
            self.assertGreater(leaky, len(rows) // 4,
                               f"an oracle reading facts {shift} µs after t must differ")

    def test_output_is_byte_identical_for_1_2_and_8_threads(self):
        outputs = []
        for threads in ("1", "2", "8"):
            out, _ = self.generate(self.labels, EXAMPLE, f"threads{threads}.parquet",
                                   "--threads", threads)
            with open(out, "rb") as f:
                outputs.append(f.read())
        self.assertEqual(outputs[0], outputs[1])
        self.assertEqual(outputs[0], outputs[2])
        meta = run(["parquet", "meta", os.path.join(self.tmp, "threads1.parquet")]).stdout
        self.assertIn("hindsight.feature_set.hash", meta)
        self.assertIn("hindsight.snapshot_id", meta)

    def test_asof_features_equal_duckdb_asof_join(self):
        asof = os.path.join(self.tmp, "w3_labels.parquet")
        sql = (f"COPY (SELECT profile_id, ts, video_id, label FROM read_parquet('{self.labels}') "
               f"WHERE hash(record_id) % 4 = 0) TO '{asof}' (FORMAT parquet)")
        subprocess.run(["node", DUCKDB_SQL, sql], check=True, capture_output=True, cwd=ROOT)
        out, summary = self.generate(asof, W3_FEATURES, "w3.parquet", "--mode", "asof")
        result = subprocess.run(
            ["node", DUCKDB_W3, self.store, asof, os.path.join(self.world_dir, "videos.parquet"),
             out, "1", "2"], capture_output=True, text=True, cwd=ROOT)
        self.assertEqual(result.returncode, 0, result.stderr)
        check = json.loads(result.stdout.splitlines()[1])
        self.assertEqual(check["rows"], summary["rows"])
        self.assertEqual(check["compared"], summary["rows"])
        self.assertEqual(check["mismatches"], 0, check["examples"])

    def test_bad_input_is_refused_before_any_work(self):
        bad = os.path.join(self.tmp, "bad.yaml")
        out = os.path.join(self.tmp, "never.parquet")
        head = "name: bad\nversion: 1\nentity: profile_id\nitem: video_id\nfeatures:\n"
        cases = [
            ("  - {name: a, encoder: magic, input: subscriber.plan}\n",
             "bad.yaml:6: feature a: unknown encoder 'magic'"),
            ("  - {name: a, encoder: identity, input: subscriber.colour}\n",
             "bad.yaml:6: feature a: unknown field 'colour'"),
            ("  - {name: a, encoder: window_sum, input: viewing_history.events.video_id, "
             "time: ts_us, window: 7d}\n  - {name: b, encoder: window_sum, input: "
             "subscriber.plan}\n", "bad.yaml:7: feature b: window_sum needs time and window"),
            ("  - {name: a, encoder: identity, input: subscriber.plan}\n",
             "bad.yaml:6: feature a: identity needs numbers; subscriber.plan holds strings"),
            ("  - {name: a, encoder: identity, input: subscriber.kids, bins: 3}\n",
             "bad.yaml:6: feature a: unknown key 'bins'"),
            ("  - {name: a, encoder: overlap, input: my_list.video_ids, via: movies.genres, "
             "item: videos.genres}\n", "bad.yaml:6: feature a: via 'movies.genres': no dimension"),
        ]
        for body, message in cases:
            with open(bad, "w") as f:
                f.write(head + body)
            result = run(["generate", self.store, "--labels", self.labels, "--features", bad,
                          "--out", out], expect=(2,))
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
            self.assertIn(message, result.stderr)
            self.assertFalse(os.path.exists(out))
        labels = os.path.join(self.tmp, "bad_labels.csv")
        for text, message in [
            ("profile_id,ts,label\n1,2026-11-02T00:00:00Z,1\n", "no column 'video_id'"),
            ("profile_id,ts,video_id,label\n1,2300-01-01T00:00:00Z,5,1\n",
             "bad_labels.csv:2: ts 2300-01-01T00:00:00Z is outside 2000-01-01 .. 2200-01-01"),
        ]:
            with open(labels, "w") as f:
                f.write(text)
            result = run(["generate", self.store, "--labels", labels, "--features", EXAMPLE,
                          "--out", out], expect=(2,))
            self.assertIn(message, result.stderr)
            self.assertFalse(os.path.exists(out))
        result = run(["generate", self.store, "--labels", labels, "--features", EXAMPLE,
                      "--out", out, "--mode", "exact"], expect=(2,))
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    HINDSIGHT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
