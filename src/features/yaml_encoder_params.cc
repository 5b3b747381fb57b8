#include "features/yaml_encoder_params.h"

#include "util/str_cat.h"
#include "yaml-cpp/yaml.h"

namespace hindsight::features {

YamlEncoderParams::YamlEncoderParams(const FeatureSet& set, const FeatureSpec& spec)
    : path_(set.path),
      line_(spec.line),
      feature_prefix_(StrCat("feature ", spec.name, ": ")),
      node_(spec.node) {}

bool YamlEncoderParams::Has(std::string_view key) const {
  read_.insert(std::string(key));
  return static_cast<bool>((*node_)[std::string(key)]);
}

std::string YamlEncoderParams::Where() const {
  return StrCat(path_, ":", line_, ": ", feature_prefix_);
}

Status YamlEncoderParams::Bad(std::string_view key, const std::string& problem) const {
  const YAML::Node value = (*node_)[std::string(key)];
  const int line = value ? value.Mark().line + 1 : node_->Mark().line + 1;
  return absl::InvalidArgumentError(
      StrCat(path_, ":", line, ": ", feature_prefix_, key, ": ", problem));
}

StatusOr<std::string> YamlEncoderParams::ScalarText(std::string_view key) const {
  read_.insert(std::string(key));
  const YAML::Node value = (*node_)[std::string(key)];
  if (!value) return Bad(key, "missing (this encoder needs it)");
  if (!value.IsScalar()) return Bad(key, "must be a single value");
  return value.Scalar();
}

StatusOr<std::vector<std::string>> YamlEncoderParams::ListTexts(std::string_view key) const {
  read_.insert(std::string(key));
  const YAML::Node value = (*node_)[std::string(key)];
  if (!value) return Bad(key, "missing (this encoder needs it)");
  if (!value.IsSequence()) return Bad(key, "must be a list");
  std::vector<std::string> texts;
  for (const YAML::Node& element : value) {
    if (!element.IsScalar()) return Bad(key, "must be a list of single values");
    texts.push_back(element.Scalar());
  }
  return texts;
}

StatusOr<double> YamlEncoderParams::Number(std::string_view key) const {
  HS_ASSIGN_OR_RETURN(std::string text, ScalarText(key));
  double value = 0;
  if (!YAML::convert<double>::decode((*node_)[std::string(key)], value)) {
    return Bad(key, StrCat("'", text, "' is not a number"));
  }
  return value;
}

StatusOr<int64_t> YamlEncoderParams::Integer(std::string_view key) const {
  HS_ASSIGN_OR_RETURN(std::string text, ScalarText(key));
  int64_t value = 0;
  if (!YAML::convert<int64_t>::decode((*node_)[std::string(key)], value)) {
    return Bad(key, StrCat("'", text, "' is not an integer"));
  }
  return value;
}

StatusOr<bool> YamlEncoderParams::Bool(std::string_view key) const {
  HS_ASSIGN_OR_RETURN(std::string text, ScalarText(key));
  if (text == "true") return true;
  if (text == "false") return false;
  return Bad(key, StrCat("'", text, "' is not true or false"));
}

StatusOr<std::string> YamlEncoderParams::String(std::string_view key) const {
  return ScalarText(key);
}

StatusOr<std::vector<double>> YamlEncoderParams::NumberList(std::string_view key) const {
  HS_ASSIGN_OR_RETURN(std::vector<std::string> texts, ListTexts(key));
  std::vector<double> numbers;
  const YAML::Node value = (*node_)[std::string(key)];
  for (size_t i = 0; i < texts.size(); ++i) {
    double number = 0;
    if (!YAML::convert<double>::decode(value[i], number)) {
      return Bad(key, StrCat("'", texts[i], "' is not a number"));
    }
    numbers.push_back(number);
  }
  return numbers;
}

StatusOr<std::vector<std::string>> YamlEncoderParams::StringList(std::string_view key) const {
  return ListTexts(key);
}

Status YamlEncoderParams::CheckAllRead() const {
  for (const auto& entry : *node_) {
    const std::string key = entry.first.Scalar();
    if (IsCommonFeatureKey(key) || read_.count(key) > 0) continue;
    return absl::InvalidArgumentError(StrCat(path_, ":", entry.first.Mark().line + 1, ": ",
                                             feature_prefix_, "unknown key '", key, "'"));
  }
  return absl::OkStatus();
}

}  // namespace hindsight::features
