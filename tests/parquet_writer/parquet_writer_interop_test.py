"""Interop of Hindsight's Parquet writer with DuckDB and Hindsight's own reader.

- Files written by Hindsight (parquet_write_samples) read by DuckDB equal the rows the
  writer was given (NAME.expected.jsonl), and so does `hindsight parquet cat`.
- Files written by DuckDB (duckdb_write_samples.mjs) read by `hindsight parquet cat`
  equal DuckDB's own reading of them.
- DuckDB's filtered counts over Hindsight's files (which it prunes with the files'
  statistics) equal counts over the expected rows, for signed, unsigned, decimal,
  string and time columns.
- pandas reads Hindsight's files when a Parquet engine (pyarrow) is installed.

Rows are compared as parsed JSON (docs/PARQUET.md's normalised JSONL). Environment:
PARQUET_WRITE_SAMPLES and HINDSIGHT_BIN name the executables; run from the project root.
"""

import json
from decimal import Decimal
import os
import struct
import subprocess
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor

ROOT = os.environ.get("HINDSIGHT_SOURCE_DIR", os.getcwd())
DUCKDB_CAT = os.path.join(ROOT, "tests", "peers", "duckdb_cat.mjs")
DUCKDB_WRITE = os.path.join(ROOT, "tests", "parquet_writer", "duckdb_write_samples.mjs")
DUCKDB_COUNT = os.path.join(ROOT, "tests", "parquet_writer", "duckdb_count.mjs")
SAMPLES_BIN = os.environ.get("PARQUET_WRITE_SAMPLES")
HINDSIGHT_BIN = os.environ.get("HINDSIGHT_BIN")
# Node processes started at once (each DuckDB instance uses two threads).
PARALLEL_READS = 2
# Relative spacing of float32 values (2^-23).
FLOAT32_EPSILON = 2.0 ** -23


