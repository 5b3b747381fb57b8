// W4 peer: DuckDB answering the same as-of lookups as `hindsight query --requests` from
// the same Parquet files (STORE/tables/facts, hive-partitioned by date and hour): for
// each request (profile_id, as_of) and each fact type, the record id of the profile's
// row with the greatest (ts, record_id) at or before as_of whose facts.<type> list is
// not empty. Two forms, each timed best of N:
//   join:  one query, the requests as a table joined to the files, arg_max per type
//   point: one prepared query per request (profile_id = ?, ts <= ?), footers cached
// Prints one JSON line per form: {"side":"duckdb","op":"join|point","seconds":..,
// "lookups":..}; writes the answers of the join form to ANSWERS (JSON lines
// {"i":..,"facts":{"<type>":"<record id>"|null}}) and checks the point form agrees.
// usage: node bench/peers/duckdb_w4.mjs STORE REQUESTS.csv FACT_TYPES ANSWERS REPEATS
//        THREADS [FORMS]
//   REQUESTS.csv: lines `profile_id,as_of_us`; FACT_TYPES comma-separated;
//   FORMS comma-separated, default join,point.
import { writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [store, requestsFile, factTypesText, answersFile, repeatsText, threads, formsText] =
    process.argv.slice(2);
const factTypes = factTypesText.split(',');
if (factTypes.some((type) => !/^[a-z_][a-z0-9_]*$/.test(type))) {
  console.error(`bad fact types '${factTypesText}'`);
  process.exit(2);
}
const forms = (formsText ?? 'join,point').split(',');
const repeats = Number(repeatsText);
const glob = `${store}/tables/facts/**/*.parquet`.replaceAll("'", "''");
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
await connection.run(`SET TimeZone = 'UTC'`);
await connection.run(`SET parquet_metadata_cache = true`);
await connection.run(
    `CREATE TABLE requests AS SELECT (row_number() OVER () - 1)::BIGINT AS i, ` +
    `column0::BIGINT AS profile_id, make_timestamp(column1::BIGINT)::TIMESTAMPTZ AS as_of ` +
    `FROM read_csv('${requestsFile}', header = false, columns = ` +
    `{'column0': 'BIGINT', 'column1': 'BIGINT'})`);
const requests = (await connection.runAndReadAll(
                      'SELECT i, profile_id, epoch_us(as_of) FROM requests ORDER BY i'))
                     .getRows();

// One arg_max per fact type over the rows of table alias `t` ('' for none).
const perType = (t) => factTypes
    .map((type) => `arg_max(${t}record_id, (${t}ts, ${t}record_id)) ` +
                   `FILTER (WHERE len(${t}facts.${type}) > 0) AS ${type}`)
    .join(', ');
const files = `read_parquet('${glob}', hive_partitioning = 1)`;

function answersOf(rows) {
  const byIndex = new Map(rows.map((row) => [Number(row[0]), row.slice(1)]));
  return requests.map((request) => {
    const found = byIndex.get(Number(request[0]));
    const facts = {};
    factTypes.forEach((type, k) => { facts[type] = found === undefined ? null : found[k]; });
    return facts;
  });
}

const runners = {
  join: async () => answersOf((await connection.runAndReadAll(
      `SELECT r.i, ${perType('f.')} ` +
      `FROM requests r JOIN ${files} f ON f.profile_id = r.profile_id AND f.ts <= r.as_of ` +
      `GROUP BY r.i`)).getRows()),
  point: async () => {
    const statement = await connection.prepare(
        `SELECT 0, ${perType('')} FROM ${files} ` +
        `WHERE profile_id = $1 AND ts <= make_timestamp($2)::TIMESTAMPTZ`);
    const rows = [];
    for (const [i, profile, asOf] of requests) {
      statement.bindBigInt(1, BigInt(profile));
      statement.bindBigInt(2, BigInt(asOf));
      const result = (await statement.runAndReadAll()).getRows()[0];
      result[0] = i;
      if (result.slice(1).some((value) => value !== null)) rows.push(result);
    }
    return answersOf(rows);
  },
};

let reference = null;
for (const form of forms) {
  let best = Infinity;
  let answers = null;
  for (let run = 0; run < repeats; ++run) {
    const started = process.hrtime.bigint();
    answers = await runners[form]();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
  }
  const text = answers.map((facts, i) => JSON.stringify({ i, facts })).join('\n') + '\n';
  if (reference === null) {
    reference = text;
    writeFileSync(answersFile, text);
  } else if (text !== reference) {
    console.error(`duckdb ${form} answers differ from the ${forms[0]} answers`);
    process.exit(1);
  }
  console.log(JSON.stringify({ side: 'duckdb', op: form, seconds: best,
                               lookups: requests.length }));
}
