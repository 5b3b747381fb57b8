// Shredding then assembling gives the rows back, on hand-written nestings and on thousands
// of random schemas and rows; assembly accepts exactly the level streams shredding can give.
#include <gtest/gtest.h>

#include "parquet/schema/column_validator.h"
#include "parquet/schema/record_assembler.h"
#include "parquet/schema/record_shredder.h"
#include "parquet/schema/testing/column_literals.h"
#include "parquet/schema/testing/dremel_example.h"
#include "parquet/schema/testing/random_columns.h"
#include "parquet/schema/testing/schema_literals.h"

namespace hindsight::parquet {
namespace {

using namespace test_util;  // NOLINT: column and schema literals

// Fixed seeds: a failure names its seed and reproduces.
constexpr uint64_t kRandomSchemas = 5000;
constexpr uint64_t kProjectedSchemas = 500;
constexpr uint64_t kCorruptedStreams = 5000;

RecordBatch Batch(int64_t num_rows, std::vector<Column> columns) {
  RecordBatch batch;
  batch.num_rows = num_rows;
  batch.columns = std::move(columns);
  return batch;
}

bool LeavesEqual(const std::vector<LeafData>& a, const std::vector<LeafData>& b,
                 std::string* diff) {
  if (a.size() != b.size()) {
    *diff = "leaf counts differ";
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].def_levels != b[i].def_levels || a[i].rep_levels != b[i].rep_levels) {
      *diff = "levels of leaf " + std::to_string(i) + " differ";
      return false;
    }
    if (!ColumnsEqual(a[i].values, b[i].values, diff)) {
      *diff = "values of leaf " + std::to_string(i) + ": " + *diff;
      return false;
    }
  }
  return true;
}

// Shreds, assembles, and checks the rows come back and shred to the same levels again.
void ExpectRoundTrip(const Schema& schema, const RecordBatch& batch) {
  StatusOr<std::vector<LeafData>> leaves = ShredRecords(schema, batch);
  ASSERT_TRUE(leaves.ok()) << leaves.status();
  const std::vector<LeafData> shredded = *leaves;
  StatusOr<RecordBatch> assembled = AssembleRecords(schema, std::move(*leaves), batch.num_rows);
  ASSERT_TRUE(assembled.ok()) << assembled.status() << "\n" << schema.ToString();
  std::string diff;
  ASSERT_TRUE(BatchesEqual(batch, *assembled, &diff)) << diff << "\n" << schema.ToString();
  StatusOr<std::vector<LeafData>> again = ShredRecords(schema, *assembled);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE(LeavesEqual(shredded, *again, &diff)) << diff;
}

TEST(ShredAssembleRoundTripTest, FlatRequiredAndOptionalColumns) {
  const Schema schema =
      Schema::Make({Field::Int64("id"), Field::Optional(Field::Double("score")),
                    Field::Optional(Field::String("country")), Field::Bool("flag"),
                    Field::Float("f"), Field::FixedLenBinary("fixed", 2)})
          .value();
  ExpectRoundTrip(schema,
                  Batch(3, {Int64Column({1, 2, 3}), DoubleColumn({0.5, std::nullopt, -1}),
                            BinaryColumn({std::nullopt, "US", ""}), BoolColumn({true, false, true}),
                            FloatColumn({1, 2, 3}), BinaryColumn({"ab", "cd", "ef"})}));
}

TEST(ShredAssembleRoundTripTest, NullsAtEveryLevelOfListOfStructs) {
  const Schema schema =
      Schema::Make({Field::Optional(Field::List(
                       "items", Field::Optional(Field::Struct(
                                    "item", {Field::Optional(Field::Int64("x")),
                                             Field::Struct("inner", {Field::String("y")})}))))})
          .value();
  // Rows: null, [], [null], [{x: null, inner: {y: "a"}}, {x: 3, inner: {y: ""}}].
  Column items = StructColumn(
      {Int64Column({0, std::nullopt, 3}), StructColumn({BinaryColumn({"", "a", ""})})}, {0, 1, 1});
  ExpectRoundTrip(schema, Batch(4, {ListColumn({std::nullopt, 0, 1, 2}, std::move(items))}));
}

