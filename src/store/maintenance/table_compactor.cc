#include "store/maintenance/table_compactor.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <thread>

#include "parquet/reader/file_reader.h"
#include "store/maintenance/snapshot_expiry.h"
#include "store/store_layout.h"
#include "store/store_setup.h"
#include "store/table/facts_batch_builder.h"
#include "store/table/facts_file_writer.h"
#include "store/table/facts_row_decoder.h"
#include "store/table/snapshot.h"
#include "store/table/table_lock.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::store {
namespace {

// Files of one partition merged into one new file.
struct MergeGroup {
  int64_t hour_start_us = 0;
  std::vector<DataFile> inputs;
};

// Small files of each partition, packed in path order into groups of up to `target` bytes;
// a group needs at least two files.
std::vector<MergeGroup> PlanMerges(const std::vector<DataFile>& files, int64_t target) {
  std::map<int64_t, std::vector<const DataFile*>> small_by_hour;
  for (const DataFile& file : files) {
    if (file.bytes < target / 2) small_by_hour[file.hour_start_us].push_back(&file);
  }
  std::vector<MergeGroup> groups;
  for (const auto& [hour_start, small] : small_by_hour) {
    const int64_t hour = hour_start;
    MergeGroup group{hour, {}};
    int64_t bytes = 0;
    auto close_group = [&] {
      if (group.inputs.size() >= 2) groups.push_back(std::move(group));
      group = MergeGroup{hour, {}};
      bytes = 0;
    };
    for (const DataFile* file : small) {
      if (!group.inputs.empty() && bytes + file->bytes > target) close_group();
      group.inputs.push_back(*file);
      bytes += file->bytes;
    }
    close_group();
  }
  return groups;
}

struct SortedRecord {
  int64_t entity = 0;
  Record record;
};

// Reads every row of the group's files back into records, sorts them and writes them as
// one file of the current schema.
StatusOr<DataFile> MergeFiles(const std::string& store, const OpenedStore& opened,
                              const FactsTableSchema& schema, const MergeGroup& group,
                              const std::string& file_name) {
  std::vector<SortedRecord> records;
  for (const DataFile& input : group.inputs) {
    HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(
                                         StrCat(FactsTableDir(store), "/", input.path)));
    parquet::ReadOptions read_options;
    read_options.verify_checksums = true;
    HS_ASSIGN_OR_RETURN(parquet::RecordBatch rows, reader->ReadAll(read_options));
    if (rows.num_rows != input.records) {
      return absl::DataLossError(StrCat(reader->name(), " holds ", rows.num_rows,
                                        " rows, its snapshot says ", input.records));
    }
    HS_ASSIGN_OR_RETURN(auto decoder, FactsRowDecoder::Make(reader->schema(), schema.entity_key(),
                                                            *opened.registry));
    for (int64_t row = 0; row < rows.num_rows; ++row) {
      HS_ASSIGN_OR_RETURN(Record record, decoder->Decode(rows, row));
      const int64_t entity = record.context(0).int_value();
      records.push_back({entity, std::move(record)});
    }
  }
  std::sort(records.begin(), records.end(), [](const SortedRecord& a, const SortedRecord& b) {
    if (a.entity != b.entity) return a.entity < b.entity;
    if (a.record.event_time_us() != b.record.event_time_us()) {
      return a.record.event_time_us() < b.record.event_time_us();
    }
    return a.record.record_id() < b.record.record_id();
  });
  FactsBatchBuilder builder(schema, *opened.registry);
  for (const SortedRecord& sorted : records) {
    // Records came out of the table, so they fit it; a failure here is corruption.
    Status appended = builder.Append(sorted.record);
    if (!appended.ok()) {
      return absl::DataLossError(
          StrCat("partition ", PartitionPath(group.hour_start_us),
                 ": a stored record no longer fits the table: ", appended.message()));
    }
  }
  return WriteFactsFile(store, schema, group.hour_start_us, file_name, builder.Finish(),
                        /*threads=*/1);
}

}  // namespace

