#include "query/table_listing.h"

#include <algorithm>
#include <map>

namespace hindsight::query {

std::vector<PartitionSummary> SummarizePartitions(const store::Snapshot& snapshot) {
  std::map<int64_t, PartitionSummary> by_hour;
  for (const store::DataFile& file : snapshot.files) {
    auto [it, inserted] = by_hour.try_emplace(file.hour_start_us);
    PartitionSummary& partition = it->second;
    if (inserted) {
      partition.hour_start_us = file.hour_start_us;
      partition.min_ts_us = file.min_ts_us;
      partition.max_ts_us = file.max_ts_us;
    }
    ++partition.files;
    partition.records += file.records;
    partition.bytes += file.bytes;
    partition.min_ts_us = std::min(partition.min_ts_us, file.min_ts_us);
    partition.max_ts_us = std::max(partition.max_ts_us, file.max_ts_us);
  }
  std::vector<PartitionSummary> partitions;
  partitions.reserve(by_hour.size());
  for (auto& [hour, partition] : by_hour) partitions.push_back(partition);
  return partitions;
}

TableSummary SummarizeTable(const store::Snapshot& snapshot) {
  TableSummary summary;
  for (const PartitionSummary& partition : SummarizePartitions(snapshot)) {
    ++summary.partitions;
    summary.files += partition.files;
    summary.records += partition.records;
    summary.bytes += partition.bytes;
    summary.min_ts_us =
        std::min(summary.min_ts_us.value_or(partition.min_ts_us), partition.min_ts_us);
    summary.max_ts_us =
        std::max(summary.max_ts_us.value_or(partition.max_ts_us), partition.max_ts_us);
  }
  return summary;
}

StatusOr<std::vector<store::Snapshot>> ReadAllSnapshots(const std::string& store) {
  HS_ASSIGN_OR_RETURN(const std::vector<int64_t> ids, store::ListSnapshotIds(store));
  std::vector<store::Snapshot> snapshots;
  snapshots.reserve(ids.size());
  for (int64_t id : ids) {
    HS_ASSIGN_OR_RETURN(store::Snapshot snapshot, store::ReadSnapshot(store, id));
    snapshots.push_back(std::move(snapshot));
  }
  return snapshots;
}

}  // namespace hindsight::query
