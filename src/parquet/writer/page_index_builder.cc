#include "parquet/writer/page_index_builder.h"

namespace hindsight::parquet {

format::BoundaryOrder ComputeBoundaryOrder(ValueOrder order, const std::vector<bool>& null_pages,
                                           std::span<const std::string> min_values,
                                           std::span<const std::string> max_values) {
  bool ascending = true;
  bool descending = true;
  const std::string* previous_min = nullptr;
  const std::string* previous_max = nullptr;
  for (size_t i = 0; i < null_pages.size(); ++i) {
    if (null_pages[i]) continue;
    if (previous_min != nullptr) {
      const int min_step = CompareBounds(order, *previous_min, min_values[i]);
      const int max_step = CompareBounds(order, *previous_max, max_values[i]);
      if (min_step > 0 || max_step > 0) ascending = false;
      if (min_step < 0 || max_step < 0) descending = false;
    }
    previous_min = &min_values[i];
    previous_max = &max_values[i];
  }
  if (ascending) return format::BoundaryOrder::ASCENDING;
  if (descending) return format::BoundaryOrder::DESCENDING;
  return format::BoundaryOrder::UNORDERED;
}

void ColumnIndexBuilder::AddPage(const std::optional<MinMax>& bounds, int64_t num_values,
                                 int64_t null_count) {
  const bool null_page = num_values == 0;
  index_.null_pages.push_back(null_page);
  index_.null_counts.push_back(null_count);
  if (null_page || !bounds) {
    // A null page's bounds are empty by the spec; a page of values without bounds
    // makes the whole index unusable.
    if (!null_page) describable_ = false;
    index_.min_values.emplace_back();
    index_.max_values.emplace_back();
    return;
  }
  if (order_ == ValueOrder::kUnsignedBytes) {
    std::optional<std::string> upper = TruncateUpperBound(bounds->max, value_bytes_);
    index_.min_values.push_back(TruncateLowerBound(bounds->min, value_bytes_));
    index_.max_values.push_back(upper ? std::move(*upper) : bounds->max);
  } else {
    index_.min_values.push_back(bounds->min);
    index_.max_values.push_back(bounds->max);
  }
}

std::optional<format::ColumnIndex> ColumnIndexBuilder::Build() const {
  if (!describable_ || order_ == ValueOrder::kNone) return std::nullopt;
  format::ColumnIndex index = index_;
  index.boundary_order =
      ComputeBoundaryOrder(order_, index.null_pages, index.min_values, index.max_values);
  return index;
}

void ColumnIndexBuilder::Reset() {
  describable_ = true;
  index_ = format::ColumnIndex{};
}

void OffsetIndexBuilder::AddPage(int64_t offset, int32_t stored_size, int64_t first_row_index) {
  locations_.push_back(format::PageLocation{offset, stored_size, first_row_index});
}

format::OffsetIndex OffsetIndexBuilder::Build(int64_t data_pages_offset) const {
  format::OffsetIndex index;
  index.page_locations = locations_;
  for (format::PageLocation& location : index.page_locations) location.offset += data_pages_offset;
  return index;
}

}  // namespace hindsight::parquet
