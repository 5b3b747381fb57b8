// Snapshots: committed versions of the facts table. Each commit (ingest, compact,
// retention) writes STORE/tables/_snapshots/snapshot-<20-digit id>.json: the complete
// list of data files that make up the table, the table's context columns, and how far
// into the log its content reaches. A snapshot is written to a temporary file, fsynced,
// and linked into place under its id (which fails if another commit took the id), then
// the directory is fsynced: readers see a whole snapshot or none. The table is the
// snapshot with the highest id; older ones stay readable until expired.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/table/facts_table_schema.h"
#include "util/status.h"

namespace hindsight::store {

inline constexpr std::string_view kSnapshotFilePrefix = "snapshot-";
inline constexpr std::string_view kSnapshotFileSuffix = ".json";
inline constexpr int kSnapshotIdDigits = 20;
// Bumped when the snapshot file changes incompatibly; readers refuse newer versions.
inline constexpr int kSnapshotFormatVersion = 1;

// Where ingest resumes in STORE/log: the segment sequence and byte offset of the next
// frame. Ordered: a later position is further into the log.
struct LogPosition {
  uint64_t segment = 0;
  uint64_t offset = 0;
  auto operator<=>(const LogPosition&) const = default;
};

// One Parquet file of the table.
struct DataFile {
  std::string path;  // relative to STORE/tables/facts: "date=2026-11-01/hour=10/part-….parquet"
  int64_t hour_start_us = 0;  // the event hour partition it belongs to
  int64_t records = 0;
  int64_t bytes = 0;
  int64_t min_ts_us = 0;
  int64_t max_ts_us = 0;
  int64_t min_entity = 0;
  int64_t max_entity = 0;
  // CRC32C of the whole file as written, 8 hex digits ("" in snapshots written before
  // checksums were recorded); `hindsight verify` compares it with the file at rest.
  std::string crc32c;
  bool operator==(const DataFile&) const = default;
};

struct Snapshot {
  int format_version = kSnapshotFormatVersion;
  int64_t id = 0;         // 1, 2, ... in commit order
  int64_t parent_id = 0;  // the snapshot this one was made from; 0 for the first
  int64_t committed_at_us = 0;
  std::string operation;  // "ingest", "compact", "retention"
  LogPosition log_position;
  // Record ids seen recently, for dedupe (STORE/tables/_snapshots/<file>); empty if none.
  std::string dedupe_state_file;
  std::vector<ContextColumn> context_columns;
  std::vector<DataFile> files;  // sorted by (hour_start_us, path)
  // What the commit did, for `ls --snapshots`.
  int64_t records_added = 0;
  int64_t records_removed = 0;
  int64_t duplicates_dropped = 0;
  int64_t records_quarantined = 0;

  int64_t total_records() const;
  int64_t total_bytes() const;
  bool operator==(const Snapshot&) const = default;
};

std::string SnapshotFileName(int64_t id);
std::optional<int64_t> ParseSnapshotFileName(std::string_view name);

// The partition directory of an event hour, relative to the facts table:
// "date=YYYY-MM-DD/hour=HH".
std::string PartitionPath(int64_t hour_start_us);
// The start of the UTC hour holding `time_us`.
int64_t HourStart(int64_t time_us);

std::string SnapshotToJson(const Snapshot& snapshot);
// `file_name` only names the source in errors.
StatusOr<Snapshot> ParseSnapshot(std::string_view json, const std::string& file_name);

// Ids of the committed snapshots of `store`, ascending (empty for a new store).
StatusOr<std::vector<int64_t>> ListSnapshotIds(const std::string& store);
StatusOr<Snapshot> ReadSnapshot(const std::string& store, int64_t id);
// The current table: the snapshot with the highest id, nullopt before the first commit.
StatusOr<std::optional<Snapshot>> ReadLatestSnapshot(const std::string& store);
// Commits `snapshot` (its id must be the next one) atomically as described above.
// AlreadyExists when another commit took the id.
[[nodiscard]] Status CommitSnapshot(const std::string& store, const Snapshot& snapshot);

}  // namespace hindsight::store
