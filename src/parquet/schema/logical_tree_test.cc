// The logical tree of hand-built schemas that mirror the layouts of LogicalTypes.md,
// including every backward-compatibility rule for lists and maps.
#include "parquet/schema/logical_tree.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parquet/schema/schema.h"
#include "parquet/schema/testing/schema_literals.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

using format::ConvertedType;
using format::Type;
using ::testing::HasSubstr;
using namespace test_util;  // NOLINT: schema literals

std::string PrimitiveName(ColumnType type) {
  switch (type) {
    case ColumnType::kBool:
      return "bool";
    case ColumnType::kInt32:
      return "int32";
    case ColumnType::kInt64:
      return "int64";
    case ColumnType::kFloat:
      return "float";
    case ColumnType::kDouble:
      return "double";
    case ColumnType::kBinary:
      return "binary";
    default:
      return "?";
  }
}

// Compact text of a logical node: "?" marks nullable, e.g. "?list<struct<a:int32,b:?binary>>".
std::string Describe(const LogicalNode& node) {
  std::string out = node.nullable ? "?" : "";
  switch (node.kind) {
    case LogicalKind::kPrimitive:
      return out + PrimitiveName(node.column_type);
    case LogicalKind::kList:
      return StrCat(out, "list<", Describe(node.children[0]), ">");
    case LogicalKind::kMap:
      return StrCat(out, "map<", Describe(node.children[0]), ",", Describe(node.children[1]), ">");
    case LogicalKind::kStruct: {
      out += "struct<";
      for (size_t i = 0; i < node.children.size(); ++i) {
        out += StrCat(i == 0 ? "" : ",", node.children[i].name, ":", Describe(node.children[i]));
      }
      return out + ">";
    }
  }
  return out;
}

// Logical text of the only top-level field of a schema made of `field`.
std::string LogicalOf(SchemaNode field) {
  StatusOr<Schema> schema = Schema::FromRoot(MessageNode({std::move(field)}));
  if (!schema.ok()) return std::string(schema.status().message());
  return Describe(schema->logical_root().children[0]);
}

SchemaNode List(format::FieldRepetitionType repetition, std::string name,
                std::vector<SchemaNode> children) {
  return WithConverted(GroupNode(repetition, std::move(name), std::move(children)),
                       ConvertedType::LIST);
}

SchemaNode Map(format::FieldRepetitionType repetition, std::string name,
               std::vector<SchemaNode> children, ConvertedType annotation = ConvertedType::MAP) {
  return WithConverted(GroupNode(repetition, std::move(name), std::move(children)), annotation);
}

TEST(LogicalTreeTest, StandardListOfNullableElements) {
  EXPECT_EQ(LogicalOf(List(kRequired, "my_list",
                           {GroupNode(kRepeated, "list",
                                      {LeafNode(kOptional, Type::BYTE_ARRAY, "element")})})),
            "list<?binary>");
}

TEST(LogicalTreeTest, StandardNullableListOfRequiredElements) {
  EXPECT_EQ(LogicalOf(List(kOptional, "my_list",
                           {GroupNode(kRepeated, "list",
                                      {LeafNode(kRequired, Type::BYTE_ARRAY, "element")})})),
            "?list<binary>");
}

TEST(LogicalTreeTest, StandardListOfLists) {
  EXPECT_EQ(LogicalOf(List(
                kOptional, "array_of_arrays",
                {GroupNode(kRepeated, "list",
                           {List(kRequired, "element",
                                 {GroupNode(kRepeated, "list",
                                            {LeafNode(kRequired, Type::INT32, "element")})})})})),
            "?list<list<int32>>");
}

TEST(LogicalTreeTest, RepeatedGroupNamedElementHoldingOneField) {
  EXPECT_EQ(LogicalOf(List(
                kOptional, "my_list",
                {GroupNode(kRepeated, "element", {LeafNode(kRequired, Type::BYTE_ARRAY, "str")})})),
            "?list<binary>");
}

TEST(LogicalTreeTest, Rule1RepeatedPrimitiveIsRequiredElement) {
  EXPECT_EQ(LogicalOf(List(kOptional, "my_list", {LeafNode(kRepeated, Type::INT32, "element")})),
            "?list<int32>");
}

TEST(LogicalTreeTest, Rule2RepeatedGroupOfSeveralFieldsIsElement) {
  EXPECT_EQ(LogicalOf(List(kOptional, "my_list",
                           {GroupNode(kRepeated, "element",
                                      {LeafNode(kRequired, Type::BYTE_ARRAY, "str"),
                                       LeafNode(kRequired, Type::INT32, "num")})})),
            "?list<struct<str:binary,num:int32>>");
}

TEST(LogicalTreeTest, Rule3RepeatedGroupOfOneRepeatedFieldIsElement) {
  EXPECT_EQ(
      LogicalOf(List(kOptional, "my_list",
                     {List(kRepeated, "array", {LeafNode(kRepeated, Type::INT32, "array")})})),
      "?list<list<int32>>");
}