TEST(ShredAssembleRoundTripTest, StructOfListsInsideOptionalStruct) {
  const Schema schema =
      Schema::Make({Field::Optional(Field::Struct(
                       "s", {Field::List("a", Field::Int32("e")),
                             Field::Optional(Field::List("b", Field::Optional(Field::String("e")))),
                             Field::Int32("required_inside_optional")}))})
          .value();
  Column s = StructColumn(
      {ListColumn({1, 0, 2}, Int32Column({1, 2, 3})),
       ListColumn({std::nullopt, 2, 0}, BinaryColumn({"x", std::nullopt})), Int32Column({7, 8, 9})},
      {1, 1, 0});
  ExpectRoundTrip(schema, Batch(3, {std::move(s)}));
}

TEST(ShredAssembleRoundTripTest, ListsOfListsOfLists) {
  const Schema schema =
      Schema::Make({Field::Optional(Field::List(
                       "l", Field::Optional(Field::List(
                                "e", Field::List("e", Field::Optional(Field::Int32("x")))))))})
          .value();
  Column innermost = Int32Column({1, std::nullopt, 3, 4});
  Column middle = ListColumn({2, 0, 1, 1}, std::move(innermost));
  Column inner = ListColumn({3, std::nullopt, 0, 1}, std::move(middle));
  ExpectRoundTrip(schema, Batch(4, {ListColumn({2, std::nullopt, 0, 2}, std::move(inner))}));
}

TEST(ShredAssembleRoundTripTest, MapsWithNullValuesEmptyAndNullMaps) {
  const Schema schema =
      Schema::Make({Field::Optional(Field::Map(
                        "m", Field::String("k"),
                        Field::Optional(Field::Map("v", Field::Int32("k"), Field::Double("v"))))),
                    Field::Map("plain", Field::Int64("k"), Field::List("v", Field::Int32("e")))})
          .value();
  Column inner = MapColumn({1, std::nullopt, 0}, Int32Column({5}), DoubleColumn({2.5}));
  Column outer =
      MapColumn({2, std::nullopt, 0, 1}, BinaryColumn({"a", "b", "c"}), std::move(inner));
  Column plain = MapColumn({1, 0, 2, 0}, Int64Column({1, 2, 3}),
                           ListColumn({2, 0, 1}, Int32Column({9, 8, 7})));
  ExpectRoundTrip(schema, Batch(4, {std::move(outer), std::move(plain)}));
}

TEST(ShredAssembleRoundTripTest, LegacyTwoLevelAndUnannotatedLists) {
  const Schema schema =
      Schema::FromRoot(
          MessageNode(
              {LeafNode(kRepeated, format::Type::INT32, "bare"),
               WithConverted(GroupNode(kOptional, "two_level",
                                       {LeafNode(kRepeated, format::Type::INT64, "element")}),
                             format::ConvertedType::LIST),
               GroupNode(kRepeated, "records",
                         {LeafNode(kRequired, format::Type::INT32, "a"),
                          LeafNode(kOptional, format::Type::BYTE_ARRAY, "b")})}))
          .value();
  ExpectRoundTrip(
      schema,
      Batch(3, {ListColumn({2, 0, 1}, Int32Column({1, 2, 3})),
                ListColumn({std::nullopt, 0, 2}, Int64Column({4, 5})),
                ListColumn({0, 2, 1}, StructColumn({Int32Column({1, 2, 3}),
                                                    BinaryColumn({"p", std::nullopt, "q"})}))}));
}

TEST(ShredAssembleRoundTripTest, DremelDocument) {
  ExpectRoundTrip(DremelDocumentSchema(), DremelDocumentRecords());
}

