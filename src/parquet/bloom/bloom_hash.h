// Hashes for split-block Bloom filters: XXH64 with seed 0 of a value's PLAIN bytes
// (BloomFilter.md). Byte arrays (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, INT96) hash their
// bytes alone, without PLAIN's 4-byte length prefix, as parquet-mr and Arrow do.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "parquet/encoding/byte_array.h"

namespace hindsight::parquet {

// XXH64 seed used by the XXHASH bloom filter hash strategy.
inline constexpr uint64_t kBloomHashSeed = 0;

uint64_t BloomHash(int32_t value);
uint64_t BloomHash(int64_t value);
uint64_t BloomHash(float value);
uint64_t BloomHash(double value);
uint64_t BloomHash(std::string_view bytes);

// Batch forms: out[i] = BloomHash(values[i]). REQUIRES: out.size() >= number of values.
void BloomHashes(std::span<const int32_t> values, std::span<uint64_t> out);
void BloomHashes(std::span<const int64_t> values, std::span<uint64_t> out);
void BloomHashes(std::span<const float> values, std::span<uint64_t> out);
void BloomHashes(std::span<const double> values, std::span<uint64_t> out);
void BloomHashes(ByteArrayView values, std::span<uint64_t> out);

}  // namespace hindsight::parquet
