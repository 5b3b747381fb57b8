#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parquet/schema/schema.h"
#include "parquet/schema/testing/schema_literals.h"

namespace hindsight::parquet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace test_util;  // NOLINT: schema literals

// Leaves: 0 id, 1 s.a, 2 s.b, 3 items..x, 4 items..y, 5 m..key, 6 m..value.p, 7 m..value.q,
// 8 tags.list.element.
Schema TestSchema() {
  return Schema::Make(
             {Field::Int64("id"),
              Field::Optional(
                  Field::Struct("s", {Field::Int32("a"), Field::Optional(Field::String("b"))})),
              Field::Optional(Field::List(
                  "items", Field::Struct("item", {Field::Int64("x"), Field::Double("y")}))),
              Field::Map("m", Field::String("k"),
                         Field::Struct("v", {Field::Int32("p"), Field::Int32("q")})),
              Field::List("tags", Field::String("t"))})
      .value();
}

// Source indices of the leaves a projection keeps.
std::vector<int> Selected(const std::vector<std::string>& paths) {
  StatusOr<Schema> projected = TestSchema().Project(paths);
  if (!projected.ok()) {
    ADD_FAILURE() << projected.status();
    return {};
  }
  std::vector<int> indices;
  for (const LeafColumn& leaf : projected->leaves()) indices.push_back(leaf.source_index);
  return indices;
}

std::string ProjectionError(const std::vector<std::string>& paths) {
  StatusOr<Schema> projected = TestSchema().Project(paths);
  return projected.ok() ? "OK" : std::string(projected.status().message());
}

TEST(SchemaProjectionTest, LeafPathKeepsOnlyThatLeaf) {
  StatusOr<Schema> projected = TestSchema().Project({"s.b"});
  ASSERT_TRUE(projected.ok()) << projected.status();
  ASSERT_EQ(projected->num_leaves(), 1);
  const LeafColumn& leaf = projected->leaf(0);
  EXPECT_EQ(leaf.index, 0);
  EXPECT_EQ(leaf.source_index, 2);
  EXPECT_EQ(leaf.dotted_path, "s.b");
  EXPECT_EQ(leaf.max_def_level, 2);
  EXPECT_EQ(leaf.node, &projected->root().children[0].children[0]);
  ASSERT_EQ(projected->logical_root().children.size(), 1u);
  const LogicalNode& s = projected->logical_root().children[0];
  EXPECT_EQ(s.node, &projected->root().children[0]);
  ASSERT_EQ(s.children.size(), 1u);
  EXPECT_EQ(s.children[0].name, "b");
  EXPECT_EQ(s.children[0].leaf_index, 0);
  EXPECT_EQ(projected->ToString(),
            "message schema {\n"
            "  optional group s {\n"
            "    optional binary b (STRING);\n"
            "  }\n"
            "}\n");
}

TEST(SchemaProjectionTest, GroupPathKeepsAllItsLeaves) {
  EXPECT_THAT(Selected({"s"}), ElementsAre(1, 2));
  EXPECT_THAT(Selected({"id"}), ElementsAre(0));
}

TEST(SchemaProjectionTest, ListAcceptsLogicalAndPhysicalNames) {
  EXPECT_THAT(Selected({"items"}), ElementsAre(3, 4));
  EXPECT_THAT(Selected({"items.list.element"}), ElementsAre(3, 4));
  EXPECT_THAT(Selected({"items.element"}), ElementsAre(3, 4));
  EXPECT_THAT(Selected({"items.list.element.y"}), ElementsAre(4));
  EXPECT_THAT(Selected({"items.element.y"}), ElementsAre(4));
  EXPECT_THAT(Selected({"items.x"}), ElementsAre(3));
  EXPECT_THAT(Selected({"tags"}), ElementsAre(8));
  EXPECT_THAT(Selected({"tags.element"}), ElementsAre(8));
  EXPECT_THAT(Selected({"tags.list.element"}), ElementsAre(8));
}

TEST(SchemaProjectionTest, MapKeepsItsKeyAndSelectedValueParts) {
  EXPECT_THAT(Selected({"m"}), ElementsAre(5, 6, 7));
  EXPECT_THAT(Selected({"m.value.p"}), ElementsAre(5, 6));
  EXPECT_THAT(Selected({"m.key_value.value.q"}), ElementsAre(5, 7));
  EXPECT_THAT(Selected({"m.value"}), ElementsAre(5, 6, 7));
  // A map needs values: selecting only the key keeps the whole value.
  EXPECT_THAT(Selected({"m.key"}), ElementsAre(5, 6, 7));
  EXPECT_THAT(Selected({"m.key_value.key"}), ElementsAre(5, 6, 7));
}

