// Pruning by value ranges (ReadOptions::filter): which row groups the column chunk
// statistics, and which rows the page index (column index + offset index), show may hold
// a value in a range. Statistics values are PLAIN-encoded in the column's sort order;
// INT32/INT64 compare as signed integers (their physical values: DATE days, TIMESTAMP
// units, DECIMAL unscaled), FLOAT/DOUBLE as numbers (NaN bounds are ignored, as the spec
// asks), BYTE_ARRAY/FIXED_LEN_BYTE_ARRAY as unsigned bytes. Leaves whose order is another
// (unsigned integers, decimals in bytes, INTERVAL) are never pruned.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "parquet/format/parquet_types.h"
#include "parquet/reader/read_options.h"
#include "parquet/reader/row_ranges.h"
#include "parquet/schema/schema.h"
#include "util/status.h"

namespace hindsight::parquet {

// A ColumnRange bound to the leaf it constrains.
struct ResolvedRange {
  enum class Order { kSignedInteger, kNumber, kUnsignedBytes, kUnknown };
  int leaf_index = 0;  // in the file's schema (column chunk index)
  Order order = Order::kUnknown;
  std::optional<ScalarValue> min;
  std::optional<ScalarValue> max;
};

// Resolves each range's column (Schema::Project spelling) to one non-repeated primitive
// leaf and checks the bounds' types: numbers for INT32/INT64/FLOAT/DOUBLE leaves, strings
// for BYTE_ARRAY/FIXED_LEN_BYTE_ARRAY leaves; NaN bounds are errors.
StatusOr<std::vector<ResolvedRange>> ResolveRanges(const Schema& schema,
                                                   const std::vector<ColumnRange>& ranges);

// The value PLAIN-encoded in `bytes` for a leaf of physical type `type`: int64_t for
// INT32/INT64, double for FLOAT/DOUBLE, the bytes for BYTE_ARRAY/FIXED_LEN_BYTE_ARRAY;
// nullopt for other types or a wrong size.
std::optional<ScalarValue> DecodeStatisticsValue(format::Type type, std::string_view bytes);

// -1, 0 or 1 as a < b, a == b, a > b. Numbers compare by value across int64_t and double
// (REQUIRES: no NaN); strings as unsigned bytes. REQUIRES: both numbers or both strings.
int CompareScalars(const ScalarValue& a, const ScalarValue& b);

// False when the chunk's statistics prove none of its values lies in `range`.
bool ChunkMayMatch(const ResolvedRange& range, const format::ColumnChunk& chunk, format::Type type);

// Rows of a row group of `num_rows` rows in pages that may hold a value in `range`
// according to the column index; every row when the index cannot tell (sizes disagree,
// values that do not decode).
RowRanges PageRowsMayMatch(const ResolvedRange& range, format::Type type,
                           const format::ColumnIndex& column_index,
                           const format::OffsetIndex& offset_index, int64_t num_rows);

}  // namespace hindsight::parquet
