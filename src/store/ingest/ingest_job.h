// `hindsight ingest`: moves the records logged since the last commit from STORE/log into
// the facts table, exactly once. Each commit:
//   1. reads records from the snapshot's log position, up to a memory budget;
//   2. quarantines records that fail validation (entity key, context types, fact values),
//      drops record ids already seen within the dedupe window (logger retries);
//   3. groups records by event hour (late records land in their own hour) and writes
//      one new file per hour, sorted by (entity, ts, record_id);
//   4. commits a snapshot listing the old files plus the new ones, the new log position
//      and the dedupe state; then updates STORE/log/CHECKPOINT; then deletes the
//      segments it has read completely (unless keep_log).
// A crash before step 4's commit leaves only unreferenced files, rewritten by the next
// run from the same position; a crash after it is a finished commit.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/ingest/log_tail_reader.h"
#include "store/table/snapshot.h"
#include "util/status.h"

namespace hindsight::store {

struct IngestProgress {
  int64_t commits = 0;
  int64_t records_read = 0;
  int64_t records_written = 0;
  int64_t bytes_written = 0;
};

struct IngestOptions {
  std::string store;
  // Threads writing partitions' files at once.
  int threads = 2;
  // Serialized record bytes read per commit: bounds memory (about 3x this at peak).
  int64_t max_commit_bytes = int64_t{512} << 20;
  // Keep segments that were read completely instead of deleting them.
  bool keep_log = false;
  // Profile each written file and count duplicates and late records per hour into
  // STORE/quality (docs/QUALITY.md). Off only to measure what profiling costs.
  bool write_profiles = true;
  // Called after each commit.
  std::function<void(const IngestProgress&)> progress;
};

struct IngestSummary {
  int64_t records_read = 0;
  int64_t records_written = 0;
  int64_t duplicates_dropped = 0;
  int64_t records_quarantined = 0;
  int64_t files_written = 0;
  int64_t bytes_written = 0;
  int64_t partitions_written = 0;
  int64_t commits = 0;
  std::vector<int64_t> snapshot_ids;  // committed by this run
  LogPosition position;               // where the next ingest resumes
  std::vector<TornSegment> torn_segments;
  uint64_t pending_tail_bytes = 0;
  int64_t segments_deleted = 0;
  std::string quarantine_file;  // empty when nothing was quarantined
};

[[nodiscard]] StatusOr<IngestSummary> IngestLog(const IngestOptions& options);

}  // namespace hindsight::store
