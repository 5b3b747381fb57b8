// `hindsight query` and `hindsight ls` from the outside: answers match the query library
// (single lookups, --requests batches on threads, --facts, --snapshot), DuckDB's SQL
// gives the same as-of records, a store without data answers "not found", and every
// usage or input error exits 2 with one line on stderr.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "query/as_of_answer_format.h"
#include "query/facts_table_reader.h"
#include "query/table_listing.h"
#include "query/testing/query_test_util.h"
#include "query/testing/test_facts_table.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::query {
namespace {

using nlohmann::json;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string SourceDir() {
  const char* dir = std::getenv("HINDSIGHT_SOURCE_DIR");
  return dir != nullptr ? dir : HINDSIGHT_DEFAULT_SOURCE_DIR;
}

// Runs `command` through the shell, capturing stdout and stderr.
Outcome RunShell(const std::string& command) {
  const std::string err_path = testing::FreshTestPath("stderr");
  Outcome outcome;
  FILE* pipe = popen((command + " 2>" + err_path).c_str(), "r");
  if (pipe == nullptr) return outcome;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) outcome.out.append(buffer, n);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.err = ReadText(err_path);
  return outcome;
}

Outcome Hindsight(const std::string& arguments) {
  return RunShell(StrCat(HINDSIGHT_BINARY, " ", arguments));
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void ExpectUsageError(const Outcome& outcome, const std::string& text) {
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_EQ(outcome.err.rfind("hindsight: ", 0), 0u) << outcome.err;
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
  EXPECT_NE(outcome.err.find(text), std::string::npos) << outcome.err;
  EXPECT_EQ(outcome.out, "");
}

class QueryCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    options_ = new testing::TestTableOptions();
    options_->hours = 4;
    options_->entities = 25;
    options_->records_per_hour = 120;
    options_->late_records = 40;
    auto table = testing::BuildTestTable(testing::FreshTestPath("cli_table"), *options_);
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = new testing::TestTable(std::move(*table));
  }
  static void TearDownTestSuite() {
    delete table_;
    delete options_;
  }

  static std::unique_ptr<FactsTableReader> Reader(std::optional<int64_t> snapshot = std::nullopt) {
    FactsTableReaderOptions options;
    options.snapshot_id = snapshot;
    auto reader = FactsTableReader::Open(table_->store, options);
    EXPECT_TRUE(reader.ok()) << reader.status();
    return std::move(*reader);
  }

  // The JSON line the library gives for a lookup.
  static std::string LibraryJson(const FactsTableReader& reader, int64_t entity, int64_t as_of,
                                 std::vector<std::string> types = {}) {
    auto answer = reader.LookupAsOf({entity, as_of, std::move(types)});
    EXPECT_TRUE(answer.ok()) << answer.status();
    auto line = AsOfAnswerJson(*answer, reader.registry());
    EXPECT_TRUE(line.ok());
    return *line;
  }

  // Random (entity, as_of) pairs: mostly entities and times of logged records.
  static std::vector<std::pair<int64_t, int64_t>> SamplePairs(int count, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::pair<int64_t, int64_t>> pairs;
    for (int i = 0; i < count; ++i) {
      const Record& record = table_->records[rng() % table_->records.size()];
      int64_t entity = record.context(0).int_value();
      if (rng() % 10 == 0) entity += 1;  // absent
      int64_t as_of =
          record.event_time_us() - static_cast<int64_t>(rng() % 3) +
          static_cast<int64_t>(rng() % 2) * static_cast<int64_t>(rng() % kMicrosPerHour);
      pairs.emplace_back(entity, as_of);
    }
    return pairs;
  }

  static std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = testing::FreshTestPath(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  static testing::TestTableOptions* options_;
  static testing::TestTable* table_;
};
testing::TestTableOptions* QueryCliTest::options_ = nullptr;
testing::TestTable* QueryCliTest::table_ = nullptr;

