#include "parquet/encoding/dictionary_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "parquet/encoding/dictionary.h"
#include "parquet/encoding/plain.h"
#include "parquet/encoding/testing/byte_arrays.h"

namespace hindsight::parquet {
namespace {

using encoding_testing::ByteArrays;
using encoding_testing::RandomBytes;

TEST(DictionaryBuilderTest, NumbersValuesInOrderOfFirstAppearance) {
  std::mt19937_64 rng(61);
  std::vector<int64_t> values(20000);
  for (auto& v : values) v = static_cast<int64_t>(rng() % 500) - 250;
  DictionaryBuilder<int64_t> builder;
  std::vector<uint32_t> indices(values.size());
  ASSERT_EQ(builder.Map(values, indices), values.size());
  // Independent answer from std::map.
  std::map<int64_t, uint32_t> expected_index;
  std::vector<int64_t> expected_values;
  for (size_t i = 0; i < values.size(); ++i) {
    auto [it, added] = expected_index.emplace(values[i], expected_values.size());
    if (added) expected_values.push_back(values[i]);
    ASSERT_EQ(indices[i], it->second) << i;
  }
  EXPECT_EQ(std::vector<int64_t>(builder.values().begin(), builder.values().end()),
            expected_values);
  EXPECT_EQ(builder.dictionary_bytes(), expected_values.size() * sizeof(int64_t));
}

TEST(DictionaryBuilderTest, KeepsFloatBitPatternsApart) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> values = {0.0f, -0.0f, nan, nan, 1.0f, 0.0f};
  DictionaryBuilder<float> builder;
  std::vector<uint32_t> indices(values.size());
  ASSERT_EQ(builder.Map(values, indices), values.size());
  EXPECT_EQ(indices, (std::vector<uint32_t>{0, 1, 2, 2, 3, 0}));
  EXPECT_TRUE(std::signbit(builder.values()[1]));
  EXPECT_TRUE(std::isnan(builder.values()[2]));
}

TEST(DictionaryBuilderTest, StopsAtTheByteLimit) {
  DictionaryBuilder<int32_t> builder(/*max_dictionary_bytes=*/12);  // 3 entries
  const std::vector<int32_t> values = {5, 6, 5, 7, 6, 8, 5};
  std::vector<uint32_t> indices(values.size());
  EXPECT_EQ(builder.Map(values, indices), 5u);  // value 8 would be the 4th entry
  EXPECT_EQ(std::vector<uint32_t>(indices.begin(), indices.begin() + 5),
            (std::vector<uint32_t>{0, 1, 0, 2, 1}));
  EXPECT_EQ(builder.size(), 3u);
  // Known values still map after the limit is hit.
  std::vector<uint32_t> more(2);
  EXPECT_EQ(builder.Map(std::vector<int32_t>{7, 5}, more), 2u);
  EXPECT_EQ(more, (std::vector<uint32_t>{2, 0}));
}

TEST(DictionaryBuilderTest, ByteArraysDeduplicateAcrossManyInserts) {
  std::mt19937_64 rng(62);
  std::vector<std::string> pool;
  for (int i = 0; i < 3000; ++i) pool.push_back(RandomBytes(rng() % 30, rng));
  pool.push_back("");
  ByteArrays values;
  for (int i = 0; i < 50000; ++i) values.Add(pool[rng() % pool.size()]);
  ByteArrayDictionaryBuilder builder(size_t{1} << 30);
  std::vector<uint32_t> indices(values.size());
  ASSERT_EQ(builder.Map(values.view(), indices), values.size());
  std::map<std::string, uint32_t> expected_index;
  size_t expected_bytes = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string value(values.view()[i]);
    auto [it, added] = expected_index.emplace(value, expected_index.size());
    if (added) expected_bytes += 4 + value.size();
    ASSERT_EQ(indices[i], it->second) << i;
    ASSERT_EQ(builder.values()[indices[i]], value);
  }
  EXPECT_EQ(builder.size(), expected_index.size());
  EXPECT_EQ(builder.dictionary_bytes(), expected_bytes);
}

TEST(DictionaryBuilderTest, ByteArraysStopAtTheByteLimit) {
  ByteArrayDictionaryBuilder builder(/*max_dictionary_bytes=*/10);
  const ByteArrays values = ByteArrays::Of({"ab", "ab", "cd", "e"});  // 6 + 6 > 10
  std::vector<uint32_t> indices(values.size());
  EXPECT_EQ(builder.Map(values.view(), indices), 2u);
  EXPECT_EQ(builder.size(), 1u);
  EXPECT_EQ(builder.dictionary_bytes(), 6u);
}

TEST(DictionaryBuilderTest, WrittenPagesReadBackThroughTheReaderPath) {
  std::mt19937_64 rng(63);
  ByteArrays values;
  for (int i = 0; i < 10000; ++i) values.Add("item-" + std::to_string(rng() % 700));
  ByteArrayDictionaryBuilder builder;
  std::vector<uint32_t> indices(values.size());
  ASSERT_EQ(builder.Map(values.view(), indices), values.size());
  std::vector<uint8_t> dictionary_page;
  EncodePlainByteArray(builder.values(), &dictionary_page);
  std::vector<uint8_t> data_page;
  EncodeDictionaryIndices(indices, builder.size(), &data_page);

  ByteArrays dictionary;
  ASSERT_TRUE(DecodePlainByteArray(dictionary_page, builder.size(), dictionary.output()).ok());
  std::vector<uint32_t> decoded_indices(values.size());
  ASSERT_TRUE(DecodeDictionaryIndices(data_page, decoded_indices).ok());
  ByteArrays decoded;
  ASSERT_TRUE(GatherDictionary(dictionary.view(), decoded_indices, decoded.output()).ok());
  EXPECT_EQ(decoded.strings(), values.strings());
}

}  // namespace
}  // namespace hindsight::parquet
