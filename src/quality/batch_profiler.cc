#include "quality/batch_profiler.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "quality/column_numbers_internal.h"
#include "quality/radix_sort.h"
#include "util/str_cat.h"

namespace hindsight::quality {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::LogicalKind;
using parquet::LogicalNode;

// Where each slot of a column sits: its row, and whether the attribute could be there
// at all (false under a missing list element); `null_above` marks slots whose parent
// struct is null, so the value is missing.
struct Slots {
  std::vector<int32_t> rows;
  std::vector<uint8_t> null_above;
};

class Profiler {
 public:
  Profiler(const std::vector<std::vector<int>>& slice_of_row, std::vector<std::string> slice_names,
           ProfileSet* out)
      : slice_of_row_(slice_of_row), slice_names_(std::move(slice_names)), out_(out) {}

  Status Walk(const LogicalNode& node, const Column& column, const std::string& path,
              const Slots& slots) {
    switch (node.kind) {
      case LogicalKind::kPrimitive:
        return Primitive(column, path, slots);
      case LogicalKind::kStruct: {
        // Children share the struct's slots; a null struct makes them missing.
        Slots with_nulls;
        if (column.has_nulls()) {
          with_nulls = slots;
          for (int64_t i = 0; i < column.length; ++i) {
            if (column.IsNull(i)) with_nulls.null_above[i] = 1;
          }
        }
        const Slots& child_slots = column.has_nulls() ? with_nulls : slots;
        for (size_t c = 0; c < node.children.size() && c < column.children.size(); ++c) {
          HS_RETURN_IF_ERROR(Walk(node.children[c], column.children[c],
                                  Join(path, node.children[c].name), child_slots));
        }
        return absl::OkStatus();
      }
      case LogicalKind::kList:
      case LogicalKind::kMap: {
        Targets targets = TargetsOf(path, AttributeKind::kList);
        current_ = &targets;
        Slots element_slots;
        ClearBuffers();
        for (int64_t i = 0; i < column.length; ++i) {
          const int32_t row = slots.rows[i];
          if (slots.null_above[i] || column.IsNull(i)) {
            Each(targets, row, [](AttributeProfile& p) { p.AddNull(); });
            continue;
          }
          const int64_t begin = column.ChildBegin(i);
          const int64_t end = column.ChildEnd(i);
          Gather(row, static_cast<double>(end - begin));
          for (int64_t e = begin; e < end; ++e) element_slots.rows.push_back(row);
        }
        FlushBuffers(targets);
        element_slots.null_above.assign(element_slots.rows.size(), 0);
        if (node.kind == LogicalKind::kList) {
          if (node.children.empty() || column.children.empty()) return absl::OkStatus();
          // Elements of a list of values are "<path>[]"; a list of messages adds no name.
          const bool struct_elements = node.children[0].kind == LogicalKind::kStruct;
          return Walk(node.children[0], column.children[0],
                      struct_elements ? path : StrCat(path, "[]"), element_slots);
        }
        if (node.children.size() < 2 || column.children.size() < 2) return absl::OkStatus();
        HS_RETURN_IF_ERROR(
            Walk(node.children[0], column.children[0], Join(path, "key"), element_slots));
        return Walk(node.children[1], column.children[1], Join(path, "value"), element_slots);
      }
    }
    return absl::OkStatus();
  }

 private:
  // The profiles a value of one attribute goes to: all rows, then one per slice.
  struct Targets {
    AttributeProfile* all;
    std::vector<AttributeProfile*> by_slice;
  };

  static std::string Join(const std::string& path, const std::string& name) {
    return path.empty() ? name : StrCat(path, ".", name);
  }

  Targets TargetsOf(const std::string& path, AttributeKind kind) {
    Targets targets{&out_->At(kAllRows, path, kind), {}};
    for (const std::string& slice : slice_names_) {
      targets.by_slice.push_back(&out_->At(slice, path, kind));
    }
    return targets;
  }

  void ClearBuffers() {
    all_values_.clear();
    slice_values_.resize(slice_names_.size());
    for (auto& values : slice_values_) values.clear();
  }

  void Gather(int32_t row, double value) {
    if (std::isnan(value)) {
      Each(*current_, row, [](AttributeProfile& p) { p.AddNull(); });
      return;
    }
    all_values_.push_back(value);
    for (const std::vector<int>& slices : slice_of_row_) {
      const int slice = slices[row];
      if (slice >= 0) slice_values_[slice].push_back(value);
    }
  }

