"""Usefulness: on the small world, a logistic regression trained on features that
`hindsight generate` regenerated (examples/netflix/homepage_ranker.yaml) predicts the next
day's plays better than popularity alone. Training rows: a sample of the records of days
0-5; test rows: a sample of day 6. AUC by ranks (ties averaged); the trainer is a small L2
logistic regression fitted with scipy's L-BFGS.

usage: python3 tests/features/usefulness_test.py PATH/TO/hindsight [unittest args]
"""

import json
import os
import shutil
import sys
import tempfile
import unittest

import numpy as np
from scipy.optimize import minimize
from scipy.stats import rankdata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
import peer_util  # noqa: E402
from peer_util import duckdb  # noqa: E402

ROOT = os.getcwd()
EXAMPLE = os.path.join(ROOT, "examples", "netflix", "homepage_ranker.yaml")
DAY_US = 86_400_000_000


def run(args):
    """Runs hindsight with `args`, returns its stdout; fails unless it exits 0."""
    return peer_util.run([peer_util.HINDSIGHT] + args)


def auc(labels, scores):
    ranks = rankdata(scores)
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return (ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def fit_logistic(x, y, l2=1e-3):
    def loss(w):
        z = x @ w[1:] + w[0]
        # log(1 + e^z) - y z, computed stably
        value = np.logaddexp(0, z) - y * z
        p = 1 / (1 + np.exp(-z))
        grad = np.concatenate([[np.sum(p - y)], x.T @ (p - y)]) / len(y)
        grad[1:] += l2 * w[1:]
        return value.mean() + 0.5 * l2 * np.sum(w[1:] ** 2), grad
    result = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B")
    return result.x


class UsefulnessTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="hindsight_useful_")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_generated_features_beat_popularity_on_the_next_day(self):
        world, store = os.path.join(self.tmp, "world"), os.path.join(self.tmp, "store")
        run(["workload", "--out", world, "--scale", "small", "--store", store])
        run(["ingest", store])
        run(["dim", "import", store, "videos", os.path.join(world, "videos.parquet"),
             "--key", "video_id", "--valid-from", "valid_from_us"])
        labels = os.path.join(self.tmp, "labels.parquet")
        run(["labels", store, "--events", os.path.join(world, "plays.parquet"), "--window", "24h",
             "--out", labels])
        with open(os.path.join(world, "world.json")) as f:
            start = json.load(f)["start_us"]
        test_day = start + 6 * DAY_US
        sample = os.path.join(self.tmp, "sample.parquet")
        duckdb(f"COPY (SELECT * FROM read_parquet('{labels}') WHERE hash(record_id) % 8 = 0 "
               f"AND epoch_us(ts) < {test_day + DAY_US}) TO '{sample}' (FORMAT parquet)")
        features = os.path.join(self.tmp, "features.parquet")
        run(["generate", store, "--labels", sample, "--features", EXAMPLE, "--out", features])
        plays = os.path.join(world, "plays.parquet")
        columns = ["plan[1]", "plan[2]", "plan[3]", "plan[4]", "kids", "plays_7d", "minutes_7d",
                   "completion_rate_30d", "days_since_last_play", "in_my_list", "seen_7d",
                   "played_before", "genre_affinity", "liked_genres", "item_similarity"]
        rows = duckdb(f"""
            WITH popularity AS (
              SELECT video_id, count(*) AS plays FROM read_parquet('{plays}')
              WHERE ts_us < {test_day} GROUP BY video_id)
            SELECT epoch_us(f.ts) >= {test_day} AS test, f.label,
                   coalesce(p.plays, 0) AS popularity,
                   [{", ".join(f"f.{c}::DOUBLE" for c in columns)}] AS x
            FROM read_parquet('{features}') f LEFT JOIN popularity p USING (video_id)""")
        test = np.array([r["test"] for r in rows])
        y = np.array([r["label"] for r in rows], dtype=float)
        x = np.array([r["x"] for r in rows], dtype=float)
        popularity = np.array([r["popularity"] for r in rows], dtype=float)
        self.assertGreater(test.sum(), 10_000)
        self.assertGreater((~test).sum(), 50_000)
        mean, std = x[~test].mean(axis=0), x[~test].std(axis=0) + 1e-9
        z = (x - mean) / std
        w = fit_logistic(z[~test], y[~test])
        model_auc = auc(y[test], z[test] @ w[1:] + w[0])
        popularity_auc = auc(y[test], popularity[test])
        print(f"\nnext-day AUC: logistic regression on generated features {model_auc:.4f}, "
              f"popularity only {popularity_auc:.4f} ({int(test.sum())} test rows, "
              f"{int((~test).sum())} training rows)")
        self.assertGreater(model_auc, popularity_auc + 0.01)


if __name__ == "__main__":
    peer_util.HINDSIGHT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
