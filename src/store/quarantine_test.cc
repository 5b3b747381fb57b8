#include "store/quarantine.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gtest/gtest.h"
#include "store/store_test_util.h"

namespace hindsight::store {
namespace {

TEST(QuarantineWriterTest, NothingQuarantinedLeavesNoFile) {
  const std::string dir = FreshTestDir("quarantine_empty");
  QuarantineWriter writer(dir, "stdin");
  ASSERT_TRUE(writer.Close().ok());
  EXPECT_TRUE(writer.path().empty());
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(QuarantineWriterTest, WritesOneJsonObjectPerRejectedLine) {
  const std::string dir = FreshTestDir("quarantine_lines");
  QuarantineWriter writer(dir, "records.jsonl");
  ASSERT_TRUE(writer
                  .Add(3, {RejectKind::kMalformedJson, "line 3: (line): not valid JSON"},
                       "{\"a\":\"q\\\"\n")
                  .ok());
  ASSERT_TRUE(writer
                  .Add(9, {RejectKind::kUnknownFactType, "line 9: facts.x: nope"},
                       std::string("bad \xff byte"))
                  .ok());
  ASSERT_TRUE(writer.Close().ok());
  ASSERT_EQ(writer.path().rfind(dir + "/log-", 0), 0u) << writer.path();
  std::istringstream lines(ReadTextFile(writer.path()));
  std::string line;
  std::vector<nlohmann::json> entries;
  while (std::getline(lines, line)) entries.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["source"], "records.jsonl");
  EXPECT_EQ(entries[0]["line"], 3);
  EXPECT_EQ(entries[0]["kind"], "malformed_json");
  EXPECT_EQ(entries[0]["raw"], "{\"a\":\"q\\\"\n");
  EXPECT_EQ(entries[1]["kind"], "unknown_fact_type");
  EXPECT_EQ(entries[1]["reason"], "line 9: facts.x: nope");
  EXPECT_EQ(entries[1]["raw"], "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace hindsight::store