  // Sorts the gathered numbers (profiles take them sorted) and adds them. When one slice
  // column covers every value, the whole is the merge of the sorted slices.
  void FlushBuffers(Targets& targets) {
    size_t in_slices = 0;
    for (auto& values : slice_values_) {
      RadixSortDoubles(values, sort_scratch_);
      in_slices += values.size();
    }
    for (size_t s = 0; s < slice_values_.size(); ++s) {
      targets.by_slice[s]->AddSortedNumbers(slice_values_[s]);
    }
    if (slice_of_row_.size() == 1 && in_slices == all_values_.size()) {
      all_values_.clear();
      for (const auto& values : slice_values_) {
        const auto middle = static_cast<std::ptrdiff_t>(all_values_.size());
        all_values_.insert(all_values_.end(), values.begin(), values.end());
        std::inplace_merge(all_values_.begin(), all_values_.begin() + middle, all_values_.end());
      }
    } else {
      RadixSortDoubles(all_values_, sort_scratch_);
    }
    targets.all->AddSortedNumbers(all_values_);
  }

  template <typename F>
  void Each(Targets& targets, int32_t row, F&& add) {
    add(*targets.all);
    for (const std::vector<int>& slices : slice_of_row_) {
      const int slice = slices[row];
      if (slice >= 0) add(*targets.by_slice[slice]);
    }
  }

  Status Primitive(const Column& column, const std::string& path, const Slots& slots) {
    const bool is_string = column.type == ColumnType::kBinary;
    if (!is_string && !IsNumeric(column)) {
      return absl::InvalidArgumentError(
          StrCat("attribute '", path, "' is a nested column where a value was expected"));
    }
    Targets targets = TargetsOf(path, is_string ? AttributeKind::kString : AttributeKind::kNumeric);
    current_ = &targets;
    ClearBuffers();
    for (int64_t i = 0; i < column.length; ++i) {
      const int32_t row = slots.rows[i];
      if (slots.null_above[i] || column.IsNull(i)) {
        Each(targets, row, [](AttributeProfile& p) { p.AddNull(); });
        continue;
      }
      if (is_string) {
        const std::string_view value = column.Binary(i);
        Each(targets, row, [value](AttributeProfile& p) { p.AddString(value); });
      } else {
        Gather(row, NumberAt(column, i));
      }
    }
    if (!is_string) FlushBuffers(targets);
    return absl::OkStatus();
  }

  const std::vector<std::vector<int>>& slice_of_row_;  // per slice column, per row
  std::vector<uint64_t> sort_scratch_;
  Targets* current_ = nullptr;                     // the attribute being gathered
  std::vector<double> all_values_;                 // numbers gathered for one attribute
  std::vector<std::vector<double>> slice_values_;  // the same, by slice
  std::vector<std::string> slice_names_;
  ProfileSet* out_;
};

}  // namespace

StatusOr<ProfileSet> ProfileBatch(const parquet::Schema& schema, const parquet::RecordBatch& batch,
                                  const ProfileOptions& options) {
  const LogicalNode& root = schema.logical_root();
  if (batch.columns.size() != root.children.size()) {
    return absl::InvalidArgumentError(
        StrCat("batch has ", batch.columns.size(), " columns, the schema ", root.children.size()));
  }
  // Per slice column, the slice of each row: the index of (column, value) among the
  // slices seen, -1 when null.
  std::vector<std::vector<int>> slice_of_row;
  std::vector<std::string> slice_names;
  absl::flat_hash_map<std::string, int> slice_index;
  for (const std::string& slice_column : options.slice_by) {
    for (size_t c = 0; c < root.children.size(); ++c) {
      const Column& column = batch.columns[c];
      if (root.children[c].name != slice_column || column.type != ColumnType::kBinary) continue;
      std::vector<int>& slices = slice_of_row.emplace_back(batch.num_rows, -1);
      for (int64_t row = 0; row < batch.num_rows; ++row) {
        if (column.IsNull(row)) continue;
        std::string name = SliceName(slice_column, column.Binary(row));
        auto [it, inserted] = slice_index.try_emplace(name, static_cast<int>(slice_names.size()));
        if (inserted) slice_names.push_back(std::move(name));
        slices[row] = it->second;
      }
    }
  }
  ProfileSet profiles;
  profiles.Count(kAllRows, kRecordsCounter, batch.num_rows);
  std::vector<int64_t> rows_per_slice(slice_names.size(), 0);
  for (const std::vector<int>& slices : slice_of_row) {
    for (int slice : slices) {
      if (slice >= 0) ++rows_per_slice[slice];
    }
  }
  for (size_t s = 0; s < slice_names.size(); ++s) {
    profiles.Count(slice_names[s], kRecordsCounter, rows_per_slice[s]);
  }
  Profiler profiler(slice_of_row, slice_names, &profiles);
  Slots top;
  top.rows.resize(batch.num_rows);
  for (int64_t row = 0; row < batch.num_rows; ++row) top.rows[row] = static_cast<int32_t>(row);
  top.null_above.assign(batch.num_rows, 0);
  for (size_t c = 0; c < root.children.size(); ++c) {
    HS_RETURN_IF_ERROR(
        profiler.Walk(root.children[c], batch.columns[c], root.children[c].name, top));
  }
  return profiles;
}

}  // namespace hindsight::quality
