#include "parquet/schema/record_assembler.h"

#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

#include "parquet/schema/column_validator.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

// One leaf's levels; rep is null when the leaf has no repetition levels.
struct Levels {
  const int16_t* def = nullptr;
  const int16_t* rep = nullptr;
  int64_t count = 0;

  int16_t Rep(int64_t k) const { return rep == nullptr ? 0 : rep[k]; }
};

Column Skeleton(const LogicalNode& node) {
  Column column;
  column.type = node.column_type;
  column.children.reserve(node.children.size());
  for (const LogicalNode& child : node.children) column.children.push_back(Skeleton(child));
  return column;
}

// Drops validity that marks no slot null (column.h: empty validity means no nulls).
void DropAllValidValidity(Column& column) {
  bool all_valid = true;
  for (uint8_t valid : column.validity) all_valid &= valid != 0;
  if (all_valid) column.validity = {};
  for (Column& child : column.children) DropAllValidValidity(child);
}

class RecordAssembler {
 public:
  RecordAssembler(const Schema& schema, int64_t num_rows) : schema_(schema), num_rows_(num_rows) {}

  StatusOr<RecordBatch> Run(std::vector<LeafData>& leaves) {
    if (num_rows_ < 0) return absl::InvalidArgumentError(StrCat("negative row count ", num_rows_));
    if (leaves.size() != static_cast<size_t>(schema_.num_leaves())) {
      return absl::InvalidArgumentError(StrCat(
          "got data for ", leaves.size(), " leaf columns, the schema has ", schema_.num_leaves()));
    }
    RecordBatch batch;
    batch.num_rows = num_rows_;
    for (const LogicalNode& field : schema_.logical_root().children) {
      batch.columns.push_back(Skeleton(field));
    }
    for (int i = 0; i < schema_.num_leaves(); ++i) {
      HS_RETURN_IF_ERROR(AssembleLeaf(i, leaves[i], batch));
    }
    for (Column& column : batch.columns) DropAllValidValidity(column);
    return batch;
  }

 private:
  Status AssembleLeaf(int leaf_index, LeafData& data, RecordBatch& batch) {
    const LeafColumn& leaf = schema_.leaf(leaf_index);
    const std::vector<LogicalStep> path = LogicalPathToLeaf(schema_.logical_root(), leaf_index);
    HS_RETURN_IF_ERROR(CheckLeafData(leaf, data));
    const Levels levels{data.def_levels.data(),
                        leaf.max_rep_level > 0 ? data.rep_levels.data() : nullptr,
                        static_cast<int64_t>(data.def_levels.size())};
    if (leaf.max_def_level > 0) HS_RETURN_IF_ERROR(CheckLevels(leaf, path, levels, data));

    Column* column = &batch.columns[path[0].child_index];
    // Slots of the current node: its parent's (struct) or its parent's elements (list, map).
    int64_t slots = num_rows_;
    for (size_t depth = 0; depth < path.size(); ++depth) {
      if (depth > 0) column = &column->children[path[depth].child_index];
      const LogicalNode& node = *path[depth].node;
      if (node.kind == LogicalKind::kPrimitive) {
        FillLeaf(node, leaf, levels, data, *column);
        continue;
      }
      if (node.kind == LogicalKind::kStruct && !node.nullable) {
        // Nothing to read from the levels: the parent, checked against them, fixes the count.
        column->length = slots;
        continue;
      }
      const auto [built, inserted] = built_by_.try_emplace(&node, leaf_index);
      if (inserted) {
        BuildStructure(node, levels, *column);
      } else {
        HS_RETURN_IF_ERROR(
            VerifyStructure(node, levels, *column, leaf, built->second, path, depth));
      }
      slots = node.kind == LogicalKind::kStruct ? column->length : column->offsets.back();
    }
    return absl::OkStatus();
  }

  Status LeafError(const LeafColumn& leaf, const std::string& message) const {
    return absl::InvalidArgumentError(StrCat("leaf '", leaf.dotted_path, "': ", message));
  }

