// `hindsight workload` and `hindsight demo` from the outside: malformed options and
// paths give exit code 2 and one clear line; good ones write the world.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "test_worlds.h"
#include "world_reader.h"

namespace hindsight::workload_test {
namespace {

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

Outcome RunHindsight(const std::string& arguments) {
  const std::string err_path = FreshDirectory("cli_stderr") + "/stderr";
  const std::string command = std::string(HINDSIGHT_BINARY) + " " + arguments + " 2>" + err_path;
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "", "popen failed"};
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) outcome.out.append(buffer, n);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_path);
  outcome.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return outcome;
}

// Exit code 2 with exactly one line on stderr, `hindsight: ...` containing `text`.
void ExpectUsageError(const std::string& arguments, const std::string& text) {
  const Outcome outcome = RunHindsight(arguments);
  EXPECT_EQ(outcome.exit_code, 2) << arguments << "\n" << outcome.err;
  EXPECT_EQ(outcome.err.rfind("hindsight: ", 0), 0u) << arguments << ": " << outcome.err;
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1)
      << arguments << ": " << outcome.err;
  EXPECT_NE(outcome.err.find(text), std::string::npos) << arguments << ": " << outcome.err;
  EXPECT_TRUE(outcome.out.empty()) << arguments << ": " << outcome.out;
}

class WorkloadCliTest : public testing::Test {
 protected:
  void SetUp() override { out_ = FreshDirectory("cli_out") + "/world"; }
  void TearDown() override {
    std::filesystem::remove_all(std::filesystem::path(out_).parent_path());
  }
  std::string out_;
};

TEST_F(WorkloadCliTest, UnknownScaleIsAUsageError) {
  ExpectUsageError("workload --out " + out_ + " --scale huge", "unknown scale 'huge'");
}

TEST_F(WorkloadCliTest, MissingOutIsAUsageError) { ExpectUsageError("workload", "--out"); }

TEST_F(WorkloadCliTest, BadInjectIsAUsageError) {
  ExpectUsageError("workload --out " + out_ + " --inject explode@d0",
                   "unknown fault kind 'explode'");
  ExpectUsageError("workload --out " + out_ + " --inject drop", "expected KIND@WHEN");
  ExpectUsageError("workload --out " + out_ + " --inject drop@3", "invalid WHEN");
  ExpectUsageError("workload --out " + out_ + " --inject drop@d1:h24", "invalid WHEN");
  ExpectUsageError("workload --out " + out_ + " --inject drop@d1:14", "invalid WHEN");
  ExpectUsageError("workload --out " + out_ + " --inject drop@d-1", "invalid WHEN");
  ExpectUsageError("workload --out " + out_ + " --inject drift@d2", "day 2 is outside the world");
  ExpectUsageError("workload --out " + out_ + " --days 5 --inject nulls@d5:h3",
                   "day 5 is outside the world (days 0..4)");
  EXPECT_FALSE(std::filesystem::exists(out_));
}

TEST_F(WorkloadCliTest, BadNumbersAndTimesAreUsageErrors) {
  ExpectUsageError("workload --out " + out_ + " --days 0", "--days 0 is out of range");
  ExpectUsageError("workload --out " + out_ + " --days 91", "--days 91 is out of range");
  ExpectUsageError("workload --out " + out_ + " --days many", "--days");
  ExpectUsageError("workload --out " + out_ + " --seed -1", "--seed");
  ExpectUsageError("workload --out " + out_ + " --threads 0", "--threads 0 is out of range");
  ExpectUsageError("workload --out " + out_ + " --start 2026-11-02T01:00:00Z",
                   "not a UTC midnight");
  ExpectUsageError("workload --out " + out_ + " --start yesterday", "invalid time 'yesterday'");
  ExpectUsageError("workload --out " + out_ + " --start 1990-01-01T00:00:00Z", "out of range");
}

TEST_F(WorkloadCliTest, UnwritableOutIsAUsageError) {
  ExpectUsageError("workload --out /proc/hindsight-workload-test",
                   "cannot create output directory");
  ExpectUsageError("workload --out /dev/null", "'/dev/null'");
  ExpectUsageError("workload --out /dev/null/world", "cannot create output directory");
}

TEST_F(WorkloadCliTest, LargeScalesRefuseJsonlAndNameTheWayOut) {
  ExpectUsageError("workload --out " + out_ + " --scale large", "--no-records");
  ExpectUsageError("workload --out " + out_ + " --scale medium", "records.jsonl");
  ExpectUsageError("workload --out " + out_ + " --scale medium", "--store STORE");
  ExpectUsageError("demo --dir " + out_ + " --scale large", "needs a store");
}

