#include "parquet/encoding/dictionary.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "parquet/encoding/testing/byte_arrays.h"

namespace hindsight::parquet {
namespace {

using encoding_testing::ByteArrays;

TEST(DictionaryTest, DecodesIndicesAfterBitWidthByte) {
  // Bit width 2, then a repeated run of 3 x index 2, then a bit-packed group 0..3,0..3.
  const std::vector<uint8_t> data = {0x02, 0x06, 0x02, 0x03, 0xE4, 0xE4};
  std::vector<uint32_t> indices(11);
  ASSERT_TRUE(DecodeDictionaryIndices(data, indices).ok());
  EXPECT_EQ(indices, (std::vector<uint32_t>{2, 2, 2, 0, 1, 2, 3, 0, 1, 2, 3}));
}

TEST(DictionaryTest, IndicesRoundTripForDictionarySizes) {
  std::mt19937_64 rng(51);
  for (size_t size : {size_t{1}, size_t{2}, size_t{3}, size_t{1000}, size_t{1} << 20}) {
    std::vector<uint32_t> indices(5000);
    for (auto& i : indices) i = static_cast<uint32_t>(rng() % size);
    std::vector<uint8_t> encoded;
    EncodeDictionaryIndices(indices, size, &encoded);
    ASSERT_FALSE(encoded.empty());
    EXPECT_EQ(encoded[0], size == 1 ? 0 : 64 - __builtin_clzll(size - 1));
    std::vector<uint32_t> decoded(indices.size());
    ASSERT_TRUE(DecodeDictionaryIndices(encoded, decoded).ok());
    EXPECT_EQ(decoded, indices);
  }
}

TEST(DictionaryTest, GathersFixedWidthValues) {
  const std::vector<double> dictionary = {0.5, -1.0, 8.25};
  const std::vector<uint32_t> indices = {2, 0, 0, 1, 2};
  std::vector<double> out(indices.size());
  ASSERT_TRUE(
      GatherDictionary(std::span<const double>(dictionary), indices, std::span<double>(out)).ok());
  EXPECT_EQ(out, (std::vector<double>{8.25, 0.5, 0.5, -1.0, 8.25}));

  const std::vector<int64_t> ints = {7};
  std::vector<int64_t> int_out(3);
  ASSERT_TRUE(GatherDictionary(std::span<const int64_t>(ints), std::vector<uint32_t>{0, 0, 0},
                               std::span<int64_t>(int_out))
                  .ok());
  EXPECT_EQ(int_out, (std::vector<int64_t>{7, 7, 7}));
}

TEST(DictionaryTest, GathersByteArraysAppending) {
  const ByteArrays dictionary = ByteArrays::Of({"red", "", "green"});
  ByteArrays out = ByteArrays::Of({"x"});
  ASSERT_TRUE(
      GatherDictionary(dictionary.view(), std::vector<uint32_t>{2, 1, 0, 2}, out.output()).ok());
  EXPECT_EQ(out.strings(), (std::vector<std::string>{"x", "green", "", "red", "green"}));
}

TEST(DictionaryTest, RejectsIndexOutOfRangeNamingPosition) {
  const std::vector<int32_t> dictionary = {1, 2};
  std::vector<int32_t> out(3);
  const Status status = GatherDictionary(std::span<const int32_t>(dictionary),
                                         std::vector<uint32_t>{0, 1, 2}, std::span<int32_t>(out));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("index 2 at position 2"), std::string::npos) << status;

  ByteArrays bytes_out;
  EXPECT_FALSE(
      GatherDictionary(ByteArrays::Of({"a"}).view(), std::vector<uint32_t>{1}, bytes_out.output())
          .ok());
  EXPECT_EQ(bytes_out.size(), 0u);
  std::vector<float> none(1);
  EXPECT_FALSE(
      GatherDictionary(std::span<const float>(), std::vector<uint32_t>{0}, std::span<float>(none))
          .ok());
}

TEST(DictionaryTest, RejectsBadBitWidthByte) {
  std::vector<uint32_t> out(1);
  EXPECT_FALSE(DecodeDictionaryIndices(std::vector<uint8_t>{}, out).ok());
  EXPECT_FALSE(DecodeDictionaryIndices(std::vector<uint8_t>{33, 0x02, 0, 0, 0, 0, 0}, out).ok());
}

TEST(DictionaryTest, RejectsGatherExpandingPastTheLimit) {
  ByteArrays dictionary;
  dictionary.Add(std::string(1 << 20, 'v'));
  const std::vector<uint32_t> indices(1100, 0);  // 1.1 GiB
  ByteArrays out;
  EXPECT_FALSE(GatherDictionary(dictionary.view(), indices, out.output()).ok());
  EXPECT_TRUE(out.heap.empty());
}

}  // namespace
}  // namespace hindsight::parquet
