// Writes Parquet files with DuckDB for the interop test (parquet_writer_interop_test.py):
// every codec, nested structs / lists / maps with nulls at each level, decimals of each
// physical width, timestamps, dates, narrow and unsigned integers, floats with NaN and
// infinities, dictionary-heavy and unique strings, blobs, small row groups, format V2.
//
// usage: node tests/parquet_writer/duckdb_write_samples.mjs OUT_DIR
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: duckdb_write_samples.mjs OUT_DIR');
  process.exit(2);
}

// Deterministic rows: i in [0, n) drives every value, with nulls and empty lists mixed in.
const rows = (n) => `
  SELECT
    i::BIGINT AS id,
    (i % 3 = 0) AS flag,
    CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 37 % 251 - 125)::TINYINT END AS i8,
    (i * 13 % 256)::UTINYINT AS u8,
    (i * 101 % 65536 - 32768)::SMALLINT AS i16,
    (i * 7919 % 65536)::USMALLINT AS u16,
    (i * 1000003 % 2147483647)::INTEGER AS i32,
    (i * 2654435761 % 4294967296)::UINTEGER AS u32,
    CASE WHEN i % 2 = 0 THEN i::UBIGINT * 3037000499 ELSE 18446744073709551615::UBIGINT - i::UBIGINT END AS u64,
    CASE WHEN i % 11 = 0 THEN 'NaN'::FLOAT WHEN i % 13 = 0 THEN '-inf'::FLOAT
         ELSE (i / 8.0)::FLOAT END AS f32,
    CASE WHEN i % 5 = 0 THEN NULL ELSE i * 1.0e-3 - 2.5 END AS f64,
    ['red', 'green', 'blue', NULL][i % 4 + 1] AS color,
    'user-' || (i * 2654435761 % 1000000007)::VARCHAR AS unique_name,
    CASE WHEN i % 9 = 0 THEN NULL ELSE ('\\x' || lpad(to_hex(i % 65536), 4, '0'))::BLOB END AS raw,
    (i % 1000 * 12.34 - 5000)::DECIMAL(6, 2) AS dec_small,
    (i * 1234567.891 - 900000000)::DECIMAL(15, 3) AS dec_mid,
    CASE WHEN i % 4 = 0 THEN NULL ELSE (i::HUGEINT * 98765432109876543 - 10000000000000000000)::DECIMAL(38, 10) END AS dec_big,
    (DATE '2020-02-29' + INTERVAL (i * 17 % 4000 - 2000) DAY)::DATE AS day,
    TIMESTAMP '2024-01-01 12:00:00' + INTERVAL (i * 3611) SECOND + INTERVAL (i % 1000) MICROSECOND AS ts,
    CASE WHEN i % 6 = 0 THEN NULL ELSE TIMESTAMPTZ '2001-09-09 01:46:40+00' + INTERVAL (i) MINUTE END AS ts_tz,
    CASE WHEN i % 10 = 0 THEN NULL
         ELSE list_transform(range(i % 4), x -> CASE WHEN x = 2 THEN NULL ELSE x * i END) END AS ints,
    CASE WHEN i % 8 = 0 THEN NULL
         ELSE {'a': i, 'b': CASE WHEN i % 3 = 1 THEN NULL ELSE 'b' || i::VARCHAR END,
               'c': {'d': [i, i + 1], 'e': CASE WHEN i % 5 = 2 THEN NULL ELSE {'f': i * 0.5} END}} END AS nested,
    CASE WHEN i % 12 = 0 THEN NULL
         ELSE map_from_entries(list_transform(range(i % 3), x -> {'k': 'key' || x::VARCHAR,
              'v': CASE WHEN x = 1 THEN NULL ELSE [x, i] END})) END AS attrs,
    list_transform(range(i % 3), x -> {'when': TIMESTAMP '2024-05-01' + INTERVAL (x * i) HOUR,
                                       'tags': CASE WHEN x = 0 THEN [] ELSE ['t' || x::VARCHAR, NULL] END}) AS events
  FROM range(${n}) t(i)`;

const samples = [
  ['duckdb_uncompressed', 'UNCOMPRESSED', 300, ''],
  ['duckdb_snappy', 'SNAPPY', 300, ''],
  ['duckdb_gzip', 'GZIP', 300, ''],
  ['duckdb_zstd', 'ZSTD', 300, ''],
  ['duckdb_lz4_raw', 'LZ4_RAW', 300, ''],
  ['duckdb_brotli', 'BROTLI', 300, ''],
  ['duckdb_small_row_groups', 'ZSTD', 5000, ', ROW_GROUP_SIZE 1024'],
  ['duckdb_v2_pages', 'ZSTD', 2000, ", PARQUET_VERSION 'V2'"],
];

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
for (const [name, codec, n, extra] of samples) {
  const path = `${dir}/${name}.parquet`.replaceAll("'", "''");
  // The V2 file's UINTEGER column has 33-bit DELTA_BINARY_PACKED miniblocks.
  const columns = `SELECT * FROM (${rows(n)})`;
  await connection.run(`COPY (${columns}) TO '${path}' (FORMAT PARQUET, COMPRESSION ${codec}${extra})`);
}
// Dictionary-heavy and all-unique strings, long enough to pass DuckDB's dictionary limit.
await connection.run(`COPY (SELECT 'category-' || (i % 17)::VARCHAR AS heavy,
                                  md5(i::VARCHAR) || repeat('x', (i % 50)::INTEGER) AS unique_text
                           FROM range(60000) t(i))
                      TO '${dir}/duckdb_strings.parquet' (FORMAT PARQUET)`);
// An empty result.
await connection.run(`COPY (SELECT 1::INTEGER AS x, 'a' AS y WHERE false)
                      TO '${dir}/duckdb_empty.parquet' (FORMAT PARQUET)`);
