#include "parquet/reader/range_filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "parquet/schema/field.h"

namespace hindsight::parquet {
namespace {

using format::Type;
using ::testing::HasSubstr;

template <typename T>
std::string Plain(T value) {
  return std::string(reinterpret_cast<const char*>(&value), sizeof(value));
}

format::ColumnChunk Chunk(std::optional<std::string> min, std::optional<std::string> max,
                          bool legacy = false, int64_t nulls = 0, int64_t values = 10) {
  format::ColumnChunk chunk;
  format::ColumnMetaData meta;
  meta.num_values = values;
  format::Statistics stats;
  stats.null_count = nulls;
  (legacy ? stats.min : stats.min_value) = std::move(min);
  (legacy ? stats.max : stats.max_value) = std::move(max);
  meta.statistics = stats;
  chunk.meta_data = meta;
  return chunk;
}

ResolvedRange Range(ResolvedRange::Order order, std::optional<ScalarValue> min,
                    std::optional<ScalarValue> max) {
  return {0, order, std::move(min), std::move(max)};
}

constexpr auto kInt = ResolvedRange::Order::kSignedInteger;
constexpr auto kNumber = ResolvedRange::Order::kNumber;
constexpr auto kBytes = ResolvedRange::Order::kUnsignedBytes;

TEST(RangeFilterTest, DecodesPlainStatisticsValues) {
  EXPECT_EQ(DecodeStatisticsValue(Type::INT32, Plain<int32_t>(-7)), ScalarValue(int64_t{-7}));
  EXPECT_EQ(DecodeStatisticsValue(Type::INT64, Plain<int64_t>(1LL << 40)),
            ScalarValue(int64_t{1LL << 40}));
  EXPECT_EQ(DecodeStatisticsValue(Type::FLOAT, Plain<float>(1.5f)), ScalarValue(1.5));
  EXPECT_EQ(DecodeStatisticsValue(Type::BYTE_ARRAY, "abc"), ScalarValue(std::string("abc")));
  EXPECT_EQ(DecodeStatisticsValue(Type::INT32, "abc"), std::nullopt);
  EXPECT_EQ(DecodeStatisticsValue(Type::BOOLEAN, "a"), std::nullopt);
}

TEST(RangeFilterTest, ComparesAcrossIntegersAndDoublesAndBytesUnsigned) {
  EXPECT_EQ(CompareScalars(int64_t{3}, 3.0), 0);
  EXPECT_EQ(CompareScalars(int64_t{3}, 3.5), -1);
  EXPECT_EQ(CompareScalars(int64_t{(1LL << 53) + 1}, static_cast<double>(1LL << 53)), 1);
  EXPECT_EQ(CompareScalars(std::string("\xff"), std::string("a")), 1);
  EXPECT_EQ(CompareScalars(std::string("ab"), std::string("abc")), -1);
}

TEST(RangeFilterTest, ChunkStatisticsPruneRangesTheyCannotMeet) {
  const format::ColumnChunk chunk = Chunk(Plain<int64_t>(10), Plain<int64_t>(20));
  EXPECT_TRUE(ChunkMayMatch(Range(kInt, int64_t{15}, int64_t{30}), chunk, Type::INT64));
  EXPECT_TRUE(ChunkMayMatch(Range(kInt, int64_t{20}, std::nullopt), chunk, Type::INT64));
  EXPECT_FALSE(ChunkMayMatch(Range(kInt, int64_t{21}, std::nullopt), chunk, Type::INT64));
  EXPECT_FALSE(ChunkMayMatch(Range(kInt, std::nullopt, int64_t{9}), chunk, Type::INT64));
  EXPECT_FALSE(ChunkMayMatch(Range(kInt, 20.5, 25.0), chunk, Type::INT64));
  EXPECT_TRUE(ChunkMayMatch(Range(kInt, std::nullopt, std::nullopt), chunk, Type::INT64));
  // Unknown orders (unsigned integers, decimals) never prune.
  EXPECT_TRUE(ChunkMayMatch(Range(ResolvedRange::Order::kUnknown, int64_t{99}, std::nullopt), chunk,
                            Type::INT64));
}

TEST(RangeFilterTest, LegacyStatisticsCountForNumbersButNotForBytes) {
  EXPECT_FALSE(ChunkMayMatch(Range(kInt, int64_t{50}, std::nullopt),
                             Chunk(Plain<int32_t>(1), Plain<int32_t>(5), true), Type::INT32));
  EXPECT_TRUE(ChunkMayMatch(Range(kBytes, std::string("x"), std::nullopt),
                            Chunk(std::string("a"), std::string("b"), true), Type::BYTE_ARRAY));
  EXPECT_FALSE(ChunkMayMatch(Range(kBytes, std::string("x"), std::nullopt),
                             Chunk(std::string("a"), std::string("b")), Type::BYTE_ARRAY));
}

TEST(RangeFilterTest, NanStatisticsAreIgnoredAndAllNullChunksNeverMatch) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(ChunkMayMatch(Range(kNumber, 5.0, std::nullopt), Chunk(Plain(1.0), Plain(nan)),
                            Type::DOUBLE));
  EXPECT_FALSE(ChunkMayMatch(Range(kNumber, 5.0, std::nullopt), Chunk(Plain(1.0), Plain(2.0)),
                             Type::DOUBLE));
  EXPECT_FALSE(ChunkMayMatch(Range(kInt, std::nullopt, std::nullopt),
                             Chunk(std::nullopt, std::nullopt, false, 10, 10), Type::INT64));
  format::ColumnChunk no_stats = Chunk(std::nullopt, std::nullopt);
  no_stats.meta_data->statistics.reset();
  EXPECT_TRUE(ChunkMayMatch(Range(kInt, int64_t{1}, int64_t{1}), no_stats, Type::INT64));
}

TEST(RangeFilterTest, PageIndexKeepsRowsOfOverlappingPages) {
  format::ColumnIndex index;
  index.null_pages = {false, true, false, false};
  index.min_values = {Plain<int32_t>(0), "", Plain<int32_t>(50), Plain<int32_t>(100)};
  index.max_values = {Plain<int32_t>(40), "", Plain<int32_t>(90), Plain<int32_t>(140)};
  format::OffsetIndex offsets;
  offsets.page_locations = {{4, 10, 0}, {14, 10, 100}, {24, 10, 200}, {34, 10, 300}};
  const RowRanges rows =
      PageRowsMayMatch(Range(kInt, int64_t{30}, int64_t{60}), Type::INT32, index, offsets, 350);
  ASSERT_EQ(rows.ranges().size(), 2u);
  EXPECT_EQ(rows.ranges()[0].begin, 0);
  EXPECT_EQ(rows.ranges()[0].end, 100);
  EXPECT_EQ(rows.ranges()[1].begin, 200);
  EXPECT_EQ(rows.ranges()[1].end, 300);
  // An index whose sizes disagree with the offset index keeps everything.
  index.min_values.pop_back();
  EXPECT_EQ(
      PageRowsMayMatch(Range(kInt, int64_t{30}, int64_t{60}), Type::INT32, index, offsets, 350)
          .row_count(),
      350);
}

TEST(RangeFilterTest, ResolveChecksColumnsAndBoundTypes) {
  StatusOr<Schema> schema =
      Schema::Make({Field::Int32("a"), Field::Optional(Field::String("s")), Field::Bool("flag"),
                    Field::List("l", Field::Int64("element")), Field::Int("u", 32, false)});
  ASSERT_TRUE(schema.ok());
  StatusOr<std::vector<ResolvedRange>> ranges =
      ResolveRanges(*schema, {{"a", int64_t{1}, 2.5},
                              {"s", std::string("x"), std::nullopt},
                              {"u", int64_t{1}, std::nullopt}});
  ASSERT_TRUE(ranges.ok()) << ranges.status();
  EXPECT_EQ((*ranges)[0].order, kInt);
  EXPECT_EQ((*ranges)[1].leaf_index, 1);
  EXPECT_EQ((*ranges)[1].order, kBytes);
  EXPECT_EQ((*ranges)[2].order, ResolvedRange::Order::kUnknown);
  EXPECT_THAT(
      std::string(ResolveRanges(*schema, {{"flag", int64_t{1}, std::nullopt}}).status().message()),
      HasSubstr("ranges apply to"));
  EXPECT_THAT(
      std::string(ResolveRanges(*schema, {{"l", int64_t{1}, std::nullopt}}).status().message()),
      HasSubstr("repeated"));
  EXPECT_THAT(
      std::string(ResolveRanges(*schema, {{"a", std::nan(""), std::nullopt}}).status().message()),
      HasSubstr("NaN"));
}

}  // namespace
}  // namespace hindsight::parquet