  Status CheckLeafData(const LeafColumn& leaf, const LeafData& data) const {
    if (data.values.type != leaf.column_type) {
      return LeafError(leaf, StrCat("values have column type ", static_cast<int>(data.values.type),
                                    ", the schema needs ", static_cast<int>(leaf.column_type)));
    }
    if (!data.values.validity.empty()) return LeafError(leaf, "values must not carry validity");
    HS_RETURN_IF_ERROR(ValidateFlatColumn(data.values, leaf.dotted_path));
    if (leaf.max_def_level == 0 && !data.def_levels.empty()) {
      return LeafError(leaf, "has definition levels but its maximum is 0");
    }
    if (leaf.max_rep_level == 0 && !data.rep_levels.empty()) {
      return LeafError(leaf, "has repetition levels but its maximum is 0");
    }
    if (leaf.max_rep_level > 0 && data.rep_levels.size() != data.def_levels.size()) {
      return LeafError(leaf, StrCat(data.rep_levels.size(), " repetition levels but ",
                                    data.def_levels.size(), " definition levels"));
    }
    if (leaf.max_def_level == 0 && data.values.length != num_rows_) {
      return LeafError(leaf, StrCat(data.values.length, " values for ", num_rows_,
                                    " rows of a required column"));
    }
    return absl::OkStatus();
  }

  // Levels in range, rows starting at repetition level 0, repetitions continuing a list
  // that the previous entry opened, row and value counts.
  Status CheckLevels(const LeafColumn& leaf, const std::vector<LogicalStep>& path,
                     const Levels& levels, const LeafData& data) const {
    // repeated_def[r]: definition level of the r-th repeated node on the leaf's path.
    std::vector<int16_t> repeated_def(leaf.max_rep_level + 1, 0);
    for (const LogicalStep& step : path) {
      const LogicalNode& node = *step.node;
      if (node.kind == LogicalKind::kList || node.kind == LogicalKind::kMap) {
        repeated_def[node.element_rep_level] = node.element_def_level;
      }
    }
    if (LevelsLookValid(leaf, repeated_def, levels, data)) return absl::OkStatus();
    // Something is wrong: find the first bad level to name it.
    const int16_t max_def = leaf.max_def_level;
    const int16_t max_rep = leaf.max_rep_level;
    int64_t rows = 0;
    int64_t values = 0;
    for (int64_t k = 0; k < levels.count; ++k) {
      const int16_t def = levels.def[k];
      if (def < 0 || def > max_def) {
        return LeafError(leaf, StrCat("definition level ", def, " at level index ", k,
                                      " is outside [0, ", max_def, "]"));
      }
      if (def == max_def && ++values > data.values.length) {
        return LeafError(leaf, StrCat("level index ", k, " holds value ", values, " but only ",
                                      data.values.length, " values were given"));
      }
      const int16_t rep = levels.Rep(k);
      if (rep == 0) {
        ++rows;
        continue;
      }
      if (rep < 0 || rep > max_rep) {
        return LeafError(leaf, StrCat("repetition level ", rep, " at level index ", k,
                                      " is outside [0, ", max_rep, "]"));
      }
      if (k == 0) {
        return LeafError(leaf, StrCat("the first row starts with repetition level ", rep));
      }
      const int16_t needed = repeated_def[rep];
      if (levels.def[k - 1] < needed || def < needed) {
        return LeafError(
            leaf, StrCat("repetition level ", rep, " at level index ", k,
                         " continues a list that is not there (definition levels ",
                         levels.def[k - 1], " then ", def, ", the list needs ", needed, ")"));
      }
    }
    if (rows != num_rows_) {
      return LeafError(leaf, StrCat("levels hold ", rows, " rows, expected ", num_rows_));
    }
    if (values != data.values.length) {
      return LeafError(leaf, StrCat("the ", levels.count, " levels hold ", values, " values but ",
                                    data.values.length, " were given"));
    }
    return absl::OkStatus();
  }

