// Ingest end to end on a real store: records logged through FactLogger, ingested, and the
// table read back and compared with what was logged (the oracle is the input itself).
#include "store/ingest/ingest_job.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "log/segment_file_sink.h"
#include "log/segment_format.h"
#include "store/ingest/ingest_test_util.h"
#include "store/ingest/log_checkpoint.h"
#include "store/store_layout.h"
#include "store/store_test_util.h"
#include "store/table/table_lock.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

namespace fs = std::filesystem;
using testing::CreateClockStore;
using testing::LogRecords;
using testing::MakeClockRecord;
using testing::ReadTable;

constexpr int64_t kHour = int64_t{3600} * 1000000;
constexpr int64_t kStart = int64_t{1793527200} * 1000000;  // 2026-11-01T10:00:00Z

// Equal envelopes and equal fact messages (parsed with the store's schemas).
void ExpectSameRecord(const OpenedStore& store, const Record& expected, const Record& actual) {
  SCOPED_TRACE(expected.record_id());
  EXPECT_EQ(actual.record_id(), expected.record_id());
  EXPECT_EQ(actual.app(), expected.app());
  EXPECT_EQ(actual.event_time_us(), expected.event_time_us());
  ASSERT_EQ(actual.context_size(), expected.context_size());
  for (int i = 0; i < expected.context_size(); ++i) {
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(actual.context(i), expected.context(i)));
  }
  EXPECT_EQ(std::vector<int64_t>(actual.items().begin(), actual.items().end()),
            std::vector<int64_t>(expected.items().begin(), expected.items().end()));
  EXPECT_EQ(actual.meta().size(), expected.meta().size());
  ASSERT_EQ(actual.facts_size(), expected.facts_size());
  for (int i = 0; i < expected.facts_size(); ++i) {
    ASSERT_EQ(actual.facts(i).type(), expected.facts(i).type());
    const auto* prototype = store.registry->Prototype(expected.facts(i).type());
    std::unique_ptr<google::protobuf::Message> a(prototype->New()), b(prototype->New());
    ASSERT_TRUE(a->ParseFromString(actual.facts(i).value()));
    ASSERT_TRUE(b->ParseFromString(expected.facts(i).value()));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*a, *b))
        << a->ShortDebugString() << " vs " << b->ShortDebugString();
  }
}

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_TRUE(CreateClockStore(dir_).ok());
    auto opened = OpenStore(dir_);
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }

  // Records of `entities` profiles over `hours` hours, in a shuffled arrival order (so
  // late records reach hours already ingested when committed in several commits).
  std::vector<Record> MakeRecords(int count, int entities, int hours, uint64_t seed,
                                  const std::string& prefix = "r") {
    std::mt19937_64 rng(seed);
    std::vector<Record> records;
    for (int i = 0; i < count; ++i) {
      const int64_t entity = static_cast<int64_t>(rng() % entities) + 1;
      // Coarse times so equal timestamps (ties) occur.
      const int64_t ts = kStart + static_cast<int64_t>(rng() % (hours * 360)) * 10000000;
      records.push_back(
          MakeClockRecord(store_, StrCat(prefix, i), entity, ts, static_cast<int>(rng() % 3)));
    }
    std::shuffle(records.begin(), records.end(), rng);
    return records;
  }

  StatusOr<IngestSummary> Ingest(int64_t commit_bytes = int64_t{512} << 20) {
    IngestOptions options;
    options.store = dir_;
    options.max_commit_bytes = commit_bytes;
    return IngestLog(options);
  }

  std::map<std::string, Record> ById(const std::vector<Record>& records) {
    std::map<std::string, Record> out;
    for (const Record& record : records) out.emplace(record.record_id(), record);
    return out;
  }

  void ExpectTableHolds(const std::vector<Record>& expected) {
    auto latest = ReadLatestSnapshot(dir_);
    ASSERT_TRUE(latest.ok() && latest->has_value());
    auto table = ReadTable(dir_, **latest);
    ASSERT_TRUE(table.ok()) << table.status();
    ASSERT_EQ(table->size(), expected.size());
    const auto actual = ById(*table);
    ASSERT_EQ(actual.size(), expected.size()) << "duplicate record ids in the table";
    for (const auto& [id, record] : ById(expected)) {
      auto it = actual.find(id);
      ASSERT_NE(it, actual.end()) << id << " is missing";
      ExpectSameRecord(store_, record, it->second);
    }
    EXPECT_EQ((*latest)->total_records(), static_cast<int64_t>(expected.size()));
  }

  std::string dir_;
  OpenedStore store_;
};