TEST(ShredAssembleRoundTripTest, RandomSchemasAndRows) {
  int deep_schemas = 0;
  int legacy_schemas = 0;
  int64_t total_levels = 0;
  for (uint64_t seed = 0; seed < kRandomSchemas; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Schema schema = RandomSchema(seed);
    const RecordBatch batch = RandomColumns(schema, static_cast<int64_t>(seed % 61), seed * 7 + 1);
    ExpectRoundTrip(schema, batch);
    if (HasFatalFailure()) return;
    int max_rep = 0;
    for (const LeafColumn& leaf : schema.leaves())
      max_rep = std::max<int>(max_rep, leaf.max_rep_level);
    deep_schemas += max_rep >= 3;
    legacy_schemas += schema.ToString().find("(LIST)") != std::string::npos &&
                      schema.ToString().find("repeated group list") == std::string::npos;
    const std::vector<LeafData> leaves = ShredRecords(schema, batch).value();
    for (const LeafData& leaf : leaves)
      total_levels += static_cast<int64_t>(leaf.def_levels.size());
  }
  // The generator must reach the shapes this test is meant to cover.
  EXPECT_GT(deep_schemas, 500);
  EXPECT_GT(legacy_schemas, 300);
  EXPECT_GT(total_levels, 1000000);
}

TEST(ShredAssembleRoundTripTest, RandomProjections) {
  for (uint64_t seed = 0; seed < kProjectedSchemas; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Schema schema = RandomSchema(seed);
    const RecordBatch batch = RandomColumns(schema, 20, seed);
    StatusOr<std::vector<LeafData>> leaves = ShredRecords(schema, batch);
    ASSERT_TRUE(leaves.ok()) << leaves.status();
    std::vector<std::string> paths;
    for (const LeafColumn& leaf : schema.leaves()) {
      if ((seed >> (leaf.index % 8)) & 1) paths.push_back(leaf.dotted_path);
    }
    if (paths.empty()) paths.push_back(schema.leaf(0).dotted_path);
    StatusOr<Schema> projected = schema.Project(paths);
    ASSERT_TRUE(projected.ok()) << projected.status();
    std::vector<LeafData> selected;
    for (const LeafColumn& leaf : projected->leaves()) {
      selected.push_back((*leaves)[leaf.source_index]);
    }
    StatusOr<RecordBatch> assembled = AssembleRecords(*projected, std::move(selected), 20);
    ASSERT_TRUE(assembled.ok()) << assembled.status();
    std::string diff;
    ASSERT_TRUE(BatchesEqual(ProjectBatch(schema, *projected, batch), *assembled, &diff))
        << diff << "\n"
        << projected->ToString();
  }
}

TEST(ShredAssembleRoundTripTest, AssemblyAcceptsOnlyLevelsThatShredBack) {
  uint64_t state = 99;
  auto next = [&state](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  int accepted = 0;
  int rejected = 0;
  for (uint64_t seed = 0; seed < kCorruptedStreams; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Schema schema = RandomSchema(seed);
    const int64_t num_rows = 1 + static_cast<int64_t>(seed % 9);
    StatusOr<std::vector<LeafData>> leaves =
        ShredRecords(schema, RandomColumns(schema, num_rows, seed));
    ASSERT_TRUE(leaves.ok()) << leaves.status();
    std::vector<LeafData> corrupted = *leaves;
    LeafData& leaf = corrupted[next(corrupted.size())];
    std::vector<int16_t>& levels = next(2) == 0 ? leaf.def_levels : leaf.rep_levels;
    if (levels.empty()) continue;
    const size_t at = next(levels.size());
    levels[at] = static_cast<int16_t>(levels[at] + static_cast<int>(next(5)) - 2);
    const std::vector<LeafData> input = corrupted;
    StatusOr<RecordBatch> assembled = AssembleRecords(schema, std::move(corrupted), num_rows);
    if (!assembled.ok()) {
      ++rejected;
      continue;
    }
    ++accepted;
    for (size_t i = 0; i < assembled->columns.size(); ++i) {
      const LogicalNode& field = schema.logical_root().children[i];
      ASSERT_TRUE(ValidateColumn(field, assembled->columns[i], field.name).ok());
    }
    StatusOr<std::vector<LeafData>> again = ShredRecords(schema, *assembled);
    ASSERT_TRUE(again.ok()) << again.status();
    std::string diff;
    ASSERT_TRUE(LeavesEqual(input, *again, &diff)) << diff << "\n" << schema.ToString();
  }
  EXPECT_GT(accepted, 50);
  EXPECT_GT(rejected, 500);
}

}  // namespace
}  // namespace hindsight::parquet
