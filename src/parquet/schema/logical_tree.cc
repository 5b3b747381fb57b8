#include "parquet/schema/logical_tree.h"

#include <utility>

#include "parquet/schema/annotations.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

// Levels inherited from the parent: `def`/`rep` count the optional/repeated schema nodes
// above the node, `slot_*` say when the node gets a slot (see LogicalNode).
struct ParentLevels {
  int16_t def = 0;
  int16_t rep = 0;
  int16_t slot_def = 0;
  int16_t slot_rep = 0;
};

ColumnType ColumnTypeOf(format::Type type) {
  switch (type) {
    case format::Type::BOOLEAN:
      return ColumnType::kBool;
    case format::Type::INT32:
      return ColumnType::kInt32;
    case format::Type::INT64:
      return ColumnType::kInt64;
    case format::Type::FLOAT:
      return ColumnType::kFloat;
    case format::Type::DOUBLE:
      return ColumnType::kDouble;
    case format::Type::INT96:
    case format::Type::BYTE_ARRAY:
    case format::Type::FIXED_LEN_BYTE_ARRAY:
      return ColumnType::kBinary;
  }
  return ColumnType::kBinary;
}

class LogicalTreeDeriver {
 public:
  // `repetition_consumed`: the node is the repeated layer of an enclosing list and stands
  // for one (required) element, so its own REPEATED does not make another list.
  StatusOr<LogicalNode> Derive(const SchemaNode& node, const ParentLevels& parent,
                               const std::string& parent_path, bool repetition_consumed) {
    const std::string path = parent_path.empty() ? node.name : StrCat(parent_path, ".", node.name);
    const int16_t def = static_cast<int16_t>(parent.def + (node.is_required() ? 0 : 1));
    const int16_t rep = static_cast<int16_t>(parent.rep + (node.is_repeated() ? 1 : 0));

    LogicalNode out;
    out.name = node.name;
    out.node = &node;
    out.slot_def_level = parent.slot_def;
    out.slot_rep_level = parent.slot_rep;

    if (node.is_repeated() && !repetition_consumed) {
      // A repeated field outside LIST/MAP: a required list of required elements.
      out.kind = LogicalKind::kList;
      out.column_type = ColumnType::kList;
      out.def_level = parent.def;
      out.rep_level = parent.rep;
      out.repeated_node = &node;
      out.element_def_level = def;
      out.element_rep_level = rep;
      HS_ASSIGN_OR_RETURN(LogicalNode element,
                          Derive(node, {parent.def, parent.rep, def, rep}, parent_path, true));
      out.children.push_back(std::move(element));
      return out;
    }

    out.nullable = node.is_optional();
    out.def_level = def;
    out.rep_level = rep;
    if (node.is_leaf()) {
      if (IsListAnnotated(node) || IsMapAnnotated(node)) {
        return absl::InvalidArgumentError(
            StrCat("schema field '", path, "' is a primitive annotated as LIST or MAP"));
      }
      out.kind = LogicalKind::kPrimitive;
      out.column_type = ColumnTypeOf(*node.physical_type);
      return out;
    }
    if (IsListAnnotated(node)) return DeriveList(node, std::move(out), path);
    if (IsMapAnnotated(node)) return DeriveMap(node, std::move(out), path);

    out.kind = LogicalKind::kStruct;
    out.column_type = ColumnType::kStruct;
    const ParentLevels child_levels{def, rep, out.slot_def_level, out.slot_rep_level};
    out.children.reserve(node.children.size());
    for (const SchemaNode& child : node.children) {
      HS_ASSIGN_OR_RETURN(LogicalNode derived, Derive(child, child_levels, path, false));
      out.children.push_back(std::move(derived));
    }
    return out;
  }

