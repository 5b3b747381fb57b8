#include "parquet/writer/statistics_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "parquet/schema/testing/column_literals.h"
#include "parquet/writer/page_index_builder.h"

namespace hindsight::parquet {
namespace {

using test_util::BinaryColumn;
using test_util::DoubleColumn;
using test_util::FloatColumn;
using test_util::Int32Column;
using test_util::Int64Column;

template <typename T>
std::string Bytes(T value) {
  std::string bytes(sizeof(T), '\0');
  std::memcpy(bytes.data(), &value, sizeof(T));
  return bytes;
}

template <typename T>
T Decode(const std::string& bytes) {
  T value;
  EXPECT_EQ(bytes.size(), sizeof(T));
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

std::optional<MinMax> Bounds(ValueOrder order, const Column& column) {
  return ComputeMinMax(order, column, 0, column.length);
}

const LeafColumn& OnlyLeaf(const Schema& schema) { return schema.leaf(0); }

TEST(ValueOrderTest, FollowsPhysicalAndLogicalTypes) {
  auto order_of = [](Field field) {
    const Schema schema = std::move(Schema::Make({std::move(field)})).value();
    return ValueOrderFor(OnlyLeaf(schema));
  };
  EXPECT_EQ(order_of(Field::Bool("x")), ValueOrder::kBoolean);
  EXPECT_EQ(order_of(Field::Int32("x")), ValueOrder::kSignedInt32);
  EXPECT_EQ(order_of(Field::Int("x", 16, false)), ValueOrder::kUnsignedInt32);
  EXPECT_EQ(order_of(Field::Int("x", 32, false)), ValueOrder::kUnsignedInt32);
  EXPECT_EQ(order_of(Field::Int("x", 64, false)), ValueOrder::kUnsignedInt64);
  EXPECT_EQ(order_of(Field::Timestamp("x")), ValueOrder::kSignedInt64);
  EXPECT_EQ(order_of(Field::Decimal("x", 18, 2)), ValueOrder::kSignedInt64);
  EXPECT_EQ(order_of(Field::Decimal("x", 30, 2)), ValueOrder::kSignedDecimalBytes);
  EXPECT_EQ(order_of(Field::Float("x")), ValueOrder::kFloat);
  EXPECT_EQ(order_of(Field::Double("x")), ValueOrder::kDouble);
  EXPECT_EQ(order_of(Field::String("x")), ValueOrder::kUnsignedBytes);
  EXPECT_EQ(order_of(Field::FixedLenBinary("x", 4)), ValueOrder::kUnsignedBytes);
}

TEST(ComputeMinMaxTest, SignedAndUnsignedIntegersOrderDifferently) {
  const Column int32 = Int32Column({5, -3, 7, 0});
  auto signed_bounds = Bounds(ValueOrder::kSignedInt32, int32);
  ASSERT_TRUE(signed_bounds);
  EXPECT_EQ(Decode<int32_t>(signed_bounds->min), -3);
  EXPECT_EQ(Decode<int32_t>(signed_bounds->max), 7);
  auto unsigned_bounds = Bounds(ValueOrder::kUnsignedInt32, int32);
  EXPECT_EQ(Decode<int32_t>(unsigned_bounds->min), 0);
  EXPECT_EQ(Decode<int32_t>(unsigned_bounds->max), -3);  // 0xFFFFFFFD

  const Column int64 = Int64Column({std::numeric_limits<int64_t>::min(), 1, -1});
  auto signed64 = Bounds(ValueOrder::kSignedInt64, int64);
  EXPECT_EQ(Decode<int64_t>(signed64->min), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(Decode<int64_t>(signed64->max), 1);
  auto unsigned64 = Bounds(ValueOrder::kUnsignedInt64, int64);
  EXPECT_EQ(Decode<int64_t>(unsigned64->min), 1);
  EXPECT_EQ(Decode<int64_t>(unsigned64->max), -1);
}

TEST(ComputeMinMaxTest, FloatsIgnoreNanAndWriteSignedZeros) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto bounds = Bounds(ValueOrder::kDouble, DoubleColumn({nan, 0.0, 2.5, nan}));
  ASSERT_TRUE(bounds);
  EXPECT_TRUE(std::signbit(Decode<double>(bounds->min)));  // -0.0
  EXPECT_EQ(Decode<double>(bounds->min), 0.0);
  EXPECT_EQ(Decode<double>(bounds->max), 2.5);

  auto zeros = Bounds(ValueOrder::kFloat, FloatColumn({-0.0f, -1.0f, -0.0f}));
  ASSERT_TRUE(zeros);
  EXPECT_EQ(Decode<float>(zeros->min), -1.0f);
  EXPECT_FALSE(std::signbit(Decode<float>(zeros->max)));  // +0.0

  EXPECT_FALSE(Bounds(ValueOrder::kDouble, DoubleColumn({nan, nan})));
  EXPECT_FALSE(Bounds(ValueOrder::kDouble, DoubleColumn({})));
}

TEST(ComputeMinMaxTest, BytesCompareUnsignedAndDecimalsAsTwosComplement) {
  const Column strings = BinaryColumn({"b", "\xff", "", "ab"});
  auto bounds = Bounds(ValueOrder::kUnsignedBytes, strings);
  ASSERT_TRUE(bounds);
  EXPECT_EQ(bounds->min, "");
  EXPECT_EQ(bounds->max, "\xff");

  // -1 (0xFF), 256 (0x0100), -300 (0xFED4), 5 (0x05), of different lengths.
  const Column decimals = BinaryColumn({std::string("\xff"), std::string("\x01\x00", 2),
                                        std::string("\xfe\xd4"), std::string("\x05")});
  auto decimal_bounds = Bounds(ValueOrder::kSignedDecimalBytes, decimals);
  ASSERT_TRUE(decimal_bounds);
  EXPECT_EQ(decimal_bounds->min, "\xfe\xd4");
  EXPECT_EQ(decimal_bounds->max, std::string("\x01\x00", 2));
}

TEST(ComputeMinMaxTest, BooleansAndRanges) {
  Column flags = test_util::BoolColumn({true, true, false, true});
  auto all = Bounds(ValueOrder::kBoolean, flags);
  EXPECT_EQ(all->min, std::string(1, '\0'));
  EXPECT_EQ(all->max, std::string(1, '\1'));
  auto tail = ComputeMinMax(ValueOrder::kBoolean, flags, 3, 4);
  EXPECT_EQ(tail->min, std::string(1, '\1'));
  EXPECT_FALSE(ComputeMinMax(ValueOrder::kNone, flags, 0, 4));
}

TEST(TruncateBoundTest, LowerIsAPrefixUpperIsIncremented) {
  EXPECT_EQ(TruncateLowerBound("abcdef", 3), "abc");
  EXPECT_EQ(TruncateUpperBound("abcdef", 3), "abd");
  EXPECT_EQ(TruncateUpperBound("ab\xff\xff", 3), "ac");
  EXPECT_EQ(TruncateUpperBound("abc", 3), "abc");
  EXPECT_EQ(TruncateUpperBound("\xff\xff\xff\xff", 2), std::nullopt);
}

TEST(StatisticsBuilderTest, MergesPagesAndCountsNulls) {
  StatisticsBuilder builder(ValueOrder::kSignedInt32);
  builder.AddPage(MinMax{Bytes<int32_t>(4), Bytes<int32_t>(9)}, 2);
  builder.AddPage(std::nullopt, 5);
  builder.AddPage(MinMax{Bytes<int32_t>(-1), Bytes<int32_t>(3)}, 0);
  const format::Statistics stats = builder.Build(4096);
  EXPECT_EQ(stats.null_count, 7);
  EXPECT_EQ(stats.min_value, Bytes<int32_t>(-1));
  EXPECT_EQ(stats.max_value, Bytes<int32_t>(9));
  EXPECT_EQ(stats.min, Bytes<int32_t>(-1));  // deprecated fields for signed orders
  EXPECT_EQ(stats.max, Bytes<int32_t>(9));
  EXPECT_EQ(stats.is_min_value_exact, true);
  builder.Reset();
  EXPECT_EQ(builder.Build(4096), (format::Statistics{.null_count = 0}));
}

TEST(StatisticsBuilderTest, UnsignedAndByteOrdersOmitDeprecatedFields) {
  StatisticsBuilder builder(ValueOrder::kUnsignedBytes);
  builder.AddPage(MinMax{"apple", "pear"}, 0);
  const format::Statistics stats = builder.Build(4096);
  EXPECT_EQ(stats.min_value, "apple");
  EXPECT_EQ(stats.max_value, "pear");
  EXPECT_FALSE(stats.min.has_value());
  EXPECT_FALSE(stats.max.has_value());
}

TEST(StatisticsBuilderTest, TruncatesLongBytesAndMarksThemInexact) {
  StatisticsBuilder builder(ValueOrder::kUnsignedBytes);
  builder.AddPage(MinMax{"a", std::string(10, 'z')}, 0);
  const format::Statistics stats = builder.Build(4);
  EXPECT_EQ(stats.min_value, "a");
  EXPECT_EQ(stats.is_min_value_exact, true);
  EXPECT_EQ(stats.max_value, "zzz{");
  EXPECT_EQ(stats.is_max_value_exact, false);

  StatisticsBuilder untruncatable(ValueOrder::kUnsignedBytes);
  untruncatable.AddPage(MinMax{"a", std::string(10, '\xff')}, 1);
  const format::Statistics none = untruncatable.Build(4);
  EXPECT_FALSE(none.min_value.has_value());
  EXPECT_FALSE(none.max_value.has_value());
  EXPECT_EQ(none.null_count, 1);
}

TEST(BoundaryOrderTest, AscendingDescendingOrUnorderedIgnoringNullPages) {
  const ValueOrder order = ValueOrder::kUnsignedBytes;
  using Strings = std::vector<std::string>;
  EXPECT_EQ(ComputeBoundaryOrder(order, {false, true, false}, Strings{"a", "", "b"},
                                 Strings{"b", "", "c"}),
            format::BoundaryOrder::ASCENDING);
  EXPECT_EQ(ComputeBoundaryOrder(order, {false, false}, Strings{"b", "a"}, Strings{"c", "b"}),
            format::BoundaryOrder::DESCENDING);
  EXPECT_EQ(ComputeBoundaryOrder(order, {false, false, false}, Strings{"a", "c", "b"},
                                 Strings{"a", "c", "b"}),
            format::BoundaryOrder::UNORDERED);
  // Minima ascend but maxima do not.
  EXPECT_EQ(ComputeBoundaryOrder(order, {false, false}, Strings{"a", "b"}, Strings{"z", "c"}),
            format::BoundaryOrder::UNORDERED);
}

TEST(ColumnIndexBuilderTest, NullPagesHaveEmptyBoundsAndTruncationBoundsValues) {
  ColumnIndexBuilder builder(ValueOrder::kUnsignedBytes, 3);
  builder.AddPage(MinMax{"aaaa", "abcd"}, 2, 1);
  builder.AddPage(std::nullopt, 0, 4);
  builder.AddPage(MinMax{"b", "c"}, 1, 0);
  const std::optional<format::ColumnIndex> index = builder.Build();
  ASSERT_TRUE(index);
  EXPECT_EQ(index->null_pages, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(index->min_values, (std::vector<std::string>{"aaa", "", "b"}));
  EXPECT_EQ(index->max_values, (std::vector<std::string>{"abd", "", "c"}));
  EXPECT_EQ(index->null_counts, (std::vector<int64_t>{1, 4, 0}));
  EXPECT_EQ(index->boundary_order, format::BoundaryOrder::ASCENDING);
}

TEST(ColumnIndexBuilderTest, APageOfValuesWithoutBoundsDropsTheIndex) {
  ColumnIndexBuilder builder(ValueOrder::kDouble, 64);
  builder.AddPage(MinMax{Bytes(1.0), Bytes(2.0)}, 3, 0);
  builder.AddPage(std::nullopt, 2, 0);  // only NaN
  EXPECT_FALSE(builder.Build().has_value());
  EXPECT_FALSE(ColumnIndexBuilder(ValueOrder::kNone, 64).Build().has_value());
}

}  // namespace
}  // namespace hindsight::parquet
