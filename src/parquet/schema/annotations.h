// Type annotations of schema nodes: the LogicalType <-> legacy ConvertedType
// compatibility rules of the spec's LogicalTypes.md, and their text form.
#pragma once

#include <optional>
#include <string>

#include "parquet/format/parquet_types.h"
#include "parquet/schema/schema_node.h"

namespace hindsight::parquet {

// The legacy ConvertedType writers must also store for `logical` (forward compatibility),
// or nullopt when there is none (e.g. TIMESTAMP(NANOS), UUID, FLOAT16).
std::optional<format::ConvertedType> ConvertedTypeFor(const format::LogicalType& logical);

// The node's LogicalType, else the one its ConvertedType stands for (backward
// compatibility; DECIMAL takes scale and precision from the node), else nullopt.
std::optional<format::LogicalType> EffectiveLogicalType(const SchemaNode& node);

// LIST annotation (LogicalType LIST, or ConvertedType LIST when no LogicalType is set).
bool IsListAnnotated(const SchemaNode& node);

// MAP annotation, including the legacy MAP_KEY_VALUE misused in place of MAP.
bool IsMapAnnotated(const SchemaNode& node);

// Text such as "STRING", "DECIMAL(10,2)", "TIMESTAMP(MICROS,true)", "INTEGER(8,false)";
// empty for an unannotated node.
std::string AnnotationText(const SchemaNode& node);

}  // namespace hindsight::parquet
