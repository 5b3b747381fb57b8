// Bit packing as the RLE/bit-packed hybrid and DELTA_BINARY_PACKED encodings use it:
// values packed back to back from the least significant bit of each byte, in groups
// of 8 values (a group of bit width w takes exactly w bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace hindsight::parquet {

inline constexpr size_t kBitPackGroupSize = 8;

// Smallest bit width that holds `max_value` (0 for 0).
int BitWidthFor(uint64_t max_value);

// Unpacks out.size() values of `bit_width` bits from `in`.
// REQUIRES: out.size() % 8 == 0, in.size() >= out.size() * bit_width / 8, and
// 0 <= bit_width <= 8 * sizeof(element) (int16_t: 16).
void UnpackBits(std::span<const uint8_t> in, int bit_width, std::span<uint8_t> out);
void UnpackBits(std::span<const uint8_t> in, int bit_width, std::span<int16_t> out);
void UnpackBits(std::span<const uint8_t> in, int bit_width, std::span<uint32_t> out);
void UnpackBits(std::span<const uint8_t> in, int bit_width, std::span<uint64_t> out);

// Packs in.size() values into in.size() * bit_width / 8 bytes at `out`, keeping only
// the low `bit_width` bits of each value.
// REQUIRES: in.size() % 8 == 0, out.size() >= in.size() * bit_width / 8, bit_width as above.
void PackBits(std::span<const uint8_t> in, int bit_width, std::span<uint8_t> out);
void PackBits(std::span<const int16_t> in, int bit_width, std::span<uint8_t> out);
void PackBits(std::span<const uint32_t> in, int bit_width, std::span<uint8_t> out);
void PackBits(std::span<const uint64_t> in, int bit_width, std::span<uint8_t> out);

}  // namespace hindsight::parquet