 private:
  // `out` has the levels of the LIST-annotated group `node` filled in.
  StatusOr<LogicalNode> DeriveList(const SchemaNode& node, LogicalNode out,
                                   const std::string& path) {
    if (node.children.size() != 1 || !node.children[0].is_repeated()) {
      return absl::InvalidArgumentError(StrCat("schema field '", path,
                                               "' is annotated LIST but does not hold exactly one ",
                                               "repeated field"));
    }
    const SchemaNode& repeated = node.children[0];
    SetRepeatedLayer(out, repeated, LogicalKind::kList);
    const ParentLevels element_levels{out.element_def_level, out.element_rep_level,
                                      out.element_def_level, out.element_rep_level};
    LogicalNode element;
    if (RepeatedLayerIsElement(node, repeated)) {
      HS_ASSIGN_OR_RETURN(element, Derive(repeated,
                                          {out.def_level, out.rep_level, out.element_def_level,
                                           out.element_rep_level},
                                          path, true));
    } else {
      HS_ASSIGN_OR_RETURN(element, Derive(repeated.children[0], element_levels,
                                          StrCat(path, ".", repeated.name), false));
    }
    out.children.push_back(std::move(element));
    return out;
  }

  // Backward-compatibility rules 1-4 of LogicalTypes.md: the repeated field itself is the
  // (required) element; otherwise (rule 5, the standard 3-level layout) its only child is.
  static bool RepeatedLayerIsElement(const SchemaNode& list, const SchemaNode& repeated) {
    if (repeated.is_leaf()) return true;
    if (repeated.children.size() > 1) return true;
    if (repeated.children[0].is_repeated()) return true;
    return repeated.name == "array" || repeated.name == StrCat(list.name, "_tuple");
  }

  StatusOr<LogicalNode> DeriveMap(const SchemaNode& node, LogicalNode out,
                                  const std::string& path) {
    if (node.children.size() != 1 || !node.children[0].is_repeated() ||
        node.children[0].is_leaf() || node.children[0].children.size() > 2) {
      return absl::InvalidArgumentError(StrCat("schema field '", path,
                                               "' is annotated MAP but does not hold exactly one ",
                                               "repeated group of a key and an optional value"));
    }
    const SchemaNode& key_value = node.children[0];
    SetRepeatedLayer(out, key_value, LogicalKind::kMap);
    const ParentLevels entry_levels{out.element_def_level, out.element_rep_level,
                                    out.element_def_level, out.element_rep_level};
    const std::string key_value_path = StrCat(path, ".", key_value.name);
    for (const SchemaNode& child : key_value.children) {
      HS_ASSIGN_OR_RETURN(LogicalNode derived, Derive(child, entry_levels, key_value_path, false));
      out.children.push_back(std::move(derived));
    }
    if (out.children.size() == 1) {
      // A map without values is read as the list of its keys (LogicalTypes.md allows a set).
      out.kind = LogicalKind::kList;
      out.column_type = ColumnType::kList;
    }
    return out;
  }

  static void SetRepeatedLayer(LogicalNode& out, const SchemaNode& repeated, LogicalKind kind) {
    out.kind = kind;
    out.column_type = kind == LogicalKind::kMap ? ColumnType::kMap : ColumnType::kList;
    out.repeated_node = &repeated;
    out.element_def_level = static_cast<int16_t>(out.def_level + 1);
    out.element_rep_level = static_cast<int16_t>(out.rep_level + 1);
  }
};

bool FindLeafPath(const LogicalNode& node, int leaf_index, std::vector<LogicalStep>& path) {
  if (node.kind == LogicalKind::kPrimitive) return node.leaf_index == leaf_index;
  for (size_t i = 0; i < node.children.size(); ++i) {
    path.push_back({&node.children[i], static_cast<int>(i)});
    if (FindLeafPath(node.children[i], leaf_index, path)) return true;
    path.pop_back();
  }
  return false;
}

}  // namespace

StatusOr<LogicalNode> DeriveLogicalTree(const SchemaNode& root) {
  LogicalNode out;
  out.kind = LogicalKind::kStruct;
  out.column_type = ColumnType::kStruct;
  out.name = root.name;
  out.node = &root;
  LogicalTreeDeriver deriver;
  out.children.reserve(root.children.size());
  for (const SchemaNode& child : root.children) {
    HS_ASSIGN_OR_RETURN(LogicalNode derived, deriver.Derive(child, ParentLevels{}, "", false));
    out.children.push_back(std::move(derived));
  }
  return out;
}

std::vector<LogicalStep> LogicalPathToLeaf(const LogicalNode& root, int leaf_index) {
  std::vector<LogicalStep> path;
  if (!FindLeafPath(root, leaf_index, path)) path.clear();
  return path;
}

}  // namespace hindsight::parquet
