#include "parquet/schema/field.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parquet/schema/schema.h"

namespace hindsight::parquet {
namespace {

using format::FieldRepetitionType;
using format::Type;
using ::testing::HasSubstr;
using Kind = format::LogicalType::Kind;

std::string MakeError(std::vector<Field> fields) {
  StatusOr<Schema> schema = Schema::Make(std::move(fields));
  return schema.ok() ? "OK" : std::string(schema.status().message());
}

TEST(FieldTest, FieldsAreRequiredUnlessOptional) {
  EXPECT_EQ(Field::Int64("a").node().repetition, FieldRepetitionType::REQUIRED);
  EXPECT_EQ(Field::Optional(Field::Int64("a")).node().repetition, FieldRepetitionType::OPTIONAL);
}

TEST(FieldTest, ListIsStandardThreeLevelLayout) {
  const SchemaNode list =
      Field::Optional(Field::List("items", Field::Optional(Field::Int64("x")))).node();
  EXPECT_EQ(list.name, "items");
  EXPECT_EQ(list.repetition, FieldRepetitionType::OPTIONAL);
  ASSERT_TRUE(list.logical_type.has_value());
  EXPECT_EQ(list.logical_type->kind, Kind::LIST);
  ASSERT_EQ(list.children.size(), 1u);
  const SchemaNode& repeated = list.children[0];
  EXPECT_EQ(repeated.name, "list");
  EXPECT_EQ(repeated.repetition, FieldRepetitionType::REPEATED);
  ASSERT_EQ(repeated.children.size(), 1u);
  EXPECT_EQ(repeated.children[0].name, "element");
  EXPECT_EQ(repeated.children[0].repetition, FieldRepetitionType::OPTIONAL);
  EXPECT_EQ(repeated.children[0].physical_type, Type::INT64);
}

TEST(FieldTest, MapIsStandardLayout) {
  const SchemaNode map =
      Field::Map("m", Field::String("a"), Field::Optional(Field::Int32("b"))).node();
  EXPECT_EQ(map.logical_type->kind, Kind::MAP);
  const SchemaNode& key_value = map.children[0];
  EXPECT_EQ(key_value.name, "key_value");
  EXPECT_EQ(key_value.repetition, FieldRepetitionType::REPEATED);
  ASSERT_EQ(key_value.children.size(), 2u);
  EXPECT_EQ(key_value.children[0].name, "key");
  EXPECT_EQ(key_value.children[0].repetition, FieldRepetitionType::REQUIRED);
  EXPECT_EQ(key_value.children[1].name, "value");
  EXPECT_EQ(key_value.children[1].repetition, FieldRepetitionType::OPTIONAL);
}

TEST(FieldTest, DecimalPicksNarrowestPhysicalType) {
  EXPECT_EQ(Field::Decimal("d", 9, 2).node().physical_type, Type::INT32);
  EXPECT_EQ(Field::Decimal("d", 10, 2).node().physical_type, Type::INT64);
  EXPECT_EQ(Field::Decimal("d", 18, 2).node().physical_type, Type::INT64);
  const SchemaNode wide = Field::Decimal("d", 19, 2).node();
  EXPECT_EQ(wide.physical_type, Type::FIXED_LEN_BYTE_ARRAY);
  EXPECT_EQ(wide.type_length, 9);  // 8 bytes hold 18 digits, 9 bytes hold 21
  EXPECT_EQ(Field::Decimal("d", 38, 2).node().type_length, 16);
  EXPECT_EQ(Field::Decimal("d", 38, 2).node().logical_type->decimal_precision, 38);
  EXPECT_EQ(Field::Decimal("d", 38, 2).node().logical_type->decimal_scale, 2);
}

TEST(FieldTest, IntPicksPhysicalTypeByWidth) {
  const SchemaNode small = Field::Int("i", 8, false).node();
  EXPECT_EQ(small.physical_type, Type::INT32);
  EXPECT_EQ(small.logical_type->bit_width, 8);
  EXPECT_FALSE(small.logical_type->is_signed);
  EXPECT_EQ(Field::Int("i", 64, true).node().physical_type, Type::INT64);
}

TEST(FieldTest, TemporalAndTextTypes) {
  const SchemaNode ts = Field::Timestamp("ts").node();
  EXPECT_EQ(ts.physical_type, Type::INT64);
  EXPECT_EQ(ts.logical_type->kind, Kind::TIMESTAMP);
  EXPECT_EQ(ts.logical_type->unit, format::TimeUnit::MICROS);
  EXPECT_TRUE(ts.logical_type->is_adjusted_to_utc);
  EXPECT_EQ(Field::Date("d").node().physical_type, Type::INT32);
  EXPECT_EQ(Field::Date("d").node().logical_type->kind, Kind::DATE);
  EXPECT_EQ(Field::String("s").node().logical_type->kind, Kind::STRING);
  EXPECT_EQ(Field::Enum("e").node().logical_type->kind, Kind::ENUM);
  EXPECT_EQ(Field::Json("j").node().logical_type->kind, Kind::JSON);
  EXPECT_FALSE(Field::Binary("b").node().logical_type.has_value());
  EXPECT_EQ(Field::Bool("b").node().physical_type, Type::BOOLEAN);
  EXPECT_EQ(Field::Float("f").node().physical_type, Type::FLOAT);
  EXPECT_EQ(Field::Double("f").node().physical_type, Type::DOUBLE);
  EXPECT_EQ(Field::FixedLenBinary("u", 16).node().type_length, 16);
  EXPECT_EQ(Field::Int32("x").WithFieldId(7).node().field_id, 7);
}

TEST(FieldTest, MakeAcceptsWellFormedFields) {
  EXPECT_EQ(MakeError({Field::Int64("profile_id"), Field::Timestamp("ts"),
                       Field::Optional(Field::String("country")),
                       Field::List("items", Field::Int64("element")),
                       Field::Struct("subscriber", {Field::Enum("plan"), Field::Date("since")}),
                       Field::Map("m", Field::String("k"), Field::Decimal("v", 12, 3))}),
            "OK");
}

TEST(FieldTest, MakeRejectsBadIntWidth) {
  EXPECT_THAT(MakeError({Field::Int("i", 12, true)}), HasSubstr("'i': INT bit width 12"));
}

TEST(FieldTest, MakeRejectsBadDecimal) {
  EXPECT_THAT(MakeError({Field::Decimal("d", 0, 0)}), HasSubstr("'d': DECIMAL(0,0)"));
  EXPECT_THAT(MakeError({Field::Decimal("d", 39, 0)}), HasSubstr("DECIMAL(39,0)"));
  EXPECT_THAT(MakeError({Field::Decimal("d", 5, 6)}), HasSubstr("DECIMAL(5,6)"));
  EXPECT_THAT(MakeError({Field::Decimal("d", 5, -1)}), HasSubstr("DECIMAL(5,-1)"));
}

TEST(FieldTest, MakeRejectsNonPositiveFixedWidth) {
  EXPECT_THAT(MakeError({Field::FixedLenBinary("f", 0)}), HasSubstr("'f': FIXED_LEN_BYTE_ARRAY"));
}

TEST(FieldTest, MakeRejectsOptionalMapKey) {
  EXPECT_THAT(MakeError({Field::Map("m", Field::Optional(Field::Int32("k")), Field::Int32("v"))}),
              HasSubstr("'m': map keys must be required"));
}

TEST(FieldTest, MakeRejectsDuplicateNames) {
  EXPECT_THAT(MakeError({Field::Int32("a"), Field::Int64("a")}), HasSubstr("two fields named 'a'"));
  EXPECT_THAT(MakeError({Field::Struct("s", {Field::Int32("x"), Field::Int32("x")})}),
              HasSubstr("'s' has two fields named 'x'"));
}

TEST(FieldTest, MakeRejectsEmptyNames) {
  EXPECT_THAT(MakeError({Field::Int32("")}), HasSubstr("empty name"));
}

}  // namespace
}  // namespace hindsight::parquet
