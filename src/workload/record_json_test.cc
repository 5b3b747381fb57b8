#include "workload/record_json.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace hindsight::workload {
namespace {

Record SampleRecord() {
  Record r;
  r.record_id = "h-7-3";
  r.app = "homepage";
  r.ts_us = 1'793'603'585'123'456;
  r.profile_id = 7;
  r.country = "US";
  r.device = "tv";
  r.plan = "premium";
  r.kids = false;
  r.member_since_us = 1'600'000'000'000'000;
  r.viewing_history = {{101, 1'793'600'000'000'000, 1200, true},
                       {102, 1'793'500'000'000'000, 60, false}};
  r.my_list = {103, 104};
  r.thumbs = {{101, 1, 1'793'601'200'000'000}};
  r.impressions = {105};
  r.impressions_since_us = r.ts_us - 7 * 86'400'000'000;
  r.items = {101, 106, 107};
  r.model = "ranker_v3";
  return r;
}

TEST(RecordJsonTest, WritesTheDocumentedLineExactly) {
  std::string line;
  AppendRecordJson(SampleRecord(), &line);
  EXPECT_EQ(line,
            "{\"record_id\":\"h-7-3\",\"app\":\"homepage\",\"ts\":\"2026-11-02T07:13:05.123456Z\","
            "\"context\":{\"profile_id\":7,\"country\":\"US\",\"device\":\"tv\"},"
            "\"facts\":{\"subscriber\":{\"plan\":\"premium\",\"kids\":false,\"country\":\"US\","
            "\"member_since_us\":1600000000000000},"
            "\"viewing_history\":{\"events\":[{\"video_id\":101,\"ts_us\":1793600000000000,"
            "\"duration_s\":1200,\"completed\":true},{\"video_id\":102,\"ts_us\":1793500000000000,"
            "\"duration_s\":60,\"completed\":false}]},"
            "\"my_list\":{\"video_ids\":[103,104]},"
            "\"thumbs\":{\"thumbs\":[{\"video_id\":101,\"rating\":1,\"ts_us\":1793601200000000}]},"
            "\"impressions\":{\"video_ids\":[105],\"since_us\":1792998785123456}},"
            "\"items\":[101,106,107],\"meta\":{\"model\":\"ranker_v3\"}}");
}

TEST(RecordJsonTest, EmptyListsAreWrittenAndAMissingPlanIsOmitted) {
  Record r = SampleRecord();
  r.viewing_history.clear();
  r.my_list.clear();
  r.thumbs.clear();
  r.impressions.clear();
  r.has_plan = false;
  r.ts_us = 1'793'577'600'000'000;
  std::string line;
  AppendRecordJson(r, &line);
  const nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["ts"], "2026-11-02T00:00:00Z");
  EXPECT_FALSE(parsed["facts"]["subscriber"].contains("plan"));
  EXPECT_EQ(parsed["facts"]["subscriber"].size(), 3u);
  EXPECT_EQ(parsed["facts"]["viewing_history"]["events"], nlohmann::json::array());
  EXPECT_EQ(parsed["facts"]["my_list"]["video_ids"], nlohmann::json::array());
  EXPECT_EQ(parsed["facts"]["thumbs"]["thumbs"], nlohmann::json::array());
  EXPECT_EQ(parsed["facts"]["impressions"]["video_ids"], nlohmann::json::array());
}

TEST(RecordJsonTest, EscapesStringsSoAnyTextStaysValidJson) {
  std::string out;
  AppendJsonString("a\"b\\c\n\x01", &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\u000a\\u0001\"");
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), "a\"b\\c\n\x01");
}

}  // namespace
}  // namespace hindsight::workload
