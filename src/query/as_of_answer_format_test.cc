#include "query/as_of_answer_format.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "query/testing/query_test_util.h"
#include "query/testing/test_facts_table.h"
#include "store/store_setup.h"

namespace hindsight::query {
namespace {

constexpr int64_t kTs = testing::kTestFirstHourUs + 90 * 1000000;  // 00:01:30

class AsOfAnswerFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string store = testing::FreshTestPath("format_store");
    ASSERT_TRUE(testing::CreateTestStore(store).ok());
    auto opened = store::OpenStore(store);
    ASSERT_TRUE(opened.ok());
    opened_ = std::move(*opened);
  }

  static AsOfAnswer SampleAnswer() {
    AsOfAnswer answer;
    answer.entity = 7;
    answer.as_of_us = testing::kTestFirstHourUs + 3600 * int64_t{1000000};
    answer.snapshot_id = 3;
    Record record = testing::TestRecord(7, kTs, "r-1");
    ContextValue* country = record.add_context();
    country->set_key("country");
    country->set_string_value("US");
    Fact* fact = record.add_facts();
    fact->set_type("subscriber");
    fact->set_value(testing::TestFactValue("subscriber", kTs, 0, 2));
    answer.facts.push_back({"subscriber", record});
    answer.facts.push_back({"thumbs", std::nullopt});
    return answer;
  }

  store::OpenedStore opened_;
};

TEST_F(AsOfAnswerFormatTest, JsonFollowsTheCliContract) {
  auto json = AsOfAnswerJson(SampleAnswer(), *opened_.registry);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json,
            R"({"entity":7,"as_of":"2026-11-01T01:00:00Z","snapshot":3,"facts":{"subscriber":)"
            R"({"record_id":"r-1","ts":"2026-11-01T00:01:30Z","app":"homepage",)"
            R"("context":{"profile_id":7,"country":"US"},)"
            R"("values":[{"plan":"premium","ts_us":"1793491290000000"}]},"thumbs":null}})");
}

TEST_F(AsOfAnswerFormatTest, JsonSaysWhenThereIsNoSnapshot) {
  AsOfAnswer answer = SampleAnswer();
  answer.snapshot_id.reset();
  answer.facts[0].record.reset();
  auto json = AsOfAnswerJson(answer, *opened_.registry);
  ASSERT_TRUE(json.ok());
  const auto parsed = nlohmann::json::parse(*json);
  EXPECT_TRUE(parsed["snapshot"].is_null());
  EXPECT_TRUE(parsed["facts"]["subscriber"].is_null());
}

TEST_F(AsOfAnswerFormatTest, SeveralValuesBecomeAJsonArrayInOrder) {
  AsOfAnswer answer = SampleAnswer();
  Record& record = *answer.facts[0].record;
  record.clear_facts();
  for (uint64_t seed : {1, 3}) {
    Fact* fact = record.add_facts();
    fact->set_type("subscriber");
    fact->set_value(testing::TestFactValue("subscriber", kTs, 0, seed));
  }
  auto json = AsOfAnswerJson(answer, *opened_.registry);
  ASSERT_TRUE(json.ok());
  const auto values = nlohmann::json::parse(*json)["facts"]["subscriber"]["values"];
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0]["plan"], "standard");
  EXPECT_EQ(values[1]["plan"], "ads");
}

TEST_F(AsOfAnswerFormatTest, TextAlignsOneRowPerFactType) {
  auto text = AsOfAnswerText(SampleAnswer(), *opened_.registry);
  ASSERT_TRUE(text.ok()) << text.status();
  // Columns as wide as their widest cell, two spaces apart.
  auto row = [](std::vector<std::pair<std::string, size_t>> cells, const std::string& last) {
    std::string line;
    for (const auto& [cell, width] : cells)
      line += cell + std::string(width + 2 - cell.size(), ' ');
    return line + last + "\n";
  };
  const std::string context = "profile_id=7 country=US";
  EXPECT_EQ(*text, "entity 7 as of 2026-11-01T01:00:00Z (snapshot 3)\n" +
                       row({{"fact type", 10},
                            {"record id", 9},
                            {"ts", 20},
                            {"app", 8},
                            {"context", context.size()}},
                           "values") +
                       row({{"subscriber", 10},
                            {"r-1", 9},
                            {"2026-11-01T00:01:30Z", 20},
                            {"homepage", 8},
                            {context, context.size()}},
                           R"({"plan":"premium","ts_us":"1793491290000000"})") +
                       row({{"thumbs", 10}, {"-", 9}, {"-", 20}, {"-", 8}, {"-", context.size()}},
                           "(none at or before as-of)"));
}

TEST_F(AsOfAnswerFormatTest, ValueThatDoesNotParseIsDataLossNamingTheRecord) {
  AsOfAnswer answer = SampleAnswer();
  answer.facts[0].record->mutable_facts(0)->set_value("\xff\xff\xff");
  auto json = AsOfAnswerJson(answer, *opened_.registry);
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(json.status().message().find("record r-1"), absl::string_view::npos);
  EXPECT_FALSE(AsOfAnswerText(answer, *opened_.registry).ok());
}

}  // namespace
}  // namespace hindsight::query