StatusOr<CompactSummary> CompactTable(const CompactOptions& options) {
  CompactSummary summary;
  HS_ASSIGN_OR_RETURN(const OpenedStore opened, OpenStore(options.store));
  HS_ASSIGN_OR_RETURN(auto lock, TableLock::Acquire(options.store));
  HS_ASSIGN_OR_RETURN(const std::optional<Snapshot> latest, ReadLatestSnapshot(options.store));
  const int64_t now_us = options.now_us != 0 ? options.now_us : NowMicros();

  if (latest.has_value()) {
    // Retention: partitions whose hour ended before the cutoff.
    const int64_t cutoff_us = now_us - opened.config.retention_days * kMicrosPerDay;
    std::vector<DataFile> kept;
    std::map<int64_t, bool> dropped_hours;
    for (const DataFile& file : latest->files) {
      if (file.hour_start_us + kMicrosPerHour <= cutoff_us) {
        dropped_hours[file.hour_start_us] = true;
        summary.records_dropped += file.records;
      } else {
        kept.push_back(file);
      }
    }
    summary.partitions_dropped = static_cast<int64_t>(dropped_hours.size());

    const int64_t snapshot_id = latest->id + 1;
    const std::vector<MergeGroup> groups = PlanMerges(kept, options.target_file_bytes);
    HS_ASSIGN_OR_RETURN(const FactsTableSchema schema,
                        FactsTableSchema::Build(opened.config.entity_key, latest->context_columns,
                                                *opened.registry));
    std::vector<std::optional<DataFile>> outputs(groups.size());
    std::vector<Status> errors(groups.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < groups.size(); i = next++) {
        auto file = MergeFiles(options.store, opened, schema, groups[i],
                               DataFileName(snapshot_id, static_cast<int>(i)));
        if (file.ok()) {
          outputs[i] = std::move(*file);
        } else {
          errors[i] = file.status();
        }
      }
    };
    std::vector<std::thread> pool;
    const int workers =
        std::max(1, std::min<int>(options.threads, static_cast<int>(groups.size())));
    for (int t = 1; t < workers; ++t) pool.emplace_back(work);
    work();
    for (auto& thread : pool) thread.join();
    for (const Status& error : errors) HS_RETURN_IF_ERROR(error);

    if (!groups.empty() || summary.partitions_dropped > 0) {
      std::map<std::string, bool> merged;
      for (const MergeGroup& group : groups) {
        for (const DataFile& input : group.inputs) {
          merged[input.path] = true;
          summary.bytes_before += input.bytes;
          summary.records_rewritten += input.records;
        }
        summary.files_merged += static_cast<int64_t>(group.inputs.size());
      }
      Snapshot snapshot;
      snapshot.id = snapshot_id;
      snapshot.parent_id = latest->id;
      snapshot.committed_at_us = NowMicros();
      snapshot.operation = groups.empty() ? "retention" : "compact";
      snapshot.log_position = latest->log_position;
      snapshot.dedupe_state_file = latest->dedupe_state_file;
      snapshot.context_columns = latest->context_columns;
      for (const DataFile& file : kept) {
        if (!merged.contains(file.path)) snapshot.files.push_back(file);
      }
      std::map<int64_t, bool> compacted_hours;
      for (std::optional<DataFile>& output : outputs) {
        summary.bytes_after += output->bytes;
        compacted_hours[output->hour_start_us] = true;
        snapshot.files.push_back(std::move(*output));
      }
      std::sort(snapshot.files.begin(), snapshot.files.end(),
                [](const DataFile& a, const DataFile& b) {
                  return std::tie(a.hour_start_us, a.path) < std::tie(b.hour_start_us, b.path);
                });
      snapshot.records_removed = summary.records_dropped;
      summary.partitions_compacted = static_cast<int64_t>(compacted_hours.size());
      summary.files_written = static_cast<int64_t>(groups.size());
      if (snapshot.total_records() + summary.records_dropped != latest->total_records()) {
        return absl::InternalError(StrCat("compaction would change the record count from ",
                                          latest->total_records(), " to ",
                                          snapshot.total_records() + summary.records_dropped));
      }
      HS_RETURN_IF_ERROR(CommitSnapshot(options.store, snapshot));
      summary.snapshot_id = snapshot.id;
    }
  }

  const int64_t expire_before_us =
      now_us - int64_t{opened.config.snapshot_retention_days} * kMicrosPerDay;
  HS_ASSIGN_OR_RETURN(const ExpirySummary expiry, ExpireSnapshots(options.store, expire_before_us));
  summary.snapshots_expired = expiry.snapshots_expired;
  summary.files_deleted = expiry.files_deleted;
  summary.profiles_deleted = expiry.profiles_deleted;
  summary.bytes_deleted = expiry.bytes_deleted;
  return summary;
}

}  // namespace hindsight::store
