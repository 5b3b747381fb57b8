#include "store/store_config.h"

#include "gtest/gtest.h"
#include "store/store_layout.h"
#include "store/store_test_util.h"

namespace hindsight::store {
namespace {

StoreConfig ExampleConfig() {
  StoreConfig config;
  config.entity_key = "account_id";
  config.fact_types = {{"subscriber", "hindsight.examples.netflix.Subscriber"},
                       {"my_list", "hindsight.examples.netflix.MyList"}};
  config.retention_days = 30;
  config.snapshot_retention_days = 3;
  return config;
}

TEST(StoreConfigTest, RoundTripsThroughYaml) {
  const StoreConfig config = ExampleConfig();
  StatusOr<StoreConfig> parsed = ParseStoreConfig(StoreConfigToYaml(config), "x.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, config);
  EXPECT_EQ(parsed->fact_types.at("my_list"), "hindsight.examples.netflix.MyList");
}

TEST(StoreConfigTest, RoundTripsThroughTheStoreFile) {
  const std::string store = FreshTestDir("config_file");
  ASSERT_TRUE(WriteStoreConfig(store, ExampleConfig()).ok());
  StatusOr<StoreConfig> read = ReadStoreConfig(store);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, ExampleConfig());
  EXPECT_TRUE(StoreExists(store));
}

TEST(StoreConfigTest, MissingKeyNamesFileAndKey) {
  StatusOr<StoreConfig> parsed = ParseStoreConfig(
      "format_version: 1\nentity_key: profile_id\npartitioning: hour\nretention_days: 9\n"
      "snapshot_retention_days: 1\n",
      "store/hindsight.yaml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "store/hindsight.yaml: fact_types: missing");
}

TEST(StoreConfigTest, RejectsWrongTypesAndRanges) {
  std::string yaml = StoreConfigToYaml(ExampleConfig());
  const std::string bad_retention =
      yaml.replace(yaml.find("retention_days: 30"), 18, "retention_days: ninety");
  StatusOr<StoreConfig> parsed = ParseStoreConfig(bad_retention, "h.yaml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "h.yaml: retention_days: expected an integer");

  yaml = StoreConfigToYaml(ExampleConfig());
  parsed = ParseStoreConfig(yaml.replace(yaml.find("partitioning: hour"), 18, "partitioning: day"),
                            "h.yaml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("partitioning: unsupported 'day'"), std::string::npos);
}

TEST(StoreConfigTest, RefusesNewerFormatVersion) {
  StoreConfig config = ExampleConfig();
  config.format_version = kStoreFormatVersion + 1;
  StatusOr<StoreConfig> parsed = ParseStoreConfig(StoreConfigToYaml(config), "h.yaml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("format_version: 2 is newer"), std::string::npos);
}

TEST(StoreConfigTest, MalformedYamlNamesLine) {
  StatusOr<StoreConfig> parsed =
      ParseStoreConfig("format_version: 1\nentity_key: [unclosed\n", "h.yaml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message().rfind("h.yaml:", 0), 0u) << parsed.status();
  EXPECT_FALSE(ParseStoreConfig("- a\n- b\n", "h.yaml").ok());
}

TEST(StoreConfigTest, ReadingAMissingStoreFails) {
  EXPECT_FALSE(ReadStoreConfig(FreshTestDir("config_missing")).ok());
  EXPECT_FALSE(StoreExists(FreshTestDir("config_missing")));
}

}  // namespace
}  // namespace hindsight::store
