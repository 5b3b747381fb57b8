// Runs SQL statements with DuckDB and prints the rows of the last one as JSON lines
// (BIGINT/HUGEINT as JSON numbers when exact, else strings; TIMESTAMP as epoch
// microseconds; LIST as arrays; STRUCT as objects; MAP as [{"key":..,"value":..}]).
//
// usage: node tests/peers/duckdb_sql.mjs "SQL; SQL; ..."   (statements split on ';\n')
//        node tests/peers/duckdb_sql.mjs --file FILE.sql
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import * as values from '@duckdb/node-api';

const args = process.argv.slice(2);
if (args.length < 1) {
  console.error('usage: duckdb_sql.mjs "SQL" | --file FILE.sql');
  process.exit(2);
}
const text = args[0] === '--file' ? readFileSync(args[1], 'utf8') : args[0];
const statements = text.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s.length > 0);

function plain(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value) : value.toString();
  }
  if (value instanceof values.DuckDBTimestampValue) return plain(value.micros);
  if (value instanceof values.DuckDBListValue || value instanceof values.DuckDBArrayValue) {
    return value.items.map(plain);
  }
  if (value instanceof values.DuckDBStructValue) {
    const out = {};
    for (const [k, v] of Object.entries(value.entries)) out[k] = plain(v);
    return out;
  }
  if (value instanceof values.DuckDBMapValue) {
    return value.entries.map((e) => ({ key: plain(e.key), value: plain(e.value) }));
  }
  if (typeof value === 'object' && typeof value.toString === 'function') return value.toString();
  return value;
}

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
let reader = null;
for (const statement of statements) {
  reader = await connection.runAndReadAll(statement);
}
const names = reader.columnNames();
for (const row of reader.getRows()) {
  const out = {};
  row.forEach((value, i) => { out[names[i]] = plain(value); });
  console.log(JSON.stringify(out));
}
