// Checks encoder factories share: how many inputs, scalar or list, which value types,
// item present or not. Each returns InvalidArgument prefixed with the feature's Where().
#pragma once

#include <string>

#include "features/encoder.h"

namespace hindsight::features {

Status ConfigError(const EncoderConfig& config, const std::string& message);
// Exactly one input; `list` says whether a list is required (true), refused (false).
Status NeedOneInput(const EncoderConfig& config);
Status NeedScalar(const EncoderConfig& config);
Status NeedNumeric(const EncoderConfig& config, const InputInfo& input);
Status NeedWindow(const EncoderConfig& config);
Status NoItem(const EncoderConfig& config);

}  // namespace hindsight::features
