#include "parquet/schema/schema.h"

#include <utility>

#include "parquet/schema/annotations.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

using format::FieldRepetitionType;
using format::SchemaElement;
using format::Type;

// Shape rules every node obeys; the message names no location (callers add it).
Status CheckNodeShape(const SchemaNode& node, bool is_root) {
  if (!is_root && node.name.empty()) return absl::InvalidArgumentError("empty name");
  const int32_t repetition = static_cast<int32_t>(node.repetition);
  if (repetition < static_cast<int32_t>(FieldRepetitionType::REQUIRED) ||
      repetition > static_cast<int32_t>(FieldRepetitionType::REPEATED)) {
    return absl::InvalidArgumentError(StrCat("unknown repetition type ", repetition));
  }
  if (node.is_leaf()) {
    if (is_root) return absl::InvalidArgumentError("the root is not a group");
    const int32_t type = static_cast<int32_t>(*node.physical_type);
    if (type < static_cast<int32_t>(Type::BOOLEAN) ||
        type > static_cast<int32_t>(Type::FIXED_LEN_BYTE_ARRAY)) {
      return absl::InvalidArgumentError(StrCat("unknown physical type ", type));
    }
    if (node.type_length.value_or(0) < 0) {
      return absl::InvalidArgumentError(StrCat("negative type_length ", *node.type_length));
    }
    if (*node.physical_type == Type::FIXED_LEN_BYTE_ARRAY && node.type_length.value_or(0) <= 0) {
      return absl::InvalidArgumentError("FIXED_LEN_BYTE_ARRAY without a positive type_length");
    }
  } else if (node.children.empty()) {
    return absl::InvalidArgumentError(is_root ? "the schema has no columns"
                                              : "neither a physical type nor children");
  }
  return absl::OkStatus();
}

Status AtElement(const Status& status, size_t index, const std::string& name) {
  if (status.ok()) return status;
  return absl::InvalidArgumentError(
      StrCat("schema element ", index, " ('", name, "'): ", std::string(status.message())));
}

SchemaNode NodeFromElement(const SchemaElement& element) {
  SchemaNode node;
  node.name = element.name;
  node.repetition = element.repetition_type.value_or(FieldRepetitionType::REQUIRED);
  node.physical_type = element.type;
  node.type_length = element.type_length;
  node.logical_type = element.logical_type;
  node.converted_type = element.converted_type;
  node.scale = element.scale;
  node.precision = element.precision;
  node.field_id = element.field_id;
  return node;
}

// Rebuilds the tree from the depth-first element list.
class ElementParser {
 public:
  explicit ElementParser(const std::vector<SchemaElement>& elements) : elements_(elements) {}

  StatusOr<SchemaNode> ParseRoot() {
    if (elements_.empty()) return absl::InvalidArgumentError("schema has no elements");
    HS_ASSIGN_OR_RETURN(SchemaNode root, Parse(0));
    if (next_ != elements_.size()) {
      return absl::InvalidArgumentError(StrCat("schema has ", elements_.size() - next_,
                                               " elements after the root's ", next_,
                                               " (num_children inconsistent)"));
    }
    return root;
  }

 private:
  StatusOr<SchemaNode> Parse(int depth) {
    const size_t index = next_++;
    const SchemaElement& element = elements_[index];
    SchemaNode node = NodeFromElement(element);
    if (depth == 0) node.repetition = FieldRepetitionType::REQUIRED;
    if (depth > 0 && !element.repetition_type.has_value()) {
      return AtElement(absl::InvalidArgumentError("no repetition type"), index, element.name);
    }
    const int32_t num_children = element.num_children.value_or(0);
    if (num_children < 0) {
      return AtElement(absl::InvalidArgumentError(StrCat("negative num_children ", num_children)),
                       index, element.name);
    }
    if (num_children > 0) {
      if (element.type.has_value()) {
        return AtElement(absl::InvalidArgumentError("has both a physical type and children"), index,
                         element.name);
      }
      if (depth >= kMaxSchemaDepth) {
        return AtElement(
            absl::InvalidArgumentError(StrCat("nested deeper than ", kMaxSchemaDepth, " levels")),
            index, element.name);
      }
      const size_t remaining = elements_.size() - next_;
      if (static_cast<size_t>(num_children) > remaining) {
        return AtElement(
            absl::InvalidArgumentError(StrCat("declares ", num_children, " children but only ",
                                              remaining, " elements follow")),
            index, element.name);
      }
      node.children.reserve(num_children);
      for (int32_t i = 0; i < num_children; ++i) {
        HS_ASSIGN_OR_RETURN(SchemaNode child, Parse(depth + 1));
        node.children.push_back(std::move(child));
      }
    }
    HS_RETURN_IF_ERROR(AtElement(CheckNodeShape(node, depth == 0), index, element.name));
    return node;
  }