TEST_F(IngestTest, EveryLoggedRecordLandsOnceInItsHourSorted) {
  const std::vector<Record> records = MakeRecords(3000, 120, 7, 1);
  ASSERT_TRUE(LogRecords(dir_, records).ok());
  auto summary = Ingest();
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->records_read, 3000);
  EXPECT_EQ(summary->records_written, 3000);
  EXPECT_EQ(summary->duplicates_dropped, 0);
  EXPECT_EQ(summary->records_quarantined, 0);
  EXPECT_EQ(summary->partitions_written, 7);
  EXPECT_EQ(summary->commits, 1);
  ExpectTableHolds(records);
  // Hive layout: date=/hour= directories.
  EXPECT_TRUE(fs::is_directory(FactsTableDir(dir_) + "/date=2026-11-01/hour=10"));
  EXPECT_TRUE(fs::is_directory(FactsTableDir(dir_) + "/date=2026-11-01/hour=16"));
}

TEST_F(IngestTest, ManySmallCommitsPutLateRecordsInTheirOwnHour) {
  const std::vector<Record> records = MakeRecords(2000, 50, 5, 2);
  ASSERT_TRUE(LogRecords(dir_, records).ok());
  auto summary = Ingest(/*commit_bytes=*/20000);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_GT(summary->commits, 5);
  EXPECT_EQ(summary->records_written, 2000);
  ExpectTableHolds(records);
  auto latest = ReadLatestSnapshot(dir_);
  ASSERT_TRUE(latest.ok());
  EXPECT_GT((*latest)->files.size(), 5u * 2) << "partitions hold several files";
  auto checkpoint = ReadCheckpoint(dir_);
  ASSERT_TRUE(checkpoint.ok() && checkpoint->has_value());
  EXPECT_EQ((*checkpoint)->snapshot_id, (*latest)->id);
  EXPECT_EQ((*checkpoint)->position, (*latest)->log_position);
}

TEST_F(IngestTest, IncrementalRunsOnlyAddWhatIsNew) {
  std::vector<Record> first = MakeRecords(500, 30, 3, 3, "a");
  std::vector<Record> second = MakeRecords(700, 30, 4, 4, "b");
  ASSERT_TRUE(LogRecords(dir_, first).ok());
  ASSERT_TRUE(Ingest().ok());
  auto again = Ingest();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->records_read, 0);
  EXPECT_EQ(again->commits, 0);
  ASSERT_TRUE(LogRecords(dir_, second).ok());
  auto summary = Ingest();
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->records_read, 700);
  std::vector<Record> all = first;
  all.insert(all.end(), second.begin(), second.end());
  ExpectTableHolds(all);
  // Segments read completely are gone; the newest stays for the logger.
  auto segments = log::ListSegments(LogDir(dir_));
  ASSERT_TRUE(segments.ok());
  EXPECT_LE(segments->size(), 1u);
}

TEST_F(IngestTest, DropsRetriedRecordIdsWithinTheWindowAcrossRuns) {
  // One hour of records: all within the 60-minute window of each other.
  std::vector<Record> records = MakeRecords(400, 20, 1, 5);
  std::vector<Record> logged;
  // Retries: every 10th record logged again right after itself.
  for (size_t i = 0; i < records.size(); ++i) {
    logged.push_back(records[i]);
    if (i % 10 == 0) logged.push_back(records[i]);
  }
  ASSERT_TRUE(LogRecords(dir_, logged).ok());
  auto first = Ingest(/*commit_bytes=*/30000);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->duplicates_dropped, 40);
  // A retry arriving in a later run is still a duplicate.
  ASSERT_TRUE(LogRecords(dir_, {records[3], records[7]}).ok());
  auto second = Ingest();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->duplicates_dropped, 2);
  EXPECT_EQ(second->records_written, 0);
  ExpectTableHolds(records);
}

TEST_F(IngestTest, ForgetsIdsOlderThanTheWindow) {
  // Dedupe keeps ids within 60 minutes of the newest event time seen.
  Record early = MakeClockRecord(store_, "x", 1, kStart, 0);
  Record later = MakeClockRecord(store_, "y", 1, kStart + 3 * kHour, 0);
  ASSERT_TRUE(LogRecords(dir_, {early, later}).ok());
  ASSERT_TRUE(Ingest().ok());
  ASSERT_TRUE(LogRecords(dir_, {early}).ok());
  auto summary = Ingest();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->duplicates_dropped, 0) << "outside the window a retry is new data";
  auto ids = testing::TableRecordIds(dir_);
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ((*ids)["x"], 2);
}

