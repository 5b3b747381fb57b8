// Parity (`hindsight parity`): proves there is no training/serving skew. It finds the
// records the server logged (meta hindsight.served.*) in the facts table, regenerates
// their features offline with the generator in exact mode — the same feature set file,
// the facts each record carried, dimensions as of its time — and compares them with the
// values served, bit for bit (doubles and floats as their bits).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace hindsight::serve {

struct ParityOptions {
  std::string store;
  std::string features_path;
  std::optional<int64_t> from_us;  // served records with ts >= from
  std::optional<int64_t> to_us;    // and ts < to
  int threads = 2;
  size_t max_examples = 10;
  std::string scratch_dir;  // where the labels and regenerated features go; empty: a temp dir
};

struct FeatureParity {
  std::string name;
  int64_t equal = 0;
  int64_t different = 0;
  int64_t missing = 0;  // served without this feature, or served with another shape
};

struct ParityExample {
  std::string record_id;
  int64_t item = 0;
  std::string feature;
  std::string served;  // printed values
  std::string regenerated;
};

struct ParityReport {
  std::string feature_set;
  std::string feature_set_hash;
  int64_t records = 0;                     // served records compared
  int64_t rows = 0;                        // (record, item) pairs compared
  int64_t other_feature_sets = 0;          // served records of other feature sets, skipped
  std::vector<std::string> served_hashes;  // feature set hashes the records were served with
  std::vector<std::string> notes;          // e.g. a dimension served from another file
  std::vector<FeatureParity> features;
  std::vector<ParityExample> examples;  // the first differences
  double seconds = 0;

  int64_t differences() const;
};

// Errors: the store, the feature set, or a served record whose values cannot be read.
[[nodiscard]] StatusOr<ParityReport> CheckParity(const ParityOptions& options);

}  // namespace hindsight::serve
