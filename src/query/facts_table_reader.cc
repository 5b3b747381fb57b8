#include "query/facts_table_reader.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>

#include "parquet/reader/file_reader.h"
#include "query/data_file_cache.h"
#include "query/open_data_file.h"
#include "query/query_errors_internal.h"
#include "store/store_layout.h"
#include "store/store_setup.h"
#include "store/table/facts_table_schema.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::query {
namespace {

// Files the cache may keep open: as asked, but at most half of the process's descriptor
// limit (a month of hour partitions is over 700 files; re-opening them per lookup would
// re-read every footer and bloom filter).
size_t OpenFileLimit(size_t wanted) {
  struct rlimit limit;
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return wanted;
  return std::max<size_t>(16, std::min<size_t>(wanted, limit.rlim_cur / 2));
}

// The row that holds the latest value of one fact type so far.
struct Candidate {
  bool found = false;
  int64_t ts = 0;
  std::string record_id;
  Record record;
};

// Whether a row at (ts, record_id) comes after `best` in as-of order.
bool Beats(int64_t ts, std::string_view record_id, const Candidate& best) {
  return !best.found || ts > best.ts || (ts == best.ts && record_id > best.record_id);
}

// `full`'s envelope with only its facts of `fact_type`.
Record OnlyFactsOf(const Record& full, const std::string& fact_type) {
  Record record;
  record.set_record_id(full.record_id());
  record.set_app(full.app());
  record.set_event_time_us(full.event_time_us());
  *record.mutable_context() = full.context();
  for (const Fact& fact : full.facts()) {
    if (fact.type() == fact_type) *record.add_facts() = fact;
  }
  return record;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) {
    if (!joined.empty()) joined.append(", ");
    joined.append(name);
  }
  return joined;
}

}  // namespace

// The files of one event hour.
struct FactsTableReader::Partition {
  int64_t hour_start_us = 0;
  std::vector<const store::DataFile*> files;  // into snapshot_
};

struct FactsTableReader::Shared {
  store::OpenedStore opened;
  std::string table_dir;
  std::vector<Partition> partitions;  // by hour, oldest first
  std::unique_ptr<DataFileCache> cache;

  mutable std::mutex stats_mutex;
  FactsReadStats lookup_stats;  // the counters lookups keep; the Parquet ones are the cache's
};

// One as-of lookup: the best row per requested type, and what reading it took.
class FactsTableReader::Lookup {
 public:
  Lookup(const Shared& shared, const AsOfRequest& request, const std::vector<std::string>& types)
      : shared_(shared),
        entity_(request.entity),
        as_of_us_(request.as_of_us),
        entity_hash_(EntityBloomHash(request.entity)),
        types_(types),
        best_(types.size()) {
    stats_.lookups = 1;
  }

  // Walks the partitions at or before as-of, newest first, until every type is found.
  Status Run() {
    std::vector<size_t> pending(types_.size());
    for (size_t i = 0; i < pending.size(); ++i) pending[i] = i;
    const auto& partitions = shared_.partitions;
    auto end = std::upper_bound(
        partitions.begin(), partitions.end(), as_of_us_,
        [](int64_t time, const Partition& partition) { return time < partition.hour_start_us; });
    for (auto it = end; it != partitions.begin() && !pending.empty();) {
      --it;
      ++stats_.partitions_considered;
      std::vector<std::string> pending_types;
      for (size_t index : pending) pending_types.push_back(types_[index]);
      for (const store::DataFile* file : it->files) {
        HS_RETURN_IF_ERROR(SearchFile(*file, pending, pending_types));
      }
      // Rows of older partitions are older than every row of this one: what it holds is final.
      pending.erase(std::remove_if(pending.begin(), pending.end(),
                                   [this](size_t index) { return best_[index].found; }),
                    pending.end());
    }
    return absl::OkStatus();
  }

  std::vector<Candidate>& best() { return best_; }
  const FactsReadStats& stats() const { return stats_; }

