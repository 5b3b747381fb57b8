#include "features/feature_plan.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_split.h"
#include "features/yaml_encoder_params.h"
#include "util/str_cat.h"

namespace hindsight::features {
namespace {

constexpr std::string_view kContextPrefix = "context";

ValueType ContextValueType(store::ContextType type) {
  switch (type) {
    case store::ContextType::kInt64:
    case store::ContextType::kBool:
      return ValueType::kInteger;
    case store::ContextType::kDouble:
      return ValueType::kNumber;
    default:
      return ValueType::kString;
  }
}

// The value type of a dimension attribute's values (its elements for lists).
ValueType DimensionValueType(dims::DimensionType type, bool& list) {
  list = false;
  switch (type) {
    case dims::DimensionType::kInt64List:
      list = true;
      return ValueType::kInteger;
    case dims::DimensionType::kDoubleList:
      list = true;
      return ValueType::kNumber;
    case dims::DimensionType::kFloatList:
      list = true;
      return ValueType::kFloat;
    case dims::DimensionType::kStringList:
      list = true;
      return ValueType::kString;
    case dims::DimensionType::kDouble:
      return ValueType::kNumber;
    case dims::DimensionType::kString:
      return ValueType::kString;
    default:  // kInt64, kBool
      return ValueType::kInteger;
  }
}

}  // namespace

// Compiles one feature set; a friend of FeaturePlan to fill it in.
class FeaturePlanCompiler {
 public:
  FeaturePlanCompiler(const FeatureSet& set, const store::FactSchemaRegistry& registry,
                      const std::string& entity_key,
                      const std::vector<store::ContextColumn>& context,
                      const DimensionLoader& load_dimension)
      : set_(set),
        registry_(registry),
        entity_key_(entity_key),
        context_(context),
        load_dimension_(load_dimension) {}

  Status Error(int line, const std::string& feature, const std::string& message) const {
    return absl::InvalidArgumentError(StrCat(
        set_.Where(line), feature.empty() ? "" : StrCat("feature ", feature, ": "), message));
  }

  // The index of `fact_type` in the plan's fact types, adding it on first use.
  int FactIndex(const std::string& fact_type) {
    auto it = std::find(fact_types_.begin(), fact_types_.end(), fact_type);
    if (it != fact_types_.end()) return static_cast<int>(it - fact_types_.begin());
    fact_types_.push_back(fact_type);
    return static_cast<int>(fact_types_.size() - 1);
  }

  StatusOr<InputSource> Input(const FeatureSpec& spec, const std::string& path) {
    InputSource source;
    source.path = path;
    std::vector<std::string> parts = absl::StrSplit(path, '.');
    const std::string where = StrCat(set_.Where(spec.line), "feature ", spec.name, ": ");
    if (parts.size() < 2) {
      return Error(spec.line, spec.name,
                   StrCat("input '", path, "' must be context.KEY or FACT_TYPE.FIELD[.FIELD]"));
    }
    if (parts[0] == kContextPrefix) {
      if (parts.size() != 2) {
        return Error(spec.line, spec.name, StrCat("context input '", path, "' has extra parts"));
      }
      if (spec.time) {
        return Error(spec.line, spec.name,
                     StrCat("time needs a list of a fact type; '", path, "' is a context key"));
      }
      source.context_key = parts[1];
      reads_context_ = true;
      if (parts[1] == entity_key_) {
        source.type = ValueType::kInteger;
        return source;
      }
      for (const store::ContextColumn& column : context_) {
        if (column.name == parts[1]) {
          source.type = ContextValueType(column.type);
          return source;
        }
      }
      std::string known = entity_key_;
      for (const store::ContextColumn& column : context_) known = StrCat(known, ", ", column.name);
      return Error(spec.line, spec.name,
                   StrCat("unknown context key '", parts[1], "' (the store has ", known, ")"));
    }
    const google::protobuf::Descriptor* message = registry_.FindFactType(parts[0]);
    if (message == nullptr) {
      std::string known;
      for (const auto& [name, descriptor] : registry_.fact_types()) {
        known = known.empty() ? name : StrCat(known, ", ", name);
      }
      return Error(spec.line, spec.name,
                   StrCat("unknown fact type '", parts[0], "' in input '", path,
                          "' (registered: ", known, ")"));
    }
    const std::vector<std::string> fields(parts.begin() + 1, parts.end());
    HS_ASSIGN_OR_RETURN(FactFieldPath field,
                        FactFieldPath::Resolve(*message, fields, spec.time, where));
    source.type = field.type();
    source.list = field.list();
    source.fact_index = FactIndex(parts[0]);
    source.field = std::move(field);
    return source;
  }

