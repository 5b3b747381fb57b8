#include "store/store_setup.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "store/store_layout.h"
#include "store/store_test_util.h"

namespace hindsight::store {
namespace {

constexpr const char* kShopV1 =
    "syntax = \"proto3\";\npackage shop;\nmessage Basket { int64 sku = 1; }\n";

class StoreSetupTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir(testing::UnitTest::GetInstance()->current_test_info()->name());
    store_ = dir_ + "/store";
  }
  StatusOr<InitStoreResult> Init(std::vector<std::string> schemas) {
    InitStoreRequest request;
    request.store = store_;
    request.schema_files = std::move(schemas);
    return InitStore(request);
  }
  std::string dir_;
  std::string store_;
};

TEST_F(StoreSetupTest, InitCreatesLayoutConfigAndFactTypes) {
  StatusOr<InitStoreResult> result = Init({NetflixProtoPath()});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->created);
  for (const std::string& dir :
       {SchemasDir(store_), LogDir(store_), FactsTableDir(store_), DimensionsDir(store_),
        SnapshotsDir(store_), QuarantineDir(store_), QualityDir(store_)}) {
    EXPECT_TRUE(std::filesystem::is_directory(dir)) << dir;
  }
  EXPECT_EQ(ReadTextFile(SchemasDir(store_) + "/facts.proto"), ReadTextFile(NetflixProtoPath()));
  StatusOr<OpenedStore> opened = OpenStore(store_);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->config.entity_key, "profile_id");
  EXPECT_EQ(opened->config.fact_types.at("viewing_history"),
            "hindsight.examples.netflix.ViewingHistory");
  EXPECT_NE(opened->registry->Prototype("impressions"), nullptr);
}

TEST_F(StoreSetupTest, RerunWithIdenticalSchemasChangesNothing) {
  ASSERT_TRUE(Init({NetflixProtoPath()}).ok());
  const std::string config_before = ReadTextFile(ConfigPath(store_));
  const auto written_before = std::filesystem::last_write_time(ConfigPath(store_));
  StatusOr<InitStoreResult> again = Init({NetflixProtoPath()});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->created);
  EXPECT_FALSE(again->changed);
  EXPECT_TRUE(again->added_fact_types.empty());
  EXPECT_EQ(ReadTextFile(ConfigPath(store_)), config_before);
  EXPECT_EQ(std::filesystem::last_write_time(ConfigPath(store_)), written_before);
}

TEST_F(StoreSetupTest, NewSchemaFileAddsFactTypes) {
  ASSERT_TRUE(Init({NetflixProtoPath()}).ok());
  WriteTextFile(dir_ + "/shop.proto", kShopV1);
  StatusOr<InitStoreResult> result = Init({dir_ + "/shop.proto"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->added_fact_types, std::vector<std::string>{"basket"});
  StatusOr<OpenedStore> opened = OpenStore(store_);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_NE(opened->registry->Prototype("basket"), nullptr);
  EXPECT_NE(opened->registry->Prototype("subscriber"), nullptr);
}

TEST_F(StoreSetupTest, CompatibleEvolutionReplacesTheSchema) {
  WriteTextFile(dir_ + "/shop.proto", kShopV1);
  ASSERT_TRUE(Init({dir_ + "/shop.proto"}).ok());
  const std::string v2 =
      "syntax = \"proto3\";\npackage shop;\nmessage Basket { int64 sku = 1; int32 qty = 2; }\n";
  WriteTextFile(dir_ + "/shop.proto", v2);
  StatusOr<InitStoreResult> result = Init({dir_ + "/shop.proto"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->changed);
  EXPECT_EQ(ReadTextFile(SchemasDir(store_) + "/shop.proto"), v2);
}

TEST_F(StoreSetupTest, IncompatibleChangeIsRefusedAndLeavesTheStoreAlone) {
  WriteTextFile(dir_ + "/shop.proto", kShopV1);
  ASSERT_TRUE(Init({dir_ + "/shop.proto"}).ok());
  const std::string config_before = ReadTextFile(ConfigPath(store_));
  WriteTextFile(dir_ + "/shop.proto",
                "syntax = \"proto3\";\npackage shop;\nmessage Basket { string sku = 1; }\n"
                "message Extra { int64 x = 1; }\n");
  StatusOr<InitStoreResult> result = Init({dir_ + "/shop.proto"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "incompatible change to fact type 'basket': field Basket.sku changed type int64 -> "
            "string");
  EXPECT_EQ(ReadTextFile(SchemasDir(store_) + "/shop.proto"), kShopV1);
  EXPECT_EQ(ReadTextFile(ConfigPath(store_)), config_before);
}

TEST_F(StoreSetupTest, BadProtoNamesTheUserFileAndCreatesNothing) {
  WriteTextFile(dir_ + "/broken.proto", "syntax = \"proto3\";\nmessage A { int64 x = }\n");
  StatusOr<InitStoreResult> result = Init({dir_ + "/broken.proto"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message().rfind(dir_ + "/broken.proto:2:", 0), 0u) << result.status();
  EXPECT_FALSE(std::filesystem::exists(store_));
}

TEST_F(StoreSetupTest, EntityKeyCannotChange) {
  InitStoreRequest request;
  request.store = store_;
  request.schema_files = {NetflixProtoPath()};
  request.entity_key = "account_id";
  ASSERT_TRUE(InitStore(request).ok());
  EXPECT_EQ(OpenStore(store_)->config.entity_key, "account_id");
  request.entity_key = "profile_id";
  StatusOr<InitStoreResult> result = InitStore(request);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("cannot be changed to 'profile_id'"), std::string::npos);
}

TEST_F(StoreSetupTest, OpeningAMissingStoreIsNotFound) {
  StatusOr<OpenedStore> opened = OpenStore(store_);
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace hindsight::store