 private:
  Status SearchFile(const store::DataFile& file, const std::vector<size_t>& pending,
                    const std::vector<std::string>& pending_types) {
    ++stats_.files_considered;
    if (entity_ < file.min_entity || entity_ > file.max_entity || file.min_ts_us > as_of_us_) {
      ++stats_.files_pruned_by_range;
      return absl::OkStatus();
    }
    const std::string path = StrCat(shared_.table_dir, "/", file.path);
    HS_ASSIGN_OR_RETURN(DataFileCache::Entry entry, shared_.cache->Get(path));
    if (entry.opened) ++stats_.files_opened;
    const OpenDataFile& data = *entry.file;
    HS_ASSIGN_OR_RETURN(std::shared_ptr<const LookupProjection> projection,
                        data.Projection(pending_types, *shared_.opened.registry));
    if (projection->facts_column < 0) {
      ++stats_.files_pruned_by_schema;
      return absl::OkStatus();
    }
    std::vector<int> row_groups;
    for (int g = 0; g < data.num_row_groups(); ++g) {
      if (data.MightHoldEntity(g, entity_hash_)) {
        row_groups.push_back(g);
      } else {
        ++stats_.row_groups_pruned_by_bloom;
      }
    }
    if (row_groups.empty()) {
      ++stats_.files_pruned_by_bloom;
      return absl::OkStatus();
    }
    ++stats_.files_read;
    parquet::ReadOptions options = projection->options;
    options.filter = {
        parquet::ColumnRange{shared_.opened.config.entity_key, entity_, entity_},
        parquet::ColumnRange{std::string(store::kTimeColumn), std::nullopt, as_of_us_}};
    for (int g : row_groups) {
      HS_ASSIGN_OR_RETURN(parquet::RecordBatch batch, data.reader().ReadRowGroup(g, options));
      HS_RETURN_IF_ERROR(WithContext(ScanBatch(batch, *projection, pending),
                                     StrCat(data.reader().name(), ": row group ", g)));
    }
    return absl::OkStatus();
  }

  // Updates best_ for the pending types (pending[k] is the type the projection's k-th
  // fact child stands for) from the rows of `batch` that are the entity's at or before as-of.
  Status ScanBatch(const parquet::RecordBatch& batch, const LookupProjection& projection,
                   const std::vector<size_t>& pending) {
    stats_.rows_scanned += batch.num_rows;
    const ProjectedBatch view(batch, projection);
    const auto& time_values = view.time_values;
    const parquet::Column& ids = view.ids;
    std::vector<int64_t> best_row(pending.size(), -1);
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      if (!view.KeysPresent(row) || view.entity_values[row] != entity_ ||
          time_values[row] > as_of_us_) {
        continue;
      }
      for (size_t k = 0; k < pending.size(); ++k) {
        if (!view.HasFact(row, k)) continue;
        const int64_t best = best_row[k];
        if (best < 0 || time_values[row] > time_values[best] ||
            (time_values[row] == time_values[best] && ids.Binary(row) > ids.Binary(best))) {
          best_row[k] = row;
        }
      }
    }
    std::map<int64_t, Record> decoded;
    for (size_t k = 0; k < pending.size(); ++k) {
      const int64_t row = best_row[k];
      if (row < 0) continue;
      Candidate& candidate = best_[pending[k]];
      if (!Beats(time_values[row], ids.Binary(row), candidate)) continue;
      auto it = decoded.find(row);
      if (it == decoded.end()) {
        HS_ASSIGN_OR_RETURN(Record record, projection.decoder->Decode(batch, row));
        ++stats_.records_decoded;
        it = decoded.emplace(row, std::move(record)).first;
      }
      candidate.found = true;
      candidate.ts = time_values[row];
      candidate.record_id = std::string(ids.Binary(row));
      candidate.record = OnlyFactsOf(it->second, types_[pending[k]]);
    }
    return absl::OkStatus();
  }

  const Shared& shared_;
  const int64_t entity_;
  const int64_t as_of_us_;
  const uint64_t entity_hash_;
  const std::vector<std::string>& types_;
  std::vector<Candidate> best_;
  FactsReadStats stats_;
};

FactsTableReader::~FactsTableReader() = default;

