#include "store/schema_compatibility.h"

#include "gtest/gtest.h"
#include "store/fact_schema_registry.h"
#include "store/store_test_util.h"

namespace hindsight::store {
namespace {

constexpr const char* kRegistered = R"(syntax = "proto3";
package shop;
message Basket {
  repeated Line lines = 1;
  string currency = 2;
  int64 updated_us = 3;
}
message Line {
  int64 sku = 1;
  int32 quantity = 2;
}
)";

// Compiles `proto` and checks shop.Basket registered as `basket` against it.
Status CheckEvolution(const std::string& name, const std::string& proto) {
  const std::string old_dir = FreshTestDir(name + "_old");
  const std::string new_dir = FreshTestDir(name + "_new");
  WriteTextFile(old_dir + "/shop.proto", kRegistered);
  WriteTextFile(new_dir + "/shop.proto", proto);
  auto registered = FactSchemaRegistry::Compile(old_dir);
  auto evolved = FactSchemaRegistry::Compile(new_dir);
  if (!registered.ok()) return registered.status();
  if (!evolved.ok()) return evolved.status();
  return CheckFactTypeCompatible("basket", *(*registered)->FindMessage("shop.Basket"),
                                 (*evolved)->FindMessage("shop.Basket"));
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(SchemaCompatibilityTest, IdenticalSchemaIsCompatible) {
  EXPECT_TRUE(CheckEvolution("same", kRegistered).ok());
}

TEST(SchemaCompatibilityTest, NewFieldsAndMessagesAreCompatible) {
  std::string evolved = Replace(kRegistered, "  int64 updated_us = 3;\n",
                                "  int64 updated_us = 3;\n  bool gift = 4;\n");
  evolved =
      Replace(evolved, "  int32 quantity = 2;\n", "  int32 quantity = 2;\n  string note = 3;\n");
  evolved += "message Coupon { string code = 1; }\n";
  Status status = CheckEvolution("added", evolved);
  EXPECT_TRUE(status.ok()) << status;
}

TEST(SchemaCompatibilityTest, RemovedFieldIsRefused) {
  Status status = CheckEvolution("removed", Replace(kRegistered, "  string currency = 2;\n", ""));
  EXPECT_EQ(status.message(),
            "incompatible change to fact type 'basket': field Basket.currency was removed or "
            "renamed");
}

TEST(SchemaCompatibilityTest, RenamedFieldIsRefused) {
  Status status = CheckEvolution("renamed_field", Replace(kRegistered, "currency", "money"));
  EXPECT_NE(status.message().find("field Basket.currency was removed or renamed"),
            std::string::npos);
}

TEST(SchemaCompatibilityTest, ChangedNumberIsRefused) {
  Status status = CheckEvolution("number", Replace(kRegistered, "currency = 2", "currency = 7"));
  EXPECT_NE(status.message().find("field Basket.currency changed number 2 -> 7"), std::string::npos)
      << status;
}

TEST(SchemaCompatibilityTest, ChangedTypeIsRefused) {
  Status status =
      CheckEvolution("type", Replace(kRegistered, "int64 updated_us", "string updated_us"));
  EXPECT_NE(status.message().find("field Basket.updated_us changed type int64 -> string"),
            std::string::npos)
      << status;
}

TEST(SchemaCompatibilityTest, ChangedLabelIsRefused) {
  Status status = CheckEvolution(
      "label", Replace(kRegistered, "  string currency = 2;", "  repeated string currency = 2;"));
  EXPECT_NE(status.message().find("field Basket.currency changed label singular -> repeated"),
            std::string::npos)
      << status;
}

TEST(SchemaCompatibilityTest, ChangeInNestedMessageIsRefused) {
  Status status =
      CheckEvolution("nested", Replace(kRegistered, "int32 quantity", "int64 quantity"));
  EXPECT_NE(status.message().find("'basket': field Basket.lines.quantity changed type int32 -> "
                                  "int64"),
            std::string::npos)
      << status;
}

TEST(SchemaCompatibilityTest, RenamedMessageIsRefused) {
  Status status =
      CheckEvolution("renamed_message", Replace(kRegistered, "message Basket", "message Cart"));
  EXPECT_EQ(status.message(),
            "incompatible change to fact type 'basket': message shop.Basket was removed or "
            "renamed");
}

}  // namespace
}  // namespace hindsight::store
