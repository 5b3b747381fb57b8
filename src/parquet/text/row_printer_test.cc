#include "parquet/text/row_printer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <string>

#include "parquet/schema/field.h"
#include "parquet/schema/testing/column_literals.h"
#include "parquet/schema/testing/schema_literals.h"

namespace hindsight::parquet {
namespace {

using namespace test_util;
using format::LogicalType;
using Kind = format::LogicalType::Kind;

std::string Print(const Schema& schema, const RecordBatch& batch, TextFormat format) {
  const RowPrinter printer = RowPrinter::Make(schema, format);
  std::string out;
  printer.AppendHeader(out);
  printer.AppendRows(batch, 0, batch.num_rows, out);
  return out;
}

SchemaNode Annotated(SchemaNode node, LogicalType logical) {
  node.logical_type = logical;
  return node;
}

LogicalType Logical(Kind kind) {
  LogicalType logical;
  logical.kind = kind;
  return logical;
}

Column FixedBinary(const std::vector<std::string>& values) {
  std::vector<std::optional<std::string>> optional(values.begin(), values.end());
  return BinaryColumn(optional);
}

TEST(RowPrinterTest, NestedValuesAsJsonArraysAndObjects) {
  StatusOr<Schema> schema = Schema::Make(
      {Field::Int64("id"),
       Field::Optional(Field::List("tags", Field::Optional(Field::String("element")))),
       Field::Optional(
           Field::Struct("s", {Field::Int32("a"), Field::Optional(Field::Binary("b"))})),
       Field::Map("m", Field::String("key"), Field::Optional(Field::Double("value")))});
  ASSERT_TRUE(schema.ok()) << schema.status();
  RecordBatch batch;
  batch.num_rows = 3;
  batch.columns = {
      Int64Column({std::numeric_limits<int64_t>::max(), -1, 0}),
      ListColumn({2, std::nullopt, 0}, BinaryColumn({"x\"y", std::nullopt})),
      StructColumn({Int32Column({1, 2, 3}), BinaryColumn({"\x01\xff", std::nullopt, ""})},
                   {1, 1, 0}),
      MapColumn({1, 0, 2}, BinaryColumn({"k", "n", "i"}),
                DoubleColumn({0.5, std::numeric_limits<double>::quiet_NaN(), -INFINITY}))};
  EXPECT_EQ(Print(*schema, batch, TextFormat::kJsonl),
            "{\"id\":9223372036854775807,\"tags\":[\"x\\\"y\",null],\"s\":{\"a\":1,\"b\":\"Af8=\"},"
            "\"m\":[{\"key\":\"k\",\"value\":0.5}]}\n"
            "{\"id\":-1,\"tags\":null,\"s\":{\"a\":2,\"b\":null},\"m\":[]}\n"
            "{\"id\":0,\"tags\":[],\"s\":null,\"m\":[{\"key\":\"n\",\"value\":\"NaN\"},"
            "{\"key\":\"i\",\"value\":\"-Infinity\"}]}\n");
}

TEST(RowPrinterTest, LogicalTypesShowTheirMeaning) {
  LogicalType decimal = Logical(Kind::DECIMAL);
  decimal.decimal_precision = 9;
  decimal.decimal_scale = 2;
  LogicalType micros = Logical(Kind::TIMESTAMP);
  micros.unit = format::TimeUnit::MICROS;
  LogicalType nanos = micros;
  nanos.unit = format::TimeUnit::NANOS;
  LogicalType time = Logical(Kind::TIME);
  time.unit = format::TimeUnit::MILLIS;
  LogicalType uint32 = Logical(Kind::INTEGER);
  uint32.bit_width = 32;
  uint32.is_signed = false;
  LogicalType uint64 = uint32;
  uint64.bit_width = 64;
  SchemaNode uuid = LeafNode(kRequired, format::Type::FIXED_LEN_BYTE_ARRAY, "uuid");
  uuid.type_length = 16;
  SchemaNode half = LeafNode(kRequired, format::Type::FIXED_LEN_BYTE_ARRAY, "half");
  half.type_length = 2;
  SchemaNode flba_decimal = LeafNode(kRequired, format::Type::FIXED_LEN_BYTE_ARRAY, "fd");
  flba_decimal.type_length = 3;
  StatusOr<Schema> schema = Schema::FromRoot(MessageNode({
      Annotated(LeafNode(kRequired, format::Type::INT32, "date"), Logical(Kind::DATE)),
      Annotated(LeafNode(kRequired, format::Type::INT32, "dec"), decimal),
      Annotated(LeafNode(kRequired, format::Type::INT64, "ts"), micros),
      Annotated(LeafNode(kRequired, format::Type::INT64, "ns"), nanos),
      Annotated(LeafNode(kRequired, format::Type::INT32, "time"), time),
      Annotated(LeafNode(kRequired, format::Type::INT32, "u32"), uint32),
      Annotated(LeafNode(kRequired, format::Type::INT64, "u64"), uint64),
      Annotated(LeafNode(kRequired, format::Type::BYTE_ARRAY, "enum"), Logical(Kind::ENUM)),
      Annotated(uuid, Logical(Kind::UUID)),
      Annotated(half, Logical(Kind::FLOAT16)),
      Annotated(flba_decimal, decimal),
      LeafNode(kRequired, format::Type::INT96, "int96"),
      LeafNode(kRequired, format::Type::FLOAT, "f"),
  }));
  ASSERT_TRUE(schema.ok()) << schema.status();
  RecordBatch batch;
  batch.num_rows = 1;
  batch.columns = {
      Int32Column({19723}),
      Int32Column({-1234}),
      Int64Column({1704141296123456}),
      Int64Column({1704141296123456789}),
      Int32Column({3723004}),
      Int32Column({-1}),
      Int64Column({-1}),
      BinaryColumn({"CLUBS"}),
      FixedBinary(
          {std::string("\x12\x3e\x45\x67\xe8\x9b\x12\xd3\xa4\x56\x42\x66\x14\x17\x40\x00", 16)}),
      FixedBinary({std::string("\x00\x3e", 2)}),
      FixedBinary({std::string("\x01\x00\x00", 3)}),
      FixedBinary({std::string("\x00\x2a\x1e\xd9\x63\x43\x00\x00\x97\x8a\x25\x00", 12)}),
      FloatColumn({0.1f}),
  };
  EXPECT_EQ(Print(*schema, batch, TextFormat::kJsonl),
            "{\"date\":\"2024-01-01\",\"dec\":\"-12.34\",\"ts\":\"2024-01-01T20:34:56.123456Z\","
            "\"ns\":\"2024-01-01T20:34:56.123456789Z\",\"time\":\"01:02:03.004000\","
            "\"u32\":4294967295,\"u64\":18446744073709551615,\"enum\":\"CLUBS\","
            "\"uuid\":\"123e4567-e89b-12d3-a456-426614174000\",\"half\":1.5,\"fd\":\"655.36\","
            "\"int96\":\"2024-01-01T20:34:56.123456Z\",\"f\":0.1}\n");
}

TEST(RowPrinterTest, CsvQuotesWhatItMustAndKeepsNullsEmpty) {
  StatusOr<Schema> schema = Schema::Make(
      {Field::Optional(Field::String("name")), Field::Optional(Field::Double("x")),
       Field::Optional(Field::List("l", Field::Int32("element"))), Field::String("with,comma")});
  ASSERT_TRUE(schema.ok());
  RecordBatch batch;
  batch.num_rows = 3;
  batch.columns = {BinaryColumn({"plain", "a,\"b\"\nc", std::nullopt}),
                   DoubleColumn({1.5, std::numeric_limits<double>::infinity(), std::nullopt}),
                   ListColumn({2, std::nullopt, 0}, Int32Column({1, 2})),
                   BinaryColumn({"", " padded", "x"})};
  EXPECT_EQ(Print(*schema, batch, TextFormat::kCsv),
            "name,x,l,\"with,comma\"\n"
            "plain,1.5,\"[1,2]\",\"\"\n"
            "\"a,\"\"b\"\"\nc\",Infinity,,\" padded\"\n"
            ",,\"[]\",x\n");
}

TEST(RowPrinterTest, PrintsARangeOfRows) {
  StatusOr<Schema> schema = Schema::Make({Field::Int32("a")});
  RecordBatch batch{3, {Int32Column({1, 2, 3})}};
  const RowPrinter printer = RowPrinter::Make(*schema, TextFormat::kJsonl);
  std::string out;
  printer.AppendRows(batch, 1, 3, out);
  EXPECT_EQ(out, "{\"a\":2}\n{\"a\":3}\n");
  std::string header;
  printer.AppendHeader(header);
  EXPECT_EQ(header, "");
}

TEST(RowPrinterTest, StatisticsValuesFormatLikeRows) {
  StatusOr<Schema> schema = Schema::Make({Field::Date("d"), Field::String("s"), Field::Binary("b"),
                                          Field::Bool("flag"), Field::Decimal("dec", 20, 3)});
  ASSERT_TRUE(schema.ok());
  const int32_t days = 19723;
  EXPECT_EQ(
      FormatStatisticsValue(schema->leaf(0), std::string(reinterpret_cast<const char*>(&days), 4)),
      "\"2024-01-01\"");
  EXPECT_EQ(FormatStatisticsValue(schema->leaf(1), "abc"), "\"abc\"");
  EXPECT_EQ(FormatStatisticsValue(schema->leaf(2), "abc"), "\"YWJj\"");
  EXPECT_EQ(FormatStatisticsValue(schema->leaf(3), std::string("\x01", 1)), "true");
  EXPECT_EQ(FormatStatisticsValue(schema->leaf(0), "abc"), std::nullopt);
  // A truncated FIXED_LEN_BYTE_ARRAY statistic shows as base64.
  EXPECT_EQ(FormatStatisticsValue(schema->leaf(4), "ab"), "\"YWI=\"");
}

}  // namespace
}  // namespace hindsight::parquet
