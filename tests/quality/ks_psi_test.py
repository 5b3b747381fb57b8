#!/usr/bin/python3
"""Hindsight's KS test and PSI against independent answers: scipy.stats.ks_2samp
(method='exact' where Hindsight counts paths) to 1e-9 on the statistic and 1e-6 on the
p-value, and PSI computed directly with numpy over the same bins."""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy import stats

PROBE = sys.argv[1]
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def write(directory, name, values):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write("\n".join(repr(float(v)) for v in values))
    return path


def probe(*args):
    out = subprocess.run([PROBE, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


rng = np.random.default_rng(20261205)
cases = [
    ("same normal", rng.normal(0, 1, 300), rng.normal(0, 1, 400)),
    ("shifted normal", rng.normal(0, 1, 500), rng.normal(0.3, 1, 450)),
    ("equal sizes", rng.normal(0, 1, 200), rng.normal(0.2, 1.1, 200)),
    ("ties (integers)", rng.integers(0, 10, 600), rng.integers(0, 11, 700)),
    ("small", rng.exponential(1, 7), rng.exponential(2, 9)),
    ("very different", rng.uniform(0, 1, 250), rng.uniform(0.8, 2, 260)),
    ("booleans", rng.integers(0, 2, 1000), (rng.random(900) < 0.45).astype(int)),
    ("coprime sizes", rng.normal(0, 1, 997), rng.normal(0.05, 1, 1009)),
    ("timestamps", 1.7e15 + rng.integers(0, 3_600_000_000, 800), 1.7e15 + rng.integers(0, 3_000_000_000, 800)),
]
with tempfile.TemporaryDirectory(prefix="hindsight_ks_") as directory:
    for name, a, b in cases:
        expected = stats.ks_2samp(a, b, method="exact")
        got = probe("ks", write(directory, "a", a), write(directory, "b", b))
        check(f"{name}: statistic", abs(got["statistic"] - expected.statistic) <= 1e-9,
              f"{got['statistic']} vs {expected.statistic}")
        check(f"{name}: p-value", abs(got["p_value"] - expected.pvalue) <= 1e-6,
              f"{got['p_value']} vs {expected.pvalue}")
        check(f"{name}: exact", got["exact"])

    for name, expected_sample, actual_sample in [
        ("stable", rng.normal(0, 1, 5000), rng.normal(0, 1, 5000)),
        ("drifted", rng.normal(0, 1, 5000), rng.normal(0.5, 1.3, 4000)),
        ("empty bins", rng.uniform(0, 1, 3000), rng.uniform(0.5, 1, 3000)),
    ]:
        edges = np.quantile(expected_sample, np.linspace(0.1, 0.9, 9))
        # Direct PSI: bins (edges[i-1], edges[i]], shares floored at 1e-4.
        bins = np.searchsorted(edges, expected_sample, side="left")
        q = np.bincount(bins, minlength=10) / len(expected_sample)
        p = np.bincount(np.searchsorted(edges, actual_sample, side="left"), minlength=10) / len(actual_sample)
        q, p = np.maximum(q, 1e-4), np.maximum(p, 1e-4)
        direct = float(np.sum((p - q) * np.log(p / q)))
        got = probe("psi", write(directory, "e", expected_sample), write(directory, "a", actual_sample),
                    write(directory, "edges", edges))
        check(f"PSI {name}", abs(got["psi"] - direct) <= 1e-12, f"{got['psi']} vs {direct}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
