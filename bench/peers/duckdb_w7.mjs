// Benchmark W7, DuckDB side: loads the facts table Hindsight wrote into memory,
// then times DuckDB writing it to ZSTD Parquet and fully scanning Parquet files
// (every column decoded: sums over values, string lengths and list elements).
// Best of N runs each; one JSON line per result, like hindsight_bench_parquet.
//
// usage: node bench/peers/duckdb_w7.mjs HINDSIGHT_FILE OUT_FILE [REPEATS] [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

const [source, out, repeatsArg, threadsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg || 3);
const threads = String(threadsArg || 2);
const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
const quote = (path) => `'${path.replaceAll("'", "''")}'`;

async function best(sql) {
  let seconds = Infinity;
  for (let i = 0; i < repeats; ++i) {
    const start = process.hrtime.bigint();
    await connection.run(sql);
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return seconds;
}

await connection.run(`CREATE TABLE facts AS SELECT * FROM read_parquet(${quote(source)})`);
const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM facts')).getRows()[0][0]);
const writeSeconds = await best(
    `COPY facts TO ${quote(out)} (FORMAT parquet, COMPRESSION zstd)`);
console.log(JSON.stringify({ side: 'duckdb', op: 'write', rows, seconds: writeSeconds,
                             file_bytes: statSync(out).size }));
for (const file of [source, out]) {
  const scanSeconds = await best(
      `SELECT sum(profile_id), sum(epoch_us(ts)), sum(length(record_id)), sum(length(country)),
              sum(length(device)), sum(length(plan)), sum(len(items)), sum(list_sum(items)),
              sum(watch_minutes)
       FROM read_parquet(${quote(file)})`);
  console.log(JSON.stringify({ side: 'duckdb', op: 'scan', file, rows, seconds: scanSeconds }));
}
