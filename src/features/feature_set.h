// A feature set: the YAML that says which features a model uses and how each is
// computed (docs/FEATURES.md). Loading checks the file's own shape — keys, names,
// durations, one value per key — and keeps each feature's YAML line for later errors;
// whether paths, dimensions and encoders exist is checked when it is compiled against a
// store (feature_plan.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace YAML {
class Node;
}

namespace hindsight::features {

// An HTTP JSON service the online server asks for a fact type's current value, instead
// of the online store (docs/SERVING.md). The generator ignores it: offline, facts come
// from what the server logged.
struct FetcherSpec {
  std::string url;  // http://HOST[:PORT]/PATH with {entity} and {ts} (µs) placeholders
  int64_t timeout_us = 50'000;
  int retries = 0;
  int line = 0;
};

struct FactTypeOptions {
  std::optional<int64_t> max_age_us;  // as-of mode ignores values older than this
  std::optional<FetcherSpec> fetch;
};

// `item:` of a feature: the label's item id, or an attribute of the item's dimension.
struct ItemSpec {
  bool is_id = false;
  std::string attribute;  // "DIM.ATTRIBUTE" when !is_id
};

struct FeatureSpec {
  std::string name;
  std::string encoder;
  std::vector<std::string> inputs;  // `input` (one) or `inputs`
  std::optional<std::string> time;
  std::optional<int64_t> window_us;
  std::optional<std::string> via;  // "DIM.ATTRIBUTE"
  std::optional<ItemSpec> item;
  std::vector<double> default_value;       // one number, or a vector's slots; {0} when unset
  int line = 0;                            // 1-based line of the feature in the YAML
  std::shared_ptr<const YAML::Node> node;  // the feature's mapping, for encoder params
};

struct FeatureSet {
  std::string path;  // the YAML file
  std::string name;
  int64_t version = 0;
  std::string entity;
  std::string item;
  std::map<std::string, FactTypeOptions> facts;
  std::vector<FeatureSpec> features;
  std::string content_hash;  // 16 hex digits of the file's bytes (XXH64)

  // "FILE:LINE: " for errors about the feature at `line`.
  std::string Where(int line) const;
};

// The keys a feature may have besides its encoder's parameters.
bool IsCommonFeatureKey(const std::string& key);

// Parses the YAML at `path`. InvalidArgument naming FILE:LINE for syntax errors, missing
// or unknown top-level keys, bad names, durations or defaults, repeated feature names.
[[nodiscard]] StatusOr<FeatureSet> LoadFeatureSet(const std::string& path);
// The same from text (tests); `path` only names the source in errors.
[[nodiscard]] StatusOr<FeatureSet> ParseFeatureSet(const std::string& text,
                                                   const std::string& path);

}  // namespace hindsight::features
