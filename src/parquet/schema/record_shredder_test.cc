#include "parquet/schema/record_shredder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parquet/schema/testing/column_literals.h"
#include "parquet/schema/testing/dremel_example.h"
#include "parquet/schema/testing/random_columns.h"

namespace hindsight::parquet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace test_util;  // NOLINT: column literals

RecordBatch Batch(int64_t num_rows, std::vector<Column> columns) {
  RecordBatch batch;
  batch.num_rows = num_rows;
  batch.columns = std::move(columns);
  return batch;
}

std::vector<LeafData> Shred(const Schema& schema, const RecordBatch& batch) {
  StatusOr<std::vector<LeafData>> leaves = ShredRecords(schema, batch);
  if (!leaves.ok()) {
    ADD_FAILURE() << leaves.status();
    return {};
  }
  return *std::move(leaves);
}

std::string ShredError(const Schema& schema, const RecordBatch& batch) {
  StatusOr<std::vector<LeafData>> leaves = ShredRecords(schema, batch);
  return leaves.ok() ? "OK" : std::string(leaves.status().message());
}

TEST(RecordShredderTest, DremelDocumentGivesThePapersLevels) {
  const Schema schema = DremelDocumentSchema();
  const std::vector<LeafData> leaves = Shred(schema, DremelDocumentRecords());
  const std::vector<LeafData> paper = DremelDocumentLeaves();
  ASSERT_EQ(leaves.size(), paper.size());
  for (size_t i = 0; i < leaves.size(); ++i) {
    SCOPED_TRACE(schema.leaf(static_cast<int>(i)).dotted_path);
    EXPECT_EQ(leaves[i].def_levels, paper[i].def_levels);
    EXPECT_EQ(leaves[i].rep_levels, paper[i].rep_levels);
    std::string diff;
    EXPECT_TRUE(ColumnsEqual(paper[i].values, leaves[i].values, &diff)) << diff;
    EXPECT_TRUE(leaves[i].values.validity.empty());
  }
}

TEST(RecordShredderTest, OptionalPrimitive) {
  const Schema schema = Schema::Make({Field::Optional(Field::Int32("x"))}).value();
  const std::vector<LeafData> leaves = Shred(schema, Batch(3, {Int32Column({7, std::nullopt, 9})}));
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_THAT(leaves[0].def_levels, ElementsAre(1, 0, 1));
  EXPECT_TRUE(leaves[0].rep_levels.empty());
  EXPECT_THAT(leaves[0].values.Values<int32_t>(), ElementsAre(7, 9));
}

TEST(RecordShredderTest, RequiredColumnHasNoLevels) {
  const Schema schema = Schema::Make({Field::String("s")}).value();
  const std::vector<LeafData> leaves = Shred(schema, Batch(2, {BinaryColumn({"ab", ""})}));
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_TRUE(leaves[0].def_levels.empty());
  EXPECT_EQ(leaves[0].values.length, 2);
  EXPECT_EQ(leaves[0].values.Binary(0), "ab");
  EXPECT_EQ(leaves[0].values.Binary(1), "");
}

TEST(RecordShredderTest, NullListEmptyListAndNullElementDiffer) {
  const Schema schema =
      Schema::Make({Field::Optional(Field::List("l", Field::Optional(Field::Int64("e"))))}).value();
  const RecordBatch batch =
      Batch(4, {ListColumn({std::nullopt, 0, 1, 2}, Int64Column({std::nullopt, 1, 2}))});
  const std::vector<LeafData> leaves = Shred(schema, batch);
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_THAT(leaves[0].def_levels, ElementsAre(0, 1, 2, 3, 3));
  EXPECT_THAT(leaves[0].rep_levels, ElementsAre(0, 0, 0, 0, 1));
  EXPECT_THAT(leaves[0].values.Values<int64_t>(), ElementsAre(1, 2));
}

