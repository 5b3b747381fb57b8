// Integers as the Parquet encodings store them: ULEB128 varints, zigzag for signed
// values, and fixed-width little endian. Readers never read past the given span.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace hindsight::parquet {

static_assert(std::endian::native == std::endian::little,
              "the Parquet codec stores values little endian and copies them as is");

// A 64-bit ULEB128 value takes at most 10 bytes (7 payload bits each).
inline constexpr size_t kMaxUleb128Bytes = 10;

// Reads a ULEB128 value at data[*pos] and advances *pos past it. Returns false, leaving
// *pos unchanged, if the varint is truncated or does not fit in 64 bits.
inline bool ReadUleb128(std::span<const uint8_t> data, size_t* pos, uint64_t* value) {
  uint64_t result = 0;
  size_t at = *pos;
  for (size_t i = 0; i < kMaxUleb128Bytes; ++i, ++at) {
    if (at >= data.size()) return false;
    const uint8_t byte = data[at];
    if (i == kMaxUleb128Bytes - 1 && byte > 1) return false;  // bits past 64
    result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      *pos = at + 1;
      *value = result;
      return true;
    }
  }
  return false;
}

inline void AppendUleb128(uint64_t value, std::vector<uint8_t>* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<uint8_t>(value));
}

inline size_t Uleb128Size(uint64_t value) {
  size_t size = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++size;
  }
  return size;
}

inline uint64_t ZigZagEncode(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}

inline int64_t ZigZagDecode(uint64_t value) {
  return static_cast<int64_t>((value >> 1) ^ (~(value & 1) + 1));
}

inline uint32_t LoadLittleEndian32(const uint8_t* bytes) {
  uint32_t value;
  std::memcpy(&value, bytes, sizeof(value));
  return value;
}

inline void AppendLittleEndian32(uint32_t value, std::vector<uint8_t>* out) {
  uint8_t bytes[sizeof(value)];
  std::memcpy(bytes, &value, sizeof(value));
  out->insert(out->end(), bytes, bytes + sizeof(value));
}

}  // namespace hindsight::parquet