TEST(SchemaProjectionTest, ProjectedMapStaysAMap) {
  StatusOr<Schema> projected = TestSchema().Project({"m.value.q"});
  ASSERT_TRUE(projected.ok()) << projected.status();
  const LogicalNode& map = projected->logical_root().children[0];
  EXPECT_EQ(map.kind, LogicalKind::kMap);
  ASSERT_EQ(map.children.size(), 2u);
  EXPECT_EQ(map.children[1].kind, LogicalKind::kStruct);
  ASSERT_EQ(map.children[1].children.size(), 1u);
  EXPECT_EQ(map.children[1].children[0].name, "q");
  EXPECT_EQ(map.repeated_node, &projected->root().children[0].children[0]);
  EXPECT_EQ(projected->leaf(1).max_def_level, 1);
  EXPECT_EQ(projected->leaf(1).max_rep_level, 1);
}

TEST(SchemaProjectionTest, KeepsSchemaOrderAndIgnoresDuplicates) {
  EXPECT_THAT(Selected({"tags", "id", "s.a", "tags"}), ElementsAre(0, 1, 8));
}

TEST(SchemaProjectionTest, UnknownPathsAreErrorsNamingThePath) {
  EXPECT_EQ(ProjectionError({"s.c"}), "unknown column path 's.c': no field 'c' in 's'");
  EXPECT_EQ(ProjectionError({"nope"}), "unknown column path 'nope': no field 'nope' in the schema");
  EXPECT_THAT(ProjectionError({"id.x"}), HasSubstr("no field 'x' in 'id'"));
  EXPECT_THAT(ProjectionError({"tags.list.x"}), HasSubstr("no field 'x' in 'tags.list'"));
  EXPECT_THAT(ProjectionError({"items.list.element.z"}), HasSubstr("no field 'z'"));
  EXPECT_THAT(ProjectionError({"m.other"}), HasSubstr("no field 'other' in 'm'"));
  EXPECT_THAT(ProjectionError({"id", ""}), HasSubstr("unknown column path ''"));
  EXPECT_THAT(ProjectionError({}), HasSubstr("names no columns"));
}

TEST(SchemaProjectionTest, SourceIndicesChainThroughProjections) {
  StatusOr<Schema> first = TestSchema().Project({"s", "items", "tags"});
  ASSERT_TRUE(first.ok()) << first.status();
  StatusOr<Schema> second = first->Project({"items.y", "tags"});
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->num_leaves(), 2);
  EXPECT_EQ(second->leaf(0).source_index, 4);
  EXPECT_EQ(second->leaf(1).source_index, 8);
}

TEST(SchemaProjectionTest, PruningLegacyListKeepsItsStructElement) {
  // Rule 2 of LogicalTypes.md: the repeated group of two fields is a struct element. Left
  // with one field, re-deriving would make it the element itself (rule 5); projecting must not.
  StatusOr<Schema> schema = Schema::FromRoot(MessageNode(
      {WithConverted(GroupNode(kOptional, "l",
                               {GroupNode(kRepeated, "element",
                                          {LeafNode(kRequired, format::Type::INT32, "a"),
                                           LeafNode(kRequired, format::Type::INT32, "b")})}),
                     format::ConvertedType::LIST)}));
  ASSERT_TRUE(schema.ok()) << schema.status();
  StatusOr<Schema> projected = schema->Project({"l.element.b"});
  ASSERT_TRUE(projected.ok()) << projected.status();
  const LogicalNode& list = projected->logical_root().children[0];
  ASSERT_EQ(list.kind, LogicalKind::kList);
  const LogicalNode& element = list.children[0];
  EXPECT_EQ(element.kind, LogicalKind::kStruct);
  ASSERT_EQ(element.children.size(), 1u);
  EXPECT_EQ(element.children[0].name, "b");
  EXPECT_EQ(projected->leaf(0).source_index, 1);
  EXPECT_EQ(projected->leaf(0).max_def_level, 2);
  EXPECT_EQ(projected->leaf(0).max_rep_level, 1);
}

}  // namespace
}  // namespace hindsight::parquet
