// The page index of one column chunk (PageIndex.md): the ColumnIndex (per data page:
// all-null flag, bounds, null count, and whether bounds are ordered across pages) and
// the OffsetIndex (per data page: location, stored size, first row).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parquet/format/parquet_types.h"
#include "parquet/writer/statistics_builder.h"

namespace hindsight::parquet {

// ASCENDING when the bounds of the non-null pages never decrease, DESCENDING when they
// never increase (ASCENDING wins when both hold), else UNORDERED.
format::BoundaryOrder ComputeBoundaryOrder(ValueOrder order, const std::vector<bool>& null_pages,
                                           std::span<const std::string> min_values,
                                           std::span<const std::string> max_values);

class ColumnIndexBuilder {
 public:
  // Byte-array bounds are truncated to value_bytes (unsigned byte order only).
  ColumnIndexBuilder(ValueOrder order, size_t value_bytes)
      : order_(order), value_bytes_(value_bytes) {}

  // One data page, in order: its bounds (nullopt when it has no ordered value), its
  // non-null value count and its null count.
  void AddPage(const std::optional<MinMax>& bounds, int64_t num_values, int64_t null_count);

  // nullopt when a page holding values has no bounds (e.g. only NaN, or no order):
  // the index could not describe it, so none is written.
  std::optional<format::ColumnIndex> Build() const;
  void Reset();

 private:
  ValueOrder order_;
  size_t value_bytes_;
  bool describable_ = true;
  format::ColumnIndex index_;
};

class OffsetIndexBuilder {
 public:
  // `offset` is relative to the start of the chunk's data pages.
  void AddPage(int64_t offset, int32_t stored_size, int64_t first_row_index);
  // The index with every offset moved by `data_pages_offset`, the file offset of the
  // chunk's first data page.
  format::OffsetIndex Build(int64_t data_pages_offset) const;
  void Reset() { locations_.clear(); }

 private:
  std::vector<format::PageLocation> locations_;
};

}  // namespace hindsight::parquet
