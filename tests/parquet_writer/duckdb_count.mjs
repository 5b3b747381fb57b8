// Counts the rows of a Parquet file that DuckDB finds for each filter, printing a JSON
// array of counts. DuckDB prunes row groups with the file's statistics, so wrong
// min/max values show up as wrong counts.
//
// usage: node tests/parquet_writer/duckdb_count.mjs FILE.parquet '["x > 1", "y < 2"]'
import { DuckDBInstance } from '@duckdb/node-api';

const [file, filters] = process.argv.slice(2);
if (!file || !filters) {
  console.error('usage: duckdb_count.mjs FILE.parquet JSON_ARRAY_OF_FILTERS');
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const escaped = file.replaceAll("'", "''");
const counts = [];
for (const filter of JSON.parse(filters)) {
  const reader = await connection.runAndReadAll(
      `SELECT count(*) FROM read_parquet('${escaped}') WHERE ${filter}`);
  counts.push(Number(reader.getRows()[0][0]));
}
process.stdout.write(JSON.stringify(counts) + '\n');
