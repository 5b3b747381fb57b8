#include "features/encoders/value_text.h"

#include <charconv>

namespace hindsight::features {

uint64_t Fnv1a64(std::string_view bytes, uint64_t hash) {
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= kFnvPrime;
  }
  return hash;
}

void AppendValueText(const Values& values, size_t i, std::string& out) {
  char buffer[32];
  switch (values.type) {
    case ValueType::kInteger: {
      auto result = std::to_chars(buffer, buffer + sizeof(buffer), values.integers[i]);
      out.append(buffer, result.ptr);
      break;
    }
    case ValueType::kNumber:
    case ValueType::kFloat: {
      auto result = std::to_chars(buffer, buffer + sizeof(buffer), values.Number(i));
      out.append(buffer, result.ptr);
      break;
    }
    case ValueType::kString:
      out.append(values.strings[i]);
      break;
  }
}

}  // namespace hindsight::features
