// SchemaNode: one node of a Parquet schema tree, holding what the file's SchemaElement
// says about it (name, repetition, physical type, annotations) and its children.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parquet/format/parquet_types.h"

namespace hindsight::parquet {

struct SchemaNode {
  std::string name;
  format::FieldRepetitionType repetition = format::FieldRepetitionType::REQUIRED;
  std::optional<format::Type> physical_type;  // set exactly on leaves
  std::optional<int32_t> type_length;         // byte width of FIXED_LEN_BYTE_ARRAY
  std::optional<format::LogicalType> logical_type;
  std::optional<format::ConvertedType> converted_type;
  std::optional<int32_t> scale;  // DECIMAL, as the legacy SchemaElement fields
  std::optional<int32_t> precision;
  std::optional<int32_t> field_id;
  std::vector<SchemaNode> children;  // groups only

  bool is_leaf() const { return physical_type.has_value(); }
  bool is_required() const { return repetition == format::FieldRepetitionType::REQUIRED; }
  bool is_optional() const { return repetition == format::FieldRepetitionType::OPTIONAL; }
  bool is_repeated() const { return repetition == format::FieldRepetitionType::REPEATED; }
};

}  // namespace hindsight::parquet
