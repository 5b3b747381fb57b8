#include "parquet/reader/column_concat.h"

#include <gtest/gtest.h>

#include "parquet/schema/testing/column_compare.h"
#include "parquet/schema/testing/column_literals.h"

namespace hindsight::parquet {
namespace {

using namespace test_util;

void ExpectColumnsEqual(const Column& expected, const Column& actual) {
  std::string diff;
  EXPECT_TRUE(ColumnsEqual(expected, actual, &diff)) << diff;
}

TEST(ColumnConcatTest, AppendsFixedWidthAndBinaryWithNullsOnEitherSide) {
  Column ints = Int64Column({1, 2});
  AppendColumn(ints, Int64Column({std::nullopt, 4}));
  ExpectColumnsEqual(Int64Column({1, 2, std::nullopt, 4}), ints);

  Column strings = BinaryColumn({std::nullopt, "ab"});
  AppendColumn(strings, BinaryColumn({"", "cde"}));
  ExpectColumnsEqual(BinaryColumn({std::nullopt, "ab", "", "cde"}), strings);
}

TEST(ColumnConcatTest, AppendsListsMapsAndStructsRebasingOffsets) {
  Column lists = ListColumn({2, std::nullopt}, Int32Column({1, 2}));
  AppendColumn(lists, ListColumn({0, 3}, Int32Column({3, std::nullopt, 5})));
  ExpectColumnsEqual(ListColumn({2, std::nullopt, 0, 3}, Int32Column({1, 2, 3, std::nullopt, 5})),
                     lists);

  Column maps = MapColumn({1}, BinaryColumn({"k"}), Int64Column({7}));
  AppendColumn(maps, MapColumn({2}, BinaryColumn({"a", "b"}), Int64Column({std::nullopt, 9})));
  ExpectColumnsEqual(
      MapColumn({1, 2}, BinaryColumn({"k", "a", "b"}), Int64Column({7, std::nullopt, 9})), maps);

  Column structs = StructColumn({Int32Column({1}), BinaryColumn({"x"})});
  AppendColumn(structs, StructColumn({Int32Column({2, 3}), BinaryColumn({"y", "z"})}, {1, 0}));
  ExpectColumnsEqual(
      StructColumn({Int32Column({1, 2, 3}), BinaryColumn({"x", "y", "z"})}, {1, 1, 0}), structs);
}

TEST(ColumnConcatTest, AppendBatchJoinsRowsOfEveryColumn) {
  RecordBatch head{1, {Int32Column({1}), BinaryColumn({"a"})}};
  RecordBatch tail{2, {Int32Column({2, 3}), BinaryColumn({"b", std::nullopt})}};
  AppendBatch(head, std::move(tail));
  RecordBatch expected{3, {Int32Column({1, 2, 3}), BinaryColumn({"a", "b", std::nullopt})}};
  std::string diff;
  EXPECT_TRUE(BatchesEqual(expected, head, &diff)) << diff;
  RecordBatch empty;
  AppendBatch(empty, std::move(expected));
  EXPECT_EQ(empty.num_rows, 3);
}

TEST(ColumnConcatTest, ConcatBatchesJoinsPartsInOrder) {
  std::vector<RecordBatch> parts;
  parts.push_back({1, {ListColumn({1}, BinaryColumn({"a"}))}});
  parts.push_back({0, {ListColumn({}, BinaryColumn({}))}});
  parts.push_back({2, {ListColumn({std::nullopt, 2}, BinaryColumn({"b", std::nullopt}))}});
  const RecordBatch all = ConcatBatches(std::move(parts));
  const RecordBatch expected{
      3, {ListColumn({1, std::nullopt, 2}, BinaryColumn({"a", "b", std::nullopt}))}};
  std::string diff;
  EXPECT_TRUE(BatchesEqual(expected, all, &diff)) << diff;
  EXPECT_EQ(ConcatBatches({}).num_rows, 0);
}

}  // namespace
}  // namespace hindsight::parquet