TEST(RecordShredderTest, MapKeysAndValues) {
  const Schema schema =
      Schema::Make({Field::Map("m", Field::String("k"), Field::Optional(Field::Int32("v")))})
          .value();
  const RecordBatch batch = Batch(
      3, {MapColumn({2, 0, 1}, BinaryColumn({"a", "b", "c"}), Int32Column({1, std::nullopt, 3}))});
  const std::vector<LeafData> leaves = Shred(schema, batch);
  ASSERT_EQ(leaves.size(), 2u);
  EXPECT_THAT(leaves[0].def_levels, ElementsAre(1, 1, 0, 1));
  EXPECT_THAT(leaves[0].rep_levels, ElementsAre(0, 1, 0, 0));
  EXPECT_EQ(leaves[0].values.length, 3);
  EXPECT_THAT(leaves[1].def_levels, ElementsAre(2, 1, 0, 2));
  EXPECT_THAT(leaves[1].rep_levels, ElementsAre(0, 1, 0, 0));
  EXPECT_THAT(leaves[1].values.Values<int32_t>(), ElementsAre(1, 3));
}

TEST(RecordShredderTest, ListOfNullableLists) {
  const Schema schema =
      Schema::Make({Field::List("ll", Field::Optional(Field::List("e", Field::Int32("x"))))})
          .value();
  // Rows: [[1, 2], []], [null], [].
  const RecordBatch batch =
      Batch(3, {ListColumn({2, 1, 0}, ListColumn({2, 0, std::nullopt}, Int32Column({1, 2})))});
  const std::vector<LeafData> leaves = Shred(schema, batch);
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_EQ(schema.leaf(0).max_def_level, 3);
  EXPECT_EQ(schema.leaf(0).max_rep_level, 2);
  EXPECT_THAT(leaves[0].def_levels, ElementsAre(3, 3, 2, 1, 0));
  EXPECT_THAT(leaves[0].rep_levels, ElementsAre(0, 2, 1, 0, 0));
}

TEST(RecordShredderTest, NullStructHidesItsFieldsContent) {
  const Schema schema =
      Schema::Make({Field::Optional(Field::Struct(
                       "s", {Field::Int32("a"), Field::List("l", Field::Int32("e"))}))})
          .value();
  // Slot 0 is null but its fields hold data, which must not be written.
  const RecordBatch batch = Batch(
      2,
      {StructColumn({Int32Column({99, 5}), ListColumn({2, 1}, Int32Column({98, 97, 6}))}, {0, 1})});
  const std::vector<LeafData> leaves = Shred(schema, batch);
  ASSERT_EQ(leaves.size(), 2u);
  EXPECT_THAT(leaves[0].def_levels, ElementsAre(0, 1));
  EXPECT_THAT(leaves[0].values.Values<int32_t>(), ElementsAre(5));
  EXPECT_THAT(leaves[1].def_levels, ElementsAre(0, 2));
  EXPECT_THAT(leaves[1].rep_levels, ElementsAre(0, 0));
  EXPECT_THAT(leaves[1].values.Values<int32_t>(), ElementsAre(6));
}

TEST(RecordShredderTest, ShredLeafGivesOneLeaf) {
  const Schema schema = DremelDocumentSchema();
  const RecordBatch batch = DremelDocumentRecords();
  StatusOr<RecordShredder> shredder = RecordShredder::Make(schema, batch);
  ASSERT_TRUE(shredder.ok()) << shredder.status();
  StatusOr<LeafData> url = shredder->ShredLeaf(5);
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_THAT(url->def_levels, ElementsAre(2, 2, 1, 2));
  EXPECT_THAT(url->rep_levels, ElementsAre(0, 1, 1, 0));
  EXPECT_THAT(std::string(shredder->ShredLeaf(6).status().message()),
              HasSubstr("leaf 6 of a schema with 6 leaves"));
  EXPECT_FALSE(shredder->ShredLeaf(-1).ok());
}

