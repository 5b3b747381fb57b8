// W2 peer: DuckDB sorting and writing the records of a world to Parquet (ZSTD). The
// records.jsonl is loaded into a DuckDB table first (not timed), then timed, best of N:
//   single:      COPY (SELECT * ... ORDER BY profile_id, ts, record_id) TO one file
//   partitioned: the same rows hour-partitioned as Hindsight lays them out
//                (PARTITION_BY date, hour), each partition sorted the same way
// Prints one JSON line per variant: {"side":"duckdb","op":"single|partitioned",
// "seconds":..,"rows":..,"bytes":..}.
// usage: node bench/peers/duckdb_w2.mjs RECORDS.jsonl OUT_DIR REPEATS THREADS
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [records, outDir, repeatsText, threads] = process.argv.slice(2);
const repeats = Number(repeatsText);
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
await connection.run(
    `CREATE TABLE records AS SELECT *, context.profile_id AS profile_id FROM ` +
    `read_json('${records}', maximum_object_size = 268435456, format = 'newline_delimited')`);
const count = Number((await connection.runAndReadAll('SELECT count(*) FROM records'))
    .getRows()[0][0]);

function bytesUnder(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

const variants = {
  single: (out) => `COPY (SELECT * EXCLUDE (profile_id) FROM records ` +
      `ORDER BY profile_id, ts, record_id) TO '${out}' (FORMAT parquet, COMPRESSION zstd)`,
  partitioned: (out) => `COPY (SELECT * EXCLUDE (profile_id), strftime(ts, '%Y-%m-%d') AS date, ` +
      `hour(ts) AS hour FROM records ORDER BY profile_id, ts, record_id) TO '${out}' ` +
      `(FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date, hour))`,
};
for (const [op, sql] of Object.entries(variants)) {
  let best = Infinity;
  const out = join(outDir, op === 'single' ? 'duckdb_w2.parquet' : 'duckdb_w2_partitioned');
  for (let i = 0; i < repeats; ++i) {
    rmSync(out, { recursive: true, force: true });
    const started = process.hrtime.bigint();
    await connection.run(sql(out));
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
  }
  console.log(JSON.stringify({ side: 'duckdb', op, seconds: best, rows: count,
                               bytes: bytesUnder(out) }));
}
