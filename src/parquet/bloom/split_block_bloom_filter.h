// Split-block Bloom filter (parquet-format BloomFilter.md). The bitset is an array of
// 256-bit blocks of eight 32-bit little-endian words. The upper 32 bits of a value's
// 64-bit hash pick the block, ((hash >> 32) * num_blocks) >> 32; the lower 32 bits,
// times each of eight salt constants, pick one bit in each word (the top 5 bits of the
// product). Only the bitset lives here; its Thrift header is in src/parquet/format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "util/status.h"

namespace hindsight::parquet {

class SplitBlockBloomFilter {
 public:
  static constexpr size_t kWordsPerBlock = 8;
  static constexpr size_t kBytesPerBlock = kWordsPerBlock * sizeof(uint32_t);
  // Writers size bitsets as powers of two in [32 B, 128 MiB], as parquet-mr and Arrow do.
  static constexpr size_t kMinBytes = kBytesPerBlock;
  static constexpr size_t kMaxBytes = size_t{128} << 20;

  // Bitset bytes for `ndv` distinct values at false-positive probability `fpp`:
  // 8 / -ln(1 - fpp^(1/8)) bits per value, rounded up to a power of two and clamped
  // to [kMinBytes, kMaxBytes]. fpp outside (0, 1) is clamped too.
  static size_t OptimalNumBytes(uint64_t ndv, double fpp);

  // An empty filter of num_bytes rounded up to a power of two within [kMinBytes, kMaxBytes].
  explicit SplitBlockBloomFilter(size_t num_bytes);

  // A filter over a bitset read from a file (copied). Error unless its size is a
  // positive multiple of kBytesPerBlock no larger than kMaxBytes.
  [[nodiscard]] static StatusOr<SplitBlockBloomFilter> FromBitset(std::span<const uint8_t> bitset);

  void Insert(uint64_t hash);
  void InsertAll(std::span<const uint64_t> hashes);
  // False means the value was never inserted; true means it probably was.
  bool MightContain(uint64_t hash) const;

  // The bitset as stored in the file after the header.
  std::span<const uint8_t> bitset() const {
    return {reinterpret_cast<const uint8_t*>(words_.data()), words_.size() * sizeof(uint32_t)};
  }
  size_t num_bytes() const { return words_.size() * sizeof(uint32_t); }

 private:
  SplitBlockBloomFilter() = default;

  uint32_t* BlockFor(uint64_t hash);
  const uint32_t* BlockFor(uint64_t hash) const;

  std::vector<uint32_t> words_;
  uint64_t num_blocks_ = 0;
};

}  // namespace hindsight::parquet