TEST(RecordShredderTest, RejectsWrongColumnCount) {
  const Schema schema = Schema::Make({Field::Int32("a"), Field::Int32("b")}).value();
  EXPECT_THAT(ShredError(schema, Batch(1, {Int32Column({1})})),
              HasSubstr("batch has 1 columns, the schema has 2"));
}

TEST(RecordShredderTest, RejectsColumnOfWrongLength) {
  const Schema schema = Schema::Make({Field::Int32("a")}).value();
  EXPECT_THAT(ShredError(schema, Batch(3, {Int32Column({1, 2})})),
              HasSubstr("column 'a' has 2 slots, the batch has 3 rows"));
}

TEST(RecordShredderTest, RejectsColumnOfWrongType) {
  const Schema schema = Schema::Make({Field::Int32("a")}).value();
  EXPECT_THAT(ShredError(schema, Batch(1, {Int64Column({1})})),
              HasSubstr("column 'a': has column type"));
}

TEST(RecordShredderTest, RejectsNullInRequiredField) {
  const Schema schema = Schema::Make({Field::Struct("s", {Field::Int32("a")})}).value();
  EXPECT_THAT(ShredError(schema, Batch(2, {StructColumn({Int32Column({1, std::nullopt})})})),
              HasSubstr("column 's.a': null at slot 1 of a required field"));
}

TEST(RecordShredderTest, RejectsOffsetsPastChild) {
  const Schema schema = Schema::Make({Field::List("l", Field::Int32("e"))}).value();
  Column list = ListColumn({1, 1}, Int32Column({1, 2}));
  list.offsets[2] = 5;
  EXPECT_THAT(ShredError(schema, Batch(2, {list})),
              HasSubstr("column 'l': offsets end at 5 past the 2 child slots"));
  list.offsets = {0, 2, 1};
  EXPECT_THAT(ShredError(schema, Batch(2, {list})), HasSubstr("offsets decrease at slot 1"));
}

TEST(RecordShredderTest, RejectsTruncatedValueBuffers) {
  const Schema schema = Schema::Make({Field::Int64("a")}).value();
  Column column = Int64Column({1, 2});
  column.values.resize(9);
  EXPECT_THAT(ShredError(schema, Batch(2, {column})),
              HasSubstr("9 value bytes for 2 values of 8 bytes"));
}

TEST(RecordShredderTest, RejectsFixedLenValueOfWrongWidth) {
  const Schema schema = Schema::Make({Field::FixedLenBinary("f", 4)}).value();
  EXPECT_THAT(ShredError(schema, Batch(2, {BinaryColumn({"abcd", "abc"})})),
              HasSubstr("column 'f': value at slot 1 has 3 bytes, the schema says 4"));
}

TEST(RecordShredderTest, ShredsRandomSchemasWithoutErrors) {
  for (uint64_t seed = 0; seed < 50; ++seed) {
    const Schema schema = RandomSchema(seed);
    const RecordBatch batch = RandomColumns(schema, 10, seed);
    StatusOr<std::vector<LeafData>> leaves = ShredRecords(schema, batch);
    ASSERT_TRUE(leaves.ok()) << leaves.status() << "\n" << schema.ToString();
    for (int i = 0; i < schema.num_leaves(); ++i) {
      const LeafData& leaf = (*leaves)[i];
      const LeafColumn& column = schema.leaf(i);
      EXPECT_EQ(leaf.def_levels.empty(), column.max_def_level == 0);
      EXPECT_EQ(leaf.rep_levels.empty(), column.max_rep_level == 0);
      int64_t max_def_count = 0;
      for (int16_t def : leaf.def_levels) max_def_count += def == column.max_def_level;
      if (column.max_def_level > 0) EXPECT_EQ(max_def_count, leaf.values.length);
    }
  }
}

}  // namespace
}  // namespace hindsight::parquet