TEST_F(WorkloadCliTest, WritesTheWorldWithItsFaultsAndSummary) {
  const Outcome outcome =
      RunHindsight("workload --out " + out_ + " --seed 7 --inject drop@d1:h14 --inject nulls@d0");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_TRUE(outcome.err.empty()) << outcome.err;  // progress only on a terminal
  EXPECT_NE(outcome.out.find("tiny, seed 7"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("drop@d1:h14"), std::string::npos) << outcome.out;
  WorldData world;
  std::string error;
  ASSERT_TRUE(LoadWorld(out_, &world, &error)) << error;
  EXPECT_EQ(world.world["seed"], 7);
  ASSERT_EQ(world.faults["faults"].size(), 2u);
  EXPECT_EQ(world.faults["faults"][0]["kind"], "drop");
  EXPECT_EQ(world.faults["faults"][1]["kind"], "nulls");
  EXPECT_GT(world.faults["faults"][0]["rows_affected"].get<int64_t>(), 0);
  EXPECT_GT(world.faults["faults"][1]["rows_affected"].get<int64_t>(), 0);
  const size_t lines = ReadLines(out_ + "/records.jsonl").size();
  EXPECT_EQ(world.world["counts"]["record_lines"].get<size_t>(), lines);
  EXPECT_EQ(world.world["counts"]["records"].get<int64_t>() -
                world.faults["faults"][0]["rows_affected"].get<int64_t>(),
            static_cast<int64_t>(lines));
}

TEST_F(WorkloadCliTest, NoRecordsWritesEverythingButTheJsonlAndEstimatesItsSize) {
  ASSERT_EQ(RunHindsight("workload --out " + out_).exit_code, 0);
  const int64_t actual = static_cast<int64_t>(std::filesystem::file_size(out_ + "/records.jsonl"));
  const std::string plays_digest = FileDigest(out_ + "/plays.csv");
  const Outcome outcome = RunHindsight("workload --out " + out_ + " --no-records");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_FALSE(std::filesystem::exists(out_ + "/records.jsonl"));
  EXPECT_EQ(FileDigest(out_ + "/plays.csv"), plays_digest);
  WorldData world;
  std::string error;
  ASSERT_TRUE(LoadWorld(out_, &world, &error)) << error;
  EXPECT_FALSE(world.world["records_written"].get<bool>());
  const int64_t estimate = world.world["estimated_bytes"]["records.jsonl"].get<int64_t>();
  EXPECT_NEAR(static_cast<double>(estimate) / actual, 1.0, 0.1);
  EXPECT_FALSE(world.world["file_bytes"].contains("records.jsonl"));
}

TEST_F(WorkloadCliTest, StoreErrorsAreUsageErrors) {
  const std::string root = std::filesystem::path(out_).parent_path().string();
  ExpectUsageError("workload --out " + out_ + " --store " + root + "/store --no-records",
                   "--store and --no-records exclude each other");
  ExpectUsageError("workload --out " + out_ + " --store ''", "--store must name a directory");
  std::ofstream(root + "/plain_file") << "not a store\n";
  ExpectUsageError("workload --out " + out_ + " --store " + root + "/plain_file",
                   "--store " + root + "/plain_file: ");
  // A store keyed by another entity cannot take the world's records.
  std::ofstream(root + "/click.proto")
      << "syntax = \"proto3\";\npackage click;\nmessage Click { int64 item = 1; }\n";
  ASSERT_EQ(RunHindsight("init " + root + "/users --schema " + root + "/click.proto" +
                         " --entity user_id")
                .exit_code,
            0);
  ExpectUsageError("workload --out " + out_ + " --store " + root + "/users",
                   "the store's entity key is 'user_id'");
  EXPECT_FALSE(std::filesystem::exists(out_ + "/world.json"));
}

TEST_F(WorkloadCliTest, StoreTakesTheRecordsInsteadOfJsonl) {
  const std::string store = std::filesystem::path(out_).parent_path().string() + "/store";
  const Outcome outcome =
      RunHindsight("workload --out " + out_ + " --store " + store + " --inject corrupt@d0:h20");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_TRUE(outcome.err.empty()) << outcome.err;
  EXPECT_NE(outcome.out.find("records logged"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("lines quarantined"), std::string::npos) << outcome.out;
  EXPECT_FALSE(std::filesystem::exists(out_ + "/records.jsonl"));
  WorldData world;
  std::string error;
  ASSERT_TRUE(LoadWorld(out_, &world, &error)) << error;
  const nlohmann::json& destination = world.world["records_store"];
  const int64_t corrupt = static_cast<int64_t>(world.faults["faults"][0]["lines"].size());
  ASSERT_GT(corrupt, 0);
  EXPECT_EQ(destination["lines_quarantined"].get<int64_t>(), corrupt);
  EXPECT_EQ(destination["records_logged"].get<int64_t>() + corrupt,
            world.world["counts"]["record_lines"].get<int64_t>());
  EXPECT_TRUE(std::filesystem::exists(store + "/hindsight.yaml"));
  EXPECT_TRUE(std::filesystem::exists(store + "/schemas/facts.proto"));
}

TEST_F(WorkloadCliTest, DemoGeneratesTheWorldAndReusesItsDirectory) {
  const Outcome first = RunHindsight("demo --dir " + out_);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  for (const char* text : {"profiles", "records", "plays", "records.jsonl", "record_id",
                           "impressions", "Step 8", "genre_affinity", "features.parquet", "Step 9",
                           "served 2000 requests", "0 differences, bit for bit"}) {
    EXPECT_NE(first.out.find(text), std::string::npos) << text << "\n" << first.out;
  }
  EXPECT_TRUE(std::filesystem::exists(out_ + "/world/world.json"));
  EXPECT_TRUE(std::filesystem::exists(out_ + "/features.parquet"));
  const Outcome again = RunHindsight("demo --dir " + out_ + " --seed 42");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, first.out);
}

TEST_F(WorkloadCliTest, DemoRefusesAForeignDirectory) {
  std::filesystem::create_directories(out_);
  std::ofstream(out_ + "/notes.txt") << "mine\n";
  ExpectUsageError("demo --dir " + out_, "not a demo directory");
  EXPECT_FALSE(std::filesystem::exists(out_ + "/world"));
  ExpectUsageError("demo --dir /dev/null", "not a directory");
  ExpectUsageError("demo --dir " + out_ + " --scale galactic", "unknown scale");
}

}  // namespace
}  // namespace hindsight::workload_test
