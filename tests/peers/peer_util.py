"""Helpers the end-to-end Python tests share: running the hindsight binary, DuckDB (the
peer, through Node) and several commands at once."""

import datetime
import json
import os
import subprocess

HINDSIGHT = None  # set by the test's main from its command line
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DUCKDB_SQL = os.path.join(ROOT, "tests", "peers", "duckdb_sql.mjs")


def run(args, expect=0):
    """Runs a command, returns its stdout; fails unless it exits `expect`."""
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != expect:
        raise AssertionError(f"{' '.join(args)} exited {result.returncode}, expected {expect}:\n"
                             f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result.stdout


def duckdb(sql):
    """Rows of the last statement, as dicts (duckdb_sql.mjs conventions)."""
    result = subprocess.run(["node", DUCKDB_SQL, sql], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise AssertionError(f"duckdb failed: {result.stderr}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def run_in_parallel(scripts, jobs=2, ok_codes=(0,)):
    """Runs each script (a list of commands, in order) with `jobs` scripts at a time."""
    pending = list(scripts)
    running = []  # (process, remaining commands)
    while pending or running:
        while pending and len(running) < jobs:
            commands = pending.pop(0)
            running.append((subprocess.Popen(commands[0], stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE, text=True), commands[1:], commands[0]))
        process, rest, command = running.pop(0)
        out, err = process.communicate()
        if process.returncode not in ok_codes:
            raise AssertionError(f"{' '.join(command)} exited {process.returncode}:\n{err[-2000:]}")
        if rest:
            running.append((subprocess.Popen(rest[0], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                             text=True), rest[1:], rest[0]))


def parse_time_us(text):
    """RFC 3339 UTC text to epoch microseconds."""
    value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return int(value.timestamp()) * 1_000_000 + value.microsecond
