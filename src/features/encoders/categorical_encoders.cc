// onehot, hash, cross_hash: categories of strings or integers.
#include <charconv>
#include <unordered_map>

#include "features/encoders/builtin_encoders.h"
#include "features/encoders/encoder_checks.h"
#include "features/encoders/value_text.h"
#include "util/str_cat.h"

namespace hindsight::features {
namespace {

class OneHotEncoder : public Encoder {
 public:
  OneHotEncoder(std::unordered_map<std::string, int> slots, int size, bool oov)
      : slots_(std::move(slots)), size_(size), oov_(oov) {}
  OutputShape shape() const override { return OutputShape::FloatVector(size_); }
  bool Encode(const EncodeInput& in, FeatureValue& out) const override {
    const Values& values = *(*in.inputs)[0];
    if (values.empty()) return false;
    std::string text;
    AppendValueText(values, 0, text);
    auto it = slots_.find(text);
    if (it != slots_.end()) {
      out.vector[static_cast<size_t>(it->second)] = 1.0f;
    } else if (oov_) {
      out.vector[static_cast<size_t>(size_ - 1)] = 1.0f;
    }
    return true;
  }

 private:
  std::unordered_map<std::string, int> slots_;
  int size_;
  bool oov_;
};

// fnv1a64(text(x1) 0x1F text(x2) ...) mod buckets over the first value of each input.
class HashEncoder : public Encoder {
 public:
  explicit HashEncoder(int64_t buckets) : buckets_(buckets) {}
  OutputShape shape() const override { return OutputShape::Int64(); }
  bool Encode(const EncodeInput& in, FeatureValue& out) const override {
    std::string text;
    for (size_t i = 0; i < in.inputs->size(); ++i) {
      const Values& values = *(*in.inputs)[i];
      if (values.empty()) return false;
      if (i > 0) text.push_back('\x1f');
      AppendValueText(values, 0, text);
    }
    out.integer = static_cast<int64_t>(Fnv1a64(text) % static_cast<uint64_t>(buckets_));
    return true;
  }

 private:
  int64_t buckets_;
};

StatusOr<int64_t> Buckets(const EncoderConfig& config) {
  HS_ASSIGN_OR_RETURN(const int64_t buckets, config.params->Integer("buckets"));
  if (buckets < 1) return ConfigError(config, "buckets must be at least 1");
  return buckets;
}

}  // namespace

void RegisterCategoricalEncoders(EncoderRegistry& registry) {
  (void)registry.Register(
      "onehot", [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
        HS_RETURN_IF_ERROR(NeedScalar(config));
        HS_RETURN_IF_ERROR(NoItem(config));
        const InputInfo& input = config.inputs[0];
        if (input.type != ValueType::kString && input.type != ValueType::kInteger) {
          return ConfigError(config, StrCat("onehot needs strings or integers; ", input.path,
                                            " holds ", ValueTypeName(input.type), "s"));
        }
        HS_ASSIGN_OR_RETURN(std::vector<std::string> vocabulary,
                            config.params->StringList("vocabulary"));
        bool oov = false;
        if (config.params->Has("oov")) {
          HS_ASSIGN_OR_RETURN(oov, config.params->Bool("oov"));
        }
        if (vocabulary.empty()) return ConfigError(config, "vocabulary: must not be empty");
        std::unordered_map<std::string, int> slots;
        for (const std::string& entry : vocabulary) {
          std::string key = entry;
          if (input.type == ValueType::kInteger) {
            int64_t value = 0;
            auto [end, error] = std::from_chars(entry.data(), entry.data() + entry.size(), value);
            if (error != std::errc() || end != entry.data() + entry.size()) {
              return ConfigError(config, StrCat("vocabulary: '", entry, "' is not an integer (",
                                                input.path, " holds integers)"));
            }
            key = std::to_string(value);
          }
          if (!slots.emplace(key, static_cast<int>(slots.size())).second) {
            return ConfigError(config, StrCat("vocabulary: '", entry, "' appears twice"));
          }
        }
        const int size = static_cast<int>(slots.size()) + (oov ? 1 : 0);
        return std::unique_ptr<Encoder>(new OneHotEncoder(std::move(slots), size, oov));
      });
  (void)registry.Register("hash",
                          [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
                            HS_RETURN_IF_ERROR(NeedScalar(config));
                            HS_RETURN_IF_ERROR(NoItem(config));
                            HS_ASSIGN_OR_RETURN(const int64_t buckets, Buckets(config));
                            return std::unique_ptr<Encoder>(new HashEncoder(buckets));
                          });
  (void)registry.Register(
      "cross_hash", [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
        if (config.inputs.size() < 2)
          return ConfigError(config, "cross_hash needs at least 2 inputs");
        for (const InputInfo& input : config.inputs) {
          if (input.list) {
            return ConfigError(
                config, StrCat("cross_hash needs scalar inputs; ", input.path, " is a list"));
          }
        }
        HS_RETURN_IF_ERROR(NoItem(config));
        HS_ASSIGN_OR_RETURN(const int64_t buckets, Buckets(config));
        return std::unique_ptr<Encoder>(new HashEncoder(buckets));
      });
}

}  // namespace hindsight::features