  // The checks of CheckLevels in one branch-free pass, without naming what failed.
  // `repeated_def` as in CheckLevels.
  bool LevelsLookValid(const LeafColumn& leaf, const std::vector<int16_t>& repeated_def,
                       const Levels& levels, const LeafData& data) const {
    const int16_t max_def = leaf.max_def_level;
    const int16_t max_rep = leaf.max_rep_level;
    const int16_t* def = levels.def;
    int64_t values = 0;
    bool bad = false;
    for (int64_t k = 0; k < levels.count; ++k) {
      values += def[k] == max_def;
      bad |= def[k] < 0 || def[k] > max_def;
    }
    int64_t rows = levels.count;
    if (levels.rep != nullptr && levels.count > 0) {
      const int16_t* rep = levels.rep;
      const int16_t* needed = repeated_def.data();
      bad |= rep[0] != 0;
      rows = 1;
      for (int64_t k = 1; k < levels.count; ++k) {
        const bool in_range = rep[k] >= 0 && rep[k] <= max_rep;
        // needed[0] is 0, which any in-range definition level meets.
        const int16_t need = needed[in_range ? rep[k] : 0];
        rows += rep[k] == 0;
        bad |= !in_range || def[k - 1] < need || def[k] < need;
      }
    }
    return !bad && rows == num_rows_ && values == data.values.length;
  }

  // Length, validity (nullable nodes) and offsets (lists, maps) of an inner node.
  static void BuildStructure(const LogicalNode& node, const Levels& levels, Column& column) {
    const bool is_list = node.kind != LogicalKind::kStruct;
    int64_t slots = 0;
    for (int64_t k = 0; k < levels.count; ++k) {
      slots += levels.def[k] >= node.slot_def_level && levels.Rep(k) <= node.slot_rep_level;
    }
    // Branch-free fill: every entry writes the next slot, only slot entries advance; the
    // one spare element takes the writes after the last slot.
    if (node.nullable) column.validity.resize(slots + 1);
    if (is_list) column.offsets.resize(slots + 1);
    uint8_t* validity = node.nullable ? column.validity.data() : nullptr;
    int64_t* offsets = is_list ? column.offsets.data() : nullptr;
    int64_t slot = 0;
    int64_t elements = 0;
    for (int64_t k = 0; k < levels.count; ++k) {
      const int16_t def = levels.def[k];
      const int16_t rep = levels.Rep(k);
      if (validity != nullptr) validity[slot] = def >= node.def_level;
      if (offsets != nullptr) offsets[slot] = elements;
      slot += def >= node.slot_def_level && rep <= node.slot_rep_level;
      elements += def >= node.element_def_level && rep <= node.element_rep_level;
    }
    if (is_list) column.offsets[slots] = elements;
    if (node.nullable) column.validity.resize(slots);
    column.length = slots;
  }

  // Checks that `levels` give the structure another leaf already built for `column`.
  Status VerifyStructure(const LogicalNode& node, const Levels& levels, const Column& column,
                         const LeafColumn& leaf, int built_by, const std::vector<LogicalStep>& path,
                         size_t depth) const {
    const bool is_list = node.kind != LogicalKind::kStruct;
    int64_t slot = 0;
    int64_t elements = 0;
    for (int64_t k = 0; k < levels.count; ++k) {
      const int16_t def = levels.def[k];
      const int16_t rep = levels.Rep(k);
      if (def >= node.slot_def_level && rep <= node.slot_rep_level) {
        if (slot >= column.length ||
            (node.nullable && column.validity[slot] != (def >= node.def_level ? 1 : 0)) ||
            (is_list && column.offsets[slot] != elements)) {
          return Disagreement(leaf, built_by, path, depth, k);
        }
        ++slot;
      }
      if (is_list && def >= node.element_def_level && rep <= node.element_rep_level) ++elements;
    }
    if (slot != column.length || (is_list && column.offsets[slot] != elements)) {
      return Disagreement(leaf, built_by, path, depth, levels.count);
    }
    return absl::OkStatus();
  }

  Status Disagreement(const LeafColumn& leaf, int built_by, const std::vector<LogicalStep>& path,
                      size_t depth, int64_t level_index) const {
    std::string field;
    for (size_t i = 0; i <= depth; ++i) {
      field = i == 0 ? path[i].node->name : StrCat(field, ".", path[i].node->name);
    }
    return LeafError(leaf, StrCat("disagrees with leaf '", schema_.leaf(built_by).dotted_path,
                                  "' on the rows, nulls or elements of '", field,
                                  "' at level index ", level_index));
  }