  const std::vector<SchemaElement>& elements_;
  size_t next_ = 0;
};

Status ValidateTree(const SchemaNode& node, const std::string& path, int depth) {
  if (depth > kMaxSchemaDepth) {
    return absl::InvalidArgumentError(
        StrCat("schema field '", path, "' is nested deeper than ", kMaxSchemaDepth, " levels"));
  }
  const Status shape = CheckNodeShape(node, depth == 0);
  if (!shape.ok()) {
    return absl::InvalidArgumentError(StrCat("schema field '", depth == 0 ? "<root>" : path,
                                             "': ", std::string(shape.message())));
  }
  for (const SchemaNode& child : node.children) {
    HS_RETURN_IF_ERROR(
        ValidateTree(child, depth == 0 ? child.name : StrCat(path, ".", child.name), depth + 1));
  }
  return absl::OkStatus();
}

void CollectPrimitives(LogicalNode& node, std::vector<LogicalNode*>& out) {
  if (node.kind == LogicalKind::kPrimitive) {
    out.push_back(&node);
    return;
  }
  for (LogicalNode& child : node.children) CollectPrimitives(child, out);
}

struct PhysicalLeaf {
  const SchemaNode* node;
  std::vector<std::string> path;
};

void CollectPhysicalLeaves(const SchemaNode& node, std::vector<std::string>& path,
                           std::vector<PhysicalLeaf>& out) {
  for (const SchemaNode& child : node.children) {
    path.push_back(child.name);
    if (child.is_leaf()) {
      out.push_back({&child, path});
    } else {
      CollectPhysicalLeaves(child, path, out);
    }
    path.pop_back();
  }
}

std::string JoinPath(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& part : path) {
    if (!out.empty()) out.push_back('.');
    out.append(part);
  }
  return out;
}

void AppendElements(const SchemaNode& node, bool is_root, std::vector<SchemaElement>& out) {
  SchemaElement element;
  element.name = node.name;
  element.repetition_type = is_root ? FieldRepetitionType::REQUIRED : node.repetition;
  element.type = node.physical_type;
  element.type_length = node.type_length;
  if (!node.is_leaf()) element.num_children = static_cast<int32_t>(node.children.size());
  element.logical_type = node.logical_type;
  element.converted_type = node.converted_type;
  if (!element.converted_type.has_value() && node.logical_type.has_value()) {
    element.converted_type = ConvertedTypeFor(*node.logical_type);
  }
  element.scale = node.scale;
  element.precision = node.precision;
  if (node.logical_type.has_value() &&
      node.logical_type->kind == format::LogicalType::Kind::DECIMAL) {
    element.scale = node.logical_type->decimal_scale;
    element.precision = node.logical_type->decimal_precision;
  }
  element.field_id = node.field_id;
  out.push_back(std::move(element));
  for (const SchemaNode& child : node.children) AppendElements(child, false, out);
}

const char* RepetitionText(FieldRepetitionType repetition) {
  switch (repetition) {
    case FieldRepetitionType::REQUIRED:
      return "required";
    case FieldRepetitionType::OPTIONAL:
      return "optional";
    case FieldRepetitionType::REPEATED:
      return "repeated";
  }
  return "unknown";
}

std::string PhysicalTypeText(const SchemaNode& node) {
  switch (*node.physical_type) {
    case Type::BOOLEAN:
      return "boolean";
    case Type::INT32:
      return "int32";
    case Type::INT64:
      return "int64";
    case Type::INT96:
      return "int96";
    case Type::FLOAT:
      return "float";
    case Type::DOUBLE:
      return "double";
    case Type::BYTE_ARRAY:
      return "binary";
    case Type::FIXED_LEN_BYTE_ARRAY:
      return StrCat("fixed_len_byte_array(", node.type_length.value_or(0), ")");
  }
  return "unknown";
}

