#include "parquet/reader/row_ranges.h"

#include <gtest/gtest.h>

namespace hindsight::parquet {
namespace {

std::vector<std::pair<int64_t, int64_t>> Pairs(const RowRanges& rows) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const RowRanges::Range& range : rows.ranges()) out.emplace_back(range.begin, range.end);
  return out;
}

TEST(RowRangesTest, AddMergesTouchingRangesAndIgnoresEmptyOnes) {
  RowRanges rows;
  rows.Add(0, 10);
  rows.Add(10, 20);
  rows.Add(25, 25);
  rows.Add(30, 40);
  rows.Add(35, 45);
  EXPECT_EQ(Pairs(rows), (std::vector<std::pair<int64_t, int64_t>>{{0, 20}, {30, 45}}));
  EXPECT_EQ(rows.row_count(), 35);
  EXPECT_TRUE(RowRanges::All(0).empty());
  EXPECT_EQ(RowRanges::All(7).row_count(), 7);
}

TEST(RowRangesTest, IntersectKeepsRowsInBoth) {
  RowRanges a;
  a.Add(0, 10);
  a.Add(20, 30);
  a.Add(40, 50);
  RowRanges b;
  b.Add(5, 25);
  b.Add(45, 100);
  EXPECT_EQ(Pairs(a.Intersect(b)),
            (std::vector<std::pair<int64_t, int64_t>>{{5, 10}, {20, 25}, {45, 50}}));
  EXPECT_TRUE(a.Intersect(RowRanges()).empty());
}

TEST(RowRangesTest, OverlapsAndCovers) {
  RowRanges rows;
  rows.Add(10, 20);
  rows.Add(30, 40);
  EXPECT_TRUE(rows.Overlaps(15, 35));
  EXPECT_TRUE(rows.Overlaps(19, 20));
  EXPECT_FALSE(rows.Overlaps(20, 30));
  EXPECT_FALSE(rows.Overlaps(0, 10));
  EXPECT_FALSE(rows.Overlaps(40, 50));
  EXPECT_TRUE(rows.Covers(10, 20));
  EXPECT_TRUE(rows.Covers(32, 33));
  EXPECT_FALSE(rows.Covers(15, 35));
  EXPECT_FALSE(rows.Covers(9, 11));
  EXPECT_TRUE(rows.Covers(5, 5));
}

}  // namespace
}  // namespace hindsight::parquet
