// cosine and embedding: dimension vectors (LIST<FLOAT> attributes) of the item and of the
// input values, averaged element by element in double precision.
#include <cmath>

#include "features/encoders/builtin_encoders.h"
#include "features/encoders/encoder_checks.h"
#include "util/str_cat.h"

namespace hindsight::features {
namespace {

// The element-wise mean of the groups of `values` whose length is `size`; false if none.
bool MeanVector(const Values& values, size_t size, std::vector<double>& mean) {
  mean.assign(size, 0.0);
  size_t count = 0;
  for (size_t g = 0; g < values.groups(); ++g) {
    const size_t begin = values.group_begin(g), end = values.group_end(g);
    if (end - begin != size) continue;
    for (size_t i = 0; i < size; ++i) mean[i] += values.floats[begin + i];
    ++count;
  }
  if (count == 0) return false;
  for (double& slot : mean) slot /= static_cast<double>(count);
  return true;
}

class CosineEncoder : public Encoder {
 public:
  OutputShape shape() const override { return OutputShape::Double(); }
  bool Encode(const EncodeInput& in, FeatureValue& out) const override {
    const Values& item = *in.item;
    const size_t size = item.floats.size();
    thread_local std::vector<double> mean;
    if (size == 0 || !MeanVector(*(*in.inputs)[0], size, mean)) return false;
    double dot = 0, norm_a = 0, norm_b = 0;
    for (size_t i = 0; i < size; ++i) {
      dot += mean[i] * item.floats[i];
      norm_a += mean[i] * mean[i];
      norm_b += static_cast<double>(item.floats[i]) * item.floats[i];
    }
    if (norm_a == 0 || norm_b == 0) return false;
    out.number = dot / (std::sqrt(norm_a) * std::sqrt(norm_b));
    return true;
  }
};

class EmbeddingEncoder : public Encoder {
 public:
  explicit EmbeddingEncoder(int size) : size_(size) {}
  OutputShape shape() const override { return OutputShape::FloatVector(size_); }
  bool Encode(const EncodeInput& in, FeatureValue& out) const override {
    const size_t size = static_cast<size_t>(size_);
    if (in.item != nullptr) {
      if (in.item->floats.size() != size) return false;
      for (size_t i = 0; i < size; ++i) out.vector[i] = in.item->floats[i];
      return true;
    }
    const Values& values = *(*in.inputs)[0];
    for (size_t g = 0; g < values.groups(); ++g) {
      if (values.group_end(g) - values.group_begin(g) != size) return false;
    }
    thread_local std::vector<double> mean;
    if (!MeanVector(values, size, mean)) return false;
    for (size_t i = 0; i < size; ++i) out.vector[i] = static_cast<float>(mean[i]);
    return true;
  }

 private:
  int size_;
};

Status NeedVectors(const EncoderConfig& config, const InputInfo& input, const std::string& what) {
  if (input.type != ValueType::kFloat || !input.grouped) {
    return ConfigError(config, StrCat(config.encoder,
                                      " needs float vectors (a LIST<FLOAT> "
                                      "dimension attribute) as ",
                                      what, "; ", input.path, " is not one"));
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterVectorEncoders(EncoderRegistry& registry) {
  (void)registry.Register(
      "cosine", [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
        HS_RETURN_IF_ERROR(NeedOneInput(config));
        HS_RETURN_IF_ERROR(NeedVectors(config, config.inputs[0], "input (use via)"));
        if (!config.item || config.item_is_id) {
          return ConfigError(config, "cosine needs item: DIM.VECTOR_ATTRIBUTE");
        }
        HS_RETURN_IF_ERROR(NeedVectors(config, *config.item, "item"));
        return std::unique_ptr<Encoder>(new CosineEncoder());
      });
  (void)registry.Register(
      "embedding", [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
        HS_ASSIGN_OR_RETURN(const int64_t size, config.params->Integer("size"));
        if (size < 1 || size > 65536) return ConfigError(config, "size must be in 1..65536");
        if (config.item) {
          if (!config.inputs.empty()) {
            return ConfigError(config, "embedding takes either item or input, not both");
          }
          HS_RETURN_IF_ERROR(NeedVectors(config, *config.item, "item"));
        } else {
          HS_RETURN_IF_ERROR(NeedOneInput(config));
          HS_RETURN_IF_ERROR(NeedVectors(config, config.inputs[0], "input (use via)"));
        }
        return std::unique_ptr<Encoder>(new EmbeddingEncoder(static_cast<int>(size)));
      });
}

}  // namespace hindsight::features
