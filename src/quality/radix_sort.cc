#include "quality/radix_sort.h"

#include <algorithm>
#include <array>
#include <bit>

namespace hindsight::quality {
namespace {

constexpr size_t kComparisonSortBelow = 512;
constexpr uint64_t kSignBit = uint64_t{1} << 63;

// Negative doubles: all bits flipped; positive: sign bit set. Unsigned order of the keys
// is then the numeric order of the doubles.
uint64_t KeyOf(double value) {
  const uint64_t bits = std::bit_cast<uint64_t>(value);
  return (bits & kSignBit) ? ~bits : bits | kSignBit;
}

double ValueOf(uint64_t key) {
  return std::bit_cast<double>((key & kSignBit) ? key & ~kSignBit : ~key);
}

}  // namespace

void RadixSortDoubles(std::vector<double>& values, std::vector<uint64_t>& scratch) {
  const size_t n = values.size();
  if (n < kComparisonSortBelow) {
    std::sort(values.begin(), values.end());
    return;
  }
  scratch.resize(2 * n);
  uint64_t* keys = scratch.data();
  uint64_t* other = scratch.data() + n;
  std::array<std::array<uint32_t, 256>, 8> counts{};
  for (size_t i = 0; i < n; ++i) {
    const uint64_t key = KeyOf(values[i]);
    keys[i] = key;
    for (int byte = 0; byte < 8; ++byte) ++counts[byte][(key >> (8 * byte)) & 0xff];
  }
  for (int byte = 0; byte < 8; ++byte) {
    auto& count = counts[byte];
    // Every key has the same byte here: this pass would not move anything.
    if (std::any_of(count.begin(), count.end(), [n](uint32_t c) { return c == n; })) continue;
    std::array<uint32_t, 256> offset;
    uint32_t running = 0;
    for (int b = 0; b < 256; ++b) {
      offset[b] = running;
      running += count[b];
    }
    const int shift = 8 * byte;
    for (size_t i = 0; i < n; ++i) other[offset[(keys[i] >> shift) & 0xff]++] = keys[i];
    std::swap(keys, other);
  }
  for (size_t i = 0; i < n; ++i) values[i] = ValueOf(keys[i]);
}

}  // namespace hindsight::quality
