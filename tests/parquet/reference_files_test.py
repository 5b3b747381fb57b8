"""End-to-end checks of `hindsight parquet` on parquet-testing's reference files.

Every file in ../shared/parquet-testing/data is printed with `hindsight parquet cat` and
compared value by value with DuckDB's reading of it (tests/peers/duckdb_cat.mjs), with the
_expect.csv files, and, where DuckDB's reading is not what the writer meant, with the
values the file's .md describes. Every file in bad_data must be refused with exit code 2
and one line on stderr. Also: checksums, meta and schema on every file, CSV output,
--limit, and projections compared with DuckDB's.

usage: python3 tests/parquet/reference_files_test.py PATH/TO/hindsight [unittest args]
(run from the project root; ctest does both).
"""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HINDSIGHT = None  # set from argv in __main__
ROOT = os.getcwd()
TESTING = os.path.join(ROOT, "..", "shared", "parquet-testing")
DATA = os.path.join(TESTING, "data")
BAD_DATA = os.path.join(TESTING, "bad_data")
DUCKDB_CAT = os.path.join(ROOT, "tests", "peers", "duckdb_cat.mjs")

# Rows where DuckDB's reading differs from what the writer meant, with the values the
# file's .md gives: {file: {row index: row}}.
#
# int96_from_spark.md: Spark wrote microsecond timestamps, the last one in year 290000
# ("290000-12-31T01:00:00+02:00", 9089380393200000000 us since the epoch). DuckDB converts
# INT96 through int64 nanoseconds, which overflow for it; Spark reads it back exactly.
MD_EXPECTED_ROWS = {
    "int96_from_spark.parquet": {
        0: {"a": "2024-01-01T20:34:56.123456Z"},
        1: {"a": "2024-01-01T01:00:00.000000Z"},
        2: {"a": "9999-12-31T03:00:00.000000Z"},
        3: {"a": "2024-12-30T23:00:00.000000Z"},
        4: {"a": None},
        5: {"a": "+290000-12-30T23:00:00.000000Z"},
    },
}
INT96_FROM_SPARK_MICROS = [1704141296123456, 1704070800000000, 253402225200000000,
                           1735599600000000, None, 9089380393200000000]

# Files DuckDB cannot read at all would be compared with rows written from their .md
# here ({file: [rows]}); DuckDB currently reads every file in data/.
MD_EXPECTED_FILES = {}


def data_files():
    return sorted(f for f in os.listdir(DATA) if f.endswith(".parquet"))


def bad_files():
    return sorted(f for f in os.listdir(BAD_DATA) if f.endswith(".parquet"))


def run(*args):
    return subprocess.run([HINDSIGHT, *args], capture_output=True, text=True, timeout=300)


def cat_rows(path, *options):
    result = run("parquet", "cat", path, *options)
    if result.returncode != 0:
        raise AssertionError(f"hindsight parquet cat {path} failed: {result.stderr}")
    return [json.loads(line) for line in result.stdout.splitlines()]


def same_value(a, b):
    """Structural equality: numbers by exact value (1 == 1.0), objects in key order."""
    number = (int, float)
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, number) and isinstance(b, number):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def days_from_civil(year, month, day):
    """Days since 1970-01-01 of a proleptic Gregorian date (any year)."""
    year -= month <= 2
    era = (year if year >= 0 else year - 399) // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def micros_of_rfc3339(text):
    match = re.fullmatch(r"([+-]?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{6})Z", text)
    year, month, day, hour, minute, second, fraction = (int(g) for g in match.groups())
    days = days_from_civil(year, month, day)
    return ((days * 24 + hour) * 60 + minute) * 60 * 1000000 + second * 1000000 + fraction


def project(value, path):
    """The part of a JSON value a dotted column path keeps (lists apply it to elements)."""
    if value is None or not path:
        return value
    if isinstance(value, list):
        return [project(item, path) for item in value]
    return {path[0]: project(value[path[0]], path[1:])}


