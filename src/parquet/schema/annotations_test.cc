#include "parquet/schema/annotations.h"

#include <gtest/gtest.h>

namespace hindsight::parquet {
namespace {

using format::ConvertedType;
using format::LogicalType;
using format::TimeUnit;
using Kind = format::LogicalType::Kind;

LogicalType Logical(Kind kind) {
  LogicalType logical;
  logical.kind = kind;
  return logical;
}

LogicalType Temporal(Kind kind, TimeUnit unit, bool utc) {
  LogicalType logical = Logical(kind);
  logical.unit = unit;
  logical.is_adjusted_to_utc = utc;
  return logical;
}

LogicalType Integer(int bits, bool is_signed) {
  LogicalType logical = Logical(Kind::INTEGER);
  logical.bit_width = static_cast<int8_t>(bits);
  logical.is_signed = is_signed;
  return logical;
}

SchemaNode Converted(ConvertedType converted) {
  SchemaNode node;
  node.name = "x";
  node.physical_type = format::Type::INT32;
  node.converted_type = converted;
  return node;
}

TEST(AnnotationsTest, ConvertedTypeForFollowsForwardCompatibilityTables) {
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::STRING)), ConvertedType::UTF8);
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::LIST)), ConvertedType::LIST);
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::MAP)), ConvertedType::MAP);
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::ENUM)), ConvertedType::ENUM);
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::DECIMAL)), ConvertedType::DECIMAL);
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::DATE)), ConvertedType::DATE);
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::JSON)), ConvertedType::JSON);
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::BSON)), ConvertedType::BSON);
  // Local (not UTC-adjusted) times also get the legacy annotation, as the spec requires.
  EXPECT_EQ(ConvertedTypeFor(Temporal(Kind::TIMESTAMP, TimeUnit::MICROS, false)),
            ConvertedType::TIMESTAMP_MICROS);
  EXPECT_EQ(ConvertedTypeFor(Temporal(Kind::TIMESTAMP, TimeUnit::MILLIS, true)),
            ConvertedType::TIMESTAMP_MILLIS);
  EXPECT_EQ(ConvertedTypeFor(Temporal(Kind::TIMESTAMP, TimeUnit::NANOS, true)), std::nullopt);
  EXPECT_EQ(ConvertedTypeFor(Temporal(Kind::TIME, TimeUnit::MILLIS, true)),
            ConvertedType::TIME_MILLIS);
  EXPECT_EQ(ConvertedTypeFor(Temporal(Kind::TIME, TimeUnit::MICROS, false)),
            ConvertedType::TIME_MICROS);
  EXPECT_EQ(ConvertedTypeFor(Temporal(Kind::TIME, TimeUnit::NANOS, false)), std::nullopt);
  EXPECT_EQ(ConvertedTypeFor(Integer(8, true)), ConvertedType::INT_8);
  EXPECT_EQ(ConvertedTypeFor(Integer(16, true)), ConvertedType::INT_16);
  EXPECT_EQ(ConvertedTypeFor(Integer(32, true)), ConvertedType::INT_32);
  EXPECT_EQ(ConvertedTypeFor(Integer(64, true)), ConvertedType::INT_64);
  EXPECT_EQ(ConvertedTypeFor(Integer(8, false)), ConvertedType::UINT_8);
  EXPECT_EQ(ConvertedTypeFor(Integer(64, false)), ConvertedType::UINT_64);
  EXPECT_EQ(ConvertedTypeFor(Integer(12, false)), std::nullopt);
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::UUID)), std::nullopt);
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::FLOAT16)), std::nullopt);
  EXPECT_EQ(ConvertedTypeFor(Logical(Kind::UNKNOWN)), std::nullopt);
}

TEST(AnnotationsTest, EffectiveLogicalTypeReadsLegacyAnnotations) {
  std::optional<LogicalType> logical = EffectiveLogicalType(Converted(ConvertedType::UTF8));
  ASSERT_TRUE(logical.has_value());
  EXPECT_EQ(logical->kind, Kind::STRING);

  logical = EffectiveLogicalType(Converted(ConvertedType::TIMESTAMP_MILLIS));
  ASSERT_TRUE(logical.has_value());
  EXPECT_EQ(logical->kind, Kind::TIMESTAMP);
  EXPECT_EQ(logical->unit, TimeUnit::MILLIS);
  EXPECT_TRUE(logical->is_adjusted_to_utc);

  logical = EffectiveLogicalType(Converted(ConvertedType::UINT_16));
  ASSERT_TRUE(logical.has_value());
  EXPECT_EQ(logical->bit_width, 16);
  EXPECT_FALSE(logical->is_signed);

  SchemaNode decimal = Converted(ConvertedType::DECIMAL);
  decimal.precision = 7;
  decimal.scale = 3;
  logical = EffectiveLogicalType(decimal);
  ASSERT_TRUE(logical.has_value());
  EXPECT_EQ(logical->decimal_precision, 7);
  EXPECT_EQ(logical->decimal_scale, 3);

  EXPECT_EQ(EffectiveLogicalType(Converted(ConvertedType::INTERVAL)), std::nullopt);
  EXPECT_EQ(EffectiveLogicalType(Converted(ConvertedType::MAP_KEY_VALUE)), std::nullopt);
}

TEST(AnnotationsTest, LogicalTypeWinsOverConvertedType) {
  SchemaNode node = Converted(ConvertedType::LIST);
  EXPECT_TRUE(IsListAnnotated(node));
  node.logical_type = Logical(Kind::STRING);
  EXPECT_FALSE(IsListAnnotated(node));
  EXPECT_EQ(EffectiveLogicalType(node)->kind, Kind::STRING);
}

TEST(AnnotationsTest, MapKeyValueCountsAsMap) {
  EXPECT_TRUE(IsMapAnnotated(Converted(ConvertedType::MAP)));
  EXPECT_TRUE(IsMapAnnotated(Converted(ConvertedType::MAP_KEY_VALUE)));
  EXPECT_FALSE(IsMapAnnotated(Converted(ConvertedType::LIST)));
}

TEST(AnnotationsTest, AnnotationTextNamesParameters) {
  SchemaNode node;
  EXPECT_EQ(AnnotationText(node), "");
  node.logical_type = Temporal(Kind::TIMESTAMP, TimeUnit::MICROS, true);
  EXPECT_EQ(AnnotationText(node), "TIMESTAMP(MICROS,true)");
  node.logical_type = Integer(8, false);
  EXPECT_EQ(AnnotationText(node), "INTEGER(8,false)");
  node.logical_type = Logical(Kind::DECIMAL);
  node.logical_type->decimal_precision = 10;
  node.logical_type->decimal_scale = 2;
  EXPECT_EQ(AnnotationText(node), "DECIMAL(10,2)");
  SchemaNode legacy = Converted(ConvertedType::DECIMAL);
  legacy.precision = 5;
  legacy.scale = 1;
  EXPECT_EQ(AnnotationText(legacy), "DECIMAL(5,1)");
  EXPECT_EQ(AnnotationText(Converted(ConvertedType::MAP_KEY_VALUE)), "MAP_KEY_VALUE");
}

}  // namespace
}  // namespace hindsight::parquet
