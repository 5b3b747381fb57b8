// The built-in encoders of docs/FEATURES.md, registered into a registry by name.
#pragma once

#include "features/encoder.h"

namespace hindsight::features {

void RegisterBuiltinEncoders(EncoderRegistry& registry);

}  // namespace hindsight::features
