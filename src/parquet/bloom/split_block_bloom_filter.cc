#include "parquet/bloom/split_block_bloom_filter.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the bitset words are stored little endian and copied as is");

// BloomFilter.md: the eight salts of the per-word multiplicative hashes.
constexpr uint32_t kSalt[SplitBlockBloomFilter::kWordsPerBlock] = {
    0x47b6137bU, 0x44974d91U, 0x8824ad5bU, 0xa2b7289dU,
    0x705495c7U, 0x2df1424bU, 0x9efc4947U, 0x5c6bfb31U};
// Top 5 bits of the 32-bit product: a bit index in [0, 31].
constexpr int kBitIndexShift = 27;

size_t ClampToPowerOfTwo(size_t num_bytes) {
  num_bytes =
      std::clamp(num_bytes, SplitBlockBloomFilter::kMinBytes, SplitBlockBloomFilter::kMaxBytes);
  return std::bit_ceil(num_bytes);
}

}  // namespace

size_t SplitBlockBloomFilter::OptimalNumBytes(uint64_t ndv, double fpp) {
  if (ndv == 0 || !(fpp < 1.0)) return kMinBytes;
  if (!(fpp > 0.0)) return kMaxBytes;
  const double bits_per_value = -8.0 / std::log(1.0 - std::pow(fpp, 1.0 / 8.0));
  const double bytes = std::ceil(bits_per_value * static_cast<double>(ndv) / 8.0);
  if (!(bytes < static_cast<double>(kMaxBytes))) return kMaxBytes;
  return ClampToPowerOfTwo(static_cast<size_t>(bytes));
}

SplitBlockBloomFilter::SplitBlockBloomFilter(size_t num_bytes)
    : words_(ClampToPowerOfTwo(num_bytes) / sizeof(uint32_t), 0),
      num_blocks_(words_.size() / kWordsPerBlock) {}

StatusOr<SplitBlockBloomFilter> SplitBlockBloomFilter::FromBitset(std::span<const uint8_t> bitset) {
  if (bitset.empty() || bitset.size() % kBytesPerBlock != 0 || bitset.size() > kMaxBytes) {
    return absl::DataLossError(StrCat("bloom filter bitset of ", bitset.size(),
                                      " bytes is not a positive multiple of ", kBytesPerBlock,
                                      " up to ", kMaxBytes));
  }
  SplitBlockBloomFilter filter;
  filter.words_.resize(bitset.size() / sizeof(uint32_t));
  std::memcpy(filter.words_.data(), bitset.data(), bitset.size());
  filter.num_blocks_ = filter.words_.size() / kWordsPerBlock;
  return filter;
}

uint32_t* SplitBlockBloomFilter::BlockFor(uint64_t hash) {
  return words_.data() + ((hash >> 32) * num_blocks_ >> 32) * kWordsPerBlock;
}

const uint32_t* SplitBlockBloomFilter::BlockFor(uint64_t hash) const {
  return words_.data() + ((hash >> 32) * num_blocks_ >> 32) * kWordsPerBlock;
}

void SplitBlockBloomFilter::Insert(uint64_t hash) {
  uint32_t* block = BlockFor(hash);
  const auto key = static_cast<uint32_t>(hash);
  for (size_t i = 0; i < kWordsPerBlock; ++i) {
    block[i] |= uint32_t{1} << ((key * kSalt[i]) >> kBitIndexShift);
  }
}

void SplitBlockBloomFilter::InsertAll(std::span<const uint64_t> hashes) {
  for (const uint64_t hash : hashes) Insert(hash);
}

bool SplitBlockBloomFilter::MightContain(uint64_t hash) const {
  const uint32_t* block = BlockFor(hash);
  const auto key = static_cast<uint32_t>(hash);
  uint32_t missing = 0;
  for (size_t i = 0; i < kWordsPerBlock; ++i) {
    missing |= ~block[i] & (uint32_t{1} << ((key * kSalt[i]) >> kBitIndexShift));
  }
  return missing == 0;
}

}  // namespace hindsight::parquet
