// text(x) and fnv1a64 of docs/FEATURES.md: the canonical bytes hashed by `hash` and
// `cross_hash`, and the hash itself (FNV-1a, 64 bit). The oracle tests reimplement both.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "features/encoder.h"

namespace hindsight::features {

inline constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
inline constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

// Continues an FNV-1a hash over `bytes` (start with kFnvOffsetBasis).
uint64_t Fnv1a64(std::string_view bytes, uint64_t hash = kFnvOffsetBasis);
// Appends text(value i of `values`) to `out`.
void AppendValueText(const Values& values, size_t i, std::string& out);

}  // namespace hindsight::features
