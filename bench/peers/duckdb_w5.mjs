// Benchmark W5, DuckDB side: times each statement of a SQL file (split on ';\n') against
// the day's Parquet files, best of N runs of the whole file, and prints one JSON line with
// the seconds and the last statement's rows. The file is written by bench/w5_profile.py.
//
// usage: node bench/peers/duckdb_w5.mjs QUERIES.sql LABEL [REPEATS] [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [file, label, repeatsArg, threadsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg || 3);
const threads = String(threadsArg || 2);
const statements = readFileSync(file, 'utf8').split(/;\s*\n/).map((s) => s.trim()).filter(Boolean);
const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
let seconds = Infinity;
let rows = [];
for (let i = 0; i < repeats; ++i) {
  const start = process.hrtime.bigint();
  const results = [];
  for (const sql of statements) results.push((await connection.runAndReadAll(sql)).getRowObjectsJson());
  seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
  rows = results;
}
console.log(JSON.stringify({ side: 'duckdb', label, seconds, statements: statements.length, results: rows }));
