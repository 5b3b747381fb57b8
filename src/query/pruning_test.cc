// Pruning, proven by counts rather than timing: on a table of many partitions, files and
// pages, point lookups read a small fraction of its bytes.
#include <map>
#include <set>

#include "gtest/gtest.h"
#include "query/facts_table_reader.h"
#include "query/testing/query_test_util.h"
#include "query/testing/test_facts_table.h"
#include "util/time_format.h"

namespace hindsight::query {
namespace {

const std::vector<std::string> kSought = {"subscriber", "thumbs", "history"};

class PruningTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::TestTableOptions options;
    // Hour files of 10000 rows: the entity column has 3 pages of at most 4096 rows (the
    // facts table's page limit), so the page index can skip most of a file.
    options.seed = 5;
    options.hours = 24;
    options.entities = 1000;
    options.records_per_hour = 10000;
    options.history_length = 10;
    options.files_per_partition = 1;
    options.late_records = 400;
    options.rare_share = 0;
    options_ = new testing::TestTableOptions(options);
    auto table = testing::BuildTestTable(testing::FreshTestPath("pruning_table"), options);
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = new testing::TestTable(std::move(*table));
  }
  static void TearDownTestSuite() {
    delete table_;
    delete options_;
  }

  void SetUp() override {
    auto reader = FactsTableReader::Open(table_->store);
    ASSERT_TRUE(reader.ok()) << reader.status();
    reader_ = std::move(*reader);
    total_bytes_ = reader_->snapshot()->total_bytes();
  }

  // An entity holding every sought type in the hour starting at `hour_start_us`.
  static int64_t EntityWithEveryTypeIn(int64_t hour_start_us) {
    std::map<int64_t, std::set<std::string>> types;
    for (const Record& record : table_->records) {
      if (record.event_time_us() < hour_start_us ||
          record.event_time_us() >= hour_start_us + kMicrosPerHour) {
        continue;
      }
      for (const Fact& fact : record.facts())
        types[record.context(0).int_value()].insert(fact.type());
    }
    for (const auto& [entity, held] : types) {
      if (held.size() >= kSought.size()) return entity;
    }
    return -1;
  }

  int64_t TableEnd() const {
    return options_->first_hour_us + (options_->hours + 1) * kMicrosPerHour;
  }

  FactsReadStats LookupStats(int64_t entity, int64_t as_of_us, int found) {
    const FactsReadStats before = reader_->stats();
    auto answer = reader_->LookupAsOf({entity, as_of_us, kSought});
    EXPECT_TRUE(answer.ok()) << answer.status();
    int hits = 0;
    if (answer.ok()) {
      for (const AsOfFact& fact : answer->facts) hits += fact.record.has_value();
    }
    EXPECT_EQ(hits, found);
    return reader_->stats() - before;
  }

  static testing::TestTableOptions* options_;
  static testing::TestTable* table_;
  std::unique_ptr<FactsTableReader> reader_;
  int64_t total_bytes_ = 0;
};
testing::TestTableOptions* PruningTest::options_ = nullptr;
testing::TestTable* PruningTest::table_ = nullptr;

TEST_F(PruningTest, TableHasManyPartitionsFilesAndPages) {
  // One file per hour, a late file in each old hour, and the new hour of snapshot 2.
  EXPECT_EQ(reader_->snapshot()->files.size(), 24u + 24 + 1);
  EXPECT_GT(total_bytes_, int64_t{6} << 20);
}

TEST_F(PruningTest, PresentEntityReadsLessThanATwentiethOfTheTable) {
  const int64_t last_hour = options_->first_hour_us + options_->hours * kMicrosPerHour;
  const int64_t entity = EntityWithEveryTypeIn(last_hour);
  ASSERT_GT(entity, 0);
  const FactsReadStats used = LookupStats(entity, TableEnd(), 3);
  EXPECT_LT(used.bytes_read * 20, total_bytes_) << used.bytes_read << " of " << total_bytes_;
  // Every type was in the newest partition: no older one was visited.
  EXPECT_EQ(used.partitions_considered, 1);
  EXPECT_EQ(used.files_read, 1);
  // Statistics and the page index skipped most pages of the file read.
  EXPECT_GT(used.pages_skipped, used.pages_read);
  EXPECT_LT(used.rows_scanned, 4096 * 2);
}

TEST_F(PruningTest, LookupInAnOldHourSkipsLaterPartitionsAndMostPages) {
  const int64_t hour = options_->first_hour_us + 9 * kMicrosPerHour;
  const int64_t entity = EntityWithEveryTypeIn(hour);
  ASSERT_GT(entity, 0);
  const FactsReadStats used = LookupStats(entity, hour + kMicrosPerHour - 1, 3);
  EXPECT_EQ(used.partitions_considered, 1);
  // The hour's file and its late file.
  EXPECT_EQ(used.files_considered, 2);
  EXPECT_LT(used.bytes_read * 20, total_bytes_);
  EXPECT_GT(used.pages_skipped, used.pages_read);
}

TEST_F(PruningTest, AbsentEntityIsMostlyAnsweredByBloomFilters) {
  const int64_t absent = 2 * (options_->entities / 2) + 1;  // odd: inside every file's range
  const FactsReadStats used = LookupStats(absent, TableEnd(), 0);
  EXPECT_EQ(used.partitions_considered, options_->hours + 1);
  EXPECT_EQ(used.files_considered, static_cast<int64_t>(reader_->snapshot()->files.size()));
  EXPECT_EQ(used.files_pruned_by_range, 0);
  // A 1% false-positive rate could let a file through; this table's filters let none.
  EXPECT_EQ(used.files_pruned_by_bloom, used.files_considered);
  EXPECT_EQ(used.files_read, 0);
  EXPECT_EQ(used.pages_read, 0);
  // What was read is the footers and bloom filters of the files, opening them.
  EXPECT_EQ(used.files_opened, used.files_considered);
  EXPECT_EQ(used.row_groups_read, 0);
  // Once open, the bloom filters answer without reading anything.
  const FactsReadStats again = LookupStats(absent + 2, TableEnd(), 0);
  EXPECT_EQ(again.files_pruned_by_bloom, again.files_considered);
  EXPECT_EQ(again.bytes_read, 0);
}

TEST_F(PruningTest, EntityOutsideEveryFileRangeOpensNoFile) {
  const FactsReadStats used = LookupStats(int64_t{1} << 40, TableEnd(), 0);
  EXPECT_EQ(used.files_pruned_by_range, used.files_considered);
  EXPECT_EQ(used.files_opened, 0);
  EXPECT_EQ(used.bytes_read, 0);
}

TEST_F(PruningTest, RepeatedLookupsReuseOpenedFiles) {
  const int64_t last_hour = options_->first_hour_us + options_->hours * kMicrosPerHour;
  const int64_t entity = EntityWithEveryTypeIn(last_hour);
  const FactsReadStats first = LookupStats(entity, TableEnd(), 3);
  const FactsReadStats again = LookupStats(entity, TableEnd(), 3);
  EXPECT_EQ(first.files_opened, 1);
  EXPECT_EQ(again.files_opened, 0);
  EXPECT_EQ(again.pages_read, first.pages_read);
  // The footer and bloom filters were not read again.
  EXPECT_LT(again.bytes_read, first.bytes_read);
}

}  // namespace
}  // namespace hindsight::query
