// LogicalNode: the schema as the data model sees it (primitive, struct, list, map), which
// the Column tree of column.h mirrors, with the Dremel levels that shredding and assembly
// need. Derived from the physical SchemaNode tree by the LIST/MAP rules of LogicalTypes.md,
// including its backward-compatibility rules for 2-level and unannotated layouts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parquet/column.h"
#include "parquet/schema/schema_node.h"
#include "util/status.h"

namespace hindsight::parquet {

enum class LogicalKind : uint8_t { kPrimitive, kStruct, kList, kMap };

// Levels: an entry (def, rep) of a leaf below this node creates a slot in this node's
// Column iff def >= slot_def_level and rep <= slot_rep_level; the slot is non-null iff
// def >= def_level. For lists and maps, the entry also starts an element (map entry) iff
// def >= element_def_level (== def_level + 1) and rep <= element_rep_level.
struct LogicalNode {
  LogicalKind kind = LogicalKind::kStruct;
  ColumnType column_type = ColumnType::kStruct;
  std::string name;  // name of `node`
  bool nullable = false;
  // The schema node this stands for: the leaf, the group, or a list's/map's outer group
  // (for an unannotated repeated field, both the list and its element name that field).
  const SchemaNode* node = nullptr;
  // Lists and maps: the repeated schema node whose instances are the elements/entries.
  const SchemaNode* repeated_node = nullptr;
  // Struct: fields in schema order; list: {element}; map: {key, value}.
  std::vector<LogicalNode> children;
  int leaf_index = -1;  // primitives: index of the leaf column in the schema
  int16_t def_level = 0;
  int16_t rep_level = 0;  // repeated ancestors of this node's slots (leaves: max_rep)
  int16_t slot_def_level = 0;
  int16_t slot_rep_level = 0;
  int16_t element_def_level = 0;
  int16_t element_rep_level = 0;
};

// Derives the logical tree of a validated schema tree (see Schema::FromRoot); the result
// points into `root`. Fails on LIST/MAP annotations whose layout the spec cannot interpret.
[[nodiscard]] StatusOr<LogicalNode> DeriveLogicalTree(const SchemaNode& root);

// One step of the way from the logical root to a leaf: the node and its position among
// its parent's children (which is also its position among the parent Column's children).
struct LogicalStep {
  const LogicalNode* node = nullptr;
  int child_index = 0;
};

// The steps from the root's child down to the primitive of leaf `leaf_index` (empty when
// no primitive has that index).
std::vector<LogicalStep> LogicalPathToLeaf(const LogicalNode& root, int leaf_index);

}  // namespace hindsight::parquet
