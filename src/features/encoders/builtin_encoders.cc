#include "features/encoders/builtin_encoders.h"

namespace hindsight::features {

void RegisterNumericEncoders(EncoderRegistry& registry);
void RegisterCategoricalEncoders(EncoderRegistry& registry);
void RegisterWindowEncoders(EncoderRegistry& registry);
void RegisterSetEncoders(EncoderRegistry& registry);
void RegisterVectorEncoders(EncoderRegistry& registry);

void RegisterBuiltinEncoders(EncoderRegistry& registry) {
  RegisterNumericEncoders(registry);
  RegisterCategoricalEncoders(registry);
  RegisterWindowEncoders(registry);
  RegisterSetEncoders(registry);
  RegisterVectorEncoders(registry);
}

}  // namespace hindsight::features
