#include "features/encoders/encoder_checks.h"

#include "util/str_cat.h"

namespace hindsight::features {

Status ConfigError(const EncoderConfig& config, const std::string& message) {
  return absl::InvalidArgumentError(StrCat(config.params->Where(), message));
}

Status NeedOneInput(const EncoderConfig& config) {
  if (config.inputs.size() != 1) {
    return ConfigError(config, StrCat(config.encoder, " needs exactly one input"));
  }
  return absl::OkStatus();
}

Status NeedScalar(const EncoderConfig& config) {
  HS_RETURN_IF_ERROR(NeedOneInput(config));
  if (config.inputs[0].list) {
    return ConfigError(config, StrCat(config.encoder, " needs a scalar input; ",
                                      config.inputs[0].path, " is a list"));
  }
  return absl::OkStatus();
}

Status NeedNumeric(const EncoderConfig& config, const InputInfo& input) {
  if (input.type == ValueType::kString) {
    return ConfigError(config,
                       StrCat(config.encoder, " needs numbers; ", input.path, " holds strings"));
  }
  return absl::OkStatus();
}

Status NeedWindow(const EncoderConfig& config) {
  if (!config.timed || !config.window_us) {
    return ConfigError(config, StrCat(config.encoder, " needs time and window"));
  }
  return absl::OkStatus();
}

Status NoItem(const EncoderConfig& config) {
  if (config.item) return ConfigError(config, StrCat(config.encoder, " takes no item"));
  return absl::OkStatus();
}

}  // namespace hindsight::features