TEST_F(QueryCliTest, JsonAnswerIsTheLibrarysForBothTimeForms) {
  auto reader = Reader();
  for (const auto& [entity, as_of] : SamplePairs(12, 1)) {
    const std::string expected = LibraryJson(*reader, entity, as_of);
    const Outcome micros = Hindsight(StrCat("query ", table_->store, " --entity ", entity,
                                            " --as-of ", as_of, " --format json"));
    ASSERT_EQ(micros.exit_code, 0) << micros.err;
    EXPECT_EQ(micros.out, expected + "\n");
    EXPECT_EQ(micros.err, "");
    const Outcome text_time =
        Hindsight(StrCat("query ", table_->store, " --entity ", entity, " --as-of ",
                         FormatTimeMicros(as_of), " --format json"));
    EXPECT_EQ(text_time.out, micros.out);
  }
}

TEST_F(QueryCliTest, FactsAndSnapshotOptionsAreHonoured) {
  const auto [entity, as_of] = SamplePairs(1, 2)[0];
  const Outcome chosen =
      Hindsight(StrCat("query ", table_->store, " --entity ", entity, " --as-of ", as_of,
                       " --facts thumbs,subscriber --snapshot 1 --format json"));
  ASSERT_EQ(chosen.exit_code, 0) << chosen.err;
  auto old_reader = Reader(1);
  EXPECT_EQ(chosen.out, LibraryJson(*old_reader, entity, as_of, {"thumbs", "subscriber"}) + "\n");
  const nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(chosen.out);
  EXPECT_EQ(parsed["snapshot"], 1);
  ASSERT_EQ(parsed["facts"].size(), 2u);
  EXPECT_EQ(parsed["facts"].begin().key(), "thumbs");
}

TEST_F(QueryCliTest, TextFormHasAHeaderAndOneRowPerFactType) {
  const Record& record = table_->records.front();
  const Outcome outcome =
      Hindsight(StrCat("query ", table_->store, " --entity ", record.context(0).int_value(),
                       " --as-of ", FormatTimeMicros(record.event_time_us())));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const std::vector<std::string> lines = Lines(outcome.out);
  ASSERT_EQ(lines.size(), 2u + 4);
  EXPECT_EQ(lines[0], StrCat("entity ", record.context(0).int_value(), " as of ",
                             FormatTimeMicros(record.event_time_us()), " (snapshot 2)"));
  EXPECT_EQ(lines[1].rfind("fact type   record id", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("history     ", 0), 0u) << lines[2];
  // Columns line up: "record id" starts where every row's record id starts.
  const size_t column = lines[1].find("record id");
  for (size_t i = 2; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i][column - 1], ' ');
    EXPECT_NE(lines[i][column], ' ') << lines[i];
  }
}

TEST_F(QueryCliTest, RequestsFileGivesOneJsonLinePerRequestInOrder) {
  auto reader = Reader();
  const auto pairs = SamplePairs(300, 3);
  std::string csv = "profile_id,as_of\n";
  std::string expected;
  for (const auto& [entity, as_of] : pairs) {
    csv += StrCat(entity, ",", as_of % 2 == 0 ? FormatTimeMicros(as_of) : StrCat(as_of), "\n");
    expected += LibraryJson(*reader, entity, as_of) + "\n";
  }
  const std::string requests = WriteFile("requests.csv", csv);
  const Outcome outcome = Hindsight(StrCat("query ", table_->store, " --requests ", requests,
                                           " --format json --threads 3 --stats"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, expected);
  std::map<std::string, std::string> counters;
  for (const std::string& line : Lines(outcome.err)) {
    std::istringstream fields(line);
    std::string name, value;
    fields >> name >> value;
    counters[name] = value;
  }
  EXPECT_EQ(counters["lookups"], "300") << outcome.err;
  for (const char* counter : {"files_pruned_by_range", "files_pruned_by_bloom", "pages_skipped",
                              "bytes_read", "lookups_per_second"}) {
    EXPECT_EQ(counters.count(counter), 1u) << counter;
  }
}

TEST_F(QueryCliTest, DuckDbFindsTheSameSubscriberRecords) {
  const auto pairs = SamplePairs(150, 4);
  std::string csv;
  for (const auto& [entity, as_of] : pairs) csv += StrCat(entity, ",", as_of, "\n");
  const std::string requests = WriteFile("duckdb_requests.csv", csv);
  const Outcome ours = Hindsight(StrCat("query ", table_->store, " --requests ", requests,
                                        " --facts subscriber --format json"));
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  const Outcome duckdb = RunShell(StrCat("node ", SourceDir(), "/tests/query/duckdb_as_of.mjs ",
                                         table_->store, " ", requests, " subscriber"));
  ASSERT_EQ(duckdb.exit_code, 0) << duckdb.err;
  const std::vector<std::string> our_lines = Lines(ours.out);
  const std::vector<std::string> duckdb_lines = Lines(duckdb.out);
  ASSERT_EQ(our_lines.size(), pairs.size());
  ASSERT_EQ(duckdb_lines.size(), pairs.size());
  int found = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const json subscriber = json::parse(our_lines[i])["facts"]["subscriber"];
    std::string ours_as_peer = "null";
    if (!subscriber.is_null()) {
      auto ts = ParseTimeMicros(subscriber["ts"].get<std::string>());
      ASSERT_TRUE(ts.ok());
      ours_as_peer = StrCat(subscriber["record_id"].get<std::string>(), ",", *ts);
      ++found;
    }
    EXPECT_EQ(ours_as_peer, duckdb_lines[i])
        << "entity " << pairs[i].first << " as of " << pairs[i].second;
  }
  EXPECT_GT(found, 50);
}

