#include "parquet/schema/record_shredder.h"

#include <cstring>
#include <utility>

#include "parquet/schema/column_validator.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

// Byte width of an INT96 value (legacy nanosecond timestamps).
constexpr int64_t kInt96Width = 12;

// Walks the Columns along one leaf's logical path, emitting its levels and values.
class LeafShredder {
 public:
  LeafShredder(const LeafColumn& leaf, std::vector<LogicalStep> path, LeafData& out)
      : leaf_(leaf), path_(std::move(path)), out_(out) {
    if (leaf.physical_type == format::Type::FIXED_LEN_BYTE_ARRAY) {
      expected_width_ = leaf.type_length;
    } else if (leaf.physical_type == format::Type::INT96) {
      expected_width_ = kInt96Width;
    }
    out_.values.type = leaf.column_type;
    if (leaf.column_type == ColumnType::kBinary) out_.values.offsets.push_back(0);
  }

  Status Run(const Column& top_level, int64_t num_rows) {
    const Column& leaf_column = LeafColumnOf(top_level);
    const int64_t expected_levels = leaf_column.length + num_rows;
    if (leaf_.max_def_level > 0) out_.def_levels.reserve(expected_levels);
    if (leaf_.max_rep_level > 0) out_.rep_levels.reserve(expected_levels);
    out_.values.values.reserve(leaf_column.values.size());
    if (leaf_column.type == ColumnType::kBinary)
      out_.values.offsets.reserve(leaf_column.length + 1);
    ShredRange(0, top_level, 0, num_rows, 0, 0);
    return status_;
  }

 private:
  const Column& LeafColumnOf(const Column& top_level) const {
    const Column* column = &top_level;
    for (size_t depth = 1; depth < path_.size(); ++depth) {
      column = &column->children[path_[depth].child_index];
    }
    return *column;
  }

  void Emit(int16_t def, int16_t rep) {
    if (leaf_.max_def_level > 0) out_.def_levels.push_back(def);
    if (leaf_.max_rep_level > 0) out_.rep_levels.push_back(rep);
  }

  // Slots [begin, end) of `column`, the Column of path_[depth]; the first slot's entry
  // gets repetition level first_rep, the others next_rep.
  void ShredRange(size_t depth, const Column& column, int64_t begin, int64_t end, int16_t first_rep,
                  int16_t next_rep) {
    if (!status_.ok() || begin == end) return;
    const LogicalNode& node = *path_[depth].node;
    if (node.kind == LogicalKind::kPrimitive) {
      ShredPrimitive(node, column, begin, end, first_rep, next_rep);
      return;
    }
    const Column& child = column.children[path_[depth + 1].child_index];
    if (node.kind == LogicalKind::kStruct) {
      if (!column.has_nulls()) {
        ShredRange(depth + 1, child, begin, end, first_rep, next_rep);
        return;
      }
      int64_t run_begin = begin;
      int16_t run_rep = first_rep;
      for (int64_t i = begin; i < end; ++i) {
        if (column.validity[i] != 0) continue;
        ShredRange(depth + 1, child, run_begin, i, run_rep, next_rep);
        Emit(static_cast<int16_t>(node.def_level - 1), i == begin ? first_rep : next_rep);
        run_begin = i + 1;
        run_rep = next_rep;
      }
      ShredRange(depth + 1, child, run_begin, end, run_rep, next_rep);
      return;
    }
    for (int64_t i = begin; i < end && status_.ok(); ++i) {
      const int16_t rep = i == begin ? first_rep : next_rep;
      if (column.IsNull(i)) {
        Emit(static_cast<int16_t>(node.def_level - 1), rep);
      } else if (column.offsets[i] == column.offsets[i + 1]) {
        Emit(node.def_level, rep);  // present but empty
      } else {
        ShredRange(depth + 1, child, column.offsets[i], column.offsets[i + 1], rep,
                   node.element_rep_level);
      }
    }
  }

