"""Data quality end to end on 14-day small worlds, one clean and one per fault kind:

- examples/netflix/audits.yaml raises nothing on the clean world, and on each faulted
  world flags exactly the fault's attribute (and app), only in periods overlapping the
  fault's window (faults.json is the ground truth);
- every audit result is stored, alert or not, and DuckDB reads the results file;
- profiles: a day's exact metrics equal the merge of its hours, and equal DuckDB's direct
  computation over the day's Parquet files; distinct counts within the HLL bound;
- bad rules exit 2 with the file and line;
- verify: a clean store verifies; a bit flipped in any facts file is reported naming it;
- diff: the swap world against the clean one names the swapped attribute and its row
  count; a store against its copy shows no difference;
- sample: a consistent entity-hash sample holds the same entities whichever store it
  runs on, and its profiles are those of the sampled records.

usage: /usr/bin/python3 tests/quality/quality_test.py PATH/TO/hindsight [unittest args]
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
import peer_util  # noqa: E402

ROOT = os.getcwd()
RULES = os.path.join(ROOT, "examples", "netflix", "audits.yaml")
WORLD_END = "2026-11-16T00:00:00Z"
FAULTS = {
    # kind: (WHEN, attribute flagged, slice)
    "drop": ("d9:h13", "_records", ""),
    "drift": ("d9", "facts.subscriber.kids", ""),
    "nulls": ("d9:h13", "facts.subscriber.plan", ""),
    "swap": ("d9:h13", "facts.subscriber.member_since_us", "app=search"),
    "late": ("d9:h13", "_late", ""),
    "corrupt": ("d9:h13", "_rejected", ""),
    "dup": ("d9:h13", "_duplicates", ""),
}


def iso_us(text):
    return peer_util.parse_time_us(text)


class QualityTest(unittest.TestCase):
    tmp = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="hindsight_quality_")
        worlds = {"clean": []}
        for kind, (when, _, _) in FAULTS.items():
            worlds[kind] = ["--inject", f"{kind}@{when}"]
        scripts = []
        for name, inject in worlds.items():
            directory = os.path.join(cls.tmp, name)
            scripts.append([
                [peer_util.HINDSIGHT, "workload", "--out", os.path.join(directory, "world"),
                 "--scale", "small", "--days", "14", "--threads", "1",
                 "--store", os.path.join(directory, "store")] + inject,
                [peer_util.HINDSIGHT, "ingest", os.path.join(directory, "store"), "--threads", "1"],
            ])
        peer_util.run_in_parallel(scripts, jobs=2, ok_codes=(0, 1))

    @classmethod
    def tearDownClass(cls):
        if cls.tmp:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def store(self, name):
        return os.path.join(self.tmp, name, "store")

    def audit(self, name, *extra, expect=None):
        window = [] if "--at" in extra else ["--to", WORLD_END]
        result = subprocess.run(
            [peer_util.HINDSIGHT, "audit", self.store(name), "--rules", RULES, *window,
             "--format", "json", *extra], capture_output=True, text=True)
        if expect is not None:
            self.assertEqual(result.returncode, expect, result.stderr)
        return json.loads(result.stdout), result.returncode

    def test_clean_world_raises_nothing(self):
        report, code = self.audit("clean", expect=0)
        self.assertEqual(report["findings"], [], json.dumps(report["findings"][:3], indent=1))
        self.assertEqual(report["errors"] + report["warnings"], 0)
        self.assertGreater(report["results"], 1000)

    def test_each_fault_is_flagged_at_its_window_and_attribute(self):
        for kind, (_, attribute, slice_) in FAULTS.items():
            with self.subTest(kind=kind):
                with open(os.path.join(self.tmp, kind, "world", "faults.json")) as f:
                    truth = json.load(f)["faults"][0]
                report, code = self.audit(kind, expect=1)
                findings = report["findings"]
                self.assertTrue(findings, f"{kind}: nothing flagged")
                for finding in findings:
                    self.assertEqual((finding["attribute"], finding["slice"]), (attribute, slice_),
                                     f"{kind}: unexpected finding {finding}")
                    start, end = iso_us(finding["period_start"]), iso_us(finding["period_end"])
                    self.assertTrue(start < truth["to_us"] and end > truth["from_us"],
                                    f"{kind}: flagged {finding['period_start']} outside "
                                    f"{truth['from']}..{truth['to']}: {finding['message']}")
                    self.assertTrue(finding["message"] and finding["threshold"])

    def test_every_result_is_stored_and_readable_by_duckdb(self):
        report, _ = self.audit("drop")
        stored = report["stored"]
        self.assertTrue(os.path.exists(stored), stored)
        rows = peer_util.duckdb(
            f"SELECT count(*) AS n, sum(violated::INT) AS violated FROM read_parquet('{stored}')")
        self.assertEqual(rows[0]["n"], report["results"])
        self.assertEqual(rows[0]["violated"], report["errors"] + report["warnings"])

    def test_audit_at_a_time_judges_only_its_periods(self):
        report, code = self.audit("drop", "--at", "2026-11-11T13:30:00Z")
        self.assertEqual(code, 1)
        self.assertEqual({f["period_start"] for f in report["findings"]}, {"2026-11-11T13:00:00Z"})

    def test_bad_rules_exit_2_naming_file_and_line(self):
        cases = {
            "unknown metric": "rules:\n  - name: x\n    kind: bounds\n    attribute: _records\n    metric: p101\n    max: 1\n",
            "bad yaml": "rules:\n  - name: [unclosed\n",
            "no threshold": "rules:\n  - kind: bounds\n    attribute: a\n    metric: mean\n",
            "unknown key": "rules:\n  - kind: schema\n    colour: red\n",
            "where on no such column": "rules:\n  - kind: drift\n    attribute: a\n    max_ks: 0.1\n    where: {planet: Mars}\n",
        }
        for name, text in cases.items():
            with self.subTest(case=name):
                path = os.path.join(self.tmp, "bad.yaml")
                with open(path, "w") as f:
                    f.write(text)
                result = subprocess.run([peer_util.HINDSIGHT, "audit", self.store("clean"), "--rules", path],
                                        capture_output=True, text=True)
                self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
                self.assertRegex(result.stderr, r"bad\.yaml:\d+: ")
                self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)

    def profile(self, name, *args):
        out = peer_util.run([peer_util.HINDSIGHT, "profile", self.store(name), "--format", "json", *args])
        return json.loads(out)

    def test_day_profile_is_the_merge_of_its_hours_and_matches_duckdb(self):
        day_from, day_to = "2026-11-07T00:00:00Z", "2026-11-08T00:00:00Z"
        day = {r["attribute"]: r for r in self.profile("clean", "--by", "day", "--from", day_from, "--to", day_to)}
        hours = self.profile("clean", "--by", "hour", "--from", day_from, "--to", day_to)
        self.assertEqual(len({r["period"] for r in hours}), 24)
        for attribute, d in day.items():
            parts = [r for r in hours if r["attribute"] == attribute]
            self.assertEqual(d["count"], sum(p["count"] for p in parts), attribute)
            self.assertEqual(d["nulls"], sum(p["nulls"] for p in parts), attribute)
            self.assertEqual(d["empty"], sum(p["empty"] for p in parts), attribute)
            if d["min"] is not None:
                self.assertEqual(d["min"], min(p["min"] for p in parts if p["min"] is not None))
                self.assertEqual(d["max"], max(p["max"] for p in parts if p["max"] is not None))
                mean = sum(p["mean"] * p["count"] for p in parts if p["count"]) / d["count"]
                self.assertAlmostEqual(d["mean"], mean, delta=1e-9 * max(1, abs(mean)))
        files = os.path.join(self.store("clean"), "tables", "facts", "date=2026-11-07", "**", "*.parquet")
        scan = f"read_parquet('{files}', union_by_name = true)"
        expected = peer_util.duckdb(f"""
            SELECT count(*) AS records, count(DISTINCT profile_id) AS profiles,
                   count(DISTINCT record_id) AS record_ids,
                   min(epoch_us(ts)) AS ts_min, max(epoch_us(ts)) AS ts_max,
                   avg(len(items)) AS items_mean, sum((len(items) = 0)::INT) AS items_empty,
                   sum(len(items)) AS item_values,
                   count(country) AS country_count, count(*) - count(country) AS country_nulls
            FROM {scan}""")[0]
        self.assertEqual(day["_records"]["count"], expected["records"])
        self.assertEqual(day["ts"]["min"], expected["ts_min"])
        self.assertEqual(day["ts"]["max"], expected["ts_max"])
        self.assertAlmostEqual(day["items"]["mean"], expected["items_mean"], delta=1e-9)
        self.assertEqual(day["items"]["empty"], expected["items_empty"])
        self.assertEqual(day["items[]"]["count"], expected["item_values"])
        self.assertEqual(day["country"]["count"], expected["country_count"])
        self.assertEqual(day["country"]["nulls"], expected["country_nulls"])
        for attribute, key in (("profile_id", "profiles"), ("record_id", "record_ids")):
            self.assertLess(abs(day[attribute]["distinct"] / expected[key] - 1), 0.05, attribute)
        kids = peer_util.duckdb(f"""
            SELECT count(*) AS n, avg(s.kids::INT) AS mean
            FROM (SELECT unnest(facts.subscriber) AS s FROM {scan})""")[0]
        self.assertEqual(day["facts.subscriber.kids"]["count"], kids["n"])
        self.assertAlmostEqual(day["facts.subscriber.kids"]["mean"], kids["mean"], delta=1e-12)
        durations = peer_util.duckdb(f"""
            SELECT count(*) AS n, min(e.duration_s) AS lo, max(e.duration_s) AS hi,
                   avg(e.duration_s) AS mean, stddev_samp(e.duration_s) AS sd,
                   quantile_cont(e.duration_s, 0.5) AS p50
            FROM (SELECT unnest(v.events) AS e
                  FROM (SELECT unnest(facts.viewing_history) AS v FROM {scan}))""")[0]
        got = day["facts.viewing_history.events.duration_s"]
        self.assertEqual(got["count"], durations["n"])
        self.assertEqual((got["min"], got["max"]), (durations["lo"], durations["hi"]))
        self.assertAlmostEqual(got["mean"], durations["mean"], delta=1e-9 * durations["mean"])
        self.assertAlmostEqual(got["stddev"], durations["sd"], delta=1e-9 * durations["sd"])
        plans = peer_util.duckdb(f"""
            SELECT s.plan AS plan, count(*) AS n
            FROM (SELECT unnest(facts.subscriber) AS s FROM {scan}) GROUP BY 1""")
        self.assertEqual(sorted(tuple(t) for t in day["facts.subscriber.plan"]["top"]),
                         sorted((p["plan"], p["n"]) for p in plans))

    def test_country_slices_match_duckdb_in_profile_and_audit(self):
        # Stored profiles are sliced by app; a country slice is profiled from the data.
        day_from, day_to = "2026-11-07T00:00:00Z", "2026-11-08T00:00:00Z"
        day = {r["attribute"]: r for r in self.profile(
            "clean", "--by", "day", "--from", day_from, "--to", day_to, "--where", "country=US")}
        files = os.path.join(self.store("clean"), "tables", "facts", "date=2026-11-07", "**", "*.parquet")
        scan = f"read_parquet('{files}', union_by_name = true)"
        expected = peer_util.duckdb(f"""
            SELECT count(*) AS records, min(epoch_us(ts)) AS ts_min, max(epoch_us(ts)) AS ts_max
            FROM {scan} WHERE country = 'US'""")[0]
        self.assertGreater(expected["records"], 0)
        self.assertEqual(day["_records"]["count"], expected["records"])
        self.assertEqual((day["ts"]["min"], day["ts"]["max"]), (expected["ts_min"], expected["ts_max"]))
        kids = peer_util.duckdb(f"""
            SELECT count(*) AS n, avg(s.kids::INT) AS mean
            FROM (SELECT unnest(facts.subscriber) AS s FROM {scan} WHERE country = 'US')""")[0]
        self.assertEqual(day["facts.subscriber.kids"]["count"], kids["n"])
        self.assertAlmostEqual(day["facts.subscriber.kids"]["mean"], kids["mean"], delta=1e-12)

        rules = os.path.join(self.tmp, "country_rules.yaml")
        with open(rules, "w") as out:
            out.write("rules:\n"
                      "  - {name: us_volume, kind: bounds, attribute: _records, metric: count,\n"
                      "     period: hour, max: 1, where: {country: US}}\n")
        result = subprocess.run(
            [peer_util.HINDSIGHT, "audit", self.store("clean"), "--rules", rules, "--from", day_from,
             "--to", day_to, "--format", "json", "--no-store"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("country", result.stderr)  # says it profiles the data
        findings = json.loads(result.stdout)["findings"]
        by_hour = {iso_us(f["period_start"]) // 3_600_000_000: f["value"] for f in findings}
        self.assertTrue(all(f["slice"] == "country=US" for f in findings))
        hourly = peer_util.duckdb(f"""
            SELECT epoch_us(ts) // 3600000000 AS hour, count(*) AS n
            FROM {scan} WHERE country = 'US' GROUP BY 1""")
        self.assertEqual(len(by_hour), 24)
        self.assertEqual(by_hour, {h["hour"]: h["n"] for h in hourly if h["n"] > 1})

    def test_verify_passes_a_clean_store_and_names_a_flipped_bit(self):
        out = peer_util.run([peer_util.HINDSIGHT, "verify", self.store("clean"), "--format", "json"])
        report = json.loads(out)
        self.assertEqual(report["mismatches"], 0, out[:2000])
        self.assertEqual(report["files_checked"], report["files_in_table"])
        tables = os.path.join(self.store("clean"), "tables", "facts")
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(tables) for f in fs if f.endswith(".parquet"))
        for index in (0, len(files) // 2, len(files) - 1):
            path = files[index]
            with open(path, "rb") as f:
                original = f.read()
            flipped = bytearray(original)
            offset = (index * 7919 + 4) % (len(flipped) - 8) + 4  # past the magic
            flipped[offset] ^= 0x04
            with open(path, "wb") as f:
                f.write(flipped)
            try:
                result = subprocess.run([peer_util.HINDSIGHT, "verify", self.store("clean")],
                                        capture_output=True, text=True)
                self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
                relative = os.path.relpath(path, tables)
                self.assertIn(f"MISMATCH  {relative}", result.stdout)
                for line in result.stdout.splitlines():
                    if line.startswith("MISMATCH"):
                        self.assertTrue(line.startswith(f"MISMATCH  {relative}:"), result.stdout)
            finally:
                with open(path, "wb") as f:
                    f.write(original)
        peer_util.run([peer_util.HINDSIGHT, "verify", self.store("clean"), "--sample", "8"])

    def diff(self, a, b, *extra, expect):
        out = peer_util.run([peer_util.HINDSIGHT, "diff", a, b, "--format", "json", *extra], expect=expect)
        return json.loads(out)

    def test_diff_names_the_swapped_attributes_and_their_rows(self):
        with open(os.path.join(self.tmp, "swap", "world", "faults.json")) as f:
            truth = json.load(f)["faults"][0]
        report = self.diff(self.store("clean"), self.store("swap"), expect=1)
        self.assertEqual((report["only_in_a"], report["only_in_b"]), (0, 0))
        changed = {a["attribute"]: a for a in report["attributes"]}
        self.assertEqual(set(changed), {"facts.subscriber.member_since_us", "facts.impressions.since_us"})
        for attribute in changed.values():
            self.assertEqual(attribute["replaced"], truth["rows_affected"])
            self.assertEqual(attribute["rows"], truth["rows_affected"])
            self.assertTrue(attribute["examples"])

    def test_diff_of_a_store_and_its_copy_is_empty(self):
        copy = os.path.join(self.tmp, "copy")
        shutil.copytree(self.store("nulls"), copy)
        try:
            report = self.diff(self.store("nulls"), copy, expect=0)
            self.assertFalse(report["differs"])
            self.assertEqual(report["rows_matched"], report["rows_a"])
            report = self.diff(self.store("nulls"), copy, "--mode", "distribution", expect=0)
            self.assertFalse(report["differs"])
        finally:
            shutil.rmtree(copy, ignore_errors=True)

    def test_diff_tells_dropped_records_apart(self):
        report = self.diff(self.store("clean"), self.store("drop"), expect=1)
        with open(os.path.join(self.tmp, "drop", "world", "faults.json")) as f:
            truth = json.load(f)["faults"][0]
        self.assertEqual(report["only_in_a"], truth["rows_affected"])
        self.assertEqual(report["only_in_b"], 0)
        self.assertEqual(report["attributes"], [])

    def test_sample_is_consistent_by_entity_across_stores(self):
        samples = {}
        for name in ("clean", "swap"):
            out = os.path.join(self.tmp, f"sample_{name}")
            peer_util.run([peer_util.HINDSIGHT, "sample", self.store(name), "--rate", "0.1", "--out", out])
            samples[name] = out
        files = lambda store: os.path.join(store, "tables", "facts", "**", "*.parquet")
        sampled = peer_util.duckdb(f"""
            SELECT count(DISTINCT profile_id) AS entities, count(*) AS records
            FROM read_parquet('{files(samples["clean"])}')""")[0]
        full = peer_util.duckdb(f"""
            SELECT count(DISTINCT profile_id) AS entities FROM read_parquet('{files(self.store("clean"))}')""")[0]
        self.assertLess(abs(sampled["entities"] / full["entities"] - 0.1), 0.02)
        # Entity-complete: every record of a sampled entity is in the sample.
        complete = peer_util.duckdb(f"""
            SELECT count(*) AS n FROM read_parquet('{files(self.store("clean"))}')
            WHERE profile_id IN (SELECT DISTINCT profile_id FROM read_parquet('{files(samples["clean"])}'))""")[0]
        self.assertEqual(complete["n"], sampled["records"])
        # The same entities from both stores: only the swap's attributes differ.
        report = self.diff(samples["clean"], samples["swap"], expect=1)
        self.assertEqual((report["only_in_a"], report["only_in_b"]), (0, 0))
        self.assertEqual({a["attribute"] for a in report["attributes"]},
                         {"facts.subscriber.member_since_us", "facts.impressions.since_us"})
        # Its profiles are those of the sampled records.
        peer_util.run([peer_util.HINDSIGHT, "verify", samples["clean"]])
        profile = json.loads(peer_util.run([peer_util.HINDSIGHT, "profile", samples["clean"], "--format", "json",
                                            "--attribute", "_records"]))
        self.assertEqual(profile[0]["count"], sampled["records"])

    def test_profile_of_a_parquet_file_matches_duckdb(self):
        plays = os.path.join(self.tmp, "clean", "world", "plays.parquet")
        profile = {p["attribute"]: p for p in self.profile_file(plays)}
        expected = peer_util.duckdb(f"""
            SELECT count(*) AS n, min(duration_s) AS lo, max(duration_s) AS hi, avg(duration_s) AS mean,
                   avg(completed::INT) AS completed, count(DISTINCT video_id) AS videos
            FROM read_parquet('{plays}')""")[0]
        self.assertEqual(profile["_records"]["count"], expected["n"])
        self.assertEqual((profile["duration_s"]["min"], profile["duration_s"]["max"]), (expected["lo"], expected["hi"]))
        self.assertAlmostEqual(profile["duration_s"]["mean"], expected["mean"], delta=1e-9 * expected["mean"])
        self.assertAlmostEqual(profile["completed"]["mean"], expected["completed"], delta=1e-12)
        self.assertLess(abs(profile["video_id"]["distinct"] / expected["videos"] - 1), 0.05)

    def profile_file(self, path):
        return json.loads(peer_util.run([peer_util.HINDSIGHT, "profile", path, "--format", "json"]))

    def test_usage_sets_reads_against_bytes_stored(self):
        store = self.store("late")
        peer_util.run([peer_util.HINDSIGHT, "query", store, "--entity", "7", "--as-of", WORLD_END,
                       "--facts", "subscriber"])
        report = json.loads(peer_util.run([peer_util.HINDSIGHT, "usage", store, "--format", "json"]))
        usage = {a["attribute"]: a for a in report["attributes"]}
        self.assertEqual(report["runs"], 1)
        self.assertEqual(usage["facts.subscriber.plan"]["reads"], 1)
        self.assertEqual(usage["facts.subscriber.plan"]["commands"], ["query"])
        self.assertTrue(usage["facts.impressions.video_ids[]"]["never_read"])
        self.assertFalse(usage["profile_id"]["never_read"])
        files = os.path.join(store, "tables", "facts", "**", "*.parquet")
        stored = peer_util.duckdb(f"SELECT sum(total_compressed_size) AS bytes FROM parquet_metadata('{files}')")
        self.assertEqual(report["total_bytes"], stored[0]["bytes"])
        self.assertEqual(sum(a["bytes"] for a in report["attributes"]), stored[0]["bytes"])


if __name__ == "__main__":
    peer_util.HINDSIGHT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
