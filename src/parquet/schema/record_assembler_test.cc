#include "parquet/schema/record_assembler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parquet/schema/testing/column_literals.h"
#include "parquet/schema/testing/dremel_example.h"
#include "parquet/schema/testing/random_columns.h"

namespace hindsight::parquet {
namespace {

using ::testing::HasSubstr;
using namespace test_util;  // NOLINT: column literals

// Leaf indices of the Dremel Document schema.
constexpr int kDocId = 0;
constexpr int kBackward = 1;
constexpr int kForward = 2;
constexpr int kCode = 3;
constexpr int kCountry = 4;
constexpr int kUrl = 5;

std::string AssemblyError(std::vector<LeafData> leaves, int64_t num_rows = 2) {
  StatusOr<RecordBatch> batch =
      AssembleRecords(DremelDocumentSchema(), std::move(leaves), num_rows);
  return batch.ok() ? "OK" : std::string(batch.status().message());
}

TEST(RecordAssemblerTest, AssemblesDremelDocumentFromThePapersLevels) {
  StatusOr<RecordBatch> batch = AssembleRecords(DremelDocumentSchema(), DremelDocumentLeaves(), 2);
  ASSERT_TRUE(batch.ok()) << batch.status();
  std::string diff;
  EXPECT_TRUE(BatchesEqual(DremelDocumentRecords(), *batch, &diff)) << diff;
  // Exact layout, not only equal content: offsets and no needless validity.
  const Column& name = batch->columns[2];
  EXPECT_EQ(name.offsets, (std::vector<int64_t>{0, 3, 4}));
  EXPECT_TRUE(name.validity.empty());
  const Column& languages = name.children[0].children[0];
  EXPECT_EQ(languages.offsets, (std::vector<int64_t>{0, 2, 2, 3, 3}));
  const Column& country = languages.children[0].children[1];
  EXPECT_EQ(country.validity, (std::vector<uint8_t>{1, 0, 1}));
  EXPECT_EQ(country.offsets, (std::vector<int64_t>{0, 2, 2, 4}));
  EXPECT_TRUE(batch->columns[1].validity.empty());
}

TEST(RecordAssemblerTest, NullParentsGiveDefaultSlotsInRequiredChildren) {
  const Schema schema =
      Schema::Make({Field::Optional(Field::Struct("s", {Field::Int32("a"), Field::String("b")}))})
          .value();
  std::vector<LeafData> leaves(2);
  leaves[0].def_levels = {0, 1};
  leaves[0].values = Int32Column({5});
  leaves[1].def_levels = {0, 1};
  leaves[1].values = BinaryColumn({"x"});
  StatusOr<RecordBatch> batch = AssembleRecords(schema, std::move(leaves), 2);
  ASSERT_TRUE(batch.ok()) << batch.status();
  const Column& s = batch->columns[0];
  EXPECT_EQ(s.validity, (std::vector<uint8_t>{0, 1}));
  EXPECT_TRUE(s.children[0].validity.empty());
  EXPECT_EQ(s.children[0].length, 2);
  EXPECT_EQ(s.children[0].Values<int32_t>()[1], 5);
  EXPECT_EQ(s.children[1].offsets, (std::vector<int64_t>{0, 0, 1}));
}

TEST(RecordAssemblerTest, RebasesBinaryOffsets) {
  const Schema schema = Schema::Make({Field::String("s")}).value();
  std::vector<LeafData> leaves(1);
  leaves[0].values = BinaryColumn({"xxab", "c"});
  leaves[0].values.offsets = {2, 4, 5};  // values start 2 bytes into the heap
  leaves[0].values.length = 2;
  StatusOr<RecordBatch> batch = AssembleRecords(schema, std::move(leaves), 2);
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->columns[0].offsets, (std::vector<int64_t>{0, 2, 3}));
  EXPECT_EQ(batch->columns[0].Binary(0), "ab");
  EXPECT_EQ(batch->columns[0].Binary(1), "c");
}

TEST(RecordAssemblerTest, ZeroRows) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  for (LeafData& leaf : leaves) {
    leaf.def_levels.clear();
    leaf.rep_levels.clear();
    leaf.values.length = 0;
    leaf.values.values.clear();
    if (leaf.values.type == ColumnType::kBinary) leaf.values.offsets = {0};
  }
  StatusOr<RecordBatch> batch = AssembleRecords(DremelDocumentSchema(), std::move(leaves), 0);
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->num_rows, 0);
  ASSERT_EQ(batch->columns.size(), 3u);
  EXPECT_EQ(batch->columns[2].length, 0);
  EXPECT_EQ(batch->columns[2].offsets, (std::vector<int64_t>{0}));
}

