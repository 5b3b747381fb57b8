// The stored profiles of a store, read back: the profiles of the latest snapshot's data
// files merged per event hour, the ingest counters (duplicates, late records) and the
// records quarantined, by the hour their line names. Rolls hours up into days, weeks or
// one whole range, which is how every range is answered without reading data.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/reader/file_reader.h"
#include "quality/batch_profiler.h"
#include "quality/profile_file.h"
#include "store/table/snapshot.h"
#include "util/status.h"

namespace hindsight::quality {

struct TimeRange {
  int64_t from_us = std::numeric_limits<int64_t>::min();  // inclusive
  int64_t to_us = std::numeric_limits<int64_t>::max();    // exclusive
  bool Contains(int64_t t) const { return t >= from_us && t < to_us; }
};

struct CatalogStats {
  int64_t files = 0;
  int64_t profiles_recomputed = 0;  // files profiled from their data
  int64_t values_profiled = 0;      // values (and nulls) those profiles counted
};

struct CatalogOptions {
  // Profile every file from its data instead of reading stored profiles (nothing is
  // written), with this many threads.
  bool recompute = false;
  int threads = 2;
  // Columns the profiles are sliced by. Stored profiles are sliced by app only: naming
  // another column (a string context column such as country) profiles the data.
  std::vector<std::string> slice_by = {"app"};
};

// The columns profiles of `store` can be sliced by: app and the string context columns
// of its latest snapshot.
[[nodiscard]] StatusOr<std::vector<std::string>> SliceableColumns(const std::string& store);

// Hourly profiles of `store`'s latest snapshot for hours starting in `range`. A file
// without a stored profile (ingested before profiles existed) is profiled from its data
// and the profile stored, so the next read is fast.
[[nodiscard]] StatusOr<HourlyProfiles> LoadHourlyProfiles(const std::string& store,
                                                          const TimeRange& range,
                                                          CatalogStats* stats = nullptr,
                                                          const CatalogOptions& options = {});

// Profiles any Parquet file (a feature output, say) from its data, all rows as one slice.
[[nodiscard]] StatusOr<ProfileSet> ProfileParquetFile(const std::string& path);

// Profiles every row of an open data file at once, as ingest profiled them (page CRCs
// checked): with the default options the result equals the stored profile of an
// unchanged file.
[[nodiscard]] StatusOr<ProfileSet> ProfileOpenedDataFile(const parquet::ParquetFileReader& reader,
                                                         const ProfileOptions& options = {});

// Profiles `file` from its data as it is at rest (page CRCs checked).
[[nodiscard]] StatusOr<ProfileSet> ProfileDataFile(const std::string& store,
                                                   const store::DataFile& file,
                                                   const ProfileOptions& options = {});

enum class Granularity { kHour, kDay, kWeek, kAll };
[[nodiscard]] StatusOr<Granularity> ParseGranularity(std::string_view text);
// The start of the period holding `hour_start_us` (weeks start on Monday, UTC); kAll: the
// minimum int64.
int64_t PeriodStart(int64_t hour_start_us, Granularity granularity);

// Merges hourly profiles into periods.
[[nodiscard]] StatusOr<HourlyProfiles> RollUp(const HourlyProfiles& hourly,
                                              Granularity granularity);

}  // namespace hindsight::quality
