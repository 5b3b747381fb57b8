#include "parquet/bloom/bloom_hash.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <cstring>
#include <vector>

namespace hindsight::parquet {
namespace {

TEST(BloomHashTest, EmptyBytesHashToTheXxh64TestVector) {
  // XXH64 of no bytes with seed 0, from the xxHash reference test vectors.
  EXPECT_EQ(BloomHash(std::string_view()), 0xEF46DB3751D8E999ULL);
}

TEST(BloomHashTest, FixedWidthValuesHashTheirPlainBytes) {
  const uint8_t int32_bytes[] = {0x04, 0x03, 0x02, 0x01};
  EXPECT_EQ(BloomHash(int32_t{0x01020304}), XXH64(int32_bytes, 4, 0));
  const uint8_t int64_bytes[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  EXPECT_EQ(BloomHash(int64_t{-1}), XXH64(int64_bytes, 8, 0));
  const uint8_t float_bytes[] = {0x00, 0x00, 0x80, 0x3F};  // 1.0f
  EXPECT_EQ(BloomHash(1.0f), XXH64(float_bytes, 4, 0));
  const uint8_t double_bytes[] = {0, 0, 0, 0, 0, 0, 0xF0, 0x3F};  // 1.0
  EXPECT_EQ(BloomHash(1.0), XXH64(double_bytes, 8, 0));
  EXPECT_NE(BloomHash(0.0), BloomHash(-0.0));
}

TEST(BloomHashTest, ByteArraysHashWithoutLengthPrefix) {
  EXPECT_EQ(BloomHash(std::string_view("hello")), XXH64("hello", 5, 0));
}

TEST(BloomHashTest, BatchFormsMatchSingleValues) {
  const std::vector<int64_t> longs = {1, -7, 1LL << 40};
  std::vector<uint64_t> out(longs.size());
  BloomHashes(std::span<const int64_t>(longs), out);
  for (size_t i = 0; i < longs.size(); ++i) EXPECT_EQ(out[i], BloomHash(longs[i]));

  const std::vector<float> floats = {0.5f, -3.0f};
  BloomHashes(std::span<const float>(floats), out);
  for (size_t i = 0; i < floats.size(); ++i) EXPECT_EQ(out[i], BloomHash(floats[i]));

  const std::vector<int64_t> offsets = {0, 2, 2, 5};
  const std::string heap = "abcde";
  const ByteArrayView view{
      offsets,
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(heap.data()), heap.size())};
  BloomHashes(view, out);
  EXPECT_EQ(out[0], BloomHash(std::string_view("ab")));
  EXPECT_EQ(out[1], BloomHash(std::string_view("")));
  EXPECT_EQ(out[2], BloomHash(std::string_view("cde")));
}

}  // namespace
}  // namespace hindsight::parquet