TEST(RecordAssemblerTest, RejectsDefinitionLevelAboveMaximum) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  leaves[kCode].def_levels[1] = 3;
  EXPECT_EQ(AssemblyError(leaves),
            "leaf 'Name.Language.Code': definition level 3 at level index 1 is outside [0, 2]");
}

TEST(RecordAssemblerTest, RejectsNegativeDefinitionLevel) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  leaves[kUrl].def_levels[2] = -1;
  EXPECT_THAT(AssemblyError(leaves), HasSubstr("definition level -1 at level index 2"));
}

TEST(RecordAssemblerTest, RejectsRepetitionLevelAboveMaximum) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  leaves[kForward].rep_levels[1] = 2;
  EXPECT_EQ(AssemblyError(leaves),
            "leaf 'Links.Forward': repetition level 2 at level index 1 is outside [0, 1]");
  leaves[kForward].rep_levels[1] = -4;
  EXPECT_THAT(AssemblyError(leaves), HasSubstr("repetition level -4 at level index 1"));
}

TEST(RecordAssemblerTest, RejectsFirstRowNotStartingAtRepetitionZero) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  leaves[kUrl].rep_levels[0] = 1;
  EXPECT_EQ(AssemblyError(leaves), "leaf 'Name.Url': the first row starts with repetition level 1");
}

TEST(RecordAssemblerTest, RejectsRepetitionIntoListThePreviousEntryDidNotOpen) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  // Entry 2 is a Name without Language (def 1); entry 3 cannot add a second Language to it.
  leaves[kCode].rep_levels[3] = 2;
  EXPECT_THAT(AssemblyError(leaves),
              HasSubstr("leaf 'Name.Language.Code': repetition level 2 at level index 3 "
                        "continues a list that is not there"));
}

TEST(RecordAssemblerTest, RejectsRepetitionWithoutAnElement) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  // A second Backward element whose definition level says the list is empty.
  leaves[kBackward].def_levels[2] = 1;
  leaves[kBackward].values = Int64Column({10});
  EXPECT_THAT(AssemblyError(leaves),
              HasSubstr("leaf 'Links.Backward': repetition level 1 at level index 2 continues"));
}

TEST(RecordAssemblerTest, RejectsWrongRowCount) {
  EXPECT_EQ(AssemblyError(DremelDocumentLeaves(), 3),
            "leaf 'DocId': 2 values for 3 rows of a required column");
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  leaves[kDocId].values = Int64Column({10, 20, 30});
  EXPECT_EQ(AssemblyError(leaves, 3), "leaf 'Links.Backward': levels hold 2 rows, expected 3");
  EXPECT_THAT(AssemblyError(DremelDocumentLeaves(), -1), HasSubstr("negative row count"));
}

TEST(RecordAssemblerTest, RejectsValueCountDifferentFromMaxDefinitionLevels) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  leaves[kUrl].values = BinaryColumn({"http://A", "http://B"});
  EXPECT_EQ(AssemblyError(leaves),
            "leaf 'Name.Url': level index 3 holds value 3 but only 2 values were given");
  leaves[kUrl].values = BinaryColumn({"http://A", "http://B", "http://C", "http://D"});
  EXPECT_EQ(AssemblyError(leaves), "leaf 'Name.Url': the 4 levels hold 3 values but 4 were given");
}

TEST(RecordAssemblerTest, RejectsLeavesDisagreeingOnNulls) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  // Backward says r1 has no Links; Forward has three values in them.
  leaves[kBackward].def_levels[0] = 0;
  EXPECT_EQ(AssemblyError(leaves),
            "leaf 'Links.Forward': disagrees with leaf 'Links.Backward' on the rows, nulls or "
            "elements of 'Links' at level index 0");
}

