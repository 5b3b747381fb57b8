// What `hindsight ls` shows of a facts table: a snapshot's totals, its partitions, and
// the history of committed snapshots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/table/snapshot.h"
#include "util/status.h"

namespace hindsight::query {

struct PartitionSummary {
  int64_t hour_start_us = 0;
  int64_t files = 0;
  int64_t records = 0;
  int64_t bytes = 0;
  int64_t min_ts_us = 0;
  int64_t max_ts_us = 0;
  bool operator==(const PartitionSummary&) const = default;
};

// The partitions of `snapshot`, oldest first.
std::vector<PartitionSummary> SummarizePartitions(const store::Snapshot& snapshot);

struct TableSummary {
  int64_t files = 0;
  int64_t records = 0;
  int64_t bytes = 0;
  int64_t partitions = 0;
  std::optional<int64_t> min_ts_us;  // nullopt when the snapshot has no files
  std::optional<int64_t> max_ts_us;
  bool operator==(const TableSummary&) const = default;
};

TableSummary SummarizeTable(const store::Snapshot& snapshot);

// Every committed snapshot of `store`, oldest first (empty before the first commit).
[[nodiscard]] StatusOr<std::vector<store::Snapshot>> ReadAllSnapshots(const std::string& store);

}  // namespace hindsight::query