  void ShredPrimitive(const LogicalNode& node, const Column& column, int64_t begin, int64_t end,
                      int16_t first_rep, int16_t next_rep) {
    const int16_t null_def = static_cast<int16_t>(node.def_level - 1);
    if (!column.has_nulls()) {
      Emit(node.def_level, first_rep);
      for (int64_t i = begin + 1; i < end; ++i) Emit(node.def_level, next_rep);
      AppendValues(column, begin, end);
      return;
    }
    for (int64_t i = begin; i < end; ++i) {
      const int16_t rep = i == begin ? first_rep : next_rep;
      if (column.validity[i] == 0) {
        Emit(null_def, rep);
      } else {
        Emit(node.def_level, rep);
        AppendValues(column, i, i + 1);
      }
    }
  }

  void AppendValues(const Column& column, int64_t begin, int64_t end) {
    Column& values = out_.values;
    values.length += end - begin;
    if (column.type != ColumnType::kBinary) {
      const size_t width = FixedWidth(column.type);
      const uint8_t* source = column.values.data() + begin * width;
      values.values.insert(values.values.end(), source, source + (end - begin) * width);
      return;
    }
    const int64_t base = column.offsets[begin];
    const int64_t heap_size = static_cast<int64_t>(values.values.size());
    for (int64_t i = begin; i < end; ++i) {
      const int64_t width = column.offsets[i + 1] - column.offsets[i];
      if (expected_width_ > 0 && width != expected_width_) {
        status_ = absl::InvalidArgumentError(StrCat("column '", leaf_.dotted_path,
                                                    "': value at slot ", i, " has ", width,
                                                    " bytes, the schema says ", expected_width_));
        return;
      }
      values.offsets.push_back(heap_size + column.offsets[i + 1] - base);
    }
    values.values.insert(values.values.end(), column.values.data() + base,
                         column.values.data() + column.offsets[end]);
  }

  const LeafColumn& leaf_;
  const std::vector<LogicalStep> path_;
  LeafData& out_;
  int64_t expected_width_ = 0;
  Status status_;
};

}  // namespace

StatusOr<RecordShredder> RecordShredder::Make(const Schema& schema, const RecordBatch& batch) {
  const std::vector<LogicalNode>& fields = schema.logical_root().children;
  if (batch.num_rows < 0) {
    return absl::InvalidArgumentError(StrCat("negative row count ", batch.num_rows));
  }
  if (batch.columns.size() != fields.size()) {
    return absl::InvalidArgumentError(StrCat("batch has ", batch.columns.size(),
                                             " columns, the schema has ", fields.size(),
                                             " top-level fields"));
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (batch.columns[i].length != batch.num_rows) {
      return absl::InvalidArgumentError(StrCat("column '", fields[i].name, "' has ",
                                               batch.columns[i].length, " slots, the batch has ",
                                               batch.num_rows, " rows"));
    }
    HS_RETURN_IF_ERROR(ValidateColumn(fields[i], batch.columns[i], fields[i].name));
  }
  return RecordShredder(schema, batch);
}

StatusOr<LeafData> RecordShredder::ShredLeaf(int leaf_index) const {
  if (leaf_index < 0 || leaf_index >= schema_->num_leaves()) {
    return absl::OutOfRangeError(
        StrCat("leaf ", leaf_index, " of a schema with ", schema_->num_leaves(), " leaves"));
  }
  const LeafColumn& leaf = schema_->leaf(leaf_index);
  std::vector<LogicalStep> path = LogicalPathToLeaf(schema_->logical_root(), leaf_index);
  const Column& top_level = batch_->columns[path[0].child_index];
  LeafData out;
  LeafShredder shredder(leaf, std::move(path), out);
  HS_RETURN_IF_ERROR(shredder.Run(top_level, batch_->num_rows));
  return out;
}

StatusOr<std::vector<LeafData>> RecordShredder::ShredAll() const {
  std::vector<LeafData> leaves;
  leaves.reserve(schema_->num_leaves());
  for (int i = 0; i < schema_->num_leaves(); ++i) {
    HS_ASSIGN_OR_RETURN(LeafData leaf, ShredLeaf(i));
    leaves.push_back(std::move(leaf));
  }
  return leaves;
}

StatusOr<std::vector<LeafData>> ShredRecords(const Schema& schema, const RecordBatch& batch) {
  HS_ASSIGN_OR_RETURN(RecordShredder shredder, RecordShredder::Make(schema, batch));
  return shredder.ShredAll();
}

}  // namespace hindsight::parquet