TEST(RecordAssemblerTest, RejectsLeavesDisagreeingOnRecordBoundaries) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  // Country claims r1 has two Names and r2 two; Code says three and one.
  leaves[kCountry].rep_levels[3] = 0;
  leaves[kCountry].rep_levels[4] = 1;
  EXPECT_EQ(AssemblyError(leaves),
            "leaf 'Name.Language.Country': disagrees with leaf 'Name.Language.Code' on the rows, "
            "nulls or elements of 'Name' at level index 3");
}

TEST(RecordAssemblerTest, RejectsLeavesDisagreeingOnElementCounts) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  // Url gives r2 a second Name.
  leaves[kUrl].def_levels.push_back(2);
  leaves[kUrl].rep_levels.push_back(1);
  leaves[kUrl].values = BinaryColumn({"http://A", "http://B", "http://C", "http://D"});
  EXPECT_EQ(AssemblyError(leaves),
            "leaf 'Name.Url': disagrees with leaf 'Name.Language.Code' on the rows, nulls or "
            "elements of 'Name' at level index 5");
}

TEST(RecordAssemblerTest, RejectsMalformedLeafData) {
  std::vector<LeafData> leaves = DremelDocumentLeaves();
  leaves.pop_back();
  EXPECT_EQ(AssemblyError(leaves), "got data for 5 leaf columns, the schema has 6");

  leaves = DremelDocumentLeaves();
  leaves[kDocId].def_levels = {0, 0};
  EXPECT_EQ(AssemblyError(leaves), "leaf 'DocId': has definition levels but its maximum is 0");

  leaves = DremelDocumentLeaves();
  leaves[kCode].rep_levels.pop_back();
  EXPECT_EQ(AssemblyError(leaves),
            "leaf 'Name.Language.Code': 4 repetition levels but 5 definition levels");

  leaves = DremelDocumentLeaves();
  leaves[kUrl].values = BinaryColumn({"http://A", std::nullopt, "http://C"});
  EXPECT_EQ(AssemblyError(leaves), "leaf 'Name.Url': values must not carry validity");

  leaves = DremelDocumentLeaves();
  leaves[kForward].values = Int32Column({20, 40, 60, 80});
  EXPECT_THAT(AssemblyError(leaves), HasSubstr("leaf 'Links.Forward': values have column type"));

  leaves = DremelDocumentLeaves();
  leaves[kUrl].values.offsets[1] = 100;
  EXPECT_THAT(AssemblyError(leaves), HasSubstr("column 'Name.Url': offsets decrease at slot 1"));

  leaves = DremelDocumentLeaves();
  leaves[kUrl].values.offsets[3] = 1000;
  EXPECT_THAT(AssemblyError(leaves), HasSubstr("offsets end at 1000 past the"));

  leaves = DremelDocumentLeaves();
  leaves[kForward].values.values.pop_back();
  EXPECT_THAT(AssemblyError(leaves), HasSubstr("31 value bytes for 4 values of 8 bytes"));
}

TEST(RecordAssemblerTest, RejectsRandomlyCorruptedLevelsWithoutCrashing) {
  // Every corruption of the paper's levels must be rejected or assemble into something
  // that shreds back to exactly those levels (checked more broadly in the round-trip test).
  uint64_t state = 12345;
  auto next = [&state](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  int rejected = 0;
  for (int iteration = 0; iteration < 2000; ++iteration) {
    std::vector<LeafData> leaves = DremelDocumentLeaves();
    const int leaf = 1 + static_cast<int>(next(5));
    std::vector<int16_t>& levels = next(2) == 0 ? leaves[leaf].def_levels : leaves[leaf].rep_levels;
    levels[next(levels.size())] = static_cast<int16_t>(static_cast<int>(next(7)) - 2);
    rejected += AssemblyError(leaves) != "OK";
  }
  EXPECT_GT(rejected, 1000);
}

}  // namespace
}  // namespace hindsight::parquet
