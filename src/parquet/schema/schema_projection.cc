// Schema::Project: resolves column paths against the logical tree and prunes the physical
// and logical trees in step, so projecting never changes a field's logical shape (which
// re-deriving a pruned legacy list could).
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "parquet/schema/schema.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

Status UnknownPath(std::string_view path, std::string_view part, std::string_view where) {
  return absl::NotFoundError(StrCat("unknown column path '", path, "': no field '", part, "' in ",
                                    where.empty() ? "the schema" : where));
}

bool HasChildNamed(const LogicalNode& node, std::string_view name) {
  if (node.kind != LogicalKind::kStruct) return false;
  for (const LogicalNode& child : node.children) {
    if (child.name == name) return true;
  }
  return false;
}

// The logical node a dotted path names (see Schema::Project for the accepted spellings).
StatusOr<const LogicalNode*> Resolve(const LogicalNode& root, std::string_view path) {
  const std::vector<std::string_view> parts = SplitPath(path);
  const LogicalNode* current = &root;
  std::string resolved;  // for error messages: the path consumed so far
  bool passed_repeated_layer = false;
  size_t i = 0;
  while (i < parts.size()) {
    const std::string_view part = parts[i];
    const LogicalNode* next = nullptr;
    bool consume = true;
    switch (current->kind) {
      case LogicalKind::kPrimitive:
        return UnknownPath(path, part, StrCat("'", resolved, "'"));
      case LogicalKind::kStruct:
        for (const LogicalNode& child : current->children) {
          if (child.name == part) {
            next = &child;
            break;
          }
        }
        break;
      case LogicalKind::kList: {
        const LogicalNode& element = current->children[0];
        // An unannotated repeated field is both the list and its element: its physical
        // path goes straight on to the element's fields.
        const bool element_is_list_node = element.node == current->node;
        if (!passed_repeated_layer && current->repeated_node != element.node &&
            current->repeated_node->name == part) {
          passed_repeated_layer = true;
          resolved = StrCat(resolved, ".", part);
          ++i;
          continue;
        }
        if (!element_is_list_node && part == element.name) {
          next = &element;
        } else if (HasChildNamed(element, part) ||
                   (part != "element" && !passed_repeated_layer &&
                    (element.kind == LogicalKind::kList || element.kind == LogicalKind::kMap))) {
          next = &element;  // a field of the element, named right after the list
          consume = false;
        } else if (part == "element") {
          next = &element;
        }
        break;
      }
      case LogicalKind::kMap: {
        if (!passed_repeated_layer && current->repeated_node->name == part) {
          passed_repeated_layer = true;
          resolved = StrCat(resolved, ".", part);
          ++i;
          continue;
        }
        const LogicalNode& key = current->children[0];
        const LogicalNode& value = current->children[1];
        if (part == "key" || part == key.name) {
          next = &key;
        } else if (part == "value" || part == value.name) {
          next = &value;
        }
        break;
      }
    }
    if (next == nullptr) {
      return UnknownPath(path, part, resolved.empty() ? "" : StrCat("'", resolved, "'"));
    }
    current = next;
    passed_repeated_layer = false;
    if (consume) {
      resolved = resolved.empty() ? std::string(part) : StrCat(resolved, ".", part);
      ++i;
    }
  }
  return current;
}

void SelectAll(const LogicalNode& node, std::vector<bool>& selected) {
  if (node.kind == LogicalKind::kPrimitive) {
    selected[node.leaf_index] = true;
    return;
  }
  for (const LogicalNode& child : node.children) SelectAll(child, selected);
}

bool AnySelected(const LogicalNode& node, const std::vector<bool>& selected) {
  if (node.kind == LogicalKind::kPrimitive) return selected[node.leaf_index];
  for (const LogicalNode& child : node.children) {
    if (AnySelected(child, selected)) return true;
  }
  return false;
}

// A selected map keeps its whole key, and its whole value when none of it was selected,
// so that it stays a map of key and value.
void CompleteMaps(const LogicalNode& node, std::vector<bool>& selected) {
  if (node.kind == LogicalKind::kMap && AnySelected(node, selected)) {
    SelectAll(node.children[0], selected);
    if (!AnySelected(node.children[1], selected)) SelectAll(node.children[1], selected);
  }
  for (const LogicalNode& child : node.children) CompleteMaps(child, selected);
}

