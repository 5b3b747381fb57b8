// W3 peer: DuckDB computing the W3 feature set (bench/w3_features.yaml) for the same
// label rows from the same Parquet files, with the same as-of semantics as
// `hindsight generate --mode asof`: per fact type the profile's latest row at or before
// the label time whose facts.<type> list is not empty (ASOF JOIN), dimension versions
// as of the label time (ASOF JOIN on valid_from_us). Context-level features are computed
// once per (profile, ts) group, as a careful SQL author would.
// Timed best of N: the CREATE TABLE of the features. Then (not timed) the result is
// compared with Hindsight's output OURS row by row (doubles within 1e-9 relative).
// Prints {"side":"duckdb","op":"w3","seconds":..,"rows":..} and
//        {"check":"w3","rows":..,"compared":..,"mismatches":..,"examples":[..]}.
// usage: node bench/peers/duckdb_w3.mjs STORE LABELS.parquet VIDEOS.parquet OURS.parquet
//        REPEATS THREADS
import { DuckDBInstance } from '@duckdb/node-api';

const [store, labelsFile, videosFile, oursFile, repeatsText, threads] = process.argv.slice(2);
const quote = (path) => path.replaceAll("'", "''");
const facts = `read_parquet('${quote(store)}/tables/facts/**/*.parquet', hive_partitioning = 1)`;
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
await connection.run(`SET TimeZone = 'UTC'`);
await connection.run(`SET parquet_metadata_cache = true`);

const week = 7n * 86400n * 1000000n;
const featuresSql = `
CREATE OR REPLACE TABLE features AS
WITH labels AS (
  SELECT profile_id, ts, video_id, label FROM read_parquet('${quote(labelsFile)}')),
videos AS (
  SELECT video_id, valid_from_us, genres FROM read_parquet('${quote(videosFile)}')),
groups AS (SELECT DISTINCT profile_id, ts, epoch_us(ts) AS t FROM labels),
sub AS (
  SELECT profile_id, ts, facts.subscriber[1].plan AS plan FROM ${facts}
  WHERE len(facts.subscriber) > 0),
vh AS (
  SELECT profile_id, ts, facts.viewing_history[1].events AS events FROM ${facts}
  WHERE len(facts.viewing_history) > 0),
g AS (
  SELECT g.profile_id, g.ts, g.t, s.plan, v.events
  FROM groups g
  ASOF LEFT JOIN sub s ON g.profile_id = s.profile_id AND g.ts >= s.ts
  ASOF LEFT JOIN vh v ON g.profile_id = v.profile_id AND g.ts >= v.ts),
hist AS (
  SELECT profile_id, ts, t, unnest(list_transform(events, e -> e.video_id)) AS video_id FROM g),
history_genres AS (
  SELECT h.profile_id, h.ts, list_distinct(flatten(list(v.genres))) AS genres
  FROM hist h ASOF JOIN videos v ON h.video_id = v.video_id AND h.t >= v.valid_from_us
  GROUP BY h.profile_id, h.ts),
gf AS (
  SELECT g.profile_id, g.ts, g.t, g.plan, g.events IS NULL AS history_missing,
         len(list_filter(g.events, e -> e.ts_us > g.t - ${week} AND e.ts_us <= g.t))::DOUBLE
           AS plays_7d,
         coalesce(list_sum(list_transform(
             list_filter(g.events, e -> e.ts_us > g.t - ${week} AND e.ts_us <= g.t),
             e -> e.duration_s)), 0)::DOUBLE * 0.016666666666666666 AS minutes_7d,
         list_max(list_filter(list_transform(g.events, e -> e.ts_us), x -> x <= g.t))
           AS last_play,
         coalesce(hg.genres, []) AS history_genres
  FROM g LEFT JOIN history_genres hg ON hg.profile_id = g.profile_id AND hg.ts = g.ts),
items AS (
  SELECT l.profile_id, l.ts, l.video_id, l.label, list_distinct(v.genres) AS genres
  FROM labels l
  ASOF LEFT JOIN videos v ON l.video_id = v.video_id AND epoch_us(l.ts) >= v.valid_from_us)
SELECT i.profile_id, i.ts, i.video_id, i.label,
       CASE WHEN f.plan IS NULL THEN [0, 0, 0, 0]::FLOAT[]
            ELSE [(f.plan = 'basic')::FLOAT, (f.plan = 'standard')::FLOAT,
                  (f.plan = 'premium')::FLOAT, (f.plan = 'ads')::FLOAT] END AS plan,
       CASE WHEN f.history_missing THEN 0 ELSE f.plays_7d END AS plays_7d,
       CASE WHEN f.history_missing THEN 0 ELSE f.minutes_7d END AS minutes_7d,
       CASE WHEN f.last_play IS NULL THEN 365
            ELSE (f.t - f.last_play)::DOUBLE / 86400000000.0::DOUBLE END
         AS days_since_last_play,
       CASE WHEN f.history_missing OR i.genres IS NULL OR len(i.genres) = 0 THEN 0
            ELSE len(list_intersect(f.history_genres, i.genres))::DOUBLE / len(i.genres) END
         AS genre_affinity
FROM items i JOIN gf f ON f.profile_id = i.profile_id AND f.ts = i.ts`;

let best = Infinity;
for (let r = 0; r < Number(repeatsText); ++r) {
  const started = process.hrtime.bigint();
  await connection.run(featuresSql);
  best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
}
const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM features')).getRows()[0][0]);
console.log(JSON.stringify({ side: 'duckdb', op: 'w3', seconds: best, rows }));

const close = (a, b) => `(abs(${a} - ${b}) <= 1e-9 * greatest(1, abs(${b})))`;
const compare = await connection.runAndReadAll(`
WITH ours AS (SELECT * FROM read_parquet('${quote(oursFile)}')),
joined AS (
  SELECT d.profile_id, d.ts, d.video_id,
         o.profile_id IS NOT NULL AS found,
         o.plan = d.plan AS plan_ok,
         ${close('o.plays_7d', 'd.plays_7d')} AS plays_ok,
         ${close('o.minutes_7d', 'd.minutes_7d')} AS minutes_ok,
         ${close('o.days_since_last_play', 'd.days_since_last_play')} AS recency_ok,
         ${close('o.genre_affinity', 'd.genre_affinity')} AS overlap_ok,
         o.label = d.label AS label_ok
  FROM features d LEFT JOIN ours o
    ON o.profile_id = d.profile_id AND o.ts = d.ts AND o.video_id = d.video_id)
SELECT (SELECT count(*) FROM ours) AS ours_rows,
       count(*) FILTER (WHERE found) AS compared,
       count(*) FILTER (WHERE NOT found OR NOT (plan_ok AND plays_ok AND minutes_ok AND
                                                 recency_ok AND overlap_ok AND label_ok))
         AS mismatches,
       list(struct_pack(profile_id, ts := epoch_us(ts), video_id, found, plan_ok, plays_ok,
                        minutes_ok, recency_ok, overlap_ok))
         FILTER (WHERE NOT found OR NOT (plan_ok AND plays_ok AND minutes_ok AND recency_ok AND
                                         overlap_ok AND label_ok))[1:5] AS examples
FROM joined`);
const [oursRows, compared, mismatches, examples] = compare.getRows()[0];
console.log(JSON.stringify({
  check: 'w3', rows: Number(oursRows), compared: Number(compared),
  mismatches: Number(mismatches), examples: String(examples),
}));
