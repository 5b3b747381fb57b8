#include "store/table/facts_file_writer.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "log/crc32c.h"
#include "parquet/writer/file_writer.h"
#include "quality/batch_profiler.h"
#include "quality/profile_file.h"
#include "store/store_layout.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

// Creates `dir` and any missing parents under `table_dir`, fsyncing the parent of each
// directory it creates so the new entries are durable.
Status CreateDurableDirectories(const std::filesystem::path& table_dir,
                                const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> missing;
  for (std::filesystem::path at = dir; !at.empty() && !std::filesystem::exists(at);
       at = at.parent_path()) {
    missing.push_back(at);
    if (at == table_dir) break;
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    return absl::UnavailableError(StrCat("cannot create ", dir.string(), ": ", error.message()));
  for (const auto& created : missing) {
    HS_RETURN_IF_ERROR(SyncPath(created.parent_path().string()));
  }
  return absl::OkStatus();
}

}  // namespace

parquet::WriterOptions FactsFileWriterOptions(const FactsTableSchema& schema, int threads) {
  parquet::WriterOptions options;
  options.codec = parquet::format::CompressionCodec::ZSTD;
  options.data_page_bytes = kFactsDataPageBytes;
  options.max_page_rows = kFactsMaxPageRows;
  options.threads = std::max(1, threads);
  parquet::ColumnOptions entity;
  entity.bloom_filter = parquet::BloomFilterOptions{kEntityBloomFalsePositiveRate, std::nullopt};
  options.columns[schema.entity_key()] = entity;
  // Record ids are unique: a dictionary only adds a page every point lookup must read.
  parquet::ColumnOptions record_id;
  record_id.dictionary = false;
  options.columns[std::string(kRecordIdColumn)] = record_id;
  options.sorting_columns = {
      {schema.entity_key()}, {std::string(kTimeColumn)}, {std::string(kRecordIdColumn)}};
  options.key_value_metadata.push_back({"hindsight.table", "facts"});
  return options;
}

std::string DataFileName(int64_t snapshot_id, int sequence) {
  char name[64];
  std::snprintf(name, sizeof(name), "part-%06lld-%04d.parquet", static_cast<long long>(snapshot_id),
                sequence);
  return name;
}

StatusOr<DataFile> WriteFactsFile(const std::string& store, const FactsTableSchema& schema,
                                  int64_t hour_start_us, const std::string& file_name,
                                  const parquet::RecordBatch& rows, int threads,
                                  FileProfile profile) {
  if (rows.num_rows <= 0 || rows.columns.size() < 2) {
    return absl::InvalidArgumentError(StrCat("no rows to write as ", file_name));
  }
  DataFile described;
  described.path = StrCat(PartitionPath(hour_start_us), "/", file_name);
  described.hour_start_us = hour_start_us;
  described.records = rows.num_rows;
  // Columns 0 and 1 are the entity and ts (facts_table_schema.h); rows are sorted by entity.
  const auto entities = rows.columns[0].Values<int64_t>();
  const auto times = rows.columns[1].Values<int64_t>();
  described.min_entity = entities.front();
  described.max_entity = entities.back();
  const auto [min_ts, max_ts] = std::minmax_element(times.begin(), times.end());
  described.min_ts_us = *min_ts;
  described.max_ts_us = *max_ts;
  if (HourStart(described.min_ts_us) != hour_start_us ||
      HourStart(described.max_ts_us) != hour_start_us) {
    return absl::InvalidArgumentError(
        StrCat("rows for ", described.path, " fall outside its hour"));
  }

  const std::filesystem::path table_dir(FactsTableDir(store));
  const std::filesystem::path path = table_dir / described.path;
  HS_RETURN_IF_ERROR(CreateDurableDirectories(table_dir, path.parent_path()));
  HS_ASSIGN_OR_RETURN(auto writer,
                      parquet::ParquetFileWriter::Create(path.string(), schema.schema(),
                                                         FactsFileWriterOptions(schema, threads)));
  HS_RETURN_IF_ERROR(writer->WriteBatch(rows));
  HS_RETURN_IF_ERROR(writer->Close());
  HS_RETURN_IF_ERROR(SyncPath(path.string()));
  HS_RETURN_IF_ERROR(SyncPath(path.parent_path().string()));
  HS_ASSIGN_OR_RETURN(const std::string written, ReadFileToString(path.string()));
  described.bytes = static_cast<int64_t>(written.size());
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x",
                log::Crc32c({reinterpret_cast<const uint8_t*>(written.data()), written.size()}));
  described.crc32c = crc;
  if (profile == FileProfile::kSkip) return described;
  // The file's profile, from the rows in memory (no second scan).
  HS_ASSIGN_OR_RETURN(quality::ProfileSet profiles, quality::ProfileBatch(schema.schema(), rows));
  quality::HourlyProfiles by_hour;
  by_hour.emplace(hour_start_us, std::move(profiles));
  HS_RETURN_IF_ERROR(quality::WriteProfileFile(ProfileFilePath(store, described.path), by_hour));
  return described;
}

}  // namespace hindsight::store