void PrintNode(const SchemaNode& node, int indent, std::string& out) {
  out.append(static_cast<size_t>(indent) * 2, ' ');
  out.append(RepetitionText(node.repetition));
  out.append(node.is_leaf() ? StrCat(" ", PhysicalTypeText(node), " ") : " group ");
  out.append(node.name);
  const std::string annotation = AnnotationText(node);
  if (!annotation.empty()) out.append(StrCat(" (", annotation, ")"));
  if (node.field_id.has_value()) out.append(StrCat(" = ", *node.field_id));
  if (node.is_leaf()) {
    out.append(";\n");
    return;
  }
  out.append(" {\n");
  for (const SchemaNode& child : node.children) PrintNode(child, indent + 1, out);
  out.append(static_cast<size_t>(indent) * 2, ' ');
  out.append("}\n");
}

}  // namespace

StatusOr<Schema> Schema::FromElements(const std::vector<SchemaElement>& elements) {
  ElementParser parser(elements);
  HS_ASSIGN_OR_RETURN(SchemaNode root, parser.ParseRoot());
  return FromRoot(std::move(root));
}

StatusOr<Schema> Schema::FromRoot(SchemaNode root) {
  root.repetition = FieldRepetitionType::REQUIRED;
  HS_RETURN_IF_ERROR(ValidateTree(root, "", 0));
  auto data = std::make_shared<Data>();
  data->root = std::move(root);
  HS_ASSIGN_OR_RETURN(data->logical_root, DeriveLogicalTree(data->root));
  return Finish(std::move(data), false);
}

StatusOr<Schema> Schema::Make(std::vector<Field> fields, std::string root_name) {
  SchemaNode root;
  root.name = std::move(root_name);
  root.children.reserve(fields.size());
  for (Field& field : fields) root.children.push_back(std::move(field).TakeNode());
  HS_RETURN_IF_ERROR(ValidateFieldTree(root));
  return FromRoot(std::move(root));
}

StatusOr<Schema> Schema::Finish(std::shared_ptr<Data> data, bool keep_source_indices) {
  std::vector<LogicalNode*> primitives;
  CollectPrimitives(data->logical_root, primitives);
  std::vector<PhysicalLeaf> physical;
  std::vector<std::string> path;
  CollectPhysicalLeaves(data->root, path, physical);
  if (primitives.size() != physical.size()) {
    return absl::InternalError(StrCat("logical tree has ", primitives.size(),
                                      " primitives but the schema has ", physical.size(),
                                      " leaves"));
  }
  data->leaves.reserve(physical.size());
  for (size_t i = 0; i < physical.size(); ++i) {
    LogicalNode& primitive = *primitives[i];
    if (primitive.node != physical[i].node) {
      return absl::InternalError(StrCat("logical primitive ", i, " is not leaf ", i));
    }
    const SchemaNode& node = *physical[i].node;
    LeafColumn leaf;
    leaf.index = static_cast<int>(i);
    leaf.source_index = keep_source_indices ? primitive.leaf_index : leaf.index;
    leaf.dotted_path = JoinPath(physical[i].path);
    leaf.path = std::move(physical[i].path);
    leaf.max_def_level = primitive.def_level;
    leaf.max_rep_level = primitive.rep_level;
    leaf.physical_type = *node.physical_type;
    leaf.type_length = node.type_length.value_or(0);
    leaf.column_type = primitive.column_type;
    leaf.node = &node;
    leaf.logical = &primitive;
    primitive.leaf_index = leaf.index;
    data->leaves.push_back(std::move(leaf));
  }
  return Schema(std::move(data));
}

std::vector<SchemaElement> Schema::ToElements() const {
  std::vector<SchemaElement> elements;
  AppendElements(data_->root, true, elements);
  return elements;
}

std::string Schema::ToString() const {
  std::string out = StrCat("message ", data_->root.name, " {\n");
  for (const SchemaNode& child : data_->root.children) PrintNode(child, 1, out);
  out.append("}\n");
  return out;
}

}  // namespace hindsight::parquet
