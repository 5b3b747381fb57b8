// Schema literals for tests: write SchemaNode trees the way parquet-mr prints them.
// Test-only (hindsight_parquet_testing).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "parquet/schema/schema_node.h"

namespace hindsight::parquet::test_util {

inline constexpr format::FieldRepetitionType kRequired = format::FieldRepetitionType::REQUIRED;
inline constexpr format::FieldRepetitionType kOptional = format::FieldRepetitionType::OPTIONAL;
inline constexpr format::FieldRepetitionType kRepeated = format::FieldRepetitionType::REPEATED;

inline SchemaNode LeafNode(format::FieldRepetitionType repetition, format::Type type,
                           std::string name) {
  SchemaNode node;
  node.name = std::move(name);
  node.repetition = repetition;
  node.physical_type = type;
  return node;
}

inline SchemaNode GroupNode(format::FieldRepetitionType repetition, std::string name,
                            std::vector<SchemaNode> children) {
  SchemaNode node;
  node.name = std::move(name);
  node.repetition = repetition;
  node.children = std::move(children);
  return node;
}

// The node with the legacy ConvertedType annotation `converted` (e.g. LIST, MAP, UTF8).
inline SchemaNode WithConverted(SchemaNode node, format::ConvertedType converted) {
  node.converted_type = converted;
  return node;
}

inline SchemaNode MessageNode(std::vector<SchemaNode> fields) {
  return GroupNode(kRequired, "schema", std::move(fields));
}

}  // namespace hindsight::parquet::test_util
