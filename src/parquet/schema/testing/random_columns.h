// Random schemas and random rows for round-trip tests of the Parquet codec (shredding,
// assembly, and the reader and writer built on them). Deterministic for a given seed.
// Test-only (hindsight_parquet_testing).
#pragma once

#include <cstdint>

#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "parquet/schema/testing/column_compare.h"

namespace hindsight::parquet::test_util {

struct RandomSchemaOptions {
  int max_depth = 4;   // nesting of structs, lists and maps below the root
  int max_fields = 4;  // fields of the root and of each struct
  // Also the layouts LogicalTypes.md keeps for old files: 2-level lists (its rules 1-4),
  // unannotated repeated fields, MAP_KEY_VALUE maps, maps without values.
  bool legacy_layouts = true;
  bool int96 = true;  // INT96 leaves (read-only type in the spec)
};

// A schema of every physical type, optional and required nodes, structs, lists (with
// null and non-null elements), maps, lists of lists, and nesting up to max_depth.
Schema RandomSchema(uint64_t seed, const RandomSchemaOptions& options = {});

struct RandomColumnsOptions {
  double null_probability = 0.2;  // per slot of a nullable node that has nulls at all
  int max_list_length = 3;        // elements per list / entries per map
  int max_string_length = 12;
  int long_string_length = 3000;  // one string in 32 is up to this long
};

// `num_rows` random rows of `schema`: nulls at every nullable level (some nullable
// columns have none), empty and null lists, long strings, arbitrary content under nulls.
RecordBatch RandomColumns(const Schema& schema, int64_t num_rows, uint64_t seed,
                          const RandomColumnsOptions& options = {});

}  // namespace hindsight::parquet::test_util