TEST_F(IngestTest, QuarantinesRecordsThatDoNotFitTheTable) {
  std::vector<Record> good = MakeRecords(50, 5, 1, 6);
  std::vector<Record> logged = good;
  Record no_entity = MakeClockRecord(store_, "bad-no-entity", 1, kStart, 0);
  no_entity.mutable_context()->erase(no_entity.mutable_context()->begin());
  Record string_entity = MakeClockRecord(store_, "bad-string-entity", 1, kStart, 0);
  string_entity.mutable_context(0)->set_string_value("seven");
  Record unknown_fact = MakeClockRecord(store_, "bad-unknown-fact", 1, kStart, 0);
  unknown_fact.add_facts()->set_type("watch_party");
  Record bad_bytes = MakeClockRecord(store_, "bad-fact-bytes", 1, kStart, 0);
  bad_bytes.mutable_facts(0)->set_value("\xff\xff\xff");
  Record context_type = MakeClockRecord(store_, "bad-context-type", 1, kStart, 0);
  context_type.mutable_context(1)->set_int_value(3);  // country is a string column
  for (Record* bad : {&no_entity, &string_entity, &unknown_fact, &bad_bytes, &context_type}) {
    logged.push_back(*bad);
  }
  ASSERT_TRUE(LogRecords(dir_, logged).ok());
  auto summary = Ingest();
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->records_quarantined, 5);
  EXPECT_EQ(summary->records_written, 50);
  ExpectTableHolds(good);
  ASSERT_FALSE(summary->quarantine_file.empty());
  const std::string quarantine = ReadTextFile(summary->quarantine_file);
  for (const char* id : {"bad-no-entity", "bad-string-entity", "bad-unknown-fact", "bad-fact-bytes",
                         "bad-context-type"}) {
    EXPECT_NE(quarantine.find(StrCat("record '", id, "'")), std::string::npos) << id;
  }
  EXPECT_NE(quarantine.find("\"kind\":\"invalid_envelope\""), std::string::npos) << quarantine;
}

TEST_F(IngestTest, TornTailOfAFinishedSegmentIsReportedAndSkipped) {
  std::vector<Record> first = MakeRecords(100, 10, 1, 7, "a");
  ASSERT_TRUE(LogRecords(dir_, first).ok());
  // A writer crash mid-frame: half a frame header at the end of the newest segment.
  auto segments = log::ListSegments(LogDir(dir_));
  ASSERT_TRUE(segments.ok() && !segments->empty());
  const std::string last = LogDir(dir_) + "/" + log::SegmentFileName(segments->back());
  std::ofstream(last, std::ios::app | std::ios::binary).write("\x10\x00\x00", 3);
  auto pending = Ingest();
  ASSERT_TRUE(pending.ok()) << pending.status();
  EXPECT_EQ(pending->pending_tail_bytes, 3u) << "the newest segment may still be growing";
  EXPECT_TRUE(pending->torn_segments.empty());
  // A new logger starts a new segment: the torn tail is final now.
  std::vector<Record> second = MakeRecords(100, 10, 1, 8, "b");
  ASSERT_TRUE(LogRecords(dir_, second).ok());
  auto summary = Ingest();
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->torn_segments.size(), 1u);
  EXPECT_EQ(summary->torn_segments[0].bytes_lost, 3u);
  std::vector<Record> all = first;
  all.insert(all.end(), second.begin(), second.end());
  ExpectTableHolds(all);
}

TEST_F(IngestTest, CorruptionInsideASegmentFailsAndChangesNothing) {
  ASSERT_TRUE(LogRecords(dir_, MakeRecords(300, 10, 1, 9), /*max_segment_bytes=*/1 << 20).ok());
  auto segments = log::ListSegments(LogDir(dir_));
  ASSERT_TRUE(segments.ok() && segments->size() == 1);
  const std::string path = LogDir(dir_) + "/" + log::SegmentFileName(segments->front());
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(log::kSegmentHeaderSize + 20));
    file.put('\x5a');
  }
  auto summary = Ingest();
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(summary.status().message().find(log::SegmentFileName(segments->front())),
            std::string::npos)
      << summary.status();
  auto ids = ListSnapshotIds(dir_);
  ASSERT_TRUE(ids.ok());
  EXPECT_TRUE(ids->empty());
  EXPECT_TRUE(fs::exists(path)) << "the log is kept for inspection";
}

TEST_F(IngestTest, NewContextKeysBecomeColumnsAndOldFilesStillRead) {
  std::vector<Record> first = MakeRecords(100, 10, 1, 10, "a");
  ASSERT_TRUE(LogRecords(dir_, first).ok());
  ASSERT_TRUE(Ingest().ok());
  std::vector<Record> second = MakeRecords(100, 10, 1, 11, "b");
  for (Record& record : second) {
    ContextValue* cell = record.add_context();
    cell->set_key("cell");
    cell->set_int_value(4);
  }
  ASSERT_TRUE(LogRecords(dir_, second).ok());
  ASSERT_TRUE(Ingest().ok());
  auto latest = ReadLatestSnapshot(dir_);
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ((*latest)->context_columns.size(), 3u);
  EXPECT_EQ((*latest)->context_columns[2], (ContextColumn{"cell", ContextType::kInt64}));
  std::vector<Record> all = first;
  all.insert(all.end(), second.begin(), second.end());
  ExpectTableHolds(all);
}

TEST_F(IngestTest, SecondWriterIsRefusedWhileTheTableIsLocked) {
  auto lock = TableLock::Acquire(dir_);
  ASSERT_TRUE(lock.ok());
  auto summary = Ingest();
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.status().message().find("another ingest or compact"), std::string::npos);
}

}  // namespace
}  // namespace hindsight::store