  // Slots, validity and values of a primitive.
  void FillLeaf(const LogicalNode& node, const LeafColumn& leaf, const Levels& levels,
                LeafData& data, Column& column) const {
    Column& values = data.values;
    if (leaf.max_def_level == 0) {
      column.length = values.length;
      MoveAllValues(values, column);
      return;
    }
    int64_t slots = 0;
    for (int64_t k = 0; k < levels.count; ++k) slots += levels.def[k] >= node.slot_def_level;
    column.length = slots;
    if (slots == values.length) {  // no null slots: the dense values are the column
      MoveAllValues(values, column);
      return;
    }
    if (node.nullable) column.validity.assign(slots, 0);
    const int16_t max_def = leaf.max_def_level;
    if (column.type == ColumnType::kBinary) {
      const int64_t base = values.offsets[0];
      if (base == 0) {
        column.values = std::move(values.values);
      } else {
        column.values.assign(values.values.begin() + base,
                             values.values.begin() + values.offsets[values.length]);
      }
      column.offsets.assign(slots + 1, 0);
      int64_t slot = 0;
      int64_t value = 0;
      for (int64_t k = 0; k < levels.count; ++k) {
        const int16_t def = levels.def[k];
        if (def < node.slot_def_level) continue;
        int64_t end = column.offsets[slot];
        if (def == max_def) {
          if (node.nullable) column.validity[slot] = 1;
          end = values.offsets[value + 1] - base;
          ++value;
        }
        column.offsets[++slot] = end;
      }
      return;
    }
    const size_t width = FixedWidth(column.type);
    column.values.assign(slots * width, 0);
    uint8_t* validity = node.nullable ? column.validity.data() : nullptr;
    switch (width) {
      case 1:
        ScatterFixed<1>(levels, node.slot_def_level, max_def, values, column, validity);
        break;
      case 4:
        ScatterFixed<4>(levels, node.slot_def_level, max_def, values, column, validity);
        break;
      default:
        ScatterFixed<8>(levels, node.slot_def_level, max_def, values, column, validity);
        break;
    }
  }

  // Spreads dense fixed-width values over the slots whose level is max_def, marking them
  // valid in `validity` (when not null).
  template <size_t kWidth>
  static void ScatterFixed(const Levels& levels, int16_t slot_def, int16_t max_def,
                           const Column& values, Column& column, uint8_t* validity) {
    const uint8_t* source = values.values.data();
    uint8_t* target = column.values.data();
    int64_t slot = 0;
    for (int64_t k = 0; k < levels.count; ++k) {
      const int16_t def = levels.def[k];
      if (def < slot_def) continue;
      if (def == max_def) {
        if (validity != nullptr) validity[slot] = 1;
        std::memcpy(target + slot * kWidth, source, kWidth);
        source += kWidth;
      }
      ++slot;
    }
  }

  // Takes the dense values as the whole column, rebasing binary offsets to 0.
  static void MoveAllValues(Column& values, Column& column) {
    if (column.type == ColumnType::kBinary && values.offsets[0] != 0) {
      const int64_t base = values.offsets[0];
      column.values.assign(values.values.begin() + base,
                           values.values.begin() + values.offsets[values.length]);
      column.offsets = std::move(values.offsets);
      for (int64_t& offset : column.offsets) offset -= base;
      return;
    }
    column.values = std::move(values.values);
    column.offsets = std::move(values.offsets);
  }

  const Schema& schema_;
  const int64_t num_rows_;
  // Which leaf built the structure of each inner logical node.
  std::unordered_map<const LogicalNode*, int> built_by_;
};

}  // namespace

StatusOr<RecordBatch> AssembleRecords(const Schema& schema, std::vector<LeafData> leaves,
                                      int64_t num_rows) {
  RecordAssembler assembler(schema, num_rows);
  return assembler.Run(leaves);
}

StatusOr<RecordBatch> AssembleRecordsKeepingLevels(const Schema& schema,
                                                   std::vector<LeafData>& leaves,
                                                   int64_t num_rows) {
  RecordAssembler assembler(schema, num_rows);
  return assembler.Run(leaves);
}

}  // namespace hindsight::parquet
