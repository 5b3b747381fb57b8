// Schema: a Parquet file schema as a tree of SchemaNodes, its leaf columns with their
// Dremel levels, and the logical tree (logical_tree.h) that in-memory Columns mirror.
// A batch of rows is one Column per child of logical_root(), in order (record_batch.h).
// Schemas are immutable; copies are cheap and share the tree, so pointers into a schema
// stay valid while any copy of it lives.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "parquet/column.h"
#include "parquet/format/parquet_types.h"
#include "parquet/schema/field.h"
#include "parquet/schema/logical_tree.h"
#include "parquet/schema/schema_node.h"
#include "util/status.h"

namespace hindsight::parquet {

// Deepest nesting accepted below the root. Bounds recursion on hostile schemas; real
// schemas (and the int16 levels) stay far below it.
inline constexpr int kMaxSchemaDepth = 64;

// One leaf column: what ColumnMetaData describes and what its pages' levels mean.
struct LeafColumn {
  int index = 0;                  // position among the schema's leaves (column chunk order)
  int source_index = 0;           // position in the schema this one was projected from
  std::string dotted_path;        // "a.b.list.element"
  std::vector<std::string> path;  // as ColumnMetaData.path_in_schema
  int16_t max_def_level = 0;
  int16_t max_rep_level = 0;
  format::Type physical_type = format::Type::INT64;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width, else 0
  ColumnType column_type = ColumnType::kInt64;
  const SchemaNode* node = nullptr;
  const LogicalNode* logical = nullptr;  // the primitive in the logical tree
};

class Schema {
 public:
  // Rebuilds the tree from the file's depth-first element list, validating it: a root
  // group, consistent num_children, typed leaves, untyped non-empty groups, non-empty
  // names, depth <= kMaxSchemaDepth, interpretable LIST/MAP layouts.
  [[nodiscard]] static StatusOr<Schema> FromElements(
      const std::vector<format::SchemaElement>& elements);
  // Same checks on an already built tree; the root's own repetition is ignored.
  [[nodiscard]] static StatusOr<Schema> FromRoot(SchemaNode root);
  // Schema of the given top-level fields under a root named `root_name`.
  [[nodiscard]] static StatusOr<Schema> Make(std::vector<Field> fields,
                                             std::string root_name = "schema");

  // The depth-first element list for FileMetaData.schema. Writes the legacy ConvertedType
  // (and DECIMAL scale/precision) wherever the LogicalType has one, for old readers.
  std::vector<format::SchemaElement> ToElements() const;

  // The schema restricted to the leaves under the given paths. A path names a leaf or a
  // group (all its leaves), physically ("items.list.element", "m.key_value.key") or
  // logically ("items", "items.element", "m.key", "m.value.x"; a list's element fields may
  // also follow the list's name directly: "items.x"). Keeps the nodes on the way to the
  // selected leaves and their logical shape; a map keeps its whole key, and its whole
  // value when no value leaf was selected. Unknown paths are errors naming the path.
  // (Defined in schema_projection.cc.)
  [[nodiscard]] StatusOr<Schema> Project(const std::vector<std::string>& dotted_paths) const;

  const SchemaNode& root() const { return data_->root; }
  const LogicalNode& logical_root() const { return data_->logical_root; }
  const std::vector<LeafColumn>& leaves() const { return data_->leaves; }
  int num_leaves() const { return static_cast<int>(data_->leaves.size()); }
  const LeafColumn& leaf(int i) const { return data_->leaves[i]; }

  // parquet-mr's text form: "message schema {\n  required int64 id;\n ... }".
  std::string ToString() const;

 private:
  struct Data {
    SchemaNode root;
    LogicalNode logical_root;
    std::vector<LeafColumn> leaves;
  };

  explicit Schema(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
  // Numbers the primitives of data->logical_root in depth-first order and builds the leaf
  // descriptors. With `keep_source_indices`, the primitives' leaf_index before numbering
  // becomes source_index.
  [[nodiscard]] static StatusOr<Schema> Finish(std::shared_ptr<Data> data,
                                               bool keep_source_indices);

  std::shared_ptr<const Data> data_;
};

}  // namespace hindsight::parquet
