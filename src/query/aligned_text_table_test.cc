#include "query/aligned_text_table.h"

#include "gtest/gtest.h"

namespace hindsight::query {
namespace {

TEST(AlignedTextTableTest, PadsColumnsToTheirWidestCell) {
  AlignedTextTable table;
  table.AddRow({"name", "n", "note"});
  table.AddRow({"a", "12345", "x"});
  EXPECT_EQ(table.Render(),
            "name  n      note\n"
            "a     12345  x\n");
}

TEST(AlignedTextTableTest, CountsCodePointsNotBytes) {
  AlignedTextTable table;
  table.AddRow({"café", "1"});
  table.AddRow({"tea", "2"});
  EXPECT_EQ(table.Render(),
            "café  1\n"
            "tea   2\n");
}

TEST(AlignedTextTableTest, TrimsTrailingSpaceOfShortRowsAndEmptyLastCells) {
  AlignedTextTable table;
  table.AddRow({"long cell", "x"});
  table.AddRow({"a"});
  table.AddRow({"b", ""});
  EXPECT_EQ(table.Render(),
            "long cell  x\n"
            "a\n"
            "b\n");
}

TEST(AlignedTextTableTest, EmptyTableRendersNothing) { EXPECT_EQ(AlignedTextTable().Render(), ""); }

}  // namespace
}  // namespace hindsight::query
