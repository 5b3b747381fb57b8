#include "parquet/schema/annotations.h"

#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

using format::ConvertedType;
using format::LogicalType;
using format::TimeUnit;
using Kind = format::LogicalType::Kind;

LogicalType MakeLogical(Kind kind) {
  LogicalType logical;
  logical.kind = kind;
  return logical;
}

LogicalType MakeTemporal(Kind kind, TimeUnit unit) {
  LogicalType logical = MakeLogical(kind);
  logical.is_adjusted_to_utc = true;  // the legacy annotations are UTC-normalised
  logical.unit = unit;
  return logical;
}

LogicalType MakeInteger(int bit_width, bool is_signed) {
  LogicalType logical = MakeLogical(Kind::INTEGER);
  logical.bit_width = static_cast<int8_t>(bit_width);
  logical.is_signed = is_signed;
  return logical;
}

std::optional<ConvertedType> IntegerConvertedType(int bit_width, bool is_signed) {
  switch (bit_width) {
    case 8:
      return is_signed ? ConvertedType::INT_8 : ConvertedType::UINT_8;
    case 16:
      return is_signed ? ConvertedType::INT_16 : ConvertedType::UINT_16;
    case 32:
      return is_signed ? ConvertedType::INT_32 : ConvertedType::UINT_32;
    case 64:
      return is_signed ? ConvertedType::INT_64 : ConvertedType::UINT_64;
    default:
      return std::nullopt;
  }
}

const char* UnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::MILLIS:
      return "MILLIS";
    case TimeUnit::MICROS:
      return "MICROS";
    case TimeUnit::NANOS:
      return "NANOS";
  }
  return "UNKNOWN_UNIT";
}

std::string LogicalText(const LogicalType& logical) {
  switch (logical.kind) {
    case Kind::STRING:
      return "STRING";
    case Kind::MAP:
      return "MAP";
    case Kind::LIST:
      return "LIST";
    case Kind::ENUM:
      return "ENUM";
    case Kind::DECIMAL:
      return StrCat("DECIMAL(", logical.decimal_precision, ",", logical.decimal_scale, ")");
    case Kind::DATE:
      return "DATE";
    case Kind::TIME:
      return StrCat("TIME(", UnitName(logical.unit), ",", logical.is_adjusted_to_utc, ")");
    case Kind::TIMESTAMP:
      return StrCat("TIMESTAMP(", UnitName(logical.unit), ",", logical.is_adjusted_to_utc, ")");
    case Kind::INTEGER:
      return StrCat("INTEGER(", static_cast<int>(logical.bit_width), ",", logical.is_signed, ")");
    case Kind::UNKNOWN:
      return "UNKNOWN";
    case Kind::JSON:
      return "JSON";
    case Kind::BSON:
      return "BSON";
    case Kind::UUID:
      return "UUID";
    case Kind::FLOAT16:
      return "FLOAT16";
  }
  return StrCat("LOGICAL_TYPE_", static_cast<int32_t>(logical.kind));
}

std::string ConvertedText(ConvertedType converted) {
  switch (converted) {
    case ConvertedType::UTF8:
      return "UTF8";
    case ConvertedType::MAP:
      return "MAP";
    case ConvertedType::MAP_KEY_VALUE:
      return "MAP_KEY_VALUE";
    case ConvertedType::LIST:
      return "LIST";
    case ConvertedType::ENUM:
      return "ENUM";
    case ConvertedType::DECIMAL:
      return "DECIMAL";
    case ConvertedType::DATE:
      return "DATE";
    case ConvertedType::TIME_MILLIS:
      return "TIME_MILLIS";
    case ConvertedType::TIME_MICROS:
      return "TIME_MICROS";
    case ConvertedType::TIMESTAMP_MILLIS:
      return "TIMESTAMP_MILLIS";
    case ConvertedType::TIMESTAMP_MICROS:
      return "TIMESTAMP_MICROS";
    case ConvertedType::UINT_8:
      return "UINT_8";
    case ConvertedType::UINT_16:
      return "UINT_16";
    case ConvertedType::UINT_32:
      return "UINT_32";
    case ConvertedType::UINT_64:
      return "UINT_64";
    case ConvertedType::INT_8:
      return "INT_8";
    case ConvertedType::INT_16:
      return "INT_16";
    case ConvertedType::INT_32:
      return "INT_32";
    case ConvertedType::INT_64:
      return "INT_64";
    case ConvertedType::JSON:
      return "JSON";
    case ConvertedType::BSON:
      return "BSON";
    case ConvertedType::INTERVAL:
      return "INTERVAL";
  }
  return StrCat("CONVERTED_TYPE_", static_cast<int32_t>(converted));
}

}  // namespace