def run(args):
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def parse_rows(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def as_float32(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]


def values_equal(a, b):
    """Equal JSON values. Numbers that are one FLOAT printed two ways (as a double, or as
    different shortest forms of a tie) are equal: they round to the same float32 and lie
    within float32 precision of each other."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if a == b:
            return True
        try:
            return (as_float32(a) == as_float32(b) and
                    abs(a - b) <= FLOAT32_EPSILON * max(abs(a), abs(b)))
        except OverflowError:
            return False
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(values_equal(a[k], b[k]) for k in a)
    return a == b


def first_difference(expected, actual):
    if len(expected) != len(actual):
        return f"{len(expected)} rows expected, {len(actual)} read"
    for index, (x, y) in enumerate(zip(expected, actual)):
        if not values_equal(x, y):
            return f"row {index}:\n  expected {json.dumps(x)[:2000]}\n  actual   {json.dumps(y)[:2000]}"
    return None


def duckdb_rows(path):
    return parse_rows(run(["node", DUCKDB_CAT, path]))


def duckdb_rows_of_all(files, out_dir):
    """{path: rows} as DuckDB reads them, with one DuckDB instance (duckdb_cat's --batch
    mode) where the peer has it, else one process per file. A file DuckDB cannot read
    maps to an AssertionError."""
    os.makedirs(out_dir, exist_ok=True)
    batch = subprocess.run(["node", DUCKDB_CAT, "--batch", out_dir, *files], cwd=ROOT,
                           capture_output=True, text=True, timeout=600)
    results = {}
    for path in files:
        name = os.path.basename(path)[: -len(".parquet")]
        rows_path = os.path.join(out_dir, name + ".jsonl")
        error_path = os.path.join(out_dir, name + ".error")
        if batch.returncode == 0 and os.path.exists(rows_path):
            with open(rows_path, encoding="utf-8") as f:
                results[path] = parse_rows(f.read())
        elif batch.returncode == 0 and os.path.exists(error_path):
            with open(error_path, encoding="utf-8") as f:
                results[path] = AssertionError(f"DuckDB cannot read {path}: {f.read()}")
        else:
            try:
                results[path] = duckdb_rows(path)
            except AssertionError as error:
                results[path] = error
    return results


def hindsight_rows(path):
    return parse_rows(run([HINDSIGHT_BIN, "parquet", "cat", path, "--format", "jsonl",
                           "--verify-checksums"]))


def hindsight_cli_available():
    if not HINDSIGHT_BIN or not os.path.exists(HINDSIGHT_BIN):
        return False
    result = subprocess.run([HINDSIGHT_BIN, "parquet", "cat", "--help"], capture_output=True)
    return result.returncode == 0


class WriterInteropTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="parquet_writer_interop_")
        cls.hindsight_dir = os.path.join(cls.tmp.name, "hindsight")
        cls.duckdb_dir = os.path.join(cls.tmp.name, "duckdb")
        os.makedirs(cls.hindsight_dir)
        os.makedirs(cls.duckdb_dir)
        if not SAMPLES_BIN:
            raise unittest.SkipTest("PARQUET_WRITE_SAMPLES is not set (run through ctest)")
        run([SAMPLES_BIN, cls.hindsight_dir])
        run(["node", DUCKDB_WRITE, cls.duckdb_dir])
        cls.hindsight_files = sorted(
            os.path.join(cls.hindsight_dir, name) for name in os.listdir(cls.hindsight_dir)
            if name.endswith(".parquet"))
        cls.duckdb_files = sorted(
            os.path.join(cls.duckdb_dir, name) for name in os.listdir(cls.duckdb_dir)
            if name.endswith(".parquet"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def expected_rows(self, path):
        with open(path[: -len(".parquet")] + ".expected.jsonl", encoding="utf-8") as f:
            return parse_rows(f.read())

    def compare_all(self, files, expected_of, actual_of):
        """Compares every file, reporting each failure (a read error too) on its own."""
        def read(path):
            try:
                return actual_of(path), None
            except AssertionError as error:
                return None, str(error)

        with ThreadPoolExecutor(PARALLEL_READS) as pool:
            actuals = list(pool.map(read, files))
        for path, (actual, error) in zip(files, actuals):
            with self.subTest(file=os.path.basename(path)):
                self.assertIsNone(error, error)
                difference = first_difference(expected_of(path), actual)
                self.assertIsNone(difference, difference)

    def test_samples_were_written(self):
        self.assertGreaterEqual(len(self.hindsight_files), 20)
        self.assertGreaterEqual(len(self.duckdb_files), 10)

    def test_duckdb_reads_what_hindsight_wrote(self):
        duckdb = duckdb_rows_of_all(self.hindsight_files, os.path.join(self.tmp.name, "duck1"))

        def read(path):
            if isinstance(duckdb[path], AssertionError):
                raise duckdb[path]
            return duckdb[path]

        self.compare_all(self.hindsight_files, self.expected_rows, read)

    def test_hindsight_reads_what_hindsight_wrote(self):
        if not hindsight_cli_available():
            self.skipTest("`hindsight parquet cat` is not available")
        self.compare_all(self.hindsight_files, self.expected_rows, hindsight_rows)

    def test_hindsight_reads_what_duckdb_wrote(self):
        if not hindsight_cli_available():
            self.skipTest("`hindsight parquet cat` is not available")
        duckdb = duckdb_rows_of_all(self.duckdb_files, os.path.join(self.tmp.name, "duck2"))
        for path, rows in duckdb.items():
            self.assertNotIsInstance(rows, AssertionError, str(rows))
        self.compare_all(self.duckdb_files, duckdb.get, hindsight_rows)

    def test_duckdb_filters_with_hindsight_statistics(self):
        # Column -> how a JSON value becomes a comparable Python value and a SQL literal.
        kinds = {
            "i8": (int, str), "u8": (int, str), "i16": (int, str), "u16": (int, str),
            "u32": (int, str), "u64": (int, str), "i32": (int, str), "i64": (int, str),
            "f64": (float, repr),
            "price": (Decimal, str), "amount": (Decimal, str), "big": (Decimal, str),
            "name": (str, lambda v: "'" + v.replace("'", "''") + "'"),
            "day": (str, lambda v: f"DATE '{v}'"),
            "ts": (str, lambda v: f"TIMESTAMPTZ '{v}'"),
        }
        for sample in ("all_types_tiny_pages_fallback", "all_types_zstd"):
            path = os.path.join(self.hindsight_dir, sample + ".parquet")
            rows = self.expected_rows(path)
            filters, expected = [], []
            for column, (convert, literal) in kinds.items():
                values = sorted(convert(row[column]) for row in rows if row[column] is not None)
                for threshold in (values[len(values) // 3], values[2 * len(values) // 3]):
                    filters.append(f'"{column}" > {literal(str(threshold) if convert is Decimal else threshold)}')
                    expected.append(sum(1 for v in values if v > threshold))
                    filters.append(f'"{column}" <= {literal(str(threshold) if convert is Decimal else threshold)}')
                    expected.append(sum(1 for v in values if v <= threshold))
            counts = json.loads(run(["node", DUCKDB_COUNT, path, json.dumps(filters)]))
            for text, want, got in zip(filters, expected, counts):
                with self.subTest(file=sample, filter=text):
                    self.assertEqual(got, want)

    def test_pandas_reads_what_hindsight_wrote(self):
        try:
            import pandas  # noqa: F401
            import pyarrow  # noqa: F401
        except ImportError:
            self.skipTest("pandas has no Parquet engine here (pyarrow is not installed)")
        import pandas
        for path in self.hindsight_files:
            with self.subTest(file=os.path.basename(path)):
                frame = pandas.read_parquet(path)
                self.assertEqual(len(frame), len(self.expected_rows(path)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
