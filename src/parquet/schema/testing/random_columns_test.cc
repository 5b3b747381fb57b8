#include "parquet/schema/testing/random_columns.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parquet/schema/column_validator.h"
#include "parquet/schema/testing/column_literals.h"

namespace hindsight::parquet::test_util {
namespace {

using ::testing::HasSubstr;

TEST(RandomColumnsTest, SameSeedSameSchemaAndRows) {
  const Schema a = RandomSchema(42);
  const Schema b = RandomSchema(42);
  EXPECT_EQ(a.ToString(), b.ToString());
  std::string diff;
  EXPECT_TRUE(BatchesEqual(RandomColumns(a, 30, 7), RandomColumns(b, 30, 7), &diff)) << diff;
  EXPECT_NE(RandomSchema(43).ToString(), a.ToString());
}

TEST(RandomColumnsTest, GeneratedColumnsAreValidForTheirSchema) {
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const Schema schema = RandomSchema(seed);
    const RecordBatch batch = RandomColumns(schema, 25, seed);
    ASSERT_EQ(batch.columns.size(), schema.logical_root().children.size());
    for (size_t i = 0; i < batch.columns.size(); ++i) {
      const LogicalNode& field = schema.logical_root().children[i];
      const Status status = ValidateColumn(field, batch.columns[i], field.name);
      ASSERT_TRUE(status.ok()) << status << "\n" << schema.ToString();
      EXPECT_EQ(batch.columns[i].length, 25);
    }
  }
}

TEST(RandomColumnsTest, OptionsLimitDepthAndLayouts) {
  RandomSchemaOptions options;
  options.max_depth = 1;
  options.legacy_layouts = false;
  options.int96 = false;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    const Schema schema = RandomSchema(seed, options);
    for (const LogicalNode& field : schema.logical_root().children) {
      EXPECT_EQ(field.kind, LogicalKind::kPrimitive);
      EXPECT_NE(field.node->physical_type, format::Type::INT96);
    }
  }
}

TEST(ColumnsEqualTest, EqualColumnsCompareEqual) {
  const Column a = ListColumn({2, std::nullopt, 0}, Int32Column({1, std::nullopt}));
  std::string diff;
  EXPECT_TRUE(ColumnsEqual(a, a, &diff)) << diff;
}

TEST(ColumnsEqualTest, ExplainsValueDifference) {
  const Column a = ListColumn({2, 1}, Int32Column({1, 2, 3}));
  const Column b = ListColumn({2, 1}, Int32Column({1, 2, 4}));
  std::string diff;
  EXPECT_FALSE(ColumnsEqual(a, b, &diff));
  EXPECT_EQ(diff, "[1][0]: 3 != 4");
}

TEST(ColumnsEqualTest, ExplainsNullAndLengthDifferences) {
  std::string diff;
  EXPECT_FALSE(ColumnsEqual(Int32Column({1, 2}), Int32Column({1, std::nullopt}), &diff));
  EXPECT_EQ(diff, "[1]: not null != null");
  EXPECT_FALSE(ColumnsEqual(Int32Column({1}), Int32Column({1, 2}), &diff));
  EXPECT_EQ(diff, "length 1 != 2");
  EXPECT_FALSE(
      ColumnsEqual(ListColumn({1}, Int32Column({1})), ListColumn({0}, Int32Column({})), &diff));
  EXPECT_EQ(diff, "[0]: 1 elements != 0");
  EXPECT_FALSE(ColumnsEqual(Int32Column({1}), Int64Column({1}), &diff));
  EXPECT_THAT(diff, HasSubstr("column type"));
}

TEST(ColumnsEqualTest, NamesStructFieldsAndMapParts) {
  const Column a =
      StructColumn({Int32Column({1}), MapColumn({1}, BinaryColumn({"k"}), BinaryColumn({"v"}))});
  const Column b =
      StructColumn({Int32Column({1}), MapColumn({1}, BinaryColumn({"k"}), BinaryColumn({"w"}))});
  std::string diff;
  EXPECT_FALSE(ColumnsEqual(a, b, &diff));
  EXPECT_EQ(diff, "[0].1.value[0]: \"v\" != \"w\"");
}

TEST(ColumnsEqualTest, IgnoresContentUnderNullsAndEmptyValidity) {
  const Column a = StructColumn({Int32Column({1, 2})}, {1, 0});
  const Column b = StructColumn({Int32Column({1, 99})}, {1, 0});
  EXPECT_TRUE(ColumnsEqual(a, b, nullptr));
  Column all_valid = Int32Column({1, 2});
  all_valid.validity = {1, 1};
  EXPECT_TRUE(ColumnsEqual(Int32Column({1, 2}), all_valid, nullptr));
}

TEST(ColumnsEqualTest, ComparesFloatsBitwise) {
  EXPECT_FALSE(ColumnsEqual(DoubleColumn({0.0}), DoubleColumn({-0.0}), nullptr));
}

TEST(ColumnsEqualTest, BatchesEqualNamesTheColumn) {
  RecordBatch a;
  a.num_rows = 1;
  a.columns = {Int32Column({1}), Int32Column({2})};
  RecordBatch b = a;
  b.columns[1] = Int32Column({3});
  std::string diff;
  EXPECT_FALSE(BatchesEqual(a, b, &diff));
  EXPECT_EQ(diff, "column 1 [0]: 2 != 3");
  b.num_rows = 2;
  EXPECT_FALSE(BatchesEqual(a, b, &diff));
  EXPECT_EQ(diff, "num_rows 1 != 2");
}

}  // namespace
}  // namespace hindsight::parquet::test_util
