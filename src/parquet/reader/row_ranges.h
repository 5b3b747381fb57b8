// RowRanges: a set of rows of one row group as sorted, disjoint, non-adjacent half-open
// intervals [begin, end). The page index turns a filter into RowRanges; column chunk
// reads then return exactly those rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hindsight::parquet {

class RowRanges {
 public:
  struct Range {
    int64_t begin = 0;
    int64_t end = 0;
  };

  // Rows [0, num_rows); empty when num_rows <= 0.
  static RowRanges All(int64_t num_rows);

  // Adds [begin, end), merging with the last range when they touch or overlap.
  // REQUIRES: begin >= the begin of every range added before (ranges come in order).
  void Add(int64_t begin, int64_t end);

  RowRanges Intersect(const RowRanges& other) const;

  // Whether any row of [begin, end) is in the set; whether all of them are.
  bool Overlaps(int64_t begin, int64_t end) const;
  bool Covers(int64_t begin, int64_t end) const;

  int64_t row_count() const;
  bool empty() const { return ranges_.empty(); }
  const std::vector<Range>& ranges() const { return ranges_; }

 private:
  // Index of the first range whose end is past `row`.
  size_t FirstEndingAfter(int64_t row) const;

  std::vector<Range> ranges_;
};

}  // namespace hindsight::parquet
