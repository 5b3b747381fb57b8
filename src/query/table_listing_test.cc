#include "query/table_listing.h"

#include "gtest/gtest.h"
#include "query/testing/query_test_util.h"
#include "query/testing/test_facts_table.h"
#include "util/time_format.h"

namespace hindsight::query {
namespace {

constexpr int64_t kHour0 = testing::kTestFirstHourUs;

store::DataFile File(int64_t hour, int64_t records, int64_t bytes, int64_t min_ts, int64_t max_ts) {
  store::DataFile file;
  file.path = store::PartitionPath(hour) + "/part.parquet";
  file.hour_start_us = hour;
  file.records = records;
  file.bytes = bytes;
  file.min_ts_us = min_ts;
  file.max_ts_us = max_ts;
  return file;
}

TEST(TableListingTest, PartitionsSumTheirFilesOldestFirst) {
  const int64_t hour1 = kHour0 + kMicrosPerHour;
  store::Snapshot snapshot;
  snapshot.files = {File(hour1, 5, 500, hour1 + 10, hour1 + 20),
                    File(kHour0, 3, 300, kHour0 + 5, kHour0 + 50),
                    File(hour1, 2, 200, hour1 + 1, hour1 + 15)};
  const std::vector<PartitionSummary> partitions = SummarizePartitions(snapshot);
  ASSERT_EQ(partitions.size(), 2u);
  EXPECT_EQ(partitions[0], (PartitionSummary{kHour0, 1, 3, 300, kHour0 + 5, kHour0 + 50}));
  EXPECT_EQ(partitions[1], (PartitionSummary{hour1, 2, 7, 700, hour1 + 1, hour1 + 20}));

  const TableSummary table = SummarizeTable(snapshot);
  EXPECT_EQ(table, (TableSummary{3, 10, 1000, 2, kHour0 + 5, hour1 + 20}));
}

TEST(TableListingTest, EmptySnapshotHasNoTimeRange) {
  const TableSummary table = SummarizeTable(store::Snapshot{});
  EXPECT_EQ(table, TableSummary{});
  EXPECT_FALSE(table.min_ts_us.has_value());
  EXPECT_TRUE(SummarizePartitions(store::Snapshot{}).empty());
}

TEST(TableListingTest, ReadsEverySnapshotInCommitOrder) {
  testing::TestTableOptions options;
  options.hours = 2;
  options.records_per_hour = 40;
  options.late_records = 10;
  auto table = testing::BuildTestTable(testing::FreshTestPath("listing_table"), options);
  ASSERT_TRUE(table.ok()) << table.status();
  auto snapshots = ReadAllSnapshots(table->store);
  ASSERT_TRUE(snapshots.ok()) << snapshots.status();
  ASSERT_EQ(snapshots->size(), 2u);
  EXPECT_EQ((*snapshots)[0].id, 1);
  EXPECT_EQ((*snapshots)[1].id, 2);
  EXPECT_EQ((*snapshots)[0].total_records(), 80);
  EXPECT_EQ((*snapshots)[1].total_records(), 80 + 10 + 40);
  EXPECT_EQ((*snapshots)[1].records_added, 50);
  EXPECT_EQ(SummarizeTable((*snapshots)[1]).partitions, 3);
}

TEST(TableListingTest, NewStoreHasNoSnapshots) {
  const std::string store = testing::FreshTestPath("listing_empty");
  ASSERT_TRUE(testing::CreateTestStore(store).ok());
  auto snapshots = ReadAllSnapshots(store);
  ASSERT_TRUE(snapshots.ok());
  EXPECT_TRUE(snapshots->empty());
}

}  // namespace
}  // namespace hindsight::query
