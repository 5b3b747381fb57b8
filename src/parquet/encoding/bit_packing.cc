#include "parquet/encoding/bit_packing.h"

#include <array>
#include <bit>
#include <cstring>
#include <type_traits>
#include <utility>

namespace hindsight::parquet {
namespace {

// A group of 8 values of width W occupies W bytes; it is staged in 64-bit words (plus
// one spare word so that a value straddling the last word boundary reads zeros).
template <int kWidth>
inline constexpr size_t kGroupWords = (kWidth + 7) / 8 + 1;

template <int kWidth>
inline constexpr uint64_t kWidthMask = kWidth == 64 ? ~uint64_t{0} : (uint64_t{1} << kWidth) - 1;

template <int kWidth, size_t kIndex>
inline uint64_t ExtractValue(const uint64_t* words) {
  constexpr size_t kBit = kIndex * kWidth;
  constexpr size_t kWord = kBit / 64;
  constexpr size_t kShift = kBit % 64;
  uint64_t value = words[kWord] >> kShift;
  if constexpr (kShift + kWidth > 64) value |= words[kWord + 1] << (64 - kShift);
  return value & kWidthMask<kWidth>;
}

template <int kWidth, typename Out, size_t... kIndex>
inline void Unpack8(const uint8_t* in, Out* out, std::index_sequence<kIndex...>) {
  if constexpr (kWidth == 0) {
    ((out[kIndex] = 0), ...);
  } else {
    uint64_t words[kGroupWords<kWidth>] = {};
    std::memcpy(words, in, kWidth);
    ((out[kIndex] = static_cast<Out>(ExtractValue<kWidth, kIndex>(words))), ...);
  }
}

template <int kWidth, size_t kIndex>
inline void DepositValue(uint64_t value, uint64_t* words) {
  constexpr size_t kBit = kIndex * kWidth;
  constexpr size_t kWord = kBit / 64;
  constexpr size_t kShift = kBit % 64;
  value &= kWidthMask<kWidth>;
  words[kWord] |= value << kShift;
  if constexpr (kShift + kWidth > 64) words[kWord + 1] |= value >> (64 - kShift);
}

template <typename In>
inline uint64_t AsUnsigned64(In value) {
  return static_cast<uint64_t>(static_cast<std::make_unsigned_t<In>>(value));
}

template <int kWidth, typename In, size_t... kIndex>
inline void Pack8(const In* in, uint8_t* out, std::index_sequence<kIndex...>) {
  if constexpr (kWidth > 0) {
    uint64_t words[kGroupWords<kWidth>] = {};
    (DepositValue<kWidth, kIndex>(AsUnsigned64(in[kIndex]), words), ...);
    std::memcpy(out, words, kWidth);
  }
}

template <int kWidth, typename Out>
void UnpackGroups(const uint8_t* in, size_t groups, Out* out) {
  for (size_t g = 0; g < groups; ++g) {
    Unpack8<kWidth>(in + g * kWidth, out + g * kBitPackGroupSize,
                    std::make_index_sequence<kBitPackGroupSize>());
  }
}

template <int kWidth, typename In>
void PackGroups(const In* in, size_t groups, uint8_t* out) {
  for (size_t g = 0; g < groups; ++g) {
    Pack8<kWidth>(in + g * kBitPackGroupSize, out + g * kWidth,
                  std::make_index_sequence<kBitPackGroupSize>());
  }
}

template <typename Out>
using UnpackGroupsFn = void (*)(const uint8_t*, size_t, Out*);
template <typename In>
using PackGroupsFn = void (*)(const In*, size_t, uint8_t*);

// One specialised routine per bit width, chosen once per call (not per value).
template <typename T, size_t... kWidth>
constexpr std::array<UnpackGroupsFn<T>, sizeof...(kWidth)> MakeUnpackTable(
    std::index_sequence<kWidth...>) {
  return {&UnpackGroups<static_cast<int>(kWidth), T>...};
}
template <typename T, size_t... kWidth>
constexpr std::array<PackGroupsFn<T>, sizeof...(kWidth)> MakePackTable(
    std::index_sequence<kWidth...>) {
  return {&PackGroups<static_cast<int>(kWidth), T>...};
}

template <typename T>
inline constexpr auto kUnpackTable =
    MakeUnpackTable<T>(std::make_index_sequence<8 * sizeof(T) + 1>());
template <typename T>
inline constexpr auto kPackTable = MakePackTable<T>(std::make_index_sequence<8 * sizeof(T) + 1>());

template <typename T>
void UnpackWith(std::span<const uint8_t> in, int bit_width, std::span<T> out) {
  kUnpackTable<T>[bit_width](in.data(), out.size() / kBitPackGroupSize, out.data());
}

template <typename T>
void PackWith(std::span<const T> in, int bit_width, std::span<uint8_t> out) {
  kPackTable<T>[bit_width](in.data(), in.size() / kBitPackGroupSize, out.data());
}

}  // namespace

int BitWidthFor(uint64_t max_value) { return 64 - std::countl_zero(max_value); }

void UnpackBits(std::span<const uint8_t> in, int bit_width, std::span<uint8_t> out) {
  UnpackWith(in, bit_width, out);
}
void UnpackBits(std::span<const uint8_t> in, int bit_width, std::span<int16_t> out) {
  UnpackWith(in, bit_width, out);
}
void UnpackBits(std::span<const uint8_t> in, int bit_width, std::span<uint32_t> out) {
  UnpackWith(in, bit_width, out);
}
void UnpackBits(std::span<const uint8_t> in, int bit_width, std::span<uint64_t> out) {
  UnpackWith(in, bit_width, out);
}

void PackBits(std::span<const uint8_t> in, int bit_width, std::span<uint8_t> out) {
  PackWith(in, bit_width, out);
}
void PackBits(std::span<const int16_t> in, int bit_width, std::span<uint8_t> out) {
  PackWith(in, bit_width, out);
}
void PackBits(std::span<const uint32_t> in, int bit_width, std::span<uint8_t> out) {
  PackWith(in, bit_width, out);
}
void PackBits(std::span<const uint64_t> in, int bit_width, std::span<uint8_t> out) {
  PackWith(in, bit_width, out);
}

}  // namespace hindsight::parquet
