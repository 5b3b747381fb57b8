"""End to end: the tiny example world with late, duplicated and corrupt records goes
through `hindsight init`, `log`, `ingest` and `compact`; DuckDB then reads the facts table
as it is (read_parquet over the hive partitions) and must see exactly the records of
records.jsonl that were valid, once each, with their nested values; faults.json's
duplicate and corrupt counts must match what log and ingest report.

usage: python3 tests/store/facts_table_test.py PATH/TO/hindsight [unittest args]
(run from the project root; ctest does both).
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

HINDSIGHT = None  # set from argv in __main__
ROOT = os.getcwd()
DUCKDB_SQL = os.path.join(ROOT, "tests", "peers", "duckdb_sql.mjs")


def run(args, expect=(0,), stdin=None):
    result = subprocess.run([HINDSIGHT] + args, stdin=stdin, capture_output=True, text=True)
    if result.returncode not in expect:
        raise AssertionError(f"hindsight {' '.join(args)} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def duckdb(sql):
    result = subprocess.run(["node", DUCKDB_SQL, sql], capture_output=True, text=True,
                            cwd=ROOT)
    if result.returncode != 0:
        raise AssertionError(f"duckdb failed: {result.stderr}")
    return [json.loads(line) for line in result.stdout.splitlines() if line]


class FactsTableTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="hindsight_facts_table_")
        cls.world = os.path.join(cls.tmp, "world")
        cls.store = os.path.join(cls.tmp, "store")
        run(["workload", "--out", cls.world, "--scale", "tiny", "--inject", "dup@d0:h20",
             "--inject", "corrupt@d1:h19", "--inject", "late@d1:h12"])
        with open(os.path.join(cls.world, "faults.json")) as f:
            cls.faults = {fault["kind"]: fault for fault in json.load(f)["faults"]}
        run(["init", cls.store, "--schema", os.path.join(cls.world, "facts.proto")])
        with open(os.path.join(cls.world, "records.jsonl")) as records:
            cls.log_result = run(["log", cls.store], expect=(1,), stdin=records)
        cls.ingest = json.loads(run(["ingest", cls.store, "--format", "json"]).stdout)
        # The valid records: every line except the corrupt ones, first copy of each id.
        corrupt_lines = {entry["line"] for entry in cls.faults["corrupt"]["lines"]}
        cls.records = {}
        cls.valid_lines = 0
        with open(os.path.join(cls.world, "records.jsonl")) as f:
            for number, line in enumerate(f, start=1):
                if number in corrupt_lines:
                    continue
                cls.valid_lines += 1
                record = json.loads(line)
                cls.records.setdefault(record["record_id"], record)
        cls.glob = os.path.join(cls.store, "tables", "facts", "**", "*.parquet")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def table(self, columns, where=""):
        return duckdb(f"SELECT {columns} FROM read_parquet('{self.glob}', hive_partitioning=1) "
                      f"{where}")

    def test_ingest_reports_faults_as_faults_json_says(self):
        dup = self.faults["dup"]
        self.assertGreater(dup["duplicate_lines"], 0)
        self.assertEqual(self.ingest["duplicates_dropped"], dup["duplicate_lines"])
        self.assertEqual(self.ingest["records_read"], self.valid_lines)
        self.assertEqual(self.ingest["records_written"], len(self.records))
        self.assertEqual(self.ingest["records_quarantined"], 0)
        self.assertEqual(self.ingest["bytes_lost"], 0)
        corrupt = self.faults["corrupt"]
        self.assertIn(f"quarantined   {corrupt['rows_affected']}\n", self.log_result.stderr)

    def test_duckdb_counts_every_record_once(self):
        [row] = self.table("count(*) AS n, count(DISTINCT record_id) AS ids")
        self.assertEqual(row["n"], len(self.records))
        self.assertEqual(row["ids"], len(self.records))
        ids = {r["record_id"] for r in self.table("record_id")}
        self.assertEqual(ids, set(self.records))

    def test_every_record_sits_in_its_event_hour_partition(self):
        late = self.faults["late"]
        self.assertGreater(late["rows_affected"], 0)
        [row] = self.table(
            "count(*) AS misplaced",
            "WHERE strftime(ts, '%Y-%m-%d') <> CAST(date AS VARCHAR) OR hour(ts) <> hour")
        self.assertEqual(row["misplaced"], 0)

    def test_nested_values_equal_what_was_logged(self):
        rng = random.Random(7)
        sample = rng.sample(sorted(self.records), 60)
        in_list = ", ".join(f"'{record_id}'" for record_id in sample)
        rows = self.table(
            "record_id, app, epoch_us(ts) AS ts_us, profile_id, country, device, items, meta, "
            "facts.subscriber[1] AS subscriber, facts.viewing_history[1].events AS events, "
            "facts.my_list[1].video_ids AS my_list, facts.thumbs[1].thumbs AS thumbs, "
            "facts.impressions[1] AS impressions, len(facts.subscriber) AS subscribers",
            f"WHERE record_id IN ({in_list})")
        self.assertEqual(len(rows), len(sample))
        for row in rows:
            logged = self.records[row["record_id"]]
            with self.subTest(record=row["record_id"]):
                facts = logged["facts"]
                self.assertEqual(row["app"], logged["app"])
                self.assertEqual(row["profile_id"], logged["context"]["profile_id"])
                self.assertEqual(row["country"], logged["context"]["country"])
                self.assertEqual(row["device"], logged["context"]["device"])
                self.assertEqual(row["items"], logged["items"])
                self.assertEqual({e["key"]: e["value"] for e in row["meta"]}, logged["meta"])
                self.assertEqual(row["subscribers"], 1)
                sub = facts["subscriber"]
                self.assertEqual(row["subscriber"]["plan"], sub.get("plan", ""))
                self.assertEqual(row["subscriber"]["kids"], sub.get("kids", False))
                self.assertEqual(row["subscriber"]["member_since_us"],
                                 int(sub.get("member_since_us", 0)))
                events = facts.get("viewing_history", {}).get("events", [])
                self.assertEqual(len(row["events"] or []), len(events))
                for got, want in zip(row["events"] or [], events):
                    self.assertEqual(got["video_id"], int(want["video_id"]))
                    self.assertEqual(got["ts_us"], int(want["ts_us"]))
                    self.assertEqual(got["duration_s"], want.get("duration_s", 0))
                    self.assertEqual(got["completed"], want.get("completed", False))
                self.assertEqual(row["my_list"] or [],
                                 [int(v) for v in facts.get("my_list", {}).get("video_ids", [])])
                thumbs = facts.get("thumbs", {}).get("thumbs", [])
                self.assertEqual([(t["video_id"], t["rating"]) for t in row["thumbs"] or []],
                                 [(int(t["video_id"]), t.get("rating", 0)) for t in thumbs])
                self.assertEqual(row["impressions"]["video_ids"],
                                 [int(v) for v in facts["impressions"].get("video_ids", [])])

    def test_files_are_sorted_by_entity_time_and_record_id(self):
        [row] = duckdb(
            "SELECT count(*) AS unsorted FROM (SELECT profile_id AS e, epoch_us(ts) AS t, "
            "record_id AS r, lag(profile_id) OVER w AS pe, lag(epoch_us(ts)) OVER w AS pt, "
            "lag(record_id) OVER w AS pr "
            f"FROM read_parquet('{self.glob}', hive_partitioning=1, filename=1, "
            "file_row_number=1) WINDOW w AS (PARTITION BY filename ORDER BY file_row_number)) "
            "WHERE pe IS NOT NULL AND (e < pe OR (e = pe AND (t < pt OR (t = pt AND r <= pr))))")
        self.assertEqual(row["unsorted"], 0)

    def test_ingest_again_adds_nothing_and_compact_keeps_every_record(self):
        again = json.loads(run(["ingest", self.store, "--format", "json"]).stdout)
        self.assertEqual(again["records_read"], 0)
        compact = json.loads(run(["compact", self.store, "--format", "json"]).stdout)
        self.assertEqual(compact["records_dropped"], 0)
        [row] = self.table("count(*) AS n, count(DISTINCT record_id) AS ids")
        self.assertEqual(row["n"], len(self.records))
        self.assertEqual(row["ids"], len(self.records))

    def test_errors_name_the_store_and_exit_2(self):
        for args in (["ingest", os.path.join(self.tmp, "missing")],
                     ["compact", os.path.join(self.tmp, "missing")],
                     ["compact", self.store, "--now", "yesterday"]):
            result = run(args, expect=(2,))
            self.assertEqual(result.stderr.count("\n"), 1, result.stderr)
            self.assertTrue(result.stderr.startswith("hindsight: "), result.stderr)


if __name__ == "__main__":
    HINDSIGHT = os.path.abspath(sys.argv.pop(1))
    unittest.main()
