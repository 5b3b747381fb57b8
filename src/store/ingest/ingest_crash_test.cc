// Kills ingest and compaction with SIGKILL at random instants (while writing files,
// committing, checkpointing or deleting segments), re-runs them, and checks after every
// kill that the table is one committed snapshot whose files read back, and at the end
// that it holds exactly the logged records: none lost, none doubled.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "store/ingest/ingest_test_util.h"
#include "store/store_test_util.h"
#include "store/table/snapshot.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

constexpr int kKills = 30;
constexpr int64_t kStart = int64_t{1793527200} * 1000000;  // 2026-11-01T10:00:00Z

// Runs the runner; kills it after `kill_after` unless it ends first. True if it was killed.
bool RunAndMaybeKill(const std::string& store, const char* mode,
                     std::optional<std::chrono::microseconds> kill_after) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl(INGEST_CRASH_RUNNER_PATH, INGEST_CRASH_RUNNER_PATH, store.c_str(), mode,
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (kill_after.has_value()) {
    std::this_thread::sleep_for(*kill_after);
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!kill_after.has_value()) {
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << mode << " failed";
  }
  return WIFSIGNALED(status);
}

// After any crash the table is one whole snapshot: it parses and its files read back in
// order with the statistics it lists.
void ExpectReadableTable(const std::string& store) {
  auto latest = ReadLatestSnapshot(store);
  ASSERT_TRUE(latest.ok()) << latest.status();
  if (!latest->has_value()) return;
  auto records = testing::ReadTable(store, **latest);
  ASSERT_TRUE(records.ok()) << records.status();
}

TEST(IngestCrashTest, KilledIngestAndCompactionLoseAndDoubleNothing) {
  const std::string store = FreshTestDir("ingest_crash");
  ASSERT_TRUE(testing::CreateClockStore(store).ok());
  auto opened = OpenStore(store);
  ASSERT_TRUE(opened.ok());
  std::mt19937_64 rng(20261123);
  std::vector<Record> records;
  std::map<std::string, int> expected;
  for (int i = 0; i < 8000; ++i) {
    const int64_t ts = kStart + static_cast<int64_t>(rng() % (6 * 3600)) * 1000000;
    records.push_back(testing::MakeClockRecord(*opened, StrCat("r", i), 1 + rng() % 80, ts,
                                               static_cast<int>(rng() % 3)));
    expected[StrCat("r", i)] = 1;
    if (i % 25 == 0) records.push_back(records.back());  // a logger retry
  }
  ASSERT_TRUE(testing::LogRecords(store, records).ok());

  int killed = 0;
  for (int i = 0; i < kKills; ++i) {
    // Short runs: each one only gets a few commits further before it is killed.
    const auto delay = std::chrono::microseconds(2000 + rng() % 30000);
    killed += RunAndMaybeKill(store, "ingest", delay) ? 1 : 0;
    ExpectReadableTable(store);
  }
  RunAndMaybeKill(store, "ingest", std::nullopt);
  auto ids = testing::TableRecordIds(store);
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(*ids, expected);
  EXPECT_GT(killed, kKills / 2) << "most runs must really be killed mid-way";

  for (int i = 0; i < kKills / 2; ++i) {
    RunAndMaybeKill(store, "compact", std::chrono::microseconds(2000 + rng() % 60000));
    ExpectReadableTable(store);
  }
  RunAndMaybeKill(store, "compact", std::nullopt);
  ids = testing::TableRecordIds(store);
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(*ids, expected);
  auto latest = ReadLatestSnapshot(store);
  ASSERT_TRUE(latest.ok());
  std::map<int64_t, int> files_per_hour;
  for (const DataFile& file : (*latest)->files) ++files_per_hour[file.hour_start_us];
  for (const auto& [hour, files] : files_per_hour) EXPECT_EQ(files, 1) << PartitionPath(hour);
}

}  // namespace
}  // namespace hindsight::store
