#include "serve/materializer.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "dims/dimension_table.h"
#include "features/feature_computer.h"
#include "query/facts_table_reader.h"
#include "query/open_data_file.h"
#include "store/store_layout.h"
#include "store/table/facts_table_schema.h"
#include "util/str_cat.h"

namespace hindsight::serve {
namespace {

struct Latest {
  int64_t ts = 0;
  std::string record_id;
  std::string bytes;
  int64_t hour = 0;  // the partition it was found in
};

using LatestByKey = absl::flat_hash_map<std::pair<int64_t, int>, Latest>;

class PartitionScan {
 public:
  PartitionScan(const query::FactsTableReader& table, const MaterializeOptions& options,
                LatestByKey& latest, MaterializeSummary& summary)
      : table_(table), options_(options), latest_(latest), summary_(summary) {}

  Status ScanFile(const store::DataFile& file, int64_t hour) {
    const std::string path = StrCat(store::FactsTableDir(table_.store()), "/", file.path);
    HS_ASSIGN_OR_RETURN(std::unique_ptr<query::OpenDataFile> data,
                        query::OpenDataFile::Open(path, table_.config().entity_key));
    HS_ASSIGN_OR_RETURN(std::shared_ptr<const query::LookupProjection> projection,
                        data->Projection(table_.fact_types(), table_.registry()));
    ++summary_.files;
    if (projection->facts_column < 0) return absl::OkStatus();
    parquet::ReadOptions read = projection->options;
    read.filter.push_back(parquet::ColumnRange{
        std::string(store::kTimeColumn),
        options_.since_us ? std::optional<parquet::ScalarValue>(*options_.since_us) : std::nullopt,
        options_.until_us ? std::optional<parquet::ScalarValue>(*options_.until_us)
                          : std::nullopt});
    for (int g = 0; g < data->num_row_groups(); ++g) {
      HS_ASSIGN_OR_RETURN(parquet::RecordBatch batch, data->reader().ReadRowGroup(g, read));
      Status status = ScanBatch(batch, *projection, hour);
      if (!status.ok()) {
        return Status(status.code(),
                      StrCat(data->reader().name(), ": row group ", g, ": ", status.message()));
      }
    }
    return absl::OkStatus();
  }

 private:
  Status ScanBatch(const parquet::RecordBatch& batch, const query::LookupProjection& projection,
                   int64_t hour) {
    summary_.rows_scanned += batch.num_rows;
    const query::ProjectedBatch view(batch, projection);
    const std::vector<std::string>& types = table_.fact_types();
    // The best row of this batch per (entity, type) that a newer partition did not fill.
    std::map<std::pair<int64_t, int>, int64_t> best;
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      if (!view.KeysPresent(row)) continue;
      const int64_t ts = view.time_values[row];
      if ((options_.since_us && ts < *options_.since_us) ||
          (options_.until_us && ts > *options_.until_us)) {
        continue;
      }
      for (size_t k = 0; k < types.size(); ++k) {
        if (!view.HasFact(row, k)) continue;
        const std::pair<int64_t, int> key{view.entity_values[row], static_cast<int>(k)};
        auto known = latest_.find(key);
        if (known != latest_.end() && known->second.hour > hour) continue;
        if (known != latest_.end() && !Beats(ts, view.ids.Binary(row), known->second)) continue;
        auto [slot, inserted] = best.try_emplace(key, row);
        if (!inserted && (ts > view.time_values[slot->second] ||
                          (ts == view.time_values[slot->second] &&
                           view.ids.Binary(row) > view.ids.Binary(slot->second)))) {
          slot->second = row;
        }
      }
    }
    std::map<int64_t, Record> decoded;
    for (const auto& [key, row] : best) {
      auto it = decoded.find(row);
      if (it == decoded.end()) {
        HS_ASSIGN_OR_RETURN(Record record, projection.decoder->Decode(batch, row));
        it = decoded.emplace(row, std::move(record)).first;
      }
      const Record& record = it->second;
      const auto bytes = features::FirstFactBytes(&record, types[static_cast<size_t>(key.second)]);
      if (!bytes) continue;
      Latest& slot = latest_[key];
      slot.ts = record.event_time_us();
      slot.record_id = record.record_id();
      slot.bytes = std::string(*bytes);
      slot.hour = hour;
    }
    return absl::OkStatus();
  }

