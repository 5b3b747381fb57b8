// Profile files: ProfileSets stored as Parquet, one row per (hour, slice, attribute), so
// DuckDB or pandas read them too. Columns, in order:
//   hour_start_us INT64 | slice STRING | attribute STRING | kind STRING |
//   count INT64 | nulls INT64 | empty INT64 | min DOUBLE | max DOUBLE | mean DOUBLE |
//   m2 DOUBLE | distinct DOUBLE (HLL estimate, for other readers) | hll BINARY |
//   kll BINARY | top_overflowed BOOLEAN | top_values STRING (JSON [[value, count], ...])
// Sketches are in their own formats (hll_sketch.h, kll_sketch.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "quality/profile_set.h"
#include "util/status.h"

namespace hindsight::quality {

inline constexpr std::string_view kProfileFileTable = "hindsight.quality.profile";

// Profiles by the start of the event hour they cover.
using HourlyProfiles = std::map<int64_t, ProfileSet>;

// Writes `profiles` to `path` (parent directories created), atomically: a temporary
// file fsynced and renamed into place.
[[nodiscard]] Status WriteProfileFile(const std::string& path, const HourlyProfiles& profiles);

// Reads a profile file back. DataLoss naming the file on anything malformed.
[[nodiscard]] StatusOr<HourlyProfiles> ReadProfileFile(const std::string& path);

}  // namespace hindsight::quality
