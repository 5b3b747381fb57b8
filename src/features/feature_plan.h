// A feature set compiled against a store: every input path resolved in the registered
// fact messages or the context columns, every `via`/`item` attribute found in a loaded
// dimension, every encoder built and its parameters checked. Compiling refuses a bad
// feature set before any work starts, with one line naming the YAML line at fault.
// Immutable once compiled; shared read-only by every thread (and by the online server).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dims/dimension_table.h"
#include "features/encoder.h"
#include "features/fact_field_path.h"
#include "features/feature_set.h"
#include "store/fact_schema_registry.h"
#include "store/table/facts_table_schema.h"

namespace hindsight::features {

// Where an input's values come from: a fact type's field path or a context key.
struct InputSource {
  std::string path;                    // as written
  int fact_index = -1;                 // into FeaturePlan::fact_types(); -1 for a context key
  std::optional<FactFieldPath> field;  // facts only
  std::string context_key;             // context only
  ValueType type = ValueType::kInteger;
  bool list = false;
};

// An attribute of a dimension read as of the label time.
struct DimensionAttribute {
  std::string path;  // "DIM.ATTRIBUTE"
  std::shared_ptr<const dims::DimensionTable> table;
  int attribute = -1;
  ValueType type = ValueType::kInteger;  // of its values (elements, for lists)
  bool list = false;
};

struct CompiledFeature {
  std::string name;
  int line = 0;
  std::vector<InputSource> inputs;
  std::optional<int64_t> window_us;
  std::optional<DimensionAttribute> via;
  bool item_is_id = false;
  std::optional<DimensionAttribute> item_attribute;
  std::unique_ptr<Encoder> encoder;
  OutputShape shape;
  std::vector<double> default_value;  // shape.size slots (one for scalars)

  bool uses_item() const { return item_is_id || item_attribute.has_value(); }
  bool timed() const;
};

// Loads a dimension by name (the generator: from the store; tests: from memory).
class FeaturePlanCompiler;

using DimensionLoader =
    std::function<StatusOr<std::shared_ptr<const dims::DimensionTable>>(const std::string&)>;

class FeaturePlan {
 public:
  // `context_columns` are the store's context keys besides the entity (from its latest
  // snapshot); `entity_key` the store's entity. InvalidArgument naming FILE:LINE.
  [[nodiscard]] static StatusOr<std::unique_ptr<FeaturePlan>> Compile(
      FeatureSet set, const store::FactSchemaRegistry& registry, const std::string& entity_key,
      const std::vector<store::ContextColumn>& context_columns,
      const DimensionLoader& load_dimension,
      const EncoderRegistry& encoders = EncoderRegistry::Global());

  const FeatureSet& set() const { return set_; }
  const std::vector<CompiledFeature>& features() const { return features_; }
  // The fact types the features read, sorted; and their max_age (nullopt: none).
  const std::vector<std::string>& fact_types() const { return fact_types_; }
  const std::vector<std::optional<int64_t>>& max_age_us() const { return max_age_us_; }
  bool reads_context() const { return reads_context_; }
  // The dimensions the features read, by name.
  const std::map<std::string, std::shared_ptr<const dims::DimensionTable>>& dimensions() const {
    return dimensions_;
  }

 private:
  friend class FeaturePlanCompiler;
  FeaturePlan() = default;

  FeatureSet set_;
  std::vector<CompiledFeature> features_;
  std::vector<std::string> fact_types_;
  std::vector<std::optional<int64_t>> max_age_us_;
  bool reads_context_ = false;
  std::map<std::string, std::shared_ptr<const dims::DimensionTable>> dimensions_;
};

}  // namespace hindsight::features