TEST_F(QueryCliTest, LsSummarizesTheSnapshotItsPartitionsAndHistory) {
  auto snapshots = ReadAllSnapshots(table_->store);
  ASSERT_TRUE(snapshots.ok());
  const store::Snapshot& latest = snapshots->back();
  const TableSummary summary = SummarizeTable(latest);

  const Outcome summary_json = Hindsight(StrCat("ls ", table_->store, " --format json"));
  ASSERT_EQ(summary_json.exit_code, 0) << summary_json.err;
  const json parsed = json::parse(summary_json.out);
  EXPECT_EQ(parsed["snapshot"], 2);
  EXPECT_EQ(parsed["files"], summary.files);
  EXPECT_EQ(parsed["records"], table_->records.size());
  EXPECT_EQ(parsed["bytes"], summary.bytes);
  EXPECT_EQ(parsed["partitions"], options_->hours + 1);
  EXPECT_EQ(parsed["min_ts"], FormatTimeMicros(*summary.min_ts_us));
  EXPECT_EQ(parsed["fact_types"], json({"history", "rare", "subscriber", "thumbs"}));
  EXPECT_EQ(parsed["context_columns"][1]["name"], "device");

  const Outcome summary_text = Hindsight(StrCat("ls ", table_->store));
  ASSERT_EQ(summary_text.exit_code, 0);
  EXPECT_NE(summary_text.out.find(StrCat("records     ", table_->records.size(), "\n")),
            std::string::npos)
      << summary_text.out;
  EXPECT_NE(summary_text.out.find("context     country (string), device (string)\n"),
            std::string::npos)
      << summary_text.out;

  const Outcome partitions = Hindsight(StrCat("ls ", table_->store, " --partitions --format json"));
  ASSERT_EQ(partitions.exit_code, 0);
  const json listed = json::parse(partitions.out)["partitions"];
  const std::vector<PartitionSummary> expected = SummarizePartitions(latest);
  ASSERT_EQ(listed.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(listed[i]["partition"], store::PartitionPath(expected[i].hour_start_us));
    EXPECT_EQ(listed[i]["files"], expected[i].files);
    EXPECT_EQ(listed[i]["records"], expected[i].records);
    EXPECT_EQ(listed[i]["max_ts"], FormatTimeMicros(expected[i].max_ts_us));
  }
  const Outcome partitions_text = Hindsight(StrCat("ls ", table_->store, " --partitions"));
  EXPECT_EQ(Lines(partitions_text.out).size(), expected.size() + 1);

  const Outcome history = Hindsight(StrCat("ls ", table_->store, " --snapshots --format json"));
  ASSERT_EQ(history.exit_code, 0);
  const json listed_snapshots = json::parse(history.out)["snapshots"];
  ASSERT_EQ(listed_snapshots.size(), 2u);
  EXPECT_EQ(listed_snapshots[1]["parent_id"], 1);
  EXPECT_EQ(listed_snapshots[1]["records_added"], latest.records_added);
  EXPECT_EQ(listed_snapshots[1]["records"], table_->records.size());
  EXPECT_EQ(listed_snapshots[0]["files"], (*snapshots)[0].files.size());
  const Outcome history_text = Hindsight(StrCat("ls ", table_->store, " --snapshots"));
  const std::vector<std::string> rows = Lines(history_text.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].rfind("id  committed at", 0), 0u) << rows[0];
}

