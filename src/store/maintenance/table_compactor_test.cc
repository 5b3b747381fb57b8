// Compaction, retention and snapshot expiry on real stores, checked by reading the table
// back (testing::ReadTable verifies order, partitions and statistics of every file).
#include "store/maintenance/table_compactor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "store/ingest/ingest_job.h"
#include "store/ingest/ingest_test_util.h"
#include "store/store_layout.h"
#include "store/store_test_util.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kHour = int64_t{3600} * 1000000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kStart = int64_t{1793527200} * 1000000;  // 2026-11-01T10:00:00Z

class CompactorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_TRUE(testing::CreateClockStore(dir_).ok());
    auto opened = OpenStore(dir_);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(*opened);
  }

  // Logs `count` records spread over `hours` hours from `start` and ingests them in
  // many small commits, so every hour holds several files.
  void LogAndIngest(int count, int64_t start, int hours, const std::string& prefix) {
    std::vector<Record> records;
    for (int i = 0; i < count; ++i) {
      records.push_back(
          testing::MakeClockRecord(store_, StrCat(prefix, i), 1 + i % 17,
                                   start + int64_t{i * 7919 % (hours * 3600)} * 1000000, i % 3));
    }
    ASSERT_TRUE(testing::LogRecords(dir_, records).ok());
    IngestOptions options;
    options.store = dir_;
    options.max_commit_bytes = 8000;
    ASSERT_TRUE(IngestLog(options).ok());
  }

  void SetConfig(int retention_days, int snapshot_retention_days) {
    auto config = ReadStoreConfig(dir_);
    ASSERT_TRUE(config.ok());
    config->retention_days = retention_days;
    config->snapshot_retention_days = snapshot_retention_days;
    ASSERT_TRUE(WriteStoreConfig(dir_, *config).ok());
  }

  std::map<std::string, int> Ids(const Snapshot& snapshot) {
    auto records = testing::ReadTable(dir_, snapshot);
    EXPECT_TRUE(records.ok()) << records.status();
    std::map<std::string, int> ids;
    for (const Record& record : *records) ++ids[record.record_id()];
    return ids;
  }

  Snapshot Latest() {
    auto latest = ReadLatestSnapshot(dir_);
    EXPECT_TRUE(latest.ok() && latest->has_value());
    return **latest;
  }

  std::string dir_;
  OpenedStore store_;
};

TEST_F(CompactorTest, MergesEachPartitionIntoOneSortedFileKeepingEveryRecord) {
  LogAndIngest(600, kStart, 3, "a");
  const Snapshot before = Latest();
  ASSERT_GT(before.files.size(), 3u * 2);
  const auto ids_before = Ids(before);

  CompactOptions options;
  options.store = dir_;
  options.now_us = kStart + kDay;
  auto summary = CompactTable(options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->partitions_compacted, 3);
  EXPECT_EQ(summary->files_merged, static_cast<int64_t>(before.files.size()));
  EXPECT_EQ(summary->records_rewritten, 600);
  EXPECT_EQ(summary->records_dropped, 0);

  const Snapshot after = Latest();
  EXPECT_EQ(after.operation, "compact");
  EXPECT_EQ(after.files.size(), 3u);
  EXPECT_EQ(after.log_position, before.log_position);
  EXPECT_EQ(Ids(after), ids_before);
  // The snapshot before compaction still reads, exactly as before.
  auto old = ReadSnapshot(dir_, before.id);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(Ids(*old), ids_before);

  // Nothing left to merge: a second run changes nothing.
  auto again = CompactTable(options);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->snapshot_id, 0);
}

TEST_F(CompactorTest, RetentionDropsPartitionsOlderThanTheConfiguredAge) {
  SetConfig(/*retention_days=*/2, /*snapshot_retention_days=*/7);
  LogAndIngest(100, kStart, 2, "old");
  LogAndIngest(100, kStart + 5 * kDay, 2, "new");
  CompactOptions options;
  options.store = dir_;
  options.now_us = kStart + 6 * kDay;
  auto summary = CompactTable(options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->partitions_dropped, 2);
  EXPECT_EQ(summary->records_dropped, 100);
  const Snapshot after = Latest();
  EXPECT_EQ(after.records_removed, 100);
  const auto ids = Ids(after);
  EXPECT_EQ(ids.size(), 100u);
  for (const auto& [id, count] : ids) EXPECT_EQ(id.rfind("new", 0), 0u) << id;
}

TEST_F(CompactorTest, ExpiryDeletesOldSnapshotsAndTheFilesOnlyTheyListed) {
  SetConfig(/*retention_days=*/90, /*snapshot_retention_days=*/1);
  LogAndIngest(300, kStart, 2, "a");
  const Snapshot before = Latest();
  const auto ids = Ids(before);
  // A crashed writer's leftover: a data file no snapshot lists.
  const std::string stray =
      StrCat(FactsTableDir(dir_), "/", PartitionPath(kStart), "/part-999999-0000.parquet");
  std::ofstream(stray) << "partial";
  for (const DataFile& file : before.files) {
    ASSERT_TRUE(fs::exists(ProfileFilePath(dir_, file.path))) << file.path;
  }

  CompactOptions options;
  options.store = dir_;
  options.now_us = before.committed_at_us + 2 * kDay;  // every snapshot so far is old
  auto summary = CompactTable(options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->snapshots_expired, before.id);  // all but the compaction's own
  EXPECT_EQ(summary->files_deleted, static_cast<int64_t>(before.files.size()) + 1);
  EXPECT_FALSE(fs::exists(stray));
  // Profiles go with their files; the compacted files have their own.
  EXPECT_EQ(summary->profiles_deleted, static_cast<int64_t>(before.files.size()));
  for (const DataFile& file : before.files)
    EXPECT_FALSE(fs::exists(ProfileFilePath(dir_, file.path)));
  for (const DataFile& file : Latest().files) {
    EXPECT_TRUE(fs::exists(ProfileFilePath(dir_, file.path))) << file.path;
  }
  auto remaining = ListSnapshotIds(dir_);
  ASSERT_TRUE(remaining.ok());
  EXPECT_EQ(*remaining, std::vector<int64_t>{before.id + 1});
  EXPECT_EQ(ReadSnapshot(dir_, before.id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Ids(Latest()), ids);
  // Ingest carries on from the kept snapshot's position and dedupe state.
  LogAndIngest(50, kStart, 1, "b");
  EXPECT_EQ(Ids(Latest()).size(), ids.size() + 50);
}

}  // namespace
}  // namespace hindsight::store
