// The JSON the server answers with, read back: names and shapes, numbers that read back
// to the same bits (float32 slots as float32), non-finite values as null, defaults as
// positions, and strings escaped.
#include "serve/feature_response.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>

#include "store/store_test_util.h"

namespace hindsight::serve {
namespace {

constexpr char kFeatureSet[] = R"(name: response_test
version: 3
entity: profile_id
item: video_id
features:
  - {name: plan, encoder: onehot, input: subscriber.plan, vocabulary: [basic, standard, premium, ads]}
  - {name: kids, encoder: identity, input: subscriber.kids}
  - {name: device, encoder: hash, input: context.device, buckets: 16}
)";

class FeatureResponseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = store::FreshTestDir("feature_response_test");
    std::filesystem::copy_file(store::NetflixProtoPath(), dir + "/facts.proto");
    auto registry = store::FactSchemaRegistry::Compile(dir);
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
    ASSERT_TRUE(registry_->Register("subscriber", "hindsight.examples.netflix.Subscriber").ok());
    auto set = features::ParseFeatureSet(kFeatureSet, "f.yaml");
    ASSERT_TRUE(set.ok()) << set.status();
    auto plan = features::FeaturePlan::Compile(
        std::move(*set), *registry_, "profile_id", {{"device", store::ContextType::kString}},
        [](const std::string& name) -> StatusOr<std::shared_ptr<const dims::DimensionTable>> {
          return absl::NotFoundError(name);
        });
    ASSERT_TRUE(plan.ok()) << plan.status();
    plan_ = std::move(*plan);
  }

  std::unique_ptr<store::FactSchemaRegistry> registry_;
  std::unique_ptr<features::FeaturePlan> plan_;
};

TEST_F(FeatureResponseTest, ReadsBackToTheSameBits) {
  FeatureRequest request;
  request.items = {5, -6};
  ServedFeatures served;
  served.record_id = "srv-\"x\"\n";
  served.ts_us = 1793700000000000;
  served.facts_used = {"subscriber"};
  served.degraded = {"redis: timed out \x01"};
  served.columns.Reset(*plan_);
  served.columns.rows = 2;
  served.columns.columns[0].floats = {0.1f, 0, 1, 0, 1.0f / 3, 0, 0, 7e-39f};
  served.columns.columns[0].defaulted = {0, 1};
  served.columns.columns[1].doubles = {std::numeric_limits<double>::quiet_NaN(), 0.1 + 0.2};
  served.columns.columns[1].defaulted = {1, 0};
  served.columns.columns[2].integers = {3, INT64_MIN};
  served.columns.columns[2].defaulted = {0, 0};

  const nlohmann::json json = nlohmann::json::parse(FeatureResponseJson(*plan_, request, served));
  EXPECT_EQ(json["record_id"], "srv-\"x\"\n");
  EXPECT_EQ(json["ts"], 1793700000000000);
  EXPECT_EQ(json["feature_set"], "response_test");
  EXPECT_EQ(json["version"], 3);
  EXPECT_EQ(json["features"][0],
            (nlohmann::json{{"name", "plan"}, {"type", "vector"}, {"size", 4}}));
  EXPECT_EQ(json["features"][1]["type"], "double");
  EXPECT_EQ(json["features"][2]["type"], "int64");
  ASSERT_EQ(json["items"].size(), 2u);
  const auto& first = json["items"][0];
  const auto& second = json["items"][1];
  EXPECT_EQ(first["item"], 5);
  EXPECT_EQ(second["item"], -6);
  // float32 slots read as float32 give the same bits.
  for (int s = 0; s < 4; ++s) {
    EXPECT_EQ(std::bit_cast<uint32_t>(first["values"][0][s].get<float>()),
              std::bit_cast<uint32_t>(served.columns.columns[0].floats[static_cast<size_t>(s)]));
    EXPECT_EQ(
        std::bit_cast<uint32_t>(second["values"][0][s].get<float>()),
        std::bit_cast<uint32_t>(served.columns.columns[0].floats[static_cast<size_t>(4 + s)]));
  }
  EXPECT_TRUE(first["values"][1].is_null());  // NaN
  EXPECT_EQ(std::bit_cast<uint64_t>(second["values"][1].get<double>()),
            std::bit_cast<uint64_t>(0.1 + 0.2));
  EXPECT_EQ(first["values"][2], 3);
  EXPECT_EQ(second["values"][2].get<int64_t>(), INT64_MIN);
  EXPECT_EQ(first["defaults"], nlohmann::json::array({1}));
  EXPECT_EQ(second["defaults"], nlohmann::json::array({0}));
  EXPECT_EQ(json["facts"], nlohmann::json::array({"subscriber"}));
  EXPECT_EQ(json["degraded"][0], "redis: timed out \x01");
}

TEST_F(FeatureResponseTest, ErrorsAndHealthAreJson) {
  EXPECT_EQ(nlohmann::json::parse(ErrorJson("items[3]: \"x\"\t"))["error"], "items[3]: \"x\"\t");
  const nlohmann::json health = nlohmann::json::parse(HealthJson(*plan_, 42));
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["feature_set"], "response_test");
  EXPECT_EQ(health["requests"], 42);
  EXPECT_EQ(health["hash"].get<std::string>().size(), 16u);
}

}  // namespace
}  // namespace hindsight::serve
