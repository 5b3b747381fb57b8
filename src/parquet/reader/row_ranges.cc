#include "parquet/reader/row_ranges.h"

#include <algorithm>

namespace hindsight::parquet {

RowRanges RowRanges::All(int64_t num_rows) {
  RowRanges all;
  all.Add(0, num_rows);
  return all;
}

void RowRanges::Add(int64_t begin, int64_t end) {
  if (begin >= end) return;
  if (!ranges_.empty() && begin <= ranges_.back().end) {
    ranges_.back().end = std::max(ranges_.back().end, end);
    return;
  }
  ranges_.push_back({begin, end});
}

RowRanges RowRanges::Intersect(const RowRanges& other) const {
  RowRanges out;
  size_t i = 0;
  size_t j = 0;
  while (i < ranges_.size() && j < other.ranges_.size()) {
    const Range& a = ranges_[i];
    const Range& b = other.ranges_[j];
    out.Add(std::max(a.begin, b.begin), std::min(a.end, b.end));
    if (a.end < b.end) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

size_t RowRanges::FirstEndingAfter(int64_t row) const {
  return static_cast<size_t>(
      std::upper_bound(ranges_.begin(), ranges_.end(), row,
                       [](int64_t value, const Range& range) { return value < range.end; }) -
      ranges_.begin());
}

bool RowRanges::Overlaps(int64_t begin, int64_t end) const {
  if (begin >= end) return false;
  const size_t i = FirstEndingAfter(begin);
  return i < ranges_.size() && ranges_[i].begin < end;
}

bool RowRanges::Covers(int64_t begin, int64_t end) const {
  if (begin >= end) return true;
  const size_t i = FirstEndingAfter(begin);
  return i < ranges_.size() && ranges_[i].begin <= begin && ranges_[i].end >= end;
}

int64_t RowRanges::row_count() const {
  int64_t rows = 0;
  for (const Range& range : ranges_) rows += range.end - range.begin;
  return rows;
}

}  // namespace hindsight::parquet
