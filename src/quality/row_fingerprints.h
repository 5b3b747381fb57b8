// Row fingerprints: for every row of a batch and every attribute (named as in profiles,
// profile_set.h), a hash of the attribute's values in that row, their number, and the
// first few as text, so two versions of the same rows compare attribute by attribute
// without holding their values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "util/status.h"

namespace hindsight::quality {

// Values of one attribute in each row.
struct AttributeRows {
  std::vector<uint64_t> hash;     // 0 when the row has no value at all
  std::vector<int32_t> count;     // values present (nulls not counted)
  std::vector<std::string> text;  // up to kTextValues values, comma-separated
};

inline constexpr int kTextValues = 3;

using RowFingerprints = std::map<std::string, AttributeRows>;

// REQUIRES: `batch` matches `schema`.
[[nodiscard]] StatusOr<RowFingerprints> FingerprintRows(const parquet::Schema& schema,
                                                        const parquet::RecordBatch& batch);

// The text of one value of a leaf column (numbers as written, strings quoted).
std::string ValueText(const parquet::Column& column, int64_t slot);

}  // namespace hindsight::quality