  StatusOr<DimensionAttribute> Attribute(const FeatureSpec& spec, const std::string& path,
                                         const std::string& key) {
    const size_t dot = path.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == path.size()) {
      return Error(spec.line, spec.name, StrCat(key, " '", path, "' must be DIM.ATTRIBUTE"));
    }
    const std::string name = path.substr(0, dot);
    const std::string attribute = path.substr(dot + 1);
    auto it = dimensions_.find(name);
    if (it == dimensions_.end()) {
      StatusOr<std::shared_ptr<const dims::DimensionTable>> table = load_dimension_(name);
      if (!table.ok()) {
        return Error(spec.line, spec.name,
                     StrCat(key, " '", path, "': ", table.status().message()));
      }
      it = dimensions_.emplace(name, *std::move(table)).first;
    }
    DimensionAttribute result;
    result.path = path;
    result.table = it->second;
    const std::optional<int> index = result.table->AttributeIndex(attribute);
    if (!index) {
      return Error(
          spec.line, spec.name,
          StrCat(key, " '", path, "': dimension ", name, " has no attribute '", attribute, "'"));
    }
    result.attribute = *index;
    result.type = DimensionValueType(result.table->attribute_type(*index), result.list);
    return result;
  }

  StatusOr<CompiledFeature> Feature(const FeatureSpec& spec, const EncoderRegistry& encoders) {
    CompiledFeature feature;
    feature.name = spec.name;
    feature.line = spec.line;
    feature.window_us = spec.window_us;
    for (const std::string& path : spec.inputs) {
      HS_ASSIGN_OR_RETURN(InputSource input, Input(spec, path));
      feature.inputs.push_back(std::move(input));
    }
    EncoderConfig config;
    config.feature = spec.name;
    config.encoder = spec.encoder;
    config.window_us = spec.window_us;
    config.timed = spec.time.has_value();
    if (spec.time && feature.inputs.size() != 1) {
      return Error(spec.line, spec.name, "time applies to exactly one input");
    }
    if (spec.via) {
      if (feature.inputs.size() != 1) {
        return Error(spec.line, spec.name, "via applies to exactly one input");
      }
      HS_ASSIGN_OR_RETURN(DimensionAttribute via, Attribute(spec, *spec.via, "via"));
      if (feature.inputs[0].type != ValueType::kInteger) {
        return Error(spec.line, spec.name,
                     StrCat("via needs integer keys; input '", feature.inputs[0].path, "' is ",
                            ValueTypeName(feature.inputs[0].type)));
      }
      feature.via = std::move(via);
    }
    for (const InputSource& input : feature.inputs) {
      InputInfo info{input.path, input.type, input.list, false};
      if (feature.via) {
        info.type = feature.via->type;
        info.list = input.list || feature.via->list;
        info.grouped = feature.via->list;
      }
      config.inputs.push_back(info);
    }
    if (spec.item) {
      if (spec.item->is_id) {
        feature.item_is_id = true;
        config.item_is_id = true;
        config.item = InputInfo{set_.item, ValueType::kInteger, false, false};
      } else {
        HS_ASSIGN_OR_RETURN(DimensionAttribute item, Attribute(spec, spec.item->attribute, "item"));
        config.item = InputInfo{item.path, item.type, item.list, item.list};
        feature.item_attribute = std::move(item);
      }
    }
    YamlEncoderParams params(set_, spec);
    config.params = &params;
    StatusOr<std::unique_ptr<Encoder>> encoder = encoders.Create(config);
    if (!encoder.ok()) {
      const std::string message(encoder.status().message());
      // Factories prefix their errors with params.Where(); registry errors are bare.
      if (message.rfind(set_.path, 0) == 0) return encoder.status();
      return Error(spec.line, spec.name, message);
    }
    HS_RETURN_IF_ERROR(params.CheckAllRead());
    feature.encoder = *std::move(encoder);
    feature.shape = feature.encoder->shape();
    const size_t slots = static_cast<size_t>(
        feature.shape.kind == OutputShape::Kind::kFloatVector ? feature.shape.size : 1);
    if (spec.default_value.size() == 1) {
      feature.default_value.assign(slots, spec.default_value[0]);
    } else if (spec.default_value.size() == slots &&
               feature.shape.kind == OutputShape::Kind::kFloatVector) {
      feature.default_value = spec.default_value;
    } else {
      return Error(
          spec.line, spec.name,
          StrCat("default has ", spec.default_value.size(), " values; the ", spec.encoder,
                 " output needs ",
                 slots == 1 ? std::string("one number") : StrCat("one number or ", slots)));
    }
    return feature;
  }

