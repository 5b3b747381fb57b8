#include "quality/store_sampler.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "parquet/reader/file_reader.h"
#include "quality/hll_sketch.h"
#include "store/store_layout.h"
#include "store/store_setup.h"
#include "store/table/facts_batch_builder.h"
#include "store/table/facts_file_writer.h"
#include "store/table/facts_row_decoder.h"
#include "store/table/snapshot.h"
#include "util/str_cat.h"

namespace hindsight::quality {
namespace {

constexpr double kTwoTo64 = 18446744073709551616.0;

Status CopyStoreSetup(const std::string& from, const std::string& to) {
  std::error_code error;
  if (std::filesystem::exists(to, error) && !std::filesystem::is_empty(to, error)) {
    return absl::AlreadyExistsError(StrCat(to, " exists and is not empty"));
  }
  HS_RETURN_IF_ERROR(store::CreateStoreDirectories(to));
  std::filesystem::copy_file(store::ConfigPath(from), store::ConfigPath(to), error);
  if (error)
    return absl::UnavailableError(StrCat("cannot copy the store config: ", error.message()));
  std::filesystem::copy(
      store::SchemasDir(from), store::SchemasDir(to),
      std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing,
      error);
  if (error) return absl::UnavailableError(StrCat("cannot copy the schemas: ", error.message()));
  return absl::OkStatus();
}

struct SampledRecord {
  int64_t entity;
  Record record;
};

}  // namespace

bool InEntitySample(int64_t entity, double rate) {
  return static_cast<double>(HashInt64(entity)) < rate * kTwoTo64;
}

StatusOr<SampleSummary> SampleStore(const SampleOptions& options) {
  if (!(options.rate > 0 && options.rate <= 1)) {
    return absl::InvalidArgumentError(StrCat("--rate ", options.rate, " is not in (0, 1]"));
  }
  HS_ASSIGN_OR_RETURN(store::OpenedStore opened, store::OpenStore(options.store));
  HS_ASSIGN_OR_RETURN(const auto latest, store::ReadLatestSnapshot(options.store));
  HS_RETURN_IF_ERROR(CopyStoreSetup(options.store, options.out));
  SampleSummary summary;
  store::Snapshot snapshot;
  snapshot.id = 1;
  snapshot.committed_at_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
  snapshot.operation = "sample";
  if (!latest.has_value()) {
    HS_RETURN_IF_ERROR(store::CommitSnapshot(options.out, snapshot));
    return summary;
  }
  snapshot.context_columns = latest->context_columns;
  const std::string& entity_key = opened.config.entity_key;
  HS_ASSIGN_OR_RETURN(
      store::FactsTableSchema schema,
      store::FactsTableSchema::Build(entity_key, latest->context_columns, *opened.registry));
  std::map<int64_t, std::vector<const store::DataFile*>> hours;
  for (const store::DataFile& file : latest->files) hours[file.hour_start_us].push_back(&file);
  int sequence = 0;
  for (const auto& [hour, files] : hours) {
    std::vector<SampledRecord> kept;
    for (const store::DataFile* file : files) {
      HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(StrCat(
                                           store::FactsTableDir(options.store), "/", file->path)));
      parquet::ReadOptions read_options;
      read_options.verify_checksums = true;
      HS_ASSIGN_OR_RETURN(parquet::RecordBatch rows, reader->ReadAll(read_options));
      HS_ASSIGN_OR_RETURN(auto decoder, store::FactsRowDecoder::Make(reader->schema(), entity_key,
                                                                     *opened.registry));
      const auto entities = rows.columns[0].Values<int64_t>();
      summary.records_read += rows.num_rows;
      for (int64_t row = 0; row < rows.num_rows; ++row) {
        if (!InEntitySample(entities[row], options.rate)) continue;
        HS_ASSIGN_OR_RETURN(Record record, decoder->Decode(rows, row));
        kept.push_back({entities[row], std::move(record)});
      }
    }
    if (kept.empty()) continue;
    std::sort(kept.begin(), kept.end(), [](const SampledRecord& a, const SampledRecord& b) {
      if (a.entity != b.entity) return a.entity < b.entity;
      if (a.record.event_time_us() != b.record.event_time_us()) {
        return a.record.event_time_us() < b.record.event_time_us();
      }
      return a.record.record_id() < b.record.record_id();
    });
    store::FactsBatchBuilder builder(schema, *opened.registry);
    for (const SampledRecord& sampled : kept) {
      Status appended = builder.Append(sampled.record);
      if (!appended.ok()) {
        return absl::DataLossError(
            StrCat(store::PartitionPath(hour),
                   ": a stored record no longer fits the table: ", appended.message()));
      }
    }
    HS_ASSIGN_OR_RETURN(
        store::DataFile written,
        store::WriteFactsFile(options.out, schema, hour, store::DataFileName(1, sequence++),
                              builder.Finish(), /*threads=*/2));
    summary.records_written += written.records;
    ++summary.files_written;
    snapshot.files.push_back(std::move(written));
  }
  snapshot.records_added = summary.records_written;
  HS_RETURN_IF_ERROR(store::CommitSnapshot(options.out, snapshot));
  return summary;
}

}  // namespace hindsight::quality
