#include "parquet/bloom/bloom_hash.h"

#include <xxhash.h>

namespace hindsight::parquet {
namespace {

// Fixed-width values hash their little-endian bytes, which is their memory layout here.
template <typename T>
uint64_t HashFixed(T value) {
  return XXH64(&value, sizeof(value), kBloomHashSeed);
}

template <typename T>
void HashAll(std::span<const T> values, std::span<uint64_t> out) {
  for (size_t i = 0; i < values.size(); ++i) out[i] = HashFixed(values[i]);
}

}  // namespace

uint64_t BloomHash(int32_t value) { return HashFixed(value); }
uint64_t BloomHash(int64_t value) { return HashFixed(value); }
uint64_t BloomHash(float value) { return HashFixed(value); }
uint64_t BloomHash(double value) { return HashFixed(value); }
uint64_t BloomHash(std::string_view bytes) {
  return XXH64(bytes.data(), bytes.size(), kBloomHashSeed);
}

void BloomHashes(std::span<const int32_t> values, std::span<uint64_t> out) { HashAll(values, out); }
void BloomHashes(std::span<const int64_t> values, std::span<uint64_t> out) { HashAll(values, out); }
void BloomHashes(std::span<const float> values, std::span<uint64_t> out) { HashAll(values, out); }
void BloomHashes(std::span<const double> values, std::span<uint64_t> out) { HashAll(values, out); }
void BloomHashes(ByteArrayView values, std::span<uint64_t> out) {
  for (size_t i = 0; i < values.size(); ++i) out[i] = BloomHash(values[i]);
}

}  // namespace hindsight::parquet
