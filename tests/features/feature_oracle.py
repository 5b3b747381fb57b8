"""An independent brute-force computation of docs/FEATURES.md's built-in encoders, straight
from the world's files: records.jsonl (the facts each record carried), videos.csv (every
version of every video). Written from the contract, per label row, with no shared code.
"""

import csv
import json
import math
import struct
from bisect import bisect_right

DAY_US = 86_400_000_000
UNITS = {"seconds": 1_000_000, "minutes": 60_000_000, "hours": 3_600_000_000, "days": DAY_US}


def parse_duration(text):
    units = {"s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000, "d": DAY_US}
    return int(text[:-1]) * units[text[-1]]


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def text(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return value


def float32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


class World:
    def __init__(self, world_dir):
        self.records = {}
        self.by_profile = {}
        with open(f"{world_dir}/records.jsonl") as f:
            for line in f:
                record = json.loads(line)
                record["ts_us"] = parse_rfc3339(record["ts"])
                self.records[record["record_id"]] = record
                self.by_profile.setdefault(record["context"]["profile_id"], []).append(record)
        for records in self.by_profile.values():
            records.sort(key=lambda r: (r["ts_us"], r["record_id"]))
        self.videos = {}
        with open(f"{world_dir}/videos.csv") as f:
            for row in csv.DictReader(f):
                version = {
                    "valid_from": int(row["valid_from_us"]),
                    "genres": row["genres"].split("|") if row["genres"] else [],
                    "embedding": [float32(float(x)) for x in row["embedding"].split(";")],
                    "length_s": int(row["length_s"]),
                }
                self.videos.setdefault(int(row["video_id"]), []).append(version)
        for versions in self.videos.values():
            versions.sort(key=lambda v: v["valid_from"])
        self.video_times = {k: [v["valid_from"] for v in vs] for k, vs in self.videos.items()}

    def video(self, video_id, t):
        versions = self.videos.get(video_id)
        if not versions:
            return None
        i = bisect_right(self.video_times[video_id], t)
        return versions[i - 1] if i > 0 else None

    def as_of(self, profile, t, fact_type):
        """The latest record of `profile` at or before t carrying `fact_type`."""
        best = None
        for record in self.by_profile.get(profile, []):
            if record["ts_us"] > t:
                break
            if fact_type in record["facts"]:
                best = record
        return best


def parse_rfc3339(value):
    from datetime import datetime, timezone
    if isinstance(value, int):
        return value
    base, _, rest = value.rstrip("Z").partition(".")
    dt = datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    micros = int((rest + "000000")[:6]) if rest else 0
    return int(dt.timestamp()) * 1_000_000 + micros


def walk(value, parts):
    """Values at a dotted path below `value` (lists flatten), as the contract reads them."""
    if not parts:
        return [value]
    head, rest = parts[0], parts[1:]
    if isinstance(value, list):
        out = []
        for element in value:
            out.extend(walk(element, parts))
        return out
    child = value.get(head)
    if child is None:
        return []
    if isinstance(child, list) and not rest:
        return list(child)
    return walk(child, rest)


class Oracle:
    """Feature values for label rows, from a feature set (parsed YAML) and the world."""

    def __init__(self, world, feature_set):
        self.world = world
        self.set = feature_set
        self.max_age = {t: parse_duration(o["max_age"]) for t, o in
                        (feature_set.get("facts") or {}).items()}

    def facts_for(self, mode, profile, t, record_id, types):
        """fact type -> fact value (None when missing), and the context record."""
        if mode == "exact":
            record = self.world.records.get(record_id)
            if record is None or record["ts_us"] != t or record["context"]["profile_id"] != profile:
                return {ft: None for ft in types}, None
            return {ft: record["facts"].get(ft) for ft in types}, record
        facts, context = {}, None
        for fact_type in types:
            record = self.world.as_of(profile, t, fact_type)
            if record is not None and (context is None or
                                       (record["ts_us"], record["record_id"]) >
                                       (context["ts_us"], context["record_id"])):
                context = record
            if record is not None and fact_type in self.max_age and \
                    record["ts_us"] < t - self.max_age[fact_type]:
                record = None
            facts[fact_type] = None if record is None else record["facts"][fact_type]
        return facts, context

    def input_values(self, feature, path, facts, context, t):
        """(missing, values) of one input path, time-filtered and mapped through `via`."""
        parts = path.split(".")
        if parts[0] == "context":
            if context is None:
                return True, []
            return False, [context["context"][parts[1]]]
        fact = facts.get(parts[0])
        if fact is None:
            return True, []
        fields = parts[1:]
        if "time" in feature:
            # Elements are the innermost repeated messages; values and times per element.
            container = fields[:1]
            elements = walk(fact, container)
            rest = fields[1:]
            window = parse_duration(feature["window"]) if "window" in feature else None
            values = []
            for position, element in enumerate(elements):
                time = element[feature["time"]]
                if time > t or (window is not None and time <= t - window):
                    continue
                values.append(position if not rest else walk(element, rest)[0])
        else:
            values = walk(fact, fields)
        if "via" in feature:
            dim, attribute = feature["via"].split(".")
            mapped = []
            for key in values:
                version = self.world.video(key, t)
                if version is not None:
                    mapped.append(version[attribute])
            values = mapped
        return False, values

    def item_value(self, feature, item, t):
        spec = feature.get("item")
        if spec is True:
            return False, item
        version = self.world.video(item, t)
        if version is None:
            return True, None
        return False, version[spec.split(".")[1]]

    def encode(self, feature, inputs, item, t):
        """The value, or None when the default applies."""
        e = feature["encoder"]
        x = inputs[0] if inputs else None
        if e in ("identity", "log1p", "clip", "standardize", "bucketize"):
            if not x:
                return None
            v = float(x[0])
            if e == "identity":
                return v
            if e == "log1p":
                return math.log1p(v) if v > -1 else None
            if e == "clip":
                return min(max(v, float(feature.get("min", -math.inf))),
                           float(feature.get("max", math.inf)))
            if e == "standardize":
                return (v - float(feature["mean"])) / float(feature["std"])
            return sum(1 for b in feature["boundaries"] if float(b) <= v)
        if e == "onehot":
            vocabulary = [str(w) for w in feature["vocabulary"]]
            size = len(vocabulary) + (1 if feature.get("oov") else 0)
            out = [0.0] * size
            if not x:
                return None
            key = text(x[0])
            if key in vocabulary:
                out[vocabulary.index(key)] = 1.0
            elif feature.get("oov"):
                out[-1] = 1.0
            return out
        if e in ("hash", "cross_hash"):
            if any(not values for values in inputs):
                return None
            joined = "\x1f".join(text(values[0]) for values in inputs)
            return fnv1a64(joined.encode()) % feature["buckets"]
        if e == "window_count":
            return float(len(x))
        if e == "window_sum":
            return float(feature.get("scale", 1.0)) * sum(float(v) for v in x)
        if e == "window_mean":
            if not x:
                return None
            return float(feature.get("scale", 1.0)) * sum(float(v) for v in x) / len(x)
        if e == "recency":
            times = [v for v in x if v <= t]
            if not times:
                return None
            return (t - max(times)) / UNITS[feature.get("unit", "days")]
        if e == "contains":
            return 1.0 if item in x else 0.0
        if e == "overlap":
            a = set()
            for value in x:
                a.update(value if isinstance(value, list) else [value])
            b = set(item if isinstance(item, list) else [item])
            if not b:
                return None
            common = len(a & b)
            measure = feature.get("measure", "item_fraction")
            if measure == "item_fraction":
                return common / len(b)
            if measure == "jaccard":
                return common / len(a | b)
            return float(common)
        if e == "cosine":
            vectors = [v for v in x if len(v) == len(item)]
            if not item or not vectors:
                return None
            mean = [sum(v[i] for v in vectors) / len(vectors) for i in range(len(item))]
            dot = sum(m * i for m, i in zip(mean, item))
            na = sum(m * m for m in mean)
            nb = sum(i * i for i in item)
            if na == 0 or nb == 0:
                return None
            return dot / (math.sqrt(na) * math.sqrt(nb))
        if e == "embedding":
            size = feature["size"]
            if "item" in feature:
                return [float32(v) for v in item] if len(item) == size else None
            if not x or any(len(v) != size for v in x):
                return None
            return [float32(sum(v[i] for v in x) / len(x)) for i in range(size)]
        raise ValueError(f"oracle has no encoder {e}")

    def fact_types(self):
        types = []
        for feature in self.set["features"]:
            paths = feature.get("inputs") or ([feature["input"]] if "input" in feature else [])
            for path in paths:
                head = path.split(".")[0]
                if head != "context" and head not in types:
                    types.append(head)
        return types

    def row(self, mode, profile, t, item, record_id=None, cache=None):
        """{feature name: value} for one label row (defaults applied)."""
        key = (mode, profile, t, record_id)
        if cache is not None and key in cache:
            facts, context = cache[key]
        else:
            facts, context = self.facts_for(mode, profile, t, record_id, self.fact_types())
            if cache is not None:
                cache[key] = (facts, context)
        out = {}
        for feature in self.set["features"]:
            paths = feature.get("inputs") or ([feature["input"]] if "input" in feature else [])
            missing, inputs = False, []
            for path in paths:
                miss, values = self.input_values(feature, path, facts, context, t)
                missing = missing or miss
                inputs.append(values)
            item_value = None
            if not missing and "item" in feature:
                missing, item_value = self.item_value(feature, item, t)
            value = None if missing else self.encode(feature, inputs, item_value, t)
            if value is None:
                value = self.default(feature)
            out[feature["name"]] = value
        return out

    def default(self, feature):
        default = feature.get("default", 0)
        e = feature["encoder"]
        if e == "onehot":
            size = len(feature["vocabulary"]) + (1 if feature.get("oov") else 0)
            return default if isinstance(default, list) else [float(default)] * size
        if e == "embedding":
            return default if isinstance(default, list) else [float(default)] * feature["size"]
        if e in ("hash", "cross_hash", "bucketize"):
            return int(default)
        return float(default)
