#include "parquet/schema/schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "parquet/schema/testing/schema_literals.h"

namespace hindsight::parquet {
namespace {

using format::ConvertedType;
using format::FieldRepetitionType;
using format::SchemaElement;
using format::Type;
using ::testing::HasSubstr;
using namespace test_util;  // NOLINT: schema literals

SchemaElement Element(std::string name, std::optional<Type> type,
                      std::optional<FieldRepetitionType> repetition,
                      std::optional<int32_t> num_children = std::nullopt) {
  SchemaElement element;
  element.name = std::move(name);
  element.type = type;
  element.repetition_type = repetition;
  element.num_children = num_children;
  return element;
}

std::vector<SchemaElement> FlatElements() {
  return {Element("schema", std::nullopt, std::nullopt, 2),
          Element("id", Type::INT64, FieldRepetitionType::REQUIRED),
          Element("name", Type::BYTE_ARRAY, FieldRepetitionType::OPTIONAL)};
}

std::string ErrorOf(const std::vector<SchemaElement>& elements) {
  StatusOr<Schema> schema = Schema::FromElements(elements);
  return schema.ok() ? "OK" : std::string(schema.status().message());
}

TEST(SchemaTest, FromElementsBuildsTreeAndLeaves) {
  StatusOr<Schema> schema = Schema::FromElements(FlatElements());
  ASSERT_TRUE(schema.ok()) << schema.status();
  EXPECT_EQ(schema->root().name, "schema");
  ASSERT_EQ(schema->num_leaves(), 2);
  const LeafColumn& id = schema->leaf(0);
  EXPECT_EQ(id.dotted_path, "id");
  EXPECT_EQ(id.max_def_level, 0);
  EXPECT_EQ(id.max_rep_level, 0);
  EXPECT_EQ(id.column_type, ColumnType::kInt64);
  const LeafColumn& name = schema->leaf(1);
  EXPECT_EQ(name.index, 1);
  EXPECT_EQ(name.source_index, 1);
  EXPECT_EQ(name.max_def_level, 1);
  EXPECT_EQ(name.physical_type, Type::BYTE_ARRAY);
  EXPECT_EQ(name.column_type, ColumnType::kBinary);
  EXPECT_EQ(name.node, &schema->root().children[1]);
  EXPECT_EQ(name.logical, &schema->logical_root().children[1]);
  EXPECT_EQ(name.logical->leaf_index, 1);
}

TEST(SchemaTest, LeafDescriptorsOfNestedSchema) {
  StatusOr<Schema> schema = Schema::Make(
      {Field::Int64("profile_id"), Field::Optional(Field::List("items", Field::Int64("x"))),
       Field::Map("m", Field::String("k"), Field::Optional(Field::Double("v"))),
       Field::Optional(Field::FixedLenBinary("uuid", 16))});
  ASSERT_TRUE(schema.ok()) << schema.status();
  ASSERT_EQ(schema->num_leaves(), 5);
  const LeafColumn& element = schema->leaf(1);
  EXPECT_EQ(element.dotted_path, "items.list.element");
  EXPECT_EQ(element.path, (std::vector<std::string>{"items", "list", "element"}));
  EXPECT_EQ(element.max_def_level, 2);
  EXPECT_EQ(element.max_rep_level, 1);
  EXPECT_EQ(schema->leaf(2).dotted_path, "m.key_value.key");
  EXPECT_EQ(schema->leaf(2).max_def_level, 1);
  EXPECT_EQ(schema->leaf(3).dotted_path, "m.key_value.value");
  EXPECT_EQ(schema->leaf(3).max_def_level, 2);
  EXPECT_EQ(schema->leaf(3).max_rep_level, 1);
  EXPECT_EQ(schema->leaf(4).type_length, 16);
  EXPECT_EQ(schema->leaf(4).physical_type, Type::FIXED_LEN_BYTE_ARRAY);
}

TEST(SchemaTest, CopiesShareTheTreeSoPointersStayValid) {
  const LeafColumn* leaf = nullptr;
  std::optional<Schema> copy;
  {
    StatusOr<Schema> schema = Schema::FromElements(FlatElements());
    ASSERT_TRUE(schema.ok());
    copy = *schema;
    leaf = &schema->leaf(1);
  }
  EXPECT_EQ(&copy->leaf(1), leaf);
  EXPECT_EQ(leaf->node->name, "name");
}

TEST(SchemaTest, RejectsEmptyElementList) { EXPECT_THAT(ErrorOf({}), HasSubstr("no elements")); }

TEST(SchemaTest, RejectsRootThatIsALeaf) {
  EXPECT_THAT(ErrorOf({Element("schema", Type::INT32, std::nullopt)}),
              HasSubstr("root is not a group"));
}

TEST(SchemaTest, RejectsRootWithoutChildren) {
  EXPECT_THAT(ErrorOf({Element("schema", std::nullopt, std::nullopt, 0)}), HasSubstr("no columns"));
}

TEST(SchemaTest, RejectsMoreChildrenThanElements) {
  std::vector<SchemaElement> elements = FlatElements();
  elements[0].num_children = 1000000;
  EXPECT_THAT(ErrorOf(elements),
              HasSubstr("schema element 0 ('schema'): declares 1000000 children but only 2"));
}

TEST(SchemaTest, RejectsTrailingElements) {
  std::vector<SchemaElement> elements = FlatElements();
  elements[0].num_children = 1;
  EXPECT_THAT(ErrorOf(elements), HasSubstr("1 elements after the root"));
}

TEST(SchemaTest, RejectsNegativeNumChildren) {
  std::vector<SchemaElement> elements = FlatElements();
  elements[0].num_children = -1;
  EXPECT_THAT(ErrorOf(elements), HasSubstr("negative num_children"));
}

TEST(SchemaTest, RejectsGroupWithoutChildren) {
  std::vector<SchemaElement> elements = FlatElements();
  elements[2].type.reset();
  EXPECT_THAT(ErrorOf(elements),
              HasSubstr("schema element 2 ('name'): neither a physical type nor children"));
}

TEST(SchemaTest, RejectsElementWithTypeAndChildren) {
  std::vector<SchemaElement> elements = {
      Element("schema", std::nullopt, std::nullopt, 1),
      Element("g", Type::INT32, FieldRepetitionType::REQUIRED, 1),
      Element("x", Type::INT32, FieldRepetitionType::REQUIRED)};
  EXPECT_THAT(ErrorOf(elements), HasSubstr("schema element 1 ('g'): has both"));
}

TEST(SchemaTest, RejectsEmptyName) {
  std::vector<SchemaElement> elements = FlatElements();
  elements[1].name = "";
  EXPECT_THAT(ErrorOf(elements), HasSubstr("schema element 1 (''): empty name"));
}

TEST(SchemaTest, RejectsMissingRepetition) {
  std::vector<SchemaElement> elements = FlatElements();
  elements[2].repetition_type.reset();
  EXPECT_THAT(ErrorOf(elements), HasSubstr("schema element 2 ('name'): no repetition type"));
}

TEST(SchemaTest, RejectsUnknownEnumValues) {
  std::vector<SchemaElement> elements = FlatElements();
  elements[1].type = static_cast<Type>(42);
  EXPECT_THAT(ErrorOf(elements), HasSubstr("unknown physical type 42"));
  elements = FlatElements();
  elements[1].repetition_type = static_cast<FieldRepetitionType>(7);
  EXPECT_THAT(ErrorOf(elements), HasSubstr("unknown repetition type 7"));
}

TEST(SchemaTest, RejectsFixedLenByteArrayWithoutWidth) {
  std::vector<SchemaElement> elements = FlatElements();
  elements[2].type = Type::FIXED_LEN_BYTE_ARRAY;
  EXPECT_THAT(ErrorOf(elements), HasSubstr("without a positive type_length"));
  elements[2].type_length = -3;
  EXPECT_THAT(ErrorOf(elements), HasSubstr("negative type_length -3"));
}

TEST(SchemaTest, RejectsNestingDeeperThanLimit) {
  std::vector<SchemaElement> elements = {Element("schema", std::nullopt, std::nullopt, 1)};
  for (int depth = 1; depth <= kMaxSchemaDepth + 1; ++depth) {
    elements.push_back(Element("g", std::nullopt, FieldRepetitionType::OPTIONAL, 1));
  }
  elements.push_back(Element("x", Type::INT32, FieldRepetitionType::OPTIONAL));
  EXPECT_THAT(ErrorOf(elements), HasSubstr("nested deeper than 64"));
}

TEST(SchemaTest, AcceptsNestingAtTheLimit) {
  std::vector<SchemaElement> elements = {Element("schema", std::nullopt, std::nullopt, 1)};
  for (int depth = 1; depth < kMaxSchemaDepth; ++depth) {
    elements.push_back(Element("g", std::nullopt, FieldRepetitionType::OPTIONAL, 1));
  }
  elements.push_back(Element("x", Type::INT32, FieldRepetitionType::OPTIONAL));
  StatusOr<Schema> schema = Schema::FromElements(elements);
  ASSERT_TRUE(schema.ok()) << schema.status();
  EXPECT_EQ(schema->leaf(0).max_def_level, kMaxSchemaDepth);
}

TEST(SchemaTest, RejectsUninterpretableListLayout) {
  std::vector<SchemaElement> elements = {
      Element("schema", std::nullopt, std::nullopt, 1),
      Element("l", std::nullopt, FieldRepetitionType::OPTIONAL, 2),
      Element("a", Type::INT32, FieldRepetitionType::REPEATED),
      Element("b", Type::INT32, FieldRepetitionType::REPEATED)};
  elements[1].converted_type = ConvertedType::LIST;
  EXPECT_THAT(ErrorOf(elements), HasSubstr("'l' is annotated LIST but"));
}

TEST(SchemaTest, FromRootValidatesHandBuiltTrees) {
  StatusOr<Schema> schema = Schema::FromRoot(
      MessageNode({GroupNode(kOptional, "g", {LeafNode(kRequired, Type::INT32, "")})}));
  ASSERT_FALSE(schema.ok());
  EXPECT_THAT(std::string(schema.status().message()), HasSubstr("schema field 'g.': empty name"));
}

TEST(SchemaTest, ToElementsThenFromElementsIsIdentity) {
  StatusOr<Schema> schema = Schema::Make(
      {Field::Int64("profile_id").WithFieldId(1), Field::Timestamp("ts"),
       Field::Optional(Field::String("country")),
       Field::List("items", Field::Optional(Field::Struct("element", {Field::Int32("a")}))),
       Field::Map("m", Field::Int(std::string("k"), 16, false), Field::Decimal("v", 20, 4)),
       Field::Optional(Field::List("nested", Field::List("e", Field::Date("d"))))});
  ASSERT_TRUE(schema.ok()) << schema.status();
  const std::vector<SchemaElement> elements = schema->ToElements();
  StatusOr<Schema> again = Schema::FromElements(elements);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ToString(), schema->ToString());
  const std::vector<SchemaElement> elements_again = again->ToElements();
  ASSERT_EQ(elements_again.size(), elements.size());
  for (size_t i = 0; i < elements.size(); ++i) {
    EXPECT_EQ(elements_again[i].name, elements[i].name);
    EXPECT_EQ(elements_again[i].type, elements[i].type);
    EXPECT_EQ(elements_again[i].repetition_type, elements[i].repetition_type);
    EXPECT_EQ(elements_again[i].num_children, elements[i].num_children);
    EXPECT_EQ(elements_again[i].converted_type, elements[i].converted_type);
    EXPECT_EQ(elements_again[i].scale, elements[i].scale);
    EXPECT_EQ(elements_again[i].precision, elements[i].precision);
    EXPECT_EQ(elements_again[i].field_id, elements[i].field_id);
    EXPECT_EQ(elements_again[i].type_length, elements[i].type_length);
    EXPECT_EQ(elements_again[i].logical_type.has_value(), elements[i].logical_type.has_value());
  }
  ASSERT_EQ(again->num_leaves(), schema->num_leaves());
  for (int i = 0; i < schema->num_leaves(); ++i) {
    EXPECT_EQ(again->leaf(i).dotted_path, schema->leaf(i).dotted_path);
    EXPECT_EQ(again->leaf(i).max_def_level, schema->leaf(i).max_def_level);
    EXPECT_EQ(again->leaf(i).max_rep_level, schema->leaf(i).max_rep_level);
  }
}

TEST(SchemaTest, ToElementsWritesLegacyConvertedTypes) {
  StatusOr<Schema> schema =
      Schema::Make({Field::String("s"), Field::List("l", Field::Int32("e")),
                    Field::Map("m", Field::Int32("k"), Field::Int32("v")), Field::Date("d"),
                    Field::Timestamp("ts"), Field::Timestamp("ms", format::TimeUnit::MILLIS),
                    Field::Timestamp("ns", format::TimeUnit::NANOS), Field::Int("i8", 8, true),
                    Field::Int("u16", 16, false), Field::Decimal("dec", 10, 2), Field::Enum("en")});
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::map<std::string, SchemaElement> by_name;
  for (const SchemaElement& element : schema->ToElements()) by_name[element.name] = element;
  EXPECT_EQ(by_name["schema"].repetition_type, FieldRepetitionType::REQUIRED);
  EXPECT_EQ(by_name["s"].converted_type, ConvertedType::UTF8);
  EXPECT_EQ(by_name["l"].converted_type, ConvertedType::LIST);
  EXPECT_EQ(by_name["list"].converted_type, std::nullopt);
  EXPECT_EQ(by_name["m"].converted_type, ConvertedType::MAP);
  EXPECT_EQ(by_name["d"].converted_type, ConvertedType::DATE);
  EXPECT_EQ(by_name["ts"].converted_type, ConvertedType::TIMESTAMP_MICROS);
  EXPECT_EQ(by_name["ms"].converted_type, ConvertedType::TIMESTAMP_MILLIS);
  EXPECT_EQ(by_name["ns"].converted_type, std::nullopt);
  EXPECT_TRUE(by_name["ns"].logical_type.has_value());
  EXPECT_EQ(by_name["i8"].converted_type, ConvertedType::INT_8);
  EXPECT_EQ(by_name["i8"].type, Type::INT32);
  EXPECT_EQ(by_name["u16"].converted_type, ConvertedType::UINT_16);
  EXPECT_EQ(by_name["dec"].converted_type, ConvertedType::DECIMAL);
  EXPECT_EQ(by_name["dec"].precision, 10);
  EXPECT_EQ(by_name["dec"].scale, 2);
  EXPECT_EQ(by_name["dec"].type, Type::INT64);
  EXPECT_EQ(by_name["en"].converted_type, ConvertedType::ENUM);
}

TEST(SchemaTest, ToElementsKeepsLegacyOnlyAnnotations) {
  std::vector<SchemaElement> elements = {
      Element("schema", std::nullopt, std::nullopt, 1),
      Element("s", Type::BYTE_ARRAY, FieldRepetitionType::OPTIONAL)};
  elements[1].converted_type = ConvertedType::UTF8;
  StatusOr<Schema> schema = Schema::FromElements(elements);
  ASSERT_TRUE(schema.ok()) << schema.status();
  const std::vector<SchemaElement> written = schema->ToElements();
  EXPECT_EQ(written[1].converted_type, ConvertedType::UTF8);
  EXPECT_FALSE(written[1].logical_type.has_value());
}

TEST(SchemaTest, ToStringPrintsParquetMrSyntax) {
  StatusOr<Schema> schema =
      Schema::Make({Field::Int64("id").WithFieldId(3),
                    Field::Optional(Field::List("tags", Field::Optional(Field::String("t")))),
                    Field::FixedLenBinary("f", 4)});
  ASSERT_TRUE(schema.ok()) << schema.status();
  EXPECT_EQ(schema->ToString(),
            "message schema {\n"
            "  required int64 id = 3;\n"
            "  optional group tags (LIST) {\n"
            "    repeated group list {\n"
            "      optional binary element (STRING);\n"
            "    }\n"
            "  }\n"
            "  required fixed_len_byte_array(4) f;\n"
            "}\n");
}

}  // namespace
}  // namespace hindsight::parquet
