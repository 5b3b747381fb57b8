#include "parquet/schema/field.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <utility>

#include "parquet/schema/annotations.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

using format::FieldRepetitionType;
using format::LogicalType;
using format::Type;
using Kind = format::LogicalType::Kind;

// The widest DECIMAL that DuckDB, Spark and Arrow's Decimal128 can read.
constexpr int32_t kMaxDecimalPrecision = 38;
// Largest precision an INT32 / INT64 unscaled value holds (LogicalTypes.md, DECIMAL).
constexpr int32_t kMaxInt32DecimalPrecision = 9;
constexpr int32_t kMaxInt64DecimalPrecision = 18;

SchemaNode Leaf(std::string name, Type type) {
  SchemaNode node;
  node.name = std::move(name);
  node.physical_type = type;
  return node;
}

SchemaNode Annotated(std::string name, Type type, Kind kind) {
  SchemaNode node = Leaf(std::move(name), type);
  node.logical_type = LogicalType{};
  node.logical_type->kind = kind;
  return node;
}

SchemaNode Group(std::string name, std::vector<SchemaNode> children) {
  SchemaNode node;
  node.name = std::move(name);
  node.children = std::move(children);
  return node;
}

// Bytes of the narrowest FIXED_LEN_BYTE_ARRAY holding `precision` decimal digits: n bytes
// hold floor(log10(2^(8n-1) - 1)) digits.
int32_t DecimalByteWidth(int32_t precision) {
  int32_t bytes = 1;
  while (std::floor((8.0 * bytes - 1) * std::log10(2.0)) < precision) ++bytes;
  return bytes;
}

Status ValidateNode(const SchemaNode& node, const std::string& path) {
  const std::optional<LogicalType>& logical = node.logical_type;
  if (logical.has_value() && logical->kind == Kind::INTEGER) {
    const int width = logical->bit_width;
    if (width != 8 && width != 16 && width != 32 && width != 64) {
      return absl::InvalidArgumentError(
          StrCat("field '", path, "': INT bit width ", width, " is not 8, 16, 32 or 64"));
    }
  }
  if (logical.has_value() && logical->kind == Kind::DECIMAL) {
    if (logical->decimal_precision < 1 || logical->decimal_precision > kMaxDecimalPrecision ||
        logical->decimal_scale < 0 || logical->decimal_scale > logical->decimal_precision) {
      return absl::InvalidArgumentError(StrCat(
          "field '", path, "': DECIMAL(", logical->decimal_precision, ",", logical->decimal_scale,
          ") needs 1 <= precision <= ", kMaxDecimalPrecision, " and 0 <= scale <= precision"));
    }
  }
  if (node.physical_type == Type::FIXED_LEN_BYTE_ARRAY && node.type_length.value_or(0) <= 0) {
    return absl::InvalidArgumentError(
        StrCat("field '", path, "': FIXED_LEN_BYTE_ARRAY width must be positive"));
  }
  if (IsMapAnnotated(node) && !node.children.empty() && !node.children[0].children.empty() &&
      !node.children[0].children[0].is_required()) {
    return absl::InvalidArgumentError(StrCat("field '", path, "': map keys must be required"));
  }
  std::unordered_set<std::string> names;
  for (const SchemaNode& child : node.children) {
    if (!names.insert(child.name).second) {
      return absl::InvalidArgumentError(
          StrCat("field '", path, "' has two fields named '", child.name, "'"));
    }
    HS_RETURN_IF_ERROR(
        ValidateNode(child, path.empty() ? child.name : StrCat(path, ".", child.name)));
  }
  return absl::OkStatus();
}

}  // namespace

Field Field::Bool(std::string name) { return Field(Leaf(std::move(name), Type::BOOLEAN)); }
Field Field::Int32(std::string name) { return Field(Leaf(std::move(name), Type::INT32)); }
Field Field::Int64(std::string name) { return Field(Leaf(std::move(name), Type::INT64)); }
Field Field::Float(std::string name) { return Field(Leaf(std::move(name), Type::FLOAT)); }
Field Field::Double(std::string name) { return Field(Leaf(std::move(name), Type::DOUBLE)); }
Field Field::Binary(std::string name) { return Field(Leaf(std::move(name), Type::BYTE_ARRAY)); }

