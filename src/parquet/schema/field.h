// Field: how writers describe a schema, e.g.
//   Schema::Make({Field::Int64("profile_id"), Field::Optional(Field::String("country")),
//                 Field::List("items", Field::Int64("element"))});
// Fields are required unless wrapped in Optional(); List and Map produce the standard
// 3-level layouts of LogicalTypes.md. Parameters are checked by Schema::Make.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parquet/schema/schema_node.h"
#include "util/status.h"

namespace hindsight::parquet {

class Field {
 public:
  static Field Bool(std::string name);
  static Field Int32(std::string name);
  static Field Int64(std::string name);
  // INT(bit_width, is_signed): INT32 for widths 8..32, INT64 for 64.
  static Field Int(std::string name, int bit_width, bool is_signed);
  static Field Float(std::string name);
  static Field Double(std::string name);
  static Field Binary(std::string name);
  static Field String(std::string name);
  static Field Enum(std::string name);
  static Field Json(std::string name);
  static Field FixedLenBinary(std::string name, int32_t byte_width);
  // Days since 1970-01-01 in an INT32.
  static Field Date(std::string name);
  // INT64 count of `unit` since the Unix epoch.
  static Field Timestamp(std::string name, format::TimeUnit unit = format::TimeUnit::MICROS,
                         bool adjusted_to_utc = true);
  // Unscaled value in INT32 (precision <= 9), INT64 (<= 18) or the narrowest
  // FIXED_LEN_BYTE_ARRAY that holds `precision` digits.
  static Field Decimal(std::string name, int32_t precision, int32_t scale);

  static Field Optional(Field field);
  // `optional`/`required` group name (LIST) { repeated group list { <element> element } };
  // the element is renamed `element`.
  static Field List(std::string name, Field element);
  static Field Struct(std::string name, std::vector<Field> fields);
  // group name (MAP) { repeated group key_value { required <key> key; <value> value } };
  // key and value are renamed. The key must not be Optional.
  static Field Map(std::string name, Field key, Field value);

  // Sets the field id (e.g. a protobuf field number) stored in the schema.
  Field WithFieldId(int32_t field_id) &&;

  const SchemaNode& node() const { return node_; }
  SchemaNode TakeNode() && { return std::move(node_); }

 private:
  explicit Field(SchemaNode node) : node_(std::move(node)) {}
  SchemaNode node_;
};

// Checks what the Field factories cannot report: INT bit widths, DECIMAL precision and
// scale, FIXED_LEN_BYTE_ARRAY widths, map keys being required, sibling names being unique.
[[nodiscard]] Status ValidateFieldTree(const SchemaNode& root);

}  // namespace hindsight::parquet
