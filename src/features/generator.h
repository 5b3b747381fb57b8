// The offline feature generator (`hindsight generate`): label rows × the facts as they
// were at each label's time × dimensions rewound to that time, through the feature
// set's encoders, into a Parquet file (docs/FEATURES.md). Hours of labels are processed
// in parallel and written in order, so the output is byte-identical whatever the thread
// count; memory holds the labels, the dimensions and a few hours of rows in flight.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "features/feature_computer.h"
#include "features/hour_facts_reader.h"

namespace hindsight::features {

enum class GenerateMode { kExact, kAsOf };

struct GenerateProgress {
  int64_t rows_done = 0;
  int64_t rows_total = 0;
};

struct GenerateOptions {
  std::string store;
  std::string labels_path;
  std::string features_path;
  std::string out_path;
  int threads = 2;
  std::optional<int64_t> snapshot_id;  // nullopt: the latest
  std::optional<GenerateMode> mode;    // nullopt: exact iff the labels have record_id
  // Called from the writing thread after each hour is written.
  std::function<void(const GenerateProgress&)> progress;
};

struct FeatureSummary {
  std::string name;
  int64_t misses = 0;
  int64_t defaults = 0;
};

struct GenerateSummary {
  std::string out_path;
  GenerateMode mode = GenerateMode::kExact;
  std::optional<int64_t> snapshot_id;
  std::string feature_set;  // name
  int64_t feature_set_version = 0;
  std::string feature_set_hash;
  std::vector<std::string> dimensions;
  int64_t rows = 0;
  int64_t groups = 0;
  int64_t hours = 0;
  std::vector<FeatureSummary> features;
  HourReadStats reads;
  double seconds = 0;
};

std::string_view GenerateModeName(GenerateMode mode);  // "exact", "asof"

// Checks everything (store, snapshot, feature set, labels, output path) before reading
// any facts; InvalidArgument / NotFound naming the file, line or column at fault.
[[nodiscard]] StatusOr<GenerateSummary> Generate(const GenerateOptions& options);

}  // namespace hindsight::features