Field Field::Int(std::string name, int bit_width, bool is_signed) {
  SchemaNode node =
      Annotated(std::move(name), bit_width > 32 ? Type::INT64 : Type::INT32, Kind::INTEGER);
  node.logical_type->bit_width = static_cast<int8_t>(bit_width);
  node.logical_type->is_signed = is_signed;
  return Field(std::move(node));
}

Field Field::String(std::string name) {
  return Field(Annotated(std::move(name), Type::BYTE_ARRAY, Kind::STRING));
}

Field Field::Enum(std::string name) {
  return Field(Annotated(std::move(name), Type::BYTE_ARRAY, Kind::ENUM));
}

Field Field::Json(std::string name) {
  return Field(Annotated(std::move(name), Type::BYTE_ARRAY, Kind::JSON));
}

Field Field::FixedLenBinary(std::string name, int32_t byte_width) {
  SchemaNode node = Leaf(std::move(name), Type::FIXED_LEN_BYTE_ARRAY);
  node.type_length = byte_width;
  return Field(std::move(node));
}

Field Field::Date(std::string name) {
  return Field(Annotated(std::move(name), Type::INT32, Kind::DATE));
}

Field Field::Timestamp(std::string name, format::TimeUnit unit, bool adjusted_to_utc) {
  SchemaNode node = Annotated(std::move(name), Type::INT64, Kind::TIMESTAMP);
  node.logical_type->unit = unit;
  node.logical_type->is_adjusted_to_utc = adjusted_to_utc;
  return Field(std::move(node));
}

Field Field::Decimal(std::string name, int32_t precision, int32_t scale) {
  Type type = Type::FIXED_LEN_BYTE_ARRAY;
  if (precision <= kMaxInt32DecimalPrecision) {
    type = Type::INT32;
  } else if (precision <= kMaxInt64DecimalPrecision) {
    type = Type::INT64;
  }
  SchemaNode node = Annotated(std::move(name), type, Kind::DECIMAL);
  node.logical_type->decimal_precision = precision;
  node.logical_type->decimal_scale = scale;
  if (type == Type::FIXED_LEN_BYTE_ARRAY) {
    node.type_length = DecimalByteWidth(std::min(precision, kMaxDecimalPrecision));
  }
  return Field(std::move(node));
}

Field Field::Optional(Field field) {
  field.node_.repetition = FieldRepetitionType::OPTIONAL;
  return field;
}

Field Field::List(std::string name, Field element) {
  SchemaNode element_node = std::move(element).TakeNode();
  element_node.name = "element";
  SchemaNode repeated = Group("list", {});
  repeated.repetition = FieldRepetitionType::REPEATED;
  repeated.children.push_back(std::move(element_node));
  SchemaNode list = Group(std::move(name), {});
  list.children.push_back(std::move(repeated));
  list.logical_type = LogicalType{};
  list.logical_type->kind = Kind::LIST;
  return Field(std::move(list));
}

Field Field::Struct(std::string name, std::vector<Field> fields) {
  SchemaNode node = Group(std::move(name), {});
  node.children.reserve(fields.size());
  for (Field& field : fields) node.children.push_back(std::move(field).TakeNode());
  return Field(std::move(node));
}

Field Field::Map(std::string name, Field key, Field value) {
  SchemaNode key_node = std::move(key).TakeNode();
  key_node.name = "key";
  SchemaNode value_node = std::move(value).TakeNode();
  value_node.name = "value";
  SchemaNode key_value = Group("key_value", {});
  key_value.repetition = FieldRepetitionType::REPEATED;
  key_value.children.push_back(std::move(key_node));
  key_value.children.push_back(std::move(value_node));
  SchemaNode map = Group(std::move(name), {});
  map.children.push_back(std::move(key_value));
  map.logical_type = LogicalType{};
  map.logical_type->kind = Kind::MAP;
  return Field(std::move(map));
}

Field Field::WithFieldId(int32_t field_id) && {
  node_.field_id = field_id;
  return std::move(*this);
}

Status ValidateFieldTree(const SchemaNode& root) { return ValidateNode(root, ""); }

}  // namespace hindsight::parquet
