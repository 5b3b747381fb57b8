// identity, log1p, clip, standardize, bucketize: functions of one numeric scalar.
#include <cmath>
#include <functional>

#include "features/encoders/builtin_encoders.h"
#include "features/encoders/encoder_checks.h"
#include "util/str_cat.h"

namespace hindsight::features {
namespace {

// A numeric scalar through `function`; no value (or a non-finite result) writes the default.
class ScalarEncoder : public Encoder {
 public:
  ScalarEncoder(OutputShape shape, std::function<bool(double, FeatureValue&)> function)
      : shape_(shape), function_(std::move(function)) {}
  OutputShape shape() const override { return shape_; }
  bool Encode(const EncodeInput& in, FeatureValue& out) const override {
    const Values& values = *(*in.inputs)[0];
    if (values.empty()) return false;
    return function_(values.Number(0), out);
  }

 private:
  OutputShape shape_;
  std::function<bool(double, FeatureValue&)> function_;
};

Status CheckNumericScalar(const EncoderConfig& config) {
  HS_RETURN_IF_ERROR(NeedScalar(config));
  HS_RETURN_IF_ERROR(NeedNumeric(config, config.inputs[0]));
  return NoItem(config);
}

StatusOr<std::unique_ptr<Encoder>> Make(OutputShape shape,
                                        std::function<bool(double, FeatureValue&)> function) {
  return std::unique_ptr<Encoder>(new ScalarEncoder(shape, std::move(function)));
}

}  // namespace

void RegisterNumericEncoders(EncoderRegistry& registry) {
  (void)registry.Register("identity",
                          [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
                            HS_RETURN_IF_ERROR(CheckNumericScalar(config));
                            return Make(OutputShape::Double(), [](double x, FeatureValue& out) {
                              out.number = x;
                              return true;
                            });
                          });
  (void)registry.Register("log1p",
                          [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
                            HS_RETURN_IF_ERROR(CheckNumericScalar(config));
                            return Make(OutputShape::Double(), [](double x, FeatureValue& out) {
                              if (!(x > -1)) return false;
                              out.number = std::log1p(x);
                              return true;
                            });
                          });
  (void)registry.Register(
      "clip", [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
        HS_RETURN_IF_ERROR(CheckNumericScalar(config));
        const EncoderParams& params = *config.params;
        double low = -INFINITY, high = INFINITY;
        if (!params.Has("min") && !params.Has("max")) {
          return ConfigError(config, "clip needs min, max or both");
        }
        if (params.Has("min")) {
          HS_ASSIGN_OR_RETURN(low, params.Number("min"));
        }
        if (params.Has("max")) {
          HS_ASSIGN_OR_RETURN(high, params.Number("max"));
        }
        if (low > high) return ConfigError(config, "clip: min must not exceed max");
        return Make(OutputShape::Double(), [low, high](double x, FeatureValue& out) {
          out.number = std::min(std::max(x, low), high);
          return true;
        });
      });
  (void)registry.Register(
      "standardize", [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
        HS_RETURN_IF_ERROR(CheckNumericScalar(config));
        HS_ASSIGN_OR_RETURN(const double mean, config.params->Number("mean"));
        HS_ASSIGN_OR_RETURN(const double std, config.params->Number("std"));
        if (!(std > 0)) return ConfigError(config, "standardize: std must be positive");
        return Make(OutputShape::Double(), [mean, std](double x, FeatureValue& out) {
          out.number = (x - mean) / std;
          return true;
        });
      });
  (void)registry.Register(
      "bucketize", [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
        HS_RETURN_IF_ERROR(CheckNumericScalar(config));
        HS_ASSIGN_OR_RETURN(std::vector<double> boundaries,
                            config.params->NumberList("boundaries"));
        if (boundaries.empty()) return ConfigError(config, "bucketize: boundaries is empty");
        for (size_t i = 1; i < boundaries.size(); ++i) {
          if (!(boundaries[i - 1] < boundaries[i])) {
            return ConfigError(config, "bucketize: boundaries must be strictly increasing");
          }
        }
        return Make(OutputShape::Int64(), [boundaries](double x, FeatureValue& out) {
          out.integer =
              std::upper_bound(boundaries.begin(), boundaries.end(), x) - boundaries.begin();
          return true;
        });
      });
}

}  // namespace hindsight::features
