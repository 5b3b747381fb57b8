#include "parquet/bloom/split_block_bloom_filter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "parquet/bloom/bloom_hash.h"

namespace hindsight::parquet {
namespace {

// parquet-testing's data/bloom_filter.xxhash.bin: a Thrift compact BloomFilterHeader
// (numBytes, algorithm, hash, compression) then the bitset, written by parquet-mr
// after inserting these strings (data/README.md).
const char* const kReferenceValues[] = {"hello", "parquet", "bloom", "filter"};

std::vector<uint8_t> ReadReferenceFile() {
  const char* source_dir = std::getenv("HINDSIGHT_SOURCE_DIR");
  const std::string path = std::string(source_dir ? source_dir : ".") +
                           "/../shared/parquet-testing/data/bloom_filter.xxhash.bin";
  std::ifstream file(path, std::ios::binary);
  EXPECT_TRUE(file.good()) << "cannot open " << path;
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// Just enough Thrift compact protocol for this header: i32 fields and nested empty
// structs. Returns the header length and numBytes (field 1).
struct ReferenceHeader {
  size_t length = 0;
  int64_t num_bytes = -1;
};

uint64_t ReadVarint(const std::vector<uint8_t>& data, size_t* pos) {
  uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t byte = data.at((*pos)++);
    value |= uint64_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) return value;
  }
}

void SkipStruct(const std::vector<uint8_t>& data, size_t* pos, ReferenceHeader* header, int depth) {
  int16_t field_id = 0;
  while (true) {
    const uint8_t field = data.at((*pos)++);
    if (field == 0) return;  // STOP
    field_id = static_cast<int16_t>(field_id + (field >> 4));
    const int type = field & 0x0f;
    if (type == 5) {  // i32, zigzag varint
      const uint64_t raw = ReadVarint(data, pos);
      const int64_t value = static_cast<int64_t>(raw >> 1) ^ -static_cast<int64_t>(raw & 1);
      if (depth == 0 && field_id == 1) header->num_bytes = value;
    } else if (type == 12) {  // struct
      SkipStruct(data, pos, header, depth + 1);
    } else {
      ADD_FAILURE() << "unexpected Thrift type " << type;
      return;
    }
  }
}

ReferenceHeader ParseReferenceHeader(const std::vector<uint8_t>& data) {
  ReferenceHeader header;
  size_t pos = 0;
  SkipStruct(data, &pos, &header, 0);
  header.length = pos;
  return header;
}

TEST(SplitBlockBloomFilterTest, ReferenceFileContainsItsValues) {
  const std::vector<uint8_t> file = ReadReferenceFile();
  ASSERT_FALSE(file.empty());
  const ReferenceHeader header = ParseReferenceHeader(file);
  ASSERT_EQ(header.num_bytes, 1024);
  ASSERT_EQ(file.size(), header.length + 1024);
  auto filter =
      SplitBlockBloomFilter::FromBitset(std::span<const uint8_t>(file).subspan(header.length));
  ASSERT_TRUE(filter.ok()) << filter.status();
  for (const char* value : kReferenceValues) {
    EXPECT_TRUE(filter->MightContain(BloomHash(std::string_view(value)))) << value;
  }
  // parquet-mr sized it for its default 1% false-positive probability; with four
  // values in 32 blocks the rate is far lower.
  std::mt19937_64 rng(81);
  int false_positives = 0;
  const int probes = 100000;
  for (int i = 0; i < probes; ++i) {
    const std::string other = "other-" + std::to_string(rng());
    false_positives += filter->MightContain(BloomHash(std::string_view(other)));
  }
  EXPECT_LT(false_positives, probes / 100);
}

TEST(SplitBlockBloomFilterTest, InsertingTheReferenceValuesReproducesTheFileBitset) {
  const std::vector<uint8_t> file = ReadReferenceFile();
  const ReferenceHeader header = ParseReferenceHeader(file);
  SplitBlockBloomFilter filter(1024);
  for (const char* value : kReferenceValues) filter.Insert(BloomHash(std::string_view(value)));
  const std::span<const uint8_t> bitset = filter.bitset();
  EXPECT_EQ(std::vector<uint8_t>(bitset.begin(), bitset.end()),
            std::vector<uint8_t>(file.begin() + header.length, file.end()));
}

TEST(SplitBlockBloomFilterTest, SetsOneSaltedBitPerWordOfTheChosenBlock) {
  SplitBlockBloomFilter filter(64);  // two blocks
  // Upper half 0x80000000 picks block (0x80000000 * 2) >> 32 = 1; key 1 sets, in
  // word i, bit SALT[i] >> 27.
  filter.Insert(0x80000000'00000001ULL);
  const uint32_t salts[8] = {0x47b6137bU, 0x44974d91U, 0x8824ad5bU, 0xa2b7289dU,
                             0x705495c7U, 0x2df1424bU, 0x9efc4947U, 0x5c6bfb31U};
  std::vector<uint8_t> expected(64, 0);
  for (int i = 0; i < 8; ++i) {
    const uint32_t word = uint32_t{1} << (salts[i] >> 27);
    for (int b = 0; b < 4; ++b) expected[32 + 4 * i + b] = static_cast<uint8_t>(word >> (8 * b));
  }
  EXPECT_EQ(std::vector<uint8_t>(filter.bitset().begin(), filter.bitset().end()), expected);
  EXPECT_TRUE(filter.MightContain(0x80000000'00000001ULL));
  EXPECT_FALSE(filter.MightContain(0x00000000'00000001ULL));  // same bits, block 0
}

TEST(SplitBlockBloomFilterTest, SizesFollowTheSpecFormula) {
  // 10k values at 1%: 8 / -ln(1 - 0.01^(1/8)) = 9.68 bits each, 12.1 KB, rounded to 16 KiB.
  EXPECT_EQ(SplitBlockBloomFilter::OptimalNumBytes(10000, 0.01), 16384u);
  EXPECT_EQ(SplitBlockBloomFilter::OptimalNumBytes(0, 0.01), SplitBlockBloomFilter::kMinBytes);
  EXPECT_EQ(SplitBlockBloomFilter::OptimalNumBytes(1, 0.5), SplitBlockBloomFilter::kMinBytes);
  EXPECT_EQ(SplitBlockBloomFilter::OptimalNumBytes(uint64_t{1} << 40, 0.01),
            SplitBlockBloomFilter::kMaxBytes);
  EXPECT_EQ(SplitBlockBloomFilter::OptimalNumBytes(1000, 0.0), SplitBlockBloomFilter::kMaxBytes);
  EXPECT_EQ(SplitBlockBloomFilter::OptimalNumBytes(1000, 1.5), SplitBlockBloomFilter::kMinBytes);
  size_t previous = 0;
  for (uint64_t ndv = 1; ndv < 10'000'000; ndv *= 3) {
    const size_t bytes = SplitBlockBloomFilter::OptimalNumBytes(ndv, 0.05);
    EXPECT_EQ(bytes & (bytes - 1), 0u) << "power of two";
    EXPECT_GE(bytes, previous);
    previous = bytes;
  }
  EXPECT_EQ(SplitBlockBloomFilter(100).num_bytes(), 128u);
  EXPECT_EQ(SplitBlockBloomFilter(1).num_bytes(), 32u);
}

TEST(SplitBlockBloomFilterTest, FalsePositiveRateMeetsTheConfiguredProbability) {
  std::mt19937_64 rng(82);
  for (double fpp : {0.01, 0.05}) {
    const uint64_t ndv = 20000;
    SplitBlockBloomFilter filter(SplitBlockBloomFilter::OptimalNumBytes(ndv, fpp));
    std::unordered_set<int64_t> inserted;
    while (inserted.size() < ndv) inserted.insert(static_cast<int64_t>(rng()));
    for (int64_t v : inserted) filter.Insert(BloomHash(v));
    for (int64_t v : inserted)
      ASSERT_TRUE(filter.MightContain(BloomHash(v))) << "no false negatives";
    int false_positives = 0;
    const int probes = 200000;
    for (int i = 0; i < probes; ++i) {
      const auto v = static_cast<int64_t>(rng());
      if (!inserted.count(v)) false_positives += filter.MightContain(BloomHash(v));
    }
    EXPECT_LE(false_positives, fpp * probes) << fpp;
    EXPECT_GT(false_positives, 0) << fpp;
  }
}

TEST(SplitBlockBloomFilterTest, BitsetRoundTripsThroughFromBitset) {
  SplitBlockBloomFilter filter(4096);
  std::vector<uint64_t> hashes;
  for (int i = 0; i < 300; ++i) hashes.push_back(BloomHash(int32_t{i}));
  filter.InsertAll(hashes);
  auto copy = SplitBlockBloomFilter::FromBitset(filter.bitset());
  ASSERT_TRUE(copy.ok());
  for (uint64_t hash : hashes) EXPECT_TRUE(copy->MightContain(hash));
  EXPECT_EQ(std::vector<uint8_t>(copy->bitset().begin(), copy->bitset().end()),
            std::vector<uint8_t>(filter.bitset().begin(), filter.bitset().end()));
}

TEST(SplitBlockBloomFilterTest, AcceptsBitsetsThatAreNotPowersOfTwo) {
  std::vector<uint8_t> bitset(96, 0);  // three blocks
  auto filter = SplitBlockBloomFilter::FromBitset(bitset);
  ASSERT_TRUE(filter.ok());
  filter->Insert(0xFFFFFFFF'12345678ULL);  // last block: (0xFFFFFFFF * 3) >> 32 = 2
  EXPECT_TRUE(filter->MightContain(0xFFFFFFFF'12345678ULL));
  const auto bytes = filter->bitset();
  EXPECT_TRUE(std::all_of(bytes.begin(), bytes.begin() + 64, [](uint8_t b) { return b == 0; }));
}

TEST(SplitBlockBloomFilterTest, RejectsBadBitsetSizes) {
  EXPECT_FALSE(SplitBlockBloomFilter::FromBitset({}).ok());
  EXPECT_FALSE(SplitBlockBloomFilter::FromBitset(std::vector<uint8_t>(33)).ok());
  EXPECT_EQ(SplitBlockBloomFilter::FromBitset(std::vector<uint8_t>(31)).status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace hindsight::parquet