TEST(LogicalTreeTest, Rule4GroupNamedArrayIsElement) {
  EXPECT_EQ(LogicalOf(List(
                kOptional, "my_list",
                {GroupNode(kRepeated, "array", {LeafNode(kRequired, Type::BYTE_ARRAY, "str")})})),
            "?list<struct<str:binary>>");
}

TEST(LogicalTreeTest, Rule4GroupNamedTupleIsElement) {
  EXPECT_EQ(LogicalOf(List(kOptional, "my_list",
                           {GroupNode(kRepeated, "my_list_tuple",
                                      {LeafNode(kRequired, Type::BYTE_ARRAY, "str")})})),
            "?list<struct<str:binary>>");
}

TEST(LogicalTreeTest, Rule5OnlyFieldOfRepeatedGroupIsElementWithItsRepetition) {
  EXPECT_EQ(LogicalOf(List(
                kOptional, "my_list",
                {GroupNode(kRepeated, "element", {LeafNode(kOptional, Type::BYTE_ARRAY, "str")})})),
            "?list<?binary>");
}

TEST(LogicalTreeTest, UnannotatedRepeatedFieldsAreRequiredLists) {
  EXPECT_EQ(LogicalOf(LeafNode(kRepeated, Type::INT32, "num")), "list<int32>");
  EXPECT_EQ(LogicalOf(GroupNode(kRepeated, "my_list",
                                {LeafNode(kRequired, Type::INT32, "num"),
                                 LeafNode(kOptional, Type::BYTE_ARRAY, "str")})),
            "list<struct<num:int32,str:?binary>>");
}

TEST(LogicalTreeTest, StandardMap) {
  EXPECT_EQ(LogicalOf(Map(kRequired, "my_map",
                          {GroupNode(kRepeated, "key_value",
                                     {LeafNode(kRequired, Type::BYTE_ARRAY, "key"),
                                      LeafNode(kOptional, Type::INT32, "value")})})),
            "map<binary,?int32>");
}

TEST(LogicalTreeTest, MapFieldsAreFoundByPosition) {
  EXPECT_EQ(LogicalOf(Map(kOptional, "my_map",
                          {GroupNode(kRepeated, "map",
                                     {LeafNode(kRequired, Type::BYTE_ARRAY, "str"),
                                      LeafNode(kRequired, Type::INT32, "num")})})),
            "?map<binary,int32>");
}

TEST(LogicalTreeTest, MapKeyValueOutsideMapIsAMap) {
  EXPECT_EQ(LogicalOf(Map(kOptional, "my_map",
                          {GroupNode(kRepeated, "map",
                                     {LeafNode(kRequired, Type::BYTE_ARRAY, "key"),
                                      LeafNode(kOptional, Type::INT32, "value")})},
                          ConvertedType::MAP_KEY_VALUE)),
            "?map<binary,?int32>");
}

TEST(LogicalTreeTest, MapKeyValueOnTheRepeatedGroupIsIgnored) {
  EXPECT_EQ(LogicalOf(Map(kOptional, "m",
                          {Map(kRepeated, "key_value",
                               {LeafNode(kRequired, Type::INT64, "key"),
                                LeafNode(kRequired, Type::DOUBLE, "value")},
                               ConvertedType::MAP_KEY_VALUE)})),
            "?map<int64,double>");
}

TEST(LogicalTreeTest, MapWithoutValuesIsListOfKeys) {
  EXPECT_EQ(LogicalOf(Map(kOptional, "set",
                          {GroupNode(kRepeated, "key_value",
                                     {LeafNode(kRequired, Type::BYTE_ARRAY, "key")})})),
            "?list<binary>");
}

TEST(LogicalTreeTest, GroupsAreStructs) {
  EXPECT_EQ(
      LogicalOf(GroupNode(kOptional, "s",
                          {LeafNode(kRequired, Type::INT32, "a"),
                           GroupNode(kOptional, "b", {LeafNode(kOptional, Type::INT64, "c")})})),
      "?struct<a:int32,b:?struct<c:?int64>>");
}

TEST(LogicalTreeTest, PhysicalTypesMapToColumnTypes) {
  EXPECT_EQ(LogicalOf(GroupNode(
                kRequired, "s",
                {LeafNode(kRequired, Type::BOOLEAN, "a"), LeafNode(kRequired, Type::INT32, "b"),
                 LeafNode(kRequired, Type::INT64, "c"), LeafNode(kRequired, Type::INT96, "d"),
                 LeafNode(kRequired, Type::FLOAT, "e"), LeafNode(kRequired, Type::DOUBLE, "f"),
                 LeafNode(kRequired, Type::BYTE_ARRAY, "g")})),
            "struct<a:bool,b:int32,c:int64,d:binary,e:float,f:double,g:binary>");
}

