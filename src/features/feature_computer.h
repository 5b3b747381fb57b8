// FeatureComputer: runs a compiled feature set over label rows. Work that depends only on
// the facts and the label time (extracting fact fields, the time filter, mapping through
// `via` dimensions) is done once per group of rows sharing them — a record and its
// candidate items — and only the item-dependent part per row. The same code serves the
// offline generator and the online server: same inputs, same bits.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "features/feature_plan.h"
#include "hindsight/record.pb.h"

namespace hindsight::features {

// The wire bytes of the first fact of `type` in `record`, if any: when a record carries
// several facts of one type, features read the first (docs/FEATURES.md). Null record:
// nullopt. The view lives as long as the record.
std::optional<std::string_view> FirstFactBytes(const Record* record, std::string_view type);

// What one group of label rows reads.
struct GroupFacts {
  int64_t as_of_us = 0;
  // Per plan fact type (FeaturePlan::fact_types() order): the fact's wire bytes, or
  // nullopt when missing. The bytes must outlive the group's rows.
  std::vector<std::optional<std::string_view>> facts;
  // The record whose context the features read; nullptr when missing.
  const Record* context = nullptr;
};

// Feature values of many rows, one column per feature (values row-major for vectors).
struct FeatureColumns {
  struct Column {
    std::vector<double> doubles;     // kDouble
    std::vector<int64_t> integers;   // kInt64
    std::vector<float> floats;       // kFloatVector: rows × size
    std::vector<uint8_t> defaulted;  // per row, 1 when the default was written (if tracked)
  };
  std::vector<Column> columns;
  int64_t rows = 0;
  bool track_defaults = false;  // fill Column::defaulted (the server answers with it)

  // Empties the columns for `plan`'s features; keeps track_defaults.
  void Reset(const FeaturePlan& plan);
};

struct FeatureCounts {
  std::vector<int64_t> misses;    // per feature: a fact, context or item attribute missing
  std::vector<int64_t> defaults;  // per feature: the default was written (misses included)
  void Add(const FeatureCounts& other);
};

// Not thread-safe: one per thread. `plan` must outlive it.
class FeatureComputer {
 public:
  explicit FeatureComputer(const FeaturePlan& plan);

  // Prepares the inputs of every feature for a group. DataLoss naming the fact type and
  // feature when a fact's bytes are malformed.
  [[nodiscard]] Status StartGroup(const GroupFacts& group);
  // Appends the features of one row of the current group, for `item`, to `out`.
  void EncodeRow(int64_t item, FeatureColumns& out);

  const FeatureCounts& counts() const { return counts_; }

 private:
  struct FeatureState {
    bool missing = false;
    std::vector<Values> inputs;  // per input, ready for Encode
    std::vector<const Values*> input_pointers;
  };

  Status PrepareFeature(size_t index, const GroupFacts& group);
  // Maps integer keys through a dimension attribute as of `as_of_us`.
  void MapThrough(const DimensionAttribute& attribute, const Values& keys, int64_t as_of_us,
                  Values& out) const;
  // Appends the attribute of version `row` to `out` (one group for lists); false if null.
  bool AppendAttribute(const DimensionAttribute& attribute, int64_t row, Values& out,
                       bool group) const;
  void WriteDefault(size_t index, FeatureColumns::Column& column);
  // The row of `item`'s version in `table` as of the group's time (-1: none), cached
  // for the current row.
  int64_t ItemVersion(const dims::DimensionTable& table, int64_t item);

  const FeaturePlan& plan_;
  int64_t as_of_us_ = 0;
  std::vector<FeatureState> states_;
  Values scratch_;
  std::vector<int64_t> times_;
  Values item_values_;
  FeatureValue value_;
  FeatureCounts counts_;
  std::vector<std::pair<const dims::DimensionTable*, int64_t>> item_rows_;
};

}  // namespace hindsight::features
