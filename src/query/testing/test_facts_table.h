// Facts tables for the tests of src/query and tests/query, built without ingest: random
// records of a small test schema, shredded with FactsBatchBuilder, written sorted into
// their hour partitions with WriteFactsFile and committed as snapshots.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hindsight/record.pb.h"
#include "store/table/snapshot.h"
#include "util/status.h"

namespace hindsight::query::testing {

// Fact types of the test schema (package hindsight.querytest). Every value holds the
// event time of its record in `ts_us`, so a value returned for as-of t shows whether it
// was logged after t.
//   subscriber { string plan = 1; int64 ts_us = 2; }
//   thumbs     { repeated Thumb thumbs = 1; int64 ts_us = 2; }  Thumb { video_id, rating }
//   history    { repeated int64 video_ids = 1; int64 ts_us = 2; }  (the heavy column)
//   rare       { int64 ts_us = 1; }
std::string TestFactsProto();
inline constexpr const char* kTestFactTypes[] = {"history", "rare", "subscriber", "thumbs"};
// 2026-11-01T00:00:00Z, where test tables start.
inline constexpr int64_t kTestFirstHourUs = int64_t{1793491200} * 1000000;

struct TestTableOptions {
  uint64_t seed = 1;
  int64_t first_hour_us = kTestFirstHourUs;
  int hours = 6;
  int entities = 30;  // ids 2, 4, ..., 2 * entities: the odd ids between are absent
  int records_per_hour = 150;
  int times_per_hour = 20;  // distinct event times an hour's records fall on (ties)
  int files_per_partition = 2;
  int history_length = 4;  // video ids per history value
  // Snapshot 2 adds this many records to snapshot 1's hours (new files in old partitions,
  // as late data lands) and one more hour of records_per_hour records.
  int late_records = 60;
  // Share of records holding each fact type; thumbs holds one to three values.
  double subscriber_share = 0.5;
  double thumbs_share = 0.4;
  double history_share = 0.6;
  double rare_share = 0.02;
};

struct TestTable {
  std::string store;
  std::vector<int64_t> snapshot_ids;  // {1, 2}
  std::vector<Record> records;        // every record written, in no order
};

// Creates a store in the empty or missing directory `dir` with the test schema (entity
// key profile_id, context country and device) and fills it as `options` says.
[[nodiscard]] StatusOr<TestTable> BuildTestTable(const std::string& dir,
                                                 const TestTableOptions& options);

// Creates a store in `dir` with the test schema and no snapshot.
[[nodiscard]] Status CreateTestStore(const std::string& dir);

// A test-schema fact value of `fact_type` for a record at `ts_us` (wire format).
// `size` is the number of thumbs or history ids; `seed` varies the content.
std::string TestFactValue(const std::string& fact_type, int64_t ts_us, int size, uint64_t seed);

// A record of the test schema: entity, time and id given, facts added by the caller.
Record TestRecord(int64_t entity, int64_t ts_us, const std::string& record_id);

// Commits the next snapshot of `store` (a test store): the latest snapshot's files plus
// one new file per hour for each group of `file_groups` (records in any order).
[[nodiscard]] StatusOr<store::Snapshot> CommitRecordFiles(
    const std::string& store, const std::vector<std::vector<Record>>& file_groups);

}  // namespace hindsight::query::testing