TEST(LogicalTreeTest, RejectsListWithoutRepeatedField) {
  EXPECT_THAT(LogicalOf(List(kOptional, "l", {LeafNode(kOptional, Type::INT32, "element")})),
              HasSubstr("'l' is annotated LIST but"));
}

TEST(LogicalTreeTest, RejectsMapWithThreeFields) {
  EXPECT_THAT(LogicalOf(Map(kOptional, "m",
                            {GroupNode(kRepeated, "key_value",
                                       {LeafNode(kRequired, Type::INT32, "key"),
                                        LeafNode(kRequired, Type::INT32, "value"),
                                        LeafNode(kRequired, Type::INT32, "extra")})})),
              HasSubstr("'m' is annotated MAP but"));
}

TEST(LogicalTreeTest, RejectsAnnotatedPrimitive) {
  EXPECT_THAT(LogicalOf(WithConverted(LeafNode(kOptional, Type::INT32, "x"), ConvertedType::LIST)),
              HasSubstr("'x' is a primitive annotated as LIST or MAP"));
}

TEST(LogicalTreeTest, LevelsOfListInsideOptionalStruct) {
  StatusOr<Schema> schema = Schema::FromRoot(MessageNode({GroupNode(
      kOptional, "s",
      {List(kOptional, "l",
            {GroupNode(kRepeated, "list", {LeafNode(kOptional, Type::INT32, "element")})})})}));
  ASSERT_TRUE(schema.ok()) << schema.status();
  const LogicalNode& s = schema->logical_root().children[0];
  EXPECT_EQ(s.def_level, 1);
  EXPECT_EQ(s.slot_def_level, 0);
  const LogicalNode& list = s.children[0];
  EXPECT_EQ(list.def_level, 2);
  EXPECT_EQ(list.slot_def_level, 0);  // a struct's fields have a slot wherever the struct has
  EXPECT_EQ(list.rep_level, 0);
  EXPECT_EQ(list.element_def_level, 3);
  EXPECT_EQ(list.element_rep_level, 1);
  EXPECT_EQ(list.repeated_node->name, "list");
  const LogicalNode& element = list.children[0];
  EXPECT_EQ(element.def_level, 4);
  EXPECT_EQ(element.rep_level, 1);
  EXPECT_EQ(element.slot_def_level, 3);
  EXPECT_EQ(element.slot_rep_level, 1);
  EXPECT_EQ(element.leaf_index, 0);
  EXPECT_EQ(schema->leaf(0).max_def_level, 4);
  EXPECT_EQ(schema->leaf(0).max_rep_level, 1);
}

TEST(LogicalTreeTest, LevelsOfTwoLevelListOfLists) {
  StatusOr<Schema> schema = Schema::FromRoot(
      MessageNode({List(kOptional, "my_list",
                        {List(kRepeated, "array", {LeafNode(kRepeated, Type::INT32, "array")})})}));
  ASSERT_TRUE(schema.ok()) << schema.status();
  const LogicalNode& outer = schema->logical_root().children[0];
  EXPECT_EQ(outer.def_level, 1);
  EXPECT_EQ(outer.element_def_level, 2);
  EXPECT_EQ(outer.element_rep_level, 1);
  const LogicalNode& inner = outer.children[0];
  EXPECT_FALSE(inner.nullable);
  EXPECT_EQ(inner.def_level, 2);
  EXPECT_EQ(inner.slot_def_level, 2);
  EXPECT_EQ(inner.slot_rep_level, 1);
  EXPECT_EQ(inner.element_def_level, 3);
  EXPECT_EQ(inner.element_rep_level, 2);
  EXPECT_EQ(inner.children[0].def_level, 3);
  EXPECT_EQ(inner.children[0].rep_level, 2);
}

TEST(LogicalTreeTest, PathToLeafGivesNodesAndChildIndices) {
  StatusOr<Schema> schema = Schema::Make(
      {Field::Int32("a"), Field::Struct("s", {Field::Int32("x"), Field::Map("m", Field::Int32("k"),
                                                                            Field::Int32("v"))})});
  ASSERT_TRUE(schema.ok()) << schema.status();
  const std::vector<LogicalStep> path = LogicalPathToLeaf(schema->logical_root(), 3);
  ASSERT_EQ(path.size(), 3u);
  EXPECT_EQ(path[0].node->name, "s");
  EXPECT_EQ(path[0].child_index, 1);
  EXPECT_EQ(path[1].node->name, "m");
  EXPECT_EQ(path[1].child_index, 1);
  EXPECT_EQ(path[2].node->name, "value");
  EXPECT_EQ(path[2].child_index, 1);
  EXPECT_TRUE(LogicalPathToLeaf(schema->logical_root(), 4).empty());
}

}  // namespace
}  // namespace hindsight::parquet
