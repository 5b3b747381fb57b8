// `hindsight compact`: the facts table's maintenance, in one commit under the table lock:
//   - retention: partitions whose hour ended more than retention_days before `now` leave
//     the table;
//   - compaction: in each partition, files smaller than half the target size are merged
//     into files of up to the target size, re-sorted by (entity, ts, record_id) and
//     rewritten with the table's current schema (files from before a schema change are
//     upgraded on the way);
//   - expiry (after the commit): snapshots committed more than snapshot_retention_days
//     before `now` are deleted, except the newest; then data files, dedupe states and
//     quarantine-free leftovers of crashed writers that no remaining snapshot references.
// A crash before the commit leaves only unreferenced files (deleted by the next run); the
// records in the table are the same before and after, none lost, none doubled.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace hindsight::store {

struct CompactOptions {
  std::string store;
  int64_t now_us = 0;  // retention and expiry are measured from here
  int threads = 2;
  int64_t target_file_bytes = int64_t{256} << 20;
};

struct CompactSummary {
  int64_t snapshot_id = 0;  // the commit made, 0 when there was nothing to change
  int64_t partitions_dropped = 0;
  int64_t records_dropped = 0;
  int64_t partitions_compacted = 0;
  int64_t files_merged = 0;
  int64_t files_written = 0;
  int64_t records_rewritten = 0;
  int64_t bytes_before = 0;  // of the files merged
  int64_t bytes_after = 0;   // of the files written
  int64_t snapshots_expired = 0;
  int64_t files_deleted = 0;     // data files no snapshot references any more
  int64_t profiles_deleted = 0;  // and their quality profiles
  int64_t bytes_deleted = 0;
};

[[nodiscard]] StatusOr<CompactSummary> CompactTable(const CompactOptions& options);

}  // namespace hindsight::store
