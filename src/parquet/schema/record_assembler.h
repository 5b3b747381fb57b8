// Record assembly: rebuilds rows (record_batch.h) from the Dremel levels and dense values
// of every leaf column, the inverse of RecordShredder, for the reader. Works a column at
// a time; levels are untrusted (decoded from a file) and are fully validated.
#pragma once

#include <cstdint>
#include <vector>

#include "parquet/schema/leaf_data.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "util/status.h"

namespace hindsight::parquet {

// `leaves[i]` holds `num_rows` rows of schema.leaf(i) (`schema` may be a projection).
// Value buffers are moved into the result where their layout allows. Errors name the leaf
// path and the level index: a level out of range, a row not starting with repetition
// level 0, a repetition level continuing a list that is not there, leaves disagreeing on
// rows, nulls or element counts, or a value count that differs from the max-def levels.
[[nodiscard]] StatusOr<RecordBatch> AssembleRecords(const Schema& schema,
                                                    std::vector<LeafData> leaves, int64_t num_rows);

// As AssembleRecords, but takes only the values of `leaves` (moved out where their layout
// allows) and leaves their level vectors in place, so a reader can reuse their memory.
[[nodiscard]] StatusOr<RecordBatch> AssembleRecordsKeepingLevels(const Schema& schema,
                                                                 std::vector<LeafData>& leaves,
                                                                 int64_t num_rows);

}  // namespace hindsight::parquet
