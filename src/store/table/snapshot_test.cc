#include "store/table/snapshot.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "store/store_layout.h"
#include "store/store_test_util.h"

namespace hindsight::store {
namespace {

constexpr int64_t kHour = int64_t{3600} * 1000000;
constexpr int64_t kNov1 = int64_t{1793491200} * 1000000;  // 2026-11-01T00:00:00Z

Snapshot MakeSnapshot(int64_t id) {
  Snapshot snapshot;
  snapshot.id = id;
  snapshot.parent_id = id - 1;
  snapshot.committed_at_us = kNov1 + id;
  snapshot.operation = "ingest";
  snapshot.log_position = {3, 4096};
  snapshot.dedupe_state_file = "dedupe-00000000000000000001.bin";
  snapshot.context_columns = {{"country", ContextType::kString}, {"cell", ContextType::kInt64}};
  snapshot.files = {{"date=2026-11-01/hour=10/part-000001-0000.parquet", kNov1 + 10 * kHour, 12,
                     3456, kNov1 + 10 * kHour, kNov1 + 11 * kHour - 1, -5, 99, "0a1b2c3d"}};
  snapshot.records_added = 12;
  snapshot.duplicates_dropped = 2;
  return snapshot;
}

TEST(SnapshotTest, JsonRoundTrips) {
  const Snapshot snapshot = MakeSnapshot(7);
  auto parsed = ParseSnapshot(SnapshotToJson(snapshot), "s.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, snapshot);
  EXPECT_EQ(parsed->total_records(), 12);
  EXPECT_EQ(parsed->total_bytes(), 3456);
}

TEST(SnapshotTest, FileNamesSortByIdAndParseBack) {
  EXPECT_EQ(SnapshotFileName(42), "snapshot-00000000000000000042.json");
  EXPECT_EQ(ParseSnapshotFileName("snapshot-00000000000000000042.json"), 42);
  EXPECT_FALSE(ParseSnapshotFileName("snapshot-42.json").has_value());
  EXPECT_FALSE(ParseSnapshotFileName("snapshot-00000000000000000000.json").has_value());
  EXPECT_FALSE(ParseSnapshotFileName("snapshot-0000000000000000004x.json").has_value());
  EXPECT_FALSE(ParseSnapshotFileName("snapshot-00000000000000000042.json.tmp").has_value());
}

TEST(SnapshotTest, PartitionPathIsTheUtcHour) {
  EXPECT_EQ(PartitionPath(kNov1 + 10 * kHour), "date=2026-11-01/hour=10");
  EXPECT_EQ(HourStart(kNov1 + 10 * kHour + int64_t{59} * 60 * 1000000), kNov1 + 10 * kHour);
  EXPECT_EQ(PartitionPath(HourStart(-1)), "date=1969-12-31/hour=23");
  EXPECT_EQ(HourStart(-1), -kHour);
}

TEST(SnapshotTest, CommitIsExclusivePerIdAndTheNewestWins) {
  const std::string store = FreshTestDir("snapshot_commit");
  auto none = ReadLatestSnapshot(store);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(CommitSnapshot(store, MakeSnapshot(1)).ok());
  ASSERT_TRUE(CommitSnapshot(store, MakeSnapshot(2)).ok());
  const Status again = CommitSnapshot(store, MakeSnapshot(2));
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists) << again;
  auto latest = ReadLatestSnapshot(store);
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ(**latest, MakeSnapshot(2));
  auto first = ReadSnapshot(store, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, MakeSnapshot(1));
  EXPECT_EQ(ReadSnapshot(store, 3).status().code(), absl::StatusCode::kNotFound);
  // No temporary files remain.
  int entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SnapshotsDir(store))) {
    EXPECT_EQ(entry.path().extension(), ".json") << entry.path();
    ++entries;
  }
  EXPECT_EQ(entries, 2);
}

TEST(SnapshotTest, RacingCommitsOfOneIdLetExactlyOneWin) {
  const std::string store = FreshTestDir("snapshot_race");
  for (int id = 1; id <= 20; ++id) {
    std::vector<Status> results(4);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] { results[t] = CommitSnapshot(store, MakeSnapshot(id)); });
    }
    for (auto& thread : threads) thread.join();
    int won = 0;
    for (const Status& status : results) won += status.ok() ? 1 : 0;
    EXPECT_EQ(won, 1) << id;
  }
}

TEST(SnapshotTest, DamagedSnapshotsAreErrorsNamingTheFile) {
  const std::string good = SnapshotToJson(MakeSnapshot(3));
  for (size_t size = 0; size + 1 < good.size(); size += 7) {
    auto parsed = ParseSnapshot(good.substr(0, size), "snap.json");
    ASSERT_FALSE(parsed.ok()) << size;
    EXPECT_NE(parsed.status().message().find("snap.json"), std::string::npos);
  }
  std::string escaping = good;
  escaping.replace(escaping.find("date=2026-11-01/hour=10/part"), 4, "../x");
  EXPECT_FALSE(ParseSnapshot(escaping, "snap.json").ok()) << "paths may not leave the table";
  std::string newer = good;
  newer.replace(newer.find("\"format_version\": 1"), 19, "\"format_version\": 9");
  auto refused = ParseSnapshot(newer, "snap.json");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("not supported"), std::string::npos);
}

}  // namespace
}  // namespace hindsight::store