  static bool Beats(int64_t ts, std::string_view id, const Latest& than) {
    return ts > than.ts || (ts == than.ts && id > than.record_id);
  }

  const query::FactsTableReader& table_;
  const MaterializeOptions& options_;
  LatestByKey& latest_;
  MaterializeSummary& summary_;
};

}  // namespace

StatusOr<MaterializeSummary> Materialize(const MaterializeOptions& options, OnlineStore& online) {
  const auto started = std::chrono::steady_clock::now();
  if (options.since_us && options.until_us && *options.since_us > *options.until_us) {
    return absl::InvalidArgumentError("--since is after --until");
  }
  query::FactsTableReaderOptions reader_options;
  reader_options.snapshot_id = options.snapshot_id;
  HS_ASSIGN_OR_RETURN(std::unique_ptr<query::FactsTableReader> table,
                      query::FactsTableReader::Open(options.store, reader_options));
  MaterializeSummary summary;
  LatestByKey latest;
  if (table->snapshot()) {
    summary.snapshot_id = table->snapshot()->id;
    const std::set<std::string> only(options.only_files.begin(), options.only_files.end());
    std::map<int64_t, std::vector<const store::DataFile*>, std::greater<>> by_hour;
    constexpr int64_t kHourUs = int64_t{3600} * 1000000;
    for (const store::DataFile& file : table->snapshot()->files) {
      if (!only.empty() && !only.contains(file.path)) continue;
      if (options.since_us && file.max_ts_us < *options.since_us) continue;
      if (options.until_us && file.min_ts_us > *options.until_us) continue;
      if (options.since_us && file.hour_start_us + kHourUs <= *options.since_us) continue;
      by_hour[file.hour_start_us].push_back(&file);
    }
    PartitionScan scan(*table, options, latest, summary);
    for (const auto& [hour, files] : by_hour) {
      for (const store::DataFile* file : files) HS_RETURN_IF_ERROR(scan.ScanFile(*file, hour));
      ++summary.partitions;
      if (options.progress) {
        options.progress(summary.partitions, static_cast<int64_t>(by_hour.size()));
      }
    }
  }

  std::vector<OnlineFactWrite> writes;
  writes.reserve(std::min<size_t>(latest.size(), OnlineStore::kUpsertBatch * 16));
  std::set<int64_t> entities;
  auto flush = [&]() -> Status {
    HS_ASSIGN_OR_RETURN(UpsertCounts counts, online.Upsert(writes));
    summary.facts_written += counts.written;
    summary.facts_stale += counts.stale;
    writes.clear();
    return absl::OkStatus();
  };
  for (auto& [key, value] : latest) {
    entities.insert(key.first);
    writes.push_back({key.first, table->fact_types()[static_cast<size_t>(key.second)],
                      OnlineFact{value.ts, std::move(value.record_id), std::move(value.bytes)}});
    if (writes.size() >= OnlineStore::kUpsertBatch * 16) HS_RETURN_IF_ERROR(flush());
  }
  HS_RETURN_IF_ERROR(flush());
  summary.entities = static_cast<int64_t>(entities.size());

  HS_ASSIGN_OR_RETURN(std::vector<std::string> names, dims::ListDimensions(options.store));
  std::map<std::string, std::string> files;
  for (const std::string& name : names) {
    HS_ASSIGN_OR_RETURN(std::string path, dims::CurrentDimensionFile(options.store, name));
    files[name] = std::filesystem::path(path).filename().string();
    summary.dimensions.push_back(StrCat(name, "=", files[name]));
  }
  HS_RETURN_IF_ERROR(online.SetDimensionFiles(files));
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace hindsight::serve