std::optional<ConvertedType> ConvertedTypeFor(const LogicalType& logical) {
  switch (logical.kind) {
    case Kind::STRING:
      return ConvertedType::UTF8;
    case Kind::MAP:
      return ConvertedType::MAP;
    case Kind::LIST:
      return ConvertedType::LIST;
    case Kind::ENUM:
      return ConvertedType::ENUM;
    case Kind::DECIMAL:
      return ConvertedType::DECIMAL;
    case Kind::DATE:
      return ConvertedType::DATE;
    case Kind::TIME:
      if (logical.unit == TimeUnit::MILLIS) return ConvertedType::TIME_MILLIS;
      if (logical.unit == TimeUnit::MICROS) return ConvertedType::TIME_MICROS;
      return std::nullopt;
    case Kind::TIMESTAMP:
      if (logical.unit == TimeUnit::MILLIS) return ConvertedType::TIMESTAMP_MILLIS;
      if (logical.unit == TimeUnit::MICROS) return ConvertedType::TIMESTAMP_MICROS;
      return std::nullopt;
    case Kind::INTEGER:
      return IntegerConvertedType(logical.bit_width, logical.is_signed);
    case Kind::JSON:
      return ConvertedType::JSON;
    case Kind::BSON:
      return ConvertedType::BSON;
    case Kind::UNKNOWN:
    case Kind::UUID:
    case Kind::FLOAT16:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<LogicalType> EffectiveLogicalType(const SchemaNode& node) {
  if (node.logical_type.has_value()) return node.logical_type;
  if (!node.converted_type.has_value()) return std::nullopt;
  switch (*node.converted_type) {
    case ConvertedType::UTF8:
      return MakeLogical(Kind::STRING);
    case ConvertedType::MAP:
      return MakeLogical(Kind::MAP);
    case ConvertedType::LIST:
      return MakeLogical(Kind::LIST);
    case ConvertedType::ENUM:
      return MakeLogical(Kind::ENUM);
    case ConvertedType::DECIMAL: {
      LogicalType logical = MakeLogical(Kind::DECIMAL);
      logical.decimal_scale = node.scale.value_or(0);
      logical.decimal_precision = node.precision.value_or(0);
      return logical;
    }
    case ConvertedType::DATE:
      return MakeLogical(Kind::DATE);
    case ConvertedType::TIME_MILLIS:
      return MakeTemporal(Kind::TIME, TimeUnit::MILLIS);
    case ConvertedType::TIME_MICROS:
      return MakeTemporal(Kind::TIME, TimeUnit::MICROS);
    case ConvertedType::TIMESTAMP_MILLIS:
      return MakeTemporal(Kind::TIMESTAMP, TimeUnit::MILLIS);
    case ConvertedType::TIMESTAMP_MICROS:
      return MakeTemporal(Kind::TIMESTAMP, TimeUnit::MICROS);
    case ConvertedType::UINT_8:
      return MakeInteger(8, false);
    case ConvertedType::UINT_16:
      return MakeInteger(16, false);
    case ConvertedType::UINT_32:
      return MakeInteger(32, false);
    case ConvertedType::UINT_64:
      return MakeInteger(64, false);
    case ConvertedType::INT_8:
      return MakeInteger(8, true);
    case ConvertedType::INT_16:
      return MakeInteger(16, true);
    case ConvertedType::INT_32:
      return MakeInteger(32, true);
    case ConvertedType::INT_64:
      return MakeInteger(64, true);
    case ConvertedType::JSON:
      return MakeLogical(Kind::JSON);
    case ConvertedType::BSON:
      return MakeLogical(Kind::BSON);
    case ConvertedType::MAP_KEY_VALUE:
    case ConvertedType::INTERVAL:
      return std::nullopt;
  }
  return std::nullopt;
}

bool IsListAnnotated(const SchemaNode& node) {
  if (node.logical_type.has_value()) return node.logical_type->kind == Kind::LIST;
  return node.converted_type == ConvertedType::LIST;
}

bool IsMapAnnotated(const SchemaNode& node) {
  if (node.logical_type.has_value()) return node.logical_type->kind == Kind::MAP;
  return node.converted_type == ConvertedType::MAP ||
         node.converted_type == ConvertedType::MAP_KEY_VALUE;
}

std::string AnnotationText(const SchemaNode& node) {
  if (node.logical_type.has_value()) return LogicalText(*node.logical_type);
  if (!node.converted_type.has_value()) return "";
  if (*node.converted_type == ConvertedType::DECIMAL) {
    return StrCat("DECIMAL(", node.precision.value_or(0), ",", node.scale.value_or(0), ")");
  }
  return ConvertedText(*node.converted_type);
}

}  // namespace hindsight::parquet
