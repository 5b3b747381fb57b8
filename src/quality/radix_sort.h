// Sorts doubles by an LSD radix sort on their order-preserving 64-bit keys, skipping
// the byte positions where every key agrees (ids and timestamps vary in a few bytes
// only). Profiles sort every batch of numbers; this is several times faster than
// comparison sorting there. NaN must not be present.
#pragma once

#include <cstdint>
#include <vector>

namespace hindsight::quality {

// `scratch` is reused between calls to avoid allocating.
void RadixSortDoubles(std::vector<double>& values, std::vector<uint64_t>& scratch);

}  // namespace hindsight::quality
