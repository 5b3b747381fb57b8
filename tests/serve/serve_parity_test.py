"""Online serving end to end, against a real redis-server started on a loopback port:

- replay >= 10k requests of the small world's last day through `hindsight serve` (facts
  from Redis, loaded by `hindsight materialize` up to the day before), ingest what the
  server logged, and `hindsight parity` finds 0 differences over every feature;
- the values a request was answered with equal, bit for bit, what `hindsight generate
  --mode exact` computes for that record (read back through DuckDB);
- one encoder parameter changed between serving and parity is caught, naming only that
  feature;
- faults: wrong or missing token, malformed, oversized and too-large requests, Redis
  frozen (SIGSTOP) and killed mid-run, overload: the server keeps answering within its
  deadline with clear statuses, stays up, and what it served degraded still has parity;
- a fact type fetched from an HTTP JSON service (facts.TYPE.fetch): used when it answers,
  defaulted and reported when it sleeps past its timeout or fails, and parity holds.

usage: python3 tests/serve/serve_parity_test.py PATH/TO/hindsight [unittest args]
"""

import csv
import http.client
import http.server
import threading
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
import peer_util  # noqa: E402

HINDSIGHT = None
ROOT = os.getcwd()
EXAMPLE = os.path.join(ROOT, "examples", "netflix", "homepage_ranker.yaml")
DAY_US = 86_400_000_000
REPLAY_REQUESTS = 10_500
STARTED_SERVERS = []  # every `hindsight serve` started, stopped at the end even after a failure