  StatusOr<std::unique_ptr<FeaturePlan>> Run(const EncoderRegistry& encoders,
                                             std::unique_ptr<FeaturePlan> plan) {
    if (set_.entity != entity_key_) {
      return absl::InvalidArgumentError(StrCat(set_.path, ": entity '", set_.entity,
                                               "' is not the store's entity key '", entity_key_,
                                               "'"));
    }
    for (const auto& [type, options] : set_.facts) {
      if (registry_.FindFactType(type) == nullptr) {
        return absl::InvalidArgumentError(
            StrCat(set_.path, ": facts: '", type, "' is not a registered fact type"));
      }
    }
    for (const FeatureSpec& spec : set_.features) {
      HS_ASSIGN_OR_RETURN(CompiledFeature feature, Feature(spec, encoders));
      plan->features_.push_back(std::move(feature));
    }
    plan->fact_types_ = fact_types_;
    for (const std::string& type : fact_types_) {
      auto it = set_.facts.find(type);
      plan->max_age_us_.push_back(it == set_.facts.end() ? std::nullopt : it->second.max_age_us);
    }
    plan->reads_context_ = reads_context_;
    plan->dimensions_ = dimensions_;
    return plan;
  }

 private:
  const FeatureSet& set_;
  const store::FactSchemaRegistry& registry_;
  const std::string& entity_key_;
  const std::vector<store::ContextColumn>& context_;
  const DimensionLoader& load_dimension_;
  std::vector<std::string> fact_types_;
  bool reads_context_ = false;
  std::map<std::string, std::shared_ptr<const dims::DimensionTable>> dimensions_;
};

bool CompiledFeature::timed() const {
  return inputs.size() == 1 && inputs[0].field.has_value() && inputs[0].field->timed();
}

StatusOr<std::unique_ptr<FeaturePlan>> FeaturePlan::Compile(
    FeatureSet set, const store::FactSchemaRegistry& registry, const std::string& entity_key,
    const std::vector<store::ContextColumn>& context_columns, const DimensionLoader& load_dimension,
    const EncoderRegistry& encoders) {
  std::unique_ptr<FeaturePlan> plan(new FeaturePlan());
  plan->set_ = std::move(set);
  FeaturePlanCompiler compiler(plan->set_, registry, entity_key, context_columns, load_dimension);
  return compiler.Run(encoders, std::move(plan));
}

}  // namespace hindsight::features
