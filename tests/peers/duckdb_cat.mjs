// Prints the rows of a Parquet file as DuckDB reads them, one JSON object per line,
// normalised the way `hindsight parquet cat --format jsonl` prints them
// (docs/PARQUET.md): int64 as exact numbers, timestamps as RFC 3339 UTC with
// microseconds, dates as YYYY-MM-DD, decimals as exact strings, binary as base64,
// NaN/Infinity as strings, maps as [{"key":..,"value":..}].
//
// FLOAT values print as the shortest decimal that reads back as the same float32 (as
// hindsight does), not as the double DuckDB widens them to.
//
// usage: node tests/peers/duckdb_cat.mjs FILE.parquet [--columns a,b] [--limit N]
//        node tests/peers/duckdb_cat.mjs --batch OUT_DIR FILE.parquet...
//   --batch reads each file with one DuckDB instance and writes OUT_DIR/<name>.jsonl, or
//   OUT_DIR/<name>.error holding DuckDB's error message when it cannot read the file.
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import * as values from '@duckdb/node-api';

const args = process.argv.slice(2);
if (args.length < 1 || (args[0] === '--batch' && args.length < 2)) {
  console.error('usage: duckdb_cat.mjs FILE.parquet [--columns a,b] [--limit N]\n' +
                '       duckdb_cat.mjs --batch OUT_DIR FILE.parquet...');
  process.exit(2);
}

function pad(n, width) { return String(n).padStart(width, '0'); }

function formatMicros(micros) {
  // micros: bigint since epoch -> YYYY-MM-DDTHH:MM:SS.ffffffZ
  let seconds = micros / 1000000n;
  let fraction = micros % 1000000n;
  if (fraction < 0n) { fraction += 1000000n; seconds -= 1n; }
  const date = new Date(Number(seconds) * 1000);
  const y = date.getUTCFullYear();
  return `${pad(y, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T` +
      `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.` +
      `${pad(fraction, 6)}Z`;
}

function formatDays(days) {
  const date = new Date(days * 86400000);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

// The shortest decimal that reads back as the float32 `v`.
function float32Text(v) {
  for (let digits = 1; digits <= 9; ++digits) {
    const candidate = Number(v.toPrecision(digits));
    if (Math.fround(candidate) === v) return JSON.stringify(candidate);
  }
  return JSON.stringify(v);
}

// Returns a JSON text for one DuckDB value of DuckDB type `type` (may be undefined).
function toJson(v, type) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '"NaN"';
    if (v === Infinity) return '"Infinity"';
    if (v === -Infinity) return '"-Infinity"';
    if (Object.is(v, -0)) return '-0.0';
    if (type instanceof values.DuckDBFloatType) return float32Text(v);
    return JSON.stringify(v);
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof values.DuckDBListValue || v instanceof values.DuckDBArrayValue) {
    return '[' + v.items.map((x) => toJson(x, type?.valueType)).join(',') + ']';
  }
  if (v instanceof values.DuckDBStructValue) {
    return '{' + Object.entries(v.entries).map(([k, x]) =>
        JSON.stringify(k) + ':' + toJson(x, type?.typeForEntry?.(k))).join(',') + '}';
  }
  if (v instanceof values.DuckDBMapValue) {
    return '[' + v.entries.map((e) =>
        `{"key":${toJson(e.key, type?.keyType)},"value":${toJson(e.value, type?.valueType)}}`).join(',') + ']';
  }
  if (v instanceof values.DuckDBBlobValue) return JSON.stringify(Buffer.from(v.bytes).toString('base64'));
  if (v instanceof values.DuckDBDecimalValue) return JSON.stringify(v.toString());
  if (v instanceof values.DuckDBDateValue) return JSON.stringify(formatDays(v.days));
  if (v instanceof values.DuckDBTimestampValue || v instanceof values.DuckDBTimestampTZValue) {
    return JSON.stringify(formatMicros(v.micros));
  }
  if (v instanceof values.DuckDBTimestampMillisecondsValue) return JSON.stringify(formatMicros(v.millis * 1000n));
  if (v instanceof values.DuckDBTimestampSecondsValue) return JSON.stringify(formatMicros(v.seconds * 1000000n));
  if (v instanceof values.DuckDBTimestampNanosecondsValue) {
    const s = formatMicros(v.nanos / 1000n);
    return JSON.stringify(s.slice(0, -1) + pad(((v.nanos % 1000n) + 1000n) % 1000n, 3) + 'Z');
  }
  if (v instanceof values.DuckDBTimeValue) {
    const m = v.micros;
    const h = m / 3600000000n, mi = (m / 60000000n) % 60n, s = (m / 1000000n) % 60n, f = m % 1000000n;
    return JSON.stringify(`${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(f, 6)}`);
  }
  return JSON.stringify(v.toString());
}

// The rows of `file` as JSONL text.
async function catFile(connection, file, columns, limit) {
  const escaped = file.replaceAll("'", "''");
  const reader = await connection.streamAndReadUntil(
      `SELECT ${columns} FROM read_parquet('${escaped}', binary_as_string=false)${limit}`, 0);
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const out = [];
  for (;;) {
    await reader.readUntil(reader.currentRowCount + 2048);
    const rows = reader.getRows();
    for (let r = out.length; r < rows.length; ++r) {
      out.push('{' + names.map((n, c) => JSON.stringify(n) + ':' + toJson(rows[r][c], types[c])).join(',') + '}');
    }
    if (reader.done) break;
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
if (args[0] === '--batch') {
  const outDir = args[1];
  for (const file of args.slice(2)) {
    const name = basename(file).replace(/\.parquet$/, '');
    try {
      writeFileSync(`${outDir}/${name}.jsonl`, await catFile(connection, file, '*', ''));
    } catch (error) {
      writeFileSync(`${outDir}/${name}.error`, String(error.message ?? error).split('\n')[0] + '\n');
    }
  }
} else {
  const file = args[0];
  let columns = '*';
  let limit = '';
  for (let i = 1; i < args.length; i += 2) {
    if (args[i] === '--columns') columns = args[i + 1].split(',').map((c) => `"${c}"`).join(', ');
    else if (args[i] === '--limit') limit = ` LIMIT ${Number(args[i + 1])}`;
  }
  process.stdout.write(await catFile(connection, file, columns, limit));
}