using LeafIndexOf = std::unordered_map<const SchemaNode*, int>;

bool PhysicalSelected(const SchemaNode& node, const LeafIndexOf& leaf_index_of,
                      const std::vector<bool>& selected) {
  if (node.is_leaf()) return selected[leaf_index_of.at(&node)];
  for (const SchemaNode& child : node.children) {
    if (PhysicalSelected(child, leaf_index_of, selected)) return true;
  }
  return false;
}

// Copy of `node` without the subtrees holding no selected leaf. REQUIRES: node is selected.
SchemaNode PrunePhysical(const SchemaNode& node, const LeafIndexOf& leaf_index_of,
                         const std::vector<bool>& selected) {
  SchemaNode copy;
  copy.name = node.name;
  copy.repetition = node.repetition;
  copy.physical_type = node.physical_type;
  copy.type_length = node.type_length;
  copy.logical_type = node.logical_type;
  copy.converted_type = node.converted_type;
  copy.scale = node.scale;
  copy.precision = node.precision;
  copy.field_id = node.field_id;
  for (const SchemaNode& child : node.children) {
    if (PhysicalSelected(child, leaf_index_of, selected)) {
      copy.children.push_back(PrunePhysical(child, leaf_index_of, selected));
    }
  }
  return copy;
}

using NodeMap = std::unordered_map<const SchemaNode*, const SchemaNode*>;

// Maps every kept node of `old_node`'s tree to its copy in `new_node`'s tree.
void MapPrunedNodes(const SchemaNode& old_node, const SchemaNode& new_node,
                    const LeafIndexOf& leaf_index_of, const std::vector<bool>& selected,
                    NodeMap& map) {
  map[&old_node] = &new_node;
  size_t next = 0;
  for (const SchemaNode& child : old_node.children) {
    if (PhysicalSelected(child, leaf_index_of, selected)) {
      MapPrunedNodes(child, new_node.children[next++], leaf_index_of, selected, map);
    }
  }
}

// Copy of a selected logical node pointing into the pruned tree; primitives keep the
// source leaf index in leaf_index for Schema::Finish.
LogicalNode PruneLogical(const LogicalNode& node, const NodeMap& map,
                         const std::vector<bool>& selected, const std::vector<LeafColumn>& leaves) {
  LogicalNode copy;
  copy.kind = node.kind;
  copy.column_type = node.column_type;
  copy.name = node.name;
  copy.nullable = node.nullable;
  copy.def_level = node.def_level;
  copy.rep_level = node.rep_level;
  copy.slot_def_level = node.slot_def_level;
  copy.slot_rep_level = node.slot_rep_level;
  copy.element_def_level = node.element_def_level;
  copy.element_rep_level = node.element_rep_level;
  copy.node = map.at(node.node);
  if (node.repeated_node != nullptr) copy.repeated_node = map.at(node.repeated_node);
  if (node.kind == LogicalKind::kPrimitive) copy.leaf_index = leaves[node.leaf_index].source_index;
  for (const LogicalNode& child : node.children) {
    if (AnySelected(child, selected)) {
      copy.children.push_back(PruneLogical(child, map, selected, leaves));
    }
  }
  return copy;
}

}  // namespace

StatusOr<Schema> Schema::Project(const std::vector<std::string>& dotted_paths) const {
  if (dotted_paths.empty()) return absl::InvalidArgumentError("projection names no columns");
  std::vector<bool> selected(leaves().size(), false);
  for (const std::string& path : dotted_paths) {
    HS_ASSIGN_OR_RETURN(const LogicalNode* node, Resolve(logical_root(), path));
    SelectAll(*node, selected);
  }
  CompleteMaps(logical_root(), selected);

  LeafIndexOf leaf_index_of;
  for (const LeafColumn& leaf : leaves()) leaf_index_of[leaf.node] = leaf.index;
  auto data = std::make_shared<Data>();
  data->root = PrunePhysical(root(), leaf_index_of, selected);
  NodeMap map;
  MapPrunedNodes(root(), data->root, leaf_index_of, selected, map);
  data->logical_root = PruneLogical(logical_root(), map, selected, leaves());
  return Finish(std::move(data), true);
}

}  // namespace hindsight::parquet