def merge(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for key, value in b.items():
            out[key] = merge(out[key], value) if key in out else value
        return out
    if isinstance(a, list) and isinstance(b, list):
        return [merge(x, y) for x, y in zip(a, b)]
    return a


def project_row(row, paths):
    """`row` restricted to dotted `paths`, fields kept in the row's (schema) order."""
    projected = {}
    for path in paths:
        parts = path.split(".")
        piece = {parts[0]: project(row[parts[0]], parts[1:])}
        projected = merge(projected, piece)
    return {key: projected[key] for key in row if key in projected}


def parse_quoted_csv(text):
    """Rows of a CSV whose strings are quoted: "x" -> 'x', an empty unquoted cell -> None."""
    rows = []
    for line in text.splitlines():
        cells, i = [], 0
        while True:
            if line.startswith('"', i):
                value, i = "", i + 1
                while True:
                    end = line.index('"', i)
                    value += line[i:end]
                    if line.startswith('""', end):
                        value, i = value + '"', end + 2
                        continue
                    i = end + 1
                    break
                cells.append(value)
            else:
                end = line.find(",", i)
                end = len(line) if end < 0 else end
                cells.append(line[i:end] or None)
                i = end
            if i >= len(line):
                break
            i += 1  # the comma
            if i == len(line):
                cells.append(None)
                break
        rows.append(cells)
    return rows


class ReferenceFilesTest(unittest.TestCase):
    duckdb_dir = None

    @classmethod
    def setUpClass(cls):
        cls.duckdb_dir = tempfile.mkdtemp(prefix="duckdb_cat_")
        files = [os.path.join(DATA, f) for f in data_files()]
        subprocess.run(["node", DUCKDB_CAT, "--batch", cls.duckdb_dir, *files], check=True,
                       timeout=600)

    @classmethod
    def tearDownClass(cls):
        if cls.duckdb_dir:
            shutil.rmtree(cls.duckdb_dir, ignore_errors=True)

    def duckdb_rows(self, name):
        stem = name[: -len(".parquet")]
        error = os.path.join(self.duckdb_dir, stem + ".error")
        if os.path.exists(error):
            return None
        with open(os.path.join(self.duckdb_dir, stem + ".jsonl")) as f:
            return [json.loads(line) for line in f]

    def assert_rows_equal(self, expected, actual, what):
        self.assertEqual(len(expected), len(actual), f"{what}: row counts differ")
        for index, (want, got) in enumerate(zip(expected, actual)):
            if not same_value(want, got):
                self.fail(f"{what}: row {index} differs\n  expected {want}\n  actual   {got}")

    def test_every_data_file_matches_duckdb_or_its_md(self):
        self.assertGreater(len(data_files()), 20)
        for name in data_files():
            with self.subTest(file=name):
                ours = cat_rows(os.path.join(DATA, name))
                duckdb = self.duckdb_rows(name)
                if duckdb is None:
                    self.assertIn(name, MD_EXPECTED_FILES,
                                  f"DuckDB cannot read {name}: add rows from its .md")
                    self.assert_rows_equal(MD_EXPECTED_FILES[name], ours, name)
                    continue
                expected = list(duckdb)
                for index, row in MD_EXPECTED_ROWS.get(name, {}).items():
                    expected[index] = row
                self.assert_rows_equal(expected, ours, name)

    def test_int96_expectations_are_the_md_microseconds(self):
        rows = MD_EXPECTED_ROWS["int96_from_spark.parquet"]
        for index, micros in enumerate(INT96_FROM_SPARK_MICROS):
            text = rows[index]["a"]
            self.assertEqual(None if text is None else micros_of_rfc3339(text), micros)

    def test_delta_binary_packed_matches_its_expect_csv(self):
        ours = cat_rows(os.path.join(DATA, "delta_binary_packed.parquet"))
        with open(os.path.join(DATA, "delta_binary_packed_expect.csv")) as f:
            records = list(csv.reader(f))
        header, expected = records[0], records[1:]
        self.assertEqual(len(expected), 200)
        self.assertEqual(len(ours), len(expected))
        for index, (record, row) in enumerate(zip(expected, ours)):
            self.assertEqual(list(row), header)
            self.assertEqual([str(row[column]) for column in header], record, f"row {index}")

    def test_delta_byte_array_matches_its_expect_csv(self):
        ours = cat_rows(os.path.join(DATA, "delta_byte_array.parquet"))
        with open(os.path.join(DATA, "delta_byte_array_expect.csv")) as f:
            records = parse_quoted_csv(f.read())
        header, expected = records[0], records[1:]
        self.assertEqual(len(expected), 1000)
        self.assertEqual(len(ours), len(expected))
        for index, (record, row) in enumerate(zip(expected, ours)):
            self.assertEqual(list(row), header)
            self.assertEqual([row[column] for column in header], record, f"row {index}")
        # The CSV output holds the same values.
        result = run("parquet", "cat", os.path.join(DATA, "delta_byte_array.parquet"),
                     "--format", "csv")
        self.assertEqual(result.returncode, 0, result.stderr)
        printed = list(csv.reader(io.StringIO(result.stdout)))
        self.assertEqual(printed[0], header)
        for record, line in zip(expected, printed[1:]):
            self.assertEqual([value or None for value in line], record)

    def test_every_bad_file_is_refused_with_one_line(self):
        self.assertGreater(len(bad_files()), 0)
        for name in bad_files():
            with self.subTest(file=name):
                path = os.path.join(BAD_DATA, name)
                result = run("parquet", "cat", path)
                self.assertEqual(result.returncode, 2, result.stderr)
                lines = result.stderr.splitlines()
                self.assertEqual(len(lines), 1, result.stderr)
                self.assertTrue(lines[0].startswith(f"hindsight: {path}: "), lines[0])

    def test_corrupt_checksum_fails_only_when_verified(self):
        corrupt = os.path.join(DATA, "datapage_v1-corrupt-checksum.parquet")
        result = run("parquet", "cat", corrupt, "--verify-checksums")
        self.assertEqual(result.returncode, 2)
        self.assertIn("page CRC mismatch", result.stderr)
        self.assertIn("column 'a'", result.stderr)
        self.assertEqual(run("parquet", "cat", corrupt).returncode, 0)
        for twin in ("datapage_v1-uncompressed-checksum.parquet",
                     "datapage_v1-snappy-compressed-checksum.parquet"):
            result = run("parquet", "cat", os.path.join(DATA, twin), "--verify-checksums")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(len(result.stdout.splitlines()), 5120)

    def test_meta_schema_and_csv_run_on_every_file(self):
        for name in data_files():
            with self.subTest(file=name):
                path = os.path.join(DATA, name)
                rows = cat_rows(path)
                meta = run("parquet", "meta", path)
                self.assertEqual(meta.returncode, 0, meta.stderr)
                self.assertIn("row groups:", meta.stdout)
                meta_json = run("parquet", "meta", path, "--format", "json")
                self.assertEqual(meta_json.returncode, 0, meta_json.stderr)
                described = json.loads(meta_json.stdout)
                self.assertEqual(sum(g["num_rows"] for g in described["row_groups"]), len(rows))
                schema = run("parquet", "schema", path)
                self.assertEqual(schema.returncode, 0, schema.stderr)
                self.assertTrue(schema.stdout.startswith("message "), schema.stdout)
                as_csv = run("parquet", "cat", path, "--format", "csv")
                self.assertEqual(as_csv.returncode, 0, as_csv.stderr)
                records = list(csv.reader(io.StringIO(as_csv.stdout)))
                self.assertEqual(len(records) - 1, len(rows))
                if rows:
                    self.assertEqual(records[0], list(rows[0]))

    def test_meta_describes_statistics_and_metadata(self):
        described = json.loads(run("parquet", "meta", os.path.join(
            DATA, "alltypes_tiny_pages.parquet"), "--format", "json").stdout)
        columns = {c["path"]: c for c in described["row_groups"][0]["columns"]}
        self.assertEqual(columns["id"]["statistics"]["min"], 0)
        self.assertEqual(columns["id"]["statistics"]["max"], 7299)
        self.assertEqual(columns["date_string_col"]["statistics"]["min"], "01/01/09")
        self.assertTrue(columns["id"]["column_index"])
        kv = json.loads(run("parquet", "meta", os.path.join(
            DATA, "column_chunk_key_value_metadata.parquet"), "--format", "json").stdout)
        column = kv["row_groups"][0]["columns"][0]
        self.assertEqual(column["key_value_metadata"], {"foo": "bar", "thisiskeywithoutvalue": None})

    def test_limit_prints_the_first_rows(self):
        path = os.path.join(DATA, "alltypes_tiny_pages.parquet")
        self.assert_rows_equal(cat_rows(path)[:7], cat_rows(path, "--limit", "7"), "limit")
        self.assertEqual(cat_rows(path, "--limit", "0"), [])

    def test_projections_equal_duckdbs(self):
        # Top-level columns: DuckDB selects them itself.
        for name, columns in [("nested_maps.snappy.parquet", "a,c"),
                              ("list_columns.parquet", "utf8_list"),
                              ("datapage_v2.snappy.parquet", "a,e"),
                              ("alltypes_plain.parquet", "id,timestamp_col")]:
            with self.subTest(file=name, columns=columns):
                path = os.path.join(DATA, name)
                duckdb = subprocess.run(["node", DUCKDB_CAT, path, "--columns", columns],
                                        capture_output=True, text=True, check=True, timeout=120)
                expected = [json.loads(line) for line in duckdb.stdout.splitlines()]
                self.assert_rows_equal(expected, cat_rows(path, "--columns", columns), name)
        # Nested paths: DuckDB's full rows, restricted to the paths.
        for name, paths in [("repeated_no_annotation.parquet", ["phoneNumbers.phone.kind", "id"]),
                            ("repeated_no_annotation.parquet", ["phoneNumbers.phone.number"]),
                            ("nulls.snappy.parquet", ["b_struct.b_c_int"]),
                            ("nested_lists.snappy.parquet", ["b", "a"])]:
            with self.subTest(file=name, columns=paths):
                expected = [project_row(row, paths) for row in self.duckdb_rows(name)]
                actual = cat_rows(os.path.join(DATA, name), "--columns", ",".join(paths))
                self.assert_rows_equal(expected, actual, name)

    def test_unknown_column_and_missing_file_are_one_line_errors(self):
        result = run("parquet", "cat", os.path.join(DATA, "binary.parquet"), "--columns", "nope")
        self.assertEqual(result.returncode, 2)
        self.assertIn("nope", result.stderr)
        self.assertEqual(len(result.stderr.splitlines()), 1)
        result = run("parquet", "meta", os.path.join(DATA, "no_such_file.parquet"))
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.splitlines()), 1)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    HINDSIGHT = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], *sys.argv[2:]])