TEST(QueryCliEmptyStoreTest, StoreWithoutSnapshotHasNoDataYet) {
  const std::string store = testing::FreshTestPath("cli_empty_store");
  ASSERT_TRUE(testing::CreateTestStore(store).ok());
  const Outcome answer =
      Hindsight(StrCat("query ", store, " --entity 7 --as-of 2026-11-01T00:00:00Z --format json"));
  ASSERT_EQ(answer.exit_code, 0) << answer.err;
  EXPECT_EQ(answer.out, R"({"entity":7,"as_of":"2026-11-01T00:00:00Z","snapshot":null,"facts":)"
                        R"({"history":null,"rare":null,"subscriber":null,"thumbs":null}})"
                        "\n");
  EXPECT_NE(answer.err.find("no data yet"), std::string::npos);
  EXPECT_EQ(std::count(answer.err.begin(), answer.err.end(), '\n'), 1);

  const Outcome text = Hindsight(StrCat("query ", store, " --entity 7 --as-of 0"));
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("no snapshot yet"), std::string::npos) << text.out;

  const Outcome listing = Hindsight(StrCat("ls ", store, " --format json"));
  ASSERT_EQ(listing.exit_code, 0);
  EXPECT_TRUE(json::parse(listing.out)["snapshot"].is_null());
  const Outcome listing_text = Hindsight(StrCat("ls ", store));
  ASSERT_EQ(listing_text.exit_code, 0);
  EXPECT_NE(listing_text.out.find("none yet"), std::string::npos);
  const Outcome history = Hindsight(StrCat("ls ", store, " --snapshots --format json"));
  EXPECT_EQ(history.out, "{\"snapshots\":[]}\n");
}

TEST_F(QueryCliTest, UsageAndInputErrorsExitTwoWithOneLine) {
  const std::string& store = table_->store;
  const std::string missing = testing::FreshTestPath("no_store_here");
  ExpectUsageError(Hindsight(StrCat("query ", missing, " --entity 1 --as-of 0")), "not a store");
  ExpectUsageError(Hindsight(StrCat("query ", store, " --entity 1 --as-of 0 --snapshot 9")),
                   "snapshot 9 does not exist");
  ExpectUsageError(Hindsight(StrCat("query ", store, " --entity 1 --as-of yesterday")),
                   "--as-of 'yesterday'");
  ExpectUsageError(Hindsight(StrCat("query ", store, " --entity 1 --as-of 0 --facts likes")),
                   "unknown fact type 'likes'");
  ExpectUsageError(Hindsight(StrCat("query ", store, " --entity 1 --as-of 0 --facts ,thumbs")),
                   "empty fact type");
  ExpectUsageError(Hindsight(StrCat("query ", store, " --entity 1")), "--as-of");
  ExpectUsageError(Hindsight(StrCat("query ", store, " --entity x1 --as-of 0")), "--entity");
  ExpectUsageError(Hindsight(StrCat("query ", store, " --entity 1 --as-of 0 --format xml")),
                   "--format");
  const std::string requests = WriteFile("bad_requests.csv", "entity,as_of\n7,0\n8;0\n");
  ExpectUsageError(Hindsight(StrCat("query ", store, " --requests ", requests)),
                   "bad_requests.csv:3: ");
  ExpectUsageError(Hindsight(StrCat("query ", store, " --requests ", requests, " --entity 1")),
                   "not both");
  ExpectUsageError(Hindsight(StrCat("query ", store, " --requests ", missing, ".csv")),
                   "cannot open");
  ExpectUsageError(Hindsight(StrCat("ls ", missing)), "not a store");
  ExpectUsageError(Hindsight(StrCat("ls ", store, " --snapshots --partitions")), "excludes");
}

}  // namespace
}  // namespace hindsight::query
