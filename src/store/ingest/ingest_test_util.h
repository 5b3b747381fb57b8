// Test-only helpers for ingest and maintenance: a store whose facts encode their own
// record (leaks show), records logged through the real FactLogger, and the whole table
// read back with its invariants checked.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hindsight/record.pb.h"
#include "store/store_setup.h"
#include "store/table/snapshot.h"
#include "util/status.h"

namespace hindsight::store::testing {

// Fact types of the test store: `clock` { int64 at_us; string record_id; int64 entity }
// (one value per record, telling when and which record it was logged in) and
// `tags` { repeated string tags } (zero or more values per record).
inline constexpr std::string_view kClockProto = R"(syntax = "proto3";
package clocktest;
message Clock {
  int64 at_us = 1;
  string record_id = 2;
  int64 entity = 3;
}
message Tags {
  repeated string tags = 1;
  double weight = 2;
}
)";

// Creates a store at `dir` with the clock schema and entity key `profile_id`.
[[nodiscard]] Status CreateClockStore(const std::string& dir, int dedupe_window_minutes = 60);

// A record whose clock fact names itself; `tag_values` tags facts; context country/device.
Record MakeClockRecord(const OpenedStore& store, const std::string& record_id, int64_t entity,
                       int64_t ts_us, int tag_values);

// Logs `records` into STORE/log through FactLogger (small segments so several roll).
[[nodiscard]] Status LogRecords(const std::string& store, std::vector<Record> records,
                                uint64_t max_segment_bytes = 64 << 10);

// Every row of every file of `snapshot`, decoded, after checking that each file's rows lie
// in its hour, are sorted by (entity, ts, record_id), and match its DataFile statistics.
StatusOr<std::vector<Record>> ReadTable(const std::string& store, const Snapshot& snapshot);

// Record ids of the latest snapshot, with their multiplicity.
StatusOr<std::map<std::string, int>> TableRecordIds(const std::string& store);

}  // namespace hindsight::store::testing
