#include "store/fact_schema_registry.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "store/store_test_util.h"

namespace hindsight::store {
namespace {

std::string NetflixSchemaDir() {
  const std::string dir = FreshTestDir("registry_netflix");
  std::filesystem::copy_file(NetflixProtoPath(), dir + "/facts.proto");
  return dir;
}

TEST(FactTypeNameTest, SnakeCasesMessageNames) {
  EXPECT_EQ(FactTypeNameFor("ViewingHistory"), "viewing_history");
  EXPECT_EQ(FactTypeNameFor("Subscriber"), "subscriber");
  EXPECT_EQ(FactTypeNameFor("MyList"), "my_list");
  EXPECT_EQ(FactTypeNameFor("HTTPRequest"), "http_request");
  EXPECT_EQ(FactTypeNameFor("Top10Rows"), "top10_rows");
}

TEST(FactSchemaRegistryTest, CompilesTheExampleSchema) {
  StatusOr<std::unique_ptr<FactSchemaRegistry>> registry =
      FactSchemaRegistry::Compile(NetflixSchemaDir());
  ASSERT_TRUE(registry.ok()) << registry.status();
  std::vector<std::string> names;
  for (const auto* message : (*registry)->top_level_messages()) names.push_back(message->name());
  EXPECT_EQ(names, (std::vector<std::string>{"Subscriber", "ViewingHistory", "ViewingEvent",
                                             "MyList", "Thumbs", "Thumb", "Impressions"}));
  ASSERT_TRUE((*registry)->Register("subscriber", "hindsight.examples.netflix.Subscriber").ok());
  const google::protobuf::Message* prototype = (*registry)->Prototype("subscriber");
  ASSERT_NE(prototype, nullptr);
  EXPECT_EQ(prototype->GetDescriptor()->FindFieldByName("member_since_us")->type(),
            google::protobuf::FieldDescriptor::TYPE_INT64);
  EXPECT_EQ((*registry)->Prototype("thumbs"), nullptr);
  EXPECT_EQ((*registry)->FindFactType("subscriber")->full_name(),
            "hindsight.examples.netflix.Subscriber");
}

TEST(FactSchemaRegistryTest, RegisteringAnUndefinedMessageFails) {
  StatusOr<std::unique_ptr<FactSchemaRegistry>> registry =
      FactSchemaRegistry::Compile(NetflixSchemaDir());
  ASSERT_TRUE(registry.ok()) << registry.status();
  Status status = (*registry)->Register("watch_party", "hindsight.examples.netflix.WatchParty");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(status.message().find("watch_party"), std::string::npos);
}

TEST(FactSchemaRegistryTest, SyntaxErrorNamesFileLineAndColumn) {
  const std::string dir = FreshTestDir("registry_bad");
  WriteTextFile(dir + "/bad.proto",
                "syntax = \"proto3\";\npackage p;\nmessage A {\n  int64 x = 1\n}\n");
  StatusOr<std::unique_ptr<FactSchemaRegistry>> registry = FactSchemaRegistry::Compile(dir);
  ASSERT_FALSE(registry.ok());
  EXPECT_EQ(registry.status().message().rfind(dir + "/bad.proto:5:1: ", 0), 0u)
      << registry.status();
}

TEST(FactSchemaRegistryTest, UnknownTypeNamesTheFile) {
  const std::string dir = FreshTestDir("registry_unknown_type");
  WriteTextFile(dir + "/a.proto",
                "syntax = \"proto3\";\npackage p;\nmessage A {\n  Missing m = 1;\n}\n");
  StatusOr<std::unique_ptr<FactSchemaRegistry>> registry = FactSchemaRegistry::Compile(dir);
  ASSERT_FALSE(registry.ok());
  EXPECT_NE(registry.status().message().find(dir + "/a.proto:4:"), std::string::npos)
      << registry.status();
  EXPECT_NE(registry.status().message().find("Missing"), std::string::npos);
}

TEST(FactSchemaRegistryTest, EmptyDirectoryIsAnError) {
  StatusOr<std::unique_ptr<FactSchemaRegistry>> registry =
      FactSchemaRegistry::Compile(FreshTestDir("registry_empty"));
  ASSERT_FALSE(registry.ok());
  EXPECT_NE(registry.status().message().find("no .proto schemas"), std::string::npos);
}

}  // namespace
}  // namespace hindsight::store
