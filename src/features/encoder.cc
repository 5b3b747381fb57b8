#include "features/encoder.h"

#include "features/encoders/builtin_encoders.h"
#include "util/str_cat.h"

namespace hindsight::features {

std::string_view ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kInteger:
      return "integer";
    case ValueType::kNumber:
      return "number";
    case ValueType::kFloat:
      return "float";
    case ValueType::kString:
      return "string";
  }
  return "?";
}

size_t Values::size() const {
  switch (type) {
    case ValueType::kInteger:
      return integers.size();
    case ValueType::kNumber:
      return numbers.size();
    case ValueType::kFloat:
      return floats.size();
    case ValueType::kString:
      return strings.size();
  }
  return 0;
}

size_t Values::group_begin(size_t g) const {
  if (group_ends.empty()) return g;
  return g == 0 ? 0 : group_ends[g - 1];
}

size_t Values::group_end(size_t g) const { return group_ends.empty() ? g + 1 : group_ends[g]; }

double Values::Number(size_t i) const {
  switch (type) {
    case ValueType::kInteger:
      return static_cast<double>(integers[i]);
    case ValueType::kNumber:
      return numbers[i];
    case ValueType::kFloat:
      return floats[i];
    case ValueType::kString:
      break;
  }
  return 0;
}

void Values::Clear() {
  integers.clear();
  numbers.clear();
  floats.clear();
  strings.clear();
  group_ends.clear();
}

EncoderRegistry& EncoderRegistry::Global() {
  static EncoderRegistry* registry = [] {
    auto* created = new EncoderRegistry();
    RegisterBuiltinEncoders(*created);
    return created;
  }();
  return *registry;
}

Status EncoderRegistry::Register(const std::string& name, EncoderFactory factory) {
  bool valid = !name.empty() && name[0] >= 'a' && name[0] <= 'z';
  for (char c : name)
    valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (!valid) {
    return absl::InvalidArgumentError(
        StrCat("encoder name '", name, "' must match [a-z][a-z0-9_]*"));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (!factories_.emplace(name, std::move(factory)).second) {
    return absl::AlreadyExistsError(StrCat("encoder '", name, "' is already registered"));
  }
  return absl::OkStatus();
}

StatusOr<std::unique_ptr<Encoder>> EncoderRegistry::Create(const EncoderConfig& config) const {
  EncoderFactory factory;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = factories_.find(config.encoder);
    if (it != factories_.end()) factory = it->second;
  }
  if (!factory) {
    std::string known;
    for (const std::string& name : Names())
      known = known.empty() ? name : StrCat(known, ", ", name);
    return absl::InvalidArgumentError(
        StrCat("unknown encoder '", config.encoder, "' (known: ", known, ")"));
  }
  return factory(config);
}

std::vector<std::string> EncoderRegistry::Names() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [name, factory] : factories_) names.push_back(name);
  return names;
}

}  // namespace hindsight::features
