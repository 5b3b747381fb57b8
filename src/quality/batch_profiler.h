// Profiles rows held in memory (a RecordBatch) attribute by attribute, for the whole
// batch and for each slice: ingest and compaction call it on the rows they write, so
// profiles cost no second scan; verify calls it on rows read back.
#pragma once

#include <string>
#include <vector>

#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "quality/profile_set.h"
#include "util/status.h"

namespace hindsight::quality {

struct ProfileOptions {
  // Top-level string columns whose values slice the profiles (besides all rows).
  std::vector<std::string> slice_by = {"app"};
};

// Profiles every leaf, list and map of `batch` (which must match `schema`), and counts
// its rows as "_records". Slices of a null slice value are not profiled separately.
[[nodiscard]] StatusOr<ProfileSet> ProfileBatch(const parquet::Schema& schema,
                                                const parquet::RecordBatch& batch,
                                                const ProfileOptions& options = {});

}  // namespace hindsight::quality
