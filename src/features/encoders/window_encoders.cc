// window_count, window_sum, window_mean, recency: aggregates of a list the generator has
// already filtered to the time window.
#include "features/encoders/builtin_encoders.h"
#include "features/encoders/encoder_checks.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::features {
namespace {

enum class Aggregate { kCount, kSum, kMean };

class WindowEncoder : public Encoder {
 public:
  WindowEncoder(Aggregate aggregate, double scale) : aggregate_(aggregate), scale_(scale) {}
  OutputShape shape() const override { return OutputShape::Double(); }
  bool Encode(const EncodeInput& in, FeatureValue& out) const override {
    const Values& values = *(*in.inputs)[0];
    const size_t n = values.size();
    if (aggregate_ == Aggregate::kCount) {
      out.number = static_cast<double>(n);
      return true;
    }
    double sum = 0;
    for (size_t i = 0; i < n; ++i) sum += values.Number(i);
    if (aggregate_ == Aggregate::kSum) {
      out.number = scale_ * sum;
      return true;
    }
    if (n == 0) return false;
    out.number = scale_ * sum / static_cast<double>(n);
    return true;
  }

 private:
  Aggregate aggregate_;
  double scale_;
};

// (t - the latest time <= t) / unit.
class RecencyEncoder : public Encoder {
 public:
  explicit RecencyEncoder(int64_t unit_us) : unit_us_(unit_us) {}
  OutputShape shape() const override { return OutputShape::Double(); }
  bool Encode(const EncodeInput& in, FeatureValue& out) const override {
    const Values& values = *(*in.inputs)[0];
    bool found = false;
    int64_t latest = 0;
    for (int64_t time : values.integers) {
      if (time <= in.as_of_us && (!found || time > latest)) {
        latest = time;
        found = true;
      }
    }
    if (!found) return false;
    out.number = static_cast<double>(in.as_of_us - latest) / static_cast<double>(unit_us_);
    return true;
  }

 private:
  int64_t unit_us_;
};

EncoderFactory WindowFactory(Aggregate aggregate) {
  return [aggregate](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
    HS_RETURN_IF_ERROR(NeedOneInput(config));
    HS_RETURN_IF_ERROR(NeedWindow(config));
    HS_RETURN_IF_ERROR(NoItem(config));
    double scale = 1;
    if (aggregate != Aggregate::kCount) {
      HS_RETURN_IF_ERROR(NeedNumeric(config, config.inputs[0]));
      if (config.params->Has("scale")) {
        HS_ASSIGN_OR_RETURN(scale, config.params->Number("scale"));
      }
    }
    return std::unique_ptr<Encoder>(new WindowEncoder(aggregate, scale));
  };
}

}  // namespace

void RegisterWindowEncoders(EncoderRegistry& registry) {
  (void)registry.Register("window_count", WindowFactory(Aggregate::kCount));
  (void)registry.Register("window_sum", WindowFactory(Aggregate::kSum));
  (void)registry.Register("window_mean", WindowFactory(Aggregate::kMean));
  (void)registry.Register(
      "recency", [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
        HS_RETURN_IF_ERROR(NeedOneInput(config));
        HS_RETURN_IF_ERROR(NoItem(config));
        if (config.inputs[0].type != ValueType::kInteger) {
          return ConfigError(
              config, StrCat("recency needs integer times (µs); ", config.inputs[0].path, " holds ",
                             ValueTypeName(config.inputs[0].type), "s"));
        }
        std::string unit = "days";
        if (config.params->Has("unit")) {
          HS_ASSIGN_OR_RETURN(unit, config.params->String("unit"));
        }
        int64_t unit_us = 0;
        if (unit == "seconds") unit_us = kMicrosPerSecond;
        if (unit == "minutes") unit_us = kMicrosPerMinute;
        if (unit == "hours") unit_us = kMicrosPerHour;
        if (unit == "days") unit_us = kMicrosPerDay;
        if (unit_us == 0) {
          return ConfigError(config,
                             StrCat("unit '", unit, "' must be seconds, minutes, hours or days"));
        }
        return std::unique_ptr<Encoder>(new RecencyEncoder(unit_us));
      });
}

}  // namespace hindsight::features
