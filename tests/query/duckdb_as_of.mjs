// The as-of answers DuckDB gives for one fact type, as the peer of `hindsight query`:
// for each request, the record with the greatest (ts, record_id) among the entity's rows
// at or before as_of whose facts.<type> list is not empty.
//
// usage: node tests/query/duckdb_as_of.mjs STORE REQUESTS.csv FACT_TYPE
//   REQUESTS.csv: lines `profile_id,as_of_us` (integers, no header).
//   Prints one line per request: `record_id,ts_us`, or `null` when nothing matches.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [store, requestsFile, factType] = process.argv.slice(2);
if (!store || !requestsFile || !/^[a-z_][a-z0-9_]*$/.test(factType ?? '')) {
  console.error('usage: duckdb_as_of.mjs STORE REQUESTS.csv FACT_TYPE');
  process.exit(2);
}
const glob = `${store}/tables/facts/**/*.parquet`.replaceAll("'", "''");
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const statement = await connection.prepare(
    `SELECT record_id, epoch_us(ts) FROM read_parquet('${glob}', hive_partitioning=1)
     WHERE profile_id = $1 AND epoch_us(ts) <= $2 AND len(facts.${factType}) > 0
     ORDER BY ts DESC, record_id DESC LIMIT 1`);
const out = [];
for (const line of readFileSync(requestsFile, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const [entity, asOf] = line.split(',').map((field) => BigInt(field.trim()));
  statement.bindBigInt(1, entity);
  statement.bindBigInt(2, asOf);
  const rows = (await statement.runAndReadAll()).getRows();
  out.push(rows.length === 0 ? 'null' : `${rows[0][0]},${rows[0][1]}`);
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