StatusOr<std::unique_ptr<FactsTableReader>> FactsTableReader::Open(
    const std::string& store, const FactsTableReaderOptions& options) {
  std::unique_ptr<FactsTableReader> reader(new FactsTableReader());
  reader->store_ = store;
  reader->shared_ = std::make_unique<Shared>();
  Shared& shared = *reader->shared_;
  HS_ASSIGN_OR_RETURN(shared.opened, store::OpenStore(store));
  if (options.snapshot_id.has_value()) {
    HS_ASSIGN_OR_RETURN(store::Snapshot snapshot, store::ReadSnapshot(store, *options.snapshot_id));
    reader->snapshot_ = std::move(snapshot);
  } else {
    HS_ASSIGN_OR_RETURN(reader->snapshot_, store::ReadLatestSnapshot(store));
  }
  for (const auto& [fact_type, message] : shared.opened.config.fact_types) {
    reader->fact_types_.push_back(fact_type);
  }
  shared.table_dir = store::FactsTableDir(store);
  shared.cache = std::make_unique<DataFileCache>(shared.opened.config.entity_key,
                                                 OpenFileLimit(options.max_open_files),
                                                 options.max_open_file_bytes);
  if (!reader->snapshot_.has_value()) return reader;

  // Lookups stop at the first partition holding a type: that needs every file's rows to
  // lie in its hour, which the snapshot's ranges must confirm.
  std::map<int64_t, Partition> by_hour;
  for (const store::DataFile& file : reader->snapshot_->files) {
    if (file.min_ts_us < file.hour_start_us ||
        file.max_ts_us >= file.hour_start_us + kMicrosPerHour) {
      return absl::DataLossError(StrCat("snapshot ", reader->snapshot_->id, ": file ", file.path,
                                        " has event times outside its hour partition ",
                                        FormatTimeMicros(file.hour_start_us)));
    }
    Partition& partition = by_hour[file.hour_start_us];
    partition.hour_start_us = file.hour_start_us;
    partition.files.push_back(&file);
  }
  for (auto& [hour, partition] : by_hour) shared.partitions.push_back(std::move(partition));
  return reader;
}

const store::StoreConfig& FactsTableReader::config() const { return shared_->opened.config; }

const store::FactSchemaRegistry& FactsTableReader::registry() const {
  return *shared_->opened.registry;
}

StatusOr<std::vector<std::string>> FactsTableReader::ResolveFactTypes(
    const std::vector<std::string>& requested) const {
  if (requested.empty()) return fact_types_;
  std::set<std::string_view> seen;
  for (const std::string& type : requested) {
    if (!std::binary_search(fact_types_.begin(), fact_types_.end(), type)) {
      return absl::InvalidArgumentError(StrCat("unknown fact type '", type, "' (", store_,
                                               " has: ", JoinNames(fact_types_), ")"));
    }
    if (!seen.insert(type).second) {
      return absl::InvalidArgumentError(StrCat("fact type '", type, "' is asked for twice"));
    }
  }
  return requested;
}

StatusOr<AsOfAnswer> FactsTableReader::LookupAsOf(const AsOfRequest& request) const {
  HS_ASSIGN_OR_RETURN(const std::vector<std::string> types, ResolveFactTypes(request.fact_types));
  AsOfAnswer answer;
  answer.entity = request.entity;
  answer.as_of_us = request.as_of_us;
  if (snapshot_.has_value()) answer.snapshot_id = snapshot_->id;
  Lookup lookup(*shared_, request, types);
  HS_RETURN_IF_ERROR(lookup.Run());
  for (size_t i = 0; i < types.size(); ++i) {
    Candidate& best = lookup.best()[i];
    AsOfFact& fact = answer.facts.emplace_back();
    fact.fact_type = types[i];
    if (best.found) fact.record = std::move(best.record);
  }
  std::lock_guard<std::mutex> lock(shared_->stats_mutex);
  shared_->lookup_stats += lookup.stats();
  return answer;
}

StatusOr<std::vector<AsOfAnswer>> FactsTableReader::LookupAsOfBatch(
    const std::vector<AsOfRequest>& requests, int threads) const {
  std::vector<StatusOr<AsOfAnswer>> results(requests.size(), absl::UnknownError("not looked up"));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < requests.size(); i = next++) results[i] = LookupAsOf(requests[i]);
  };
  const size_t workers =
      std::min<size_t>(static_cast<size_t>(std::max(threads, 1)), requests.size());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  std::vector<AsOfAnswer> answers;
  answers.reserve(requests.size());
  for (StatusOr<AsOfAnswer>& result : results) {
    if (!result.ok()) return result.status();
    answers.push_back(std::move(*result));
  }
  return answers;
}

FactsReadStats FactsTableReader::stats() const {
  FactsReadStats stats;
  {
    std::lock_guard<std::mutex> lock(shared_->stats_mutex);
    stats = shared_->lookup_stats;
  }
  const parquet::ReadStats parquet = shared_->cache->read_stats();
  stats.row_groups_read = parquet.row_groups_read;
  stats.row_groups_skipped = parquet.row_groups_skipped;
  stats.pages_read = parquet.pages_read;
  stats.pages_skipped = parquet.pages_skipped;
  stats.bytes_read = parquet.bytes_read;
  return stats;
}

}  // namespace hindsight::query