def run(args, expect=0):
    result = subprocess.run([HINDSIGHT] + args, capture_output=True, text=True)
    if result.returncode != expect:
        raise AssertionError(f"hindsight {' '.join(args)} exited {result.returncode}, "
                             f"expected {expect}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


duckdb = peer_util.duckdb


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bits(value):
    return struct.pack("<d", float(value))


def float_bits(value):
    return struct.pack("<f", float(value))


class Redis:
    """A redis-server of our own on a loopback port, without persistence."""

    def __init__(self, port):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait()


class Server:
    """`hindsight serve` on a free port; stop() sends SIGTERM and waits for the summary."""

    def __init__(self, store, features, redis_url, *extra):
        self.process = subprocess.Popen(
            [HINDSIGHT, "serve", store, "--features", features, "--port", "0"] +
            (["--redis", redis_url] if redis_url else []) + list(extra),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = self.process.stdout.readline()
        match = re.search(r"on http://127\.0\.0\.1:(\d+)", first)
        if not match:
            raise AssertionError(f"serve did not start: {first}{self.process.stderr.read()}")
        self.port = int(match.group(1))
        STARTED_SERVERS.append(self)

    def kill(self):
        """Stops the server if a failed test left it running."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()

    def connection(self, timeout=5):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def post(self, body, headers=None, connection=None):
        conn = connection or self.connection()
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        conn.request("POST", "/v1/features", payload,
                     {"Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        if connection is None:
            conn.close()
        return response.status, (json.loads(data) if data else None)

    def get(self, path, headers=None):
        conn = self.connection()
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        data = response.read().decode()
        conn.close()
        return response.status, data

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=30)
        if self.process.returncode != 0:
            raise AssertionError(f"serve exited {self.process.returncode}: {err}")
        return out


class ServeParityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="hindsight_serve_")
        cls.world = os.path.join(cls.tmp, "world")
        cls.store = os.path.join(cls.tmp, "store")
        run(["workload", "--out", cls.world, "--scale", "small", "--store", cls.store])
        run(["ingest", cls.store])
        run(["dim", "import", cls.store, "videos", os.path.join(cls.world, "videos.parquet"),
             "--key", "video_id", "--valid-from", "valid_from_us"])
        with open(os.path.join(cls.world, "world.json")) as f:
            world = json.load(f)
        cls.last_day_us = world["end_us"] - DAY_US
        cls.redis = Redis(free_port())
        summary = json.loads(run(["materialize", cls.store, "--redis", cls.redis.url,
                                  "--until", str(cls.last_day_us - 1), "--format", "json"]))
        assert summary["facts_written"] > 0 and summary["dimensions"] == ["videos=dim-000001.parquet"]
        # The requests: the last day's homepage records, in time order.
        glob = os.path.join(cls.store, "tables", "facts", "**", "*.parquet")
        cls.requests = duckdb(
            f"SELECT profile_id, epoch_us(ts) AS ts, country, device, items "
            f"FROM read_parquet('{glob}', hive_partitioning = 1, union_by_name = true) "
            f"WHERE ts >= make_timestamp({cls.last_day_us}) AND app = 'homepage' "
            f"ORDER BY ts, record_id LIMIT {REPLAY_REQUESTS}")
        assert len(cls.requests) == REPLAY_REQUESTS, len(cls.requests)

    @classmethod
    def tearDownClass(cls):
        for server in STARTED_SERVERS:
            server.kill()
        cls.redis.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @staticmethod
    def body(request):
        return {"context": {"profile_id": request["profile_id"], "country": request["country"],
                            "device": request["device"]},
                "ts": request["ts"], "items": request["items"]}

    def parity(self, features=EXAMPLE, expect=0):
        return json.loads(run(["parity", self.store, "--features", features, "--format", "json"],
                              expect=expect))

    def test_1_replay_has_parity_and_equals_the_generator_bit_for_bit(self):
        server = Server(self.store, EXAMPLE, self.redis.url)
        connection = server.connection()
        answers = []
        for request in self.requests:
            status, answer = server.post(self.body(request), connection=connection)
            self.assertEqual(status, 200, answer)
            self.assertEqual(answer["degraded"], [], answer)
            answers.append(answer)
        connection.close()
        self.assertIn(f"{len(self.requests)} record(s) logged, 0 dropped", server.stop())
        with_facts = sum(1 for a in answers if a["facts"])
        self.assertGreater(with_facts, len(answers) * 0.9)
        run(["ingest", self.store])

        report = self.parity()
        self.assertEqual(report["differences"], 0, report)
        self.assertEqual(report["records"], len(self.requests))
        rows = sum(len(r["items"]) for r in self.requests)
        self.assertEqual(report["rows"], rows)
        for feature in report["features"]:
            self.assertEqual((feature["equal"], feature["different"], feature["missing"]),
                             (rows, 0, 0), feature)

        # The answers themselves against `generate --mode exact` over the same records.
        sample = answers[:400]
        labels = os.path.join(self.tmp, "served_labels.csv")
        with open(labels, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["record_id", "profile_id", "ts", "video_id", "label"])
            for request, answer in zip(self.requests, sample):
                for item in answer["items"]:
                    writer.writerow([answer["record_id"], request["profile_id"], answer["ts"],
                                     item["item"], 0])
        out = os.path.join(self.tmp, "served_regenerated.parquet")
        run(["generate", self.store, "--labels", labels, "--features", EXAMPLE, "--out", out,
             "--mode", "exact"])
        names = [f["name"] for f in sample[0]["features"]]
        regenerated = {}
        for row in duckdb(f"SELECT * FROM read_parquet('{out}')"):
            regenerated.setdefault(row["record_id"], []).append(row)
        compared = 0
        for answer in sample:
            rows_of_record = regenerated[answer["record_id"]]
            self.assertEqual([r["video_id"] for r in rows_of_record],
                             [i["item"] for i in answer["items"]])
            for item, row in zip(answer["items"], rows_of_record):
                for name, served in zip(names, item["values"]):
                    offline = row[name]
                    if isinstance(served, list):
                        self.assertEqual([float_bits(v) for v in served],
                                         [float_bits(v) for v in offline],
                                         (answer["record_id"], item["item"], name))
                    else:
                        self.assertEqual(bits(served), bits(offline),
                                         (answer["record_id"], item["item"], name))
                    compared += 1
        self.assertGreater(compared, 400 * 10 * 13)

        # One parameter changed between serving and parity: caught, and only there.
        with open(EXAMPLE) as f:
            text = f.read()
        changed = os.path.join(self.tmp, "changed.yaml")
        with open(changed, "w") as f:
            f.write(text.replace("scale: 0.016666666666666666", "scale: 0.0166"))
        report = self.parity(changed, expect=1)
        different = {f["name"] for f in report["features"] if f["different"] or f["missing"]}
        self.assertEqual(different, {"minutes_7d"})
        self.assertTrue(all(e["feature"] == "minutes_7d" for e in report["examples"]))
        self.assertTrue(any("hash" in note for note in report["notes"]), report["notes"])

    def test_2_faults_keep_the_server_up_and_answering_by_its_deadline(self):
        token = "s3cret"
        auth = {"Authorization": f"Bearer {token}"}
        server = Server(self.store, EXAMPLE, self.redis.url, "--token", token,
                        "--deadline-ms", "40", "--max-body-kb", "64", "--max-items", "500",
                        "--threads", "3", "--max-queued", "0")
        request = self.body(self.requests[0])
        # One keep-alive connection for the requests below: it holds one server thread.
        conn = server.connection()

        def post(body, headers=None):
            return server.post(body, headers, connection=conn)

        try:
            self.assertEqual(post(request)[0], 401)
            self.assertEqual(post(request, {"Authorization": "Bearer wrong"})[0], 401)
            self.assertEqual(server.get("/metrics")[0], 401)
            status, answer = post(request, auth)
            self.assertEqual(status, 200, answer)
            self.assertEqual(answer["degraded"], [])

            for body, reason in [(b"{not json", "not valid JSON"),
                                 ({"context": {"profile_id": "7"}, "items": [1]}, "must be an integer"),
                                 ({"context": {"profile_id": 7}, "items": list(range(501))},
                                  "more than 500 items"),
                                 ({"context": {"profile_id": 7, "country": 5}, "items": [1]},
                                  "context.country")]:
                status, answer = post(body, auth)
                self.assertEqual(status, 400, body)
                self.assertIn(reason, answer["error"])
            status, _ = server.post(b'{"context":{"profile_id":7},"items":[' + b"1," * 40000 + b"1]}", auth)
            self.assertEqual(status, 413)

            # Redis frozen: answers by the deadline, facts defaulted, and says so.
            self.redis.process.send_signal(signal.SIGSTOP)
            for _ in range(3):
                started = time.time()
                status, answer = post(request, auth)
                elapsed = time.time() - started
                self.assertEqual(status, 200, answer)
                self.assertLess(elapsed, 1.0)
                self.assertEqual(answer["facts"], [])
                self.assertTrue(answer["degraded"], answer)
                self.assertTrue(set(range(11)) <= set(answer["items"][0]["defaults"]))
            self.redis.process.send_signal(signal.SIGCONT)
            time.sleep(0.3)  # the server waits 200 ms before trying Redis again
            status, answer = post(request, auth)
            self.assertEqual((status, answer["degraded"]), (200, []), answer)

            # Redis killed: still answering.
            self.redis.stop()
            status, answer = post(request, auth)
            self.assertEqual(status, 200)
            self.assertTrue(answer["degraded"])
            self.assertIn("redis", answer["degraded"][0])

            # Overload: the three threads held by three keep-alive connections; a fourth
            # connection is refused at once. (The pause lets the threads of the short
            # connections above finish.)
            time.sleep(1.0)
            held = [server.connection(), server.connection()]
            for other in held:
                self.assertEqual(server.post(request, auth, connection=other)[0], 200)
            status, answer = server.post(request, auth)
            self.assertEqual(status, 503, answer)
            for other in held:
                other.close()
            self.assertEqual(post(request, auth)[0], 200)

            status, metrics = server.get("/metrics", auth)
            self.assertEqual(status, 200)
            self.assertRegex(metrics, r"hindsight_online_store_errors_total [1-9]")
            self.assertRegex(metrics, r"hindsight_rejected_overload_total [1-9]")
            self.assertRegex(metrics, r'hindsight_requests_total\{route="/v1/features",status="400"\} 4')
            self.assertEqual(server.get("/healthz")[0], 200)
        finally:
            conn.close()
            self.redis.process.send_signal(signal.SIGCONT)
            server.stop()
            self.redis = Redis(self.redis.port)
            type(self).redis = self.redis

        # What was served degraded was logged as served: parity still holds. Ingest with
        # --redis pushes the served records' facts into the (new, empty) online store.
        ingested = json.loads(run(["ingest", self.store, "--redis", self.redis.url,
                                   "--format", "json"]))
        self.assertGreater(ingested["online_store"]["facts_written"], 0, ingested)
        report = self.parity()
        self.assertEqual(report["differences"], 0, report)

        # Ordered writes: loading the older facts afterwards leaves the newer ones alone.
        entity = request["context"]["profile_id"]

        def stored_time(fact_type):
            out = subprocess.run(["redis-cli", "-p", str(self.redis.port), "--raw", "HGET",
                                  f"hs:f:{entity}", fact_type], capture_output=True)
            return int(out.stdout.split(b" ", 1)[0])

        self.assertEqual(stored_time("subscriber"), request["ts"])
        summary = json.loads(run(["materialize", self.store, "--redis", self.redis.url,
                                  "--until", str(self.last_day_us - 1), "--format", "json"]))
        self.assertGreater(summary["facts_stale"], 0, summary)
        self.assertEqual(stored_time("subscriber"), request["ts"])

    def test_3_fetcher_answers_or_defaults_by_its_timeout(self):
        mode = {"value": "ok"}

        class Subscribers(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if mode["value"] == "slow":
                    time.sleep(0.3)
                if mode["value"] == "broken":
                    self.send_response(500)
                    self.end_headers()
                    return
                body = json.dumps({"plan": "premium", "kids": False, "country": "US",
                                   "memberSinceUs": "1700000000000000"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except BrokenPipeError:
                    pass

            def log_message(self, *args):
                pass

        service = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Subscribers)
        threading.Thread(target=service.serve_forever, daemon=True).start()
        with open(EXAMPLE) as f:
            text = f.read()
        fetched = os.path.join(self.tmp, "fetched.yaml")
        url = f"http://127.0.0.1:{service.server_address[1]}/subscriber/{{entity}}"
        with open(fetched, "w") as f:
            f.write(text.replace("subscriber: {max_age: 30d}",
                                 f"subscriber: {{max_age: 30d, fetch: {{url: \"{url}\", "
                                 f"timeout: 30ms, retries: 1}}}}"))
        server = Server(self.store, fetched, self.redis.url, "--deadline-ms", "150")
        request = self.body(self.requests[1])
        try:
            status, answer = server.post(request)
            self.assertEqual((status, answer["degraded"]), (200, []), answer)
            self.assertIn("subscriber", answer["facts"])
            self.assertEqual(answer["items"][0]["values"][0], [0, 0, 1, 0])  # premium

            for kind, reason in (("slow", "no answer within"), ("broken", "HTTP 500")):
                mode["value"] = kind
                started = time.time()
                status, answer = server.post(request)
                self.assertLess(time.time() - started, 1.0)
                self.assertEqual(status, 200, answer)
                self.assertNotIn("subscriber", answer["facts"])
                self.assertIn("viewing_history", answer["facts"])
                self.assertTrue(any("fetcher subscriber" in d and reason in d
                                    for d in answer["degraded"]), answer["degraded"])
                self.assertIn(0, answer["items"][0]["defaults"])  # plan took its default
            status, metrics = server.get("/metrics")
            self.assertRegex(metrics, r"hindsight_fetcher_errors_total [2-9]")
        finally:
            server.stop()
            service.shutdown()
            service.server_close()
        run(["ingest", self.store])
        report = self.parity(fetched)
        self.assertIn(report["hash"], report["served_hashes"])  # the 3 fetched records are in
        self.assertEqual(report["differences"], 0, report)


if __name__ == "__main__":
    HINDSIGHT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
