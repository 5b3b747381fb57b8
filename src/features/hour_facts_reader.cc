#include "features/hour_facts_reader.h"

#include <algorithm>

#include "query/open_data_file.h"
#include "store/store_layout.h"
#include "store/table/facts_table_schema.h"
#include "util/str_cat.h"

namespace hindsight::features {
namespace {

// (ts, record_id) order: the later row wins; ties by the greater record id (SYSTEM.md §3).
bool Later(int64_t ts, std::string_view id, const Record& than) {
  return ts > than.event_time_us() || (ts == than.event_time_us() && id > than.record_id());
}

bool RecordLater(const std::shared_ptr<const Record>& a, const std::shared_ptr<const Record>& b) {
  if (a == nullptr) return false;
  if (b == nullptr) return true;
  return Later(a->event_time_us(), a->record_id(), *b);
}

}  // namespace

void HourReadStats::Add(const HourReadStats& other) {
  files_read += other.files_read;
  rows_scanned += other.rows_scanned;
  records_decoded += other.records_decoded;
  earlier_lookups += other.earlier_lookups;
  records_not_found += other.records_not_found;
}

// The work of one Read: the hour's groups by entity, and what the scan found so far.
class HourFactsReader::HourScan {
 public:
  HourScan(const HourFactsReader& reader, const HourOfGroups& hour,
           const std::vector<LabelGroup>& groups, std::vector<GroupRecords>& out,
           HourReadStats& stats)
      : reader_(reader), hour_(hour), groups_(groups), out_(out), stats_(stats) {
    const size_t types = reader.plan_.fact_types().size();
    out_.assign(hour.end - hour.begin, GroupRecords{});
    for (GroupRecords& records : out_) records.by_type.assign(types, nullptr);
    for (size_t g = hour.begin; g < hour.end; ++g) by_entity_.push_back(g);
    std::sort(by_entity_.begin(), by_entity_.end(), [&](size_t a, size_t b) {
      if (groups[a].entity != groups[b].entity) return groups[a].entity < groups[b].entity;
      return a < b;
    });
    min_entity_ = groups[by_entity_.front()].entity;
    max_entity_ = groups[by_entity_.back()].entity;
    for (size_t g = hour.begin; g < hour.end; ++g) {
      max_time_ = std::max(max_time_, groups[g].as_of_us);
    }
  }

  Status ScanHour() {
    auto it = reader_.files_by_hour_.find(hour_.hour_start_us);
    if (it == reader_.files_by_hour_.end()) return absl::OkStatus();
    for (const store::DataFile* file : it->second) {
      if (file->max_entity < min_entity_ || file->min_entity > max_entity_ ||
          file->min_ts_us > max_time_) {
        continue;
      }
      HS_RETURN_IF_ERROR(ScanFile(*file));
    }
    return absl::OkStatus();
  }

  // As-of: what the hour did not hold, from earlier hours, within max_age.
  Status LookBack() {
    const FeaturePlan& plan = reader_.plan_;
    const int64_t before_hour = hour_.hour_start_us - 1;
    std::map<int64_t, query::AsOfAnswer> answers;  // by entity: shared by its groups
    for (size_t g = hour_.begin; g < hour_.end; ++g) {
      const LabelGroup& group = groups_[g];
      GroupRecords& records = out_[g - hour_.begin];
      std::vector<std::string> pending;
      for (size_t k = 0; k < plan.fact_types().size(); ++k) {
        const auto& max_age = plan.max_age_us()[k];
        if (records.by_type[k] != nullptr) continue;
        if (max_age && before_hour < group.as_of_us - *max_age) continue;
        pending.push_back(plan.fact_types()[k]);
      }
      const bool needs_context =
          plan.reads_context() && plan.fact_types().empty() && records.context == nullptr;
      if (pending.empty() && !needs_context) continue;
      auto found = answers.find(group.entity);
      if (found == answers.end() || !Covers(found->second, pending)) {
        query::AsOfRequest request{group.entity, before_hour, pending};
        if (needs_context) request.fact_types = reader_.projected_types_;
        HS_ASSIGN_OR_RETURN(query::AsOfAnswer answer, reader_.table_.LookupAsOf(request));
        ++stats_.earlier_lookups;
        found = answers.insert_or_assign(group.entity, std::move(answer)).first;
      }
      for (const query::AsOfFact& fact : found->second.facts) {
        if (!fact.record) continue;
        auto record = std::make_shared<const Record>(*fact.record);
        for (size_t k = 0; k < plan.fact_types().size(); ++k) {
          if (plan.fact_types()[k] == fact.fact_type && records.by_type[k] == nullptr) {
            records.by_type[k] = record;
          }
        }
        if (RecordLater(record, records.context)) records.context = record;
      }
    }
    return absl::OkStatus();
  }

  // As-of: drops values older than their type's max_age; picks the context record.
  void ApplyMaxAge() {
    const FeaturePlan& plan = reader_.plan_;
    for (size_t g = hour_.begin; g < hour_.end; ++g) {
      GroupRecords& records = out_[g - hour_.begin];
      for (size_t k = 0; k < plan.fact_types().size(); ++k) {
        const auto& max_age = plan.max_age_us()[k];
        const auto& record = records.by_type[k];
        if (record != nullptr && max_age &&
            record->event_time_us() < groups_[g].as_of_us - *max_age) {
          records.by_type[k] = nullptr;
        }
      }
    }
  }

 private:
  static bool Covers(const query::AsOfAnswer& answer, const std::vector<std::string>& types) {
    for (const std::string& type : types) {
      bool asked = false;
      for (const query::AsOfFact& fact : answer.facts) asked = asked || fact.fact_type == type;
      if (!asked) return false;
    }
    return true;
  }

  Status ScanFile(const store::DataFile& file) {
    const std::string path = StrCat(store::FactsTableDir(reader_.table_.store()), "/", file.path);
    HS_ASSIGN_OR_RETURN(std::unique_ptr<query::OpenDataFile> data,
                        query::OpenDataFile::Open(path, reader_.table_.config().entity_key));
    HS_ASSIGN_OR_RETURN(std::shared_ptr<const query::LookupProjection> projection,
                        data->Projection(reader_.projected_types_, reader_.table_.registry()));
    if (projection->facts_column < 0) return absl::OkStatus();
    ++stats_.files_read;
    parquet::ReadOptions options = projection->options;
    const int64_t min_time = reader_.exact_ ? groups_[hour_.begin].as_of_us : INT64_MIN;
    options.filter = {
        parquet::ColumnRange{reader_.table_.config().entity_key, min_entity_, max_entity_},
        parquet::ColumnRange{
            std::string(store::kTimeColumn),
            min_time == INT64_MIN ? std::nullopt : std::optional<parquet::ScalarValue>(min_time),
            max_time_}};
    for (int g = 0; g < data->num_row_groups(); ++g) {
      HS_ASSIGN_OR_RETURN(parquet::RecordBatch batch, data->reader().ReadRowGroup(g, options));
      HS_RETURN_IF_ERROR(WithContext(ScanBatch(batch, *projection),
                                     StrCat(data->reader().name(), ": row group ", g)));
    }
    return absl::OkStatus();
  }

  static Status WithContext(Status status, const std::string& where) {
    if (status.ok()) return status;
    return Status(status.code(), StrCat(where, ": ", status.message()));
  }

  // The row's decoded record, decoding it on first use within the batch.
  StatusOr<std::shared_ptr<const Record>> Decoded(const parquet::RecordBatch& batch,
                                                  const query::LookupProjection& projection,
                                                  int64_t row) {
    auto it = decoded_.find(row);
    if (it != decoded_.end()) return it->second;
    HS_ASSIGN_OR_RETURN(Record record, projection.decoder->Decode(batch, row));
    ++stats_.records_decoded;
    auto shared = std::make_shared<const Record>(std::move(record));
    decoded_.emplace(row, shared);
    return shared;
  }

  Status ScanBatch(const parquet::RecordBatch& batch, const query::LookupProjection& projection) {
    stats_.rows_scanned += batch.num_rows;
    decoded_.clear();
    const FeaturePlan& plan = reader_.plan_;
    const query::ProjectedBatch view(batch, projection);
    const parquet::Column& ids = view.ids;
    const auto& entity_values = view.entity_values;
    const auto& time_values = view.time_values;
    auto has_type = [&](int64_t row, size_t k) { return view.HasFact(row, k); };
    // As-of: per group (offset in the hour) and type, the best row of this batch.
    std::map<std::pair<size_t, size_t>, int64_t> best_rows;
    std::map<size_t, int64_t> best_context_rows;
    auto beats = [&](int64_t row, int64_t best) {
      return best < 0 || time_values[row] > time_values[best] ||
             (time_values[row] == time_values[best] && ids.Binary(row) > ids.Binary(best));
    };
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      if (!view.KeysPresent(row)) continue;
      const int64_t entity = entity_values[row];
      const int64_t ts = time_values[row];
      auto first =
          std::lower_bound(by_entity_.begin(), by_entity_.end(), entity,
                           [&](size_t g, int64_t value) { return groups_[g].entity < value; });
      for (auto it = first; it != by_entity_.end() && groups_[*it].entity == entity; ++it) {
        const LabelGroup& group = groups_[*it];
        const size_t offset = *it - hour_.begin;
        if (reader_.exact_) {
          if (ts != group.as_of_us || ids.Binary(row) != group.record_id) continue;
          HS_ASSIGN_OR_RETURN(std::shared_ptr<const Record> record,
                              Decoded(batch, projection, row));
          GroupRecords& records = out_[offset];
          for (size_t k = 0; k < plan.fact_types().size(); ++k) {
            if (has_type(row, k)) records.by_type[k] = record;
          }
          records.context = record;
          continue;
        }
        if (ts > group.as_of_us) continue;
        bool any = plan.fact_types().empty();
        for (size_t k = 0; k < plan.fact_types().size(); ++k) {
          if (!has_type(row, k)) continue;
          any = true;
          auto [slot, inserted] = best_rows.try_emplace({offset, k}, row);
          if (!inserted && beats(row, slot->second)) slot->second = row;
        }
        if (any) {
          auto [slot, inserted] = best_context_rows.try_emplace(offset, row);
          if (!inserted && beats(row, slot->second)) slot->second = row;
        }
      }
    }
    for (const auto& [key, row] : best_rows) {
      GroupRecords& records = out_[key.first];
      auto& current = records.by_type[key.second];
      if (current != nullptr && !Later(time_values[row], ids.Binary(row), *current)) continue;
      HS_ASSIGN_OR_RETURN(current, Decoded(batch, projection, row));
    }
    for (const auto& [offset, row] : best_context_rows) {
      GroupRecords& records = out_[offset];
      if (records.context != nullptr &&
          !Later(time_values[row], ids.Binary(row), *records.context)) {
        continue;
      }
      HS_ASSIGN_OR_RETURN(records.context, Decoded(batch, projection, row));
    }
    return absl::OkStatus();
  }

  const HourFactsReader& reader_;
  const HourOfGroups& hour_;
  const std::vector<LabelGroup>& groups_;
  std::vector<GroupRecords>& out_;
  HourReadStats& stats_;
  std::vector<size_t> by_entity_;  // the hour's groups by (entity, position)
  int64_t min_entity_ = 0;
  int64_t max_entity_ = 0;
  int64_t max_time_ = INT64_MIN;
  std::map<int64_t, std::shared_ptr<const Record>> decoded_;  // rows of the current batch
};

HourFactsReader::HourFactsReader(const query::FactsTableReader& table, const FeaturePlan& plan,
                                 bool exact)
    : table_(table), plan_(plan), exact_(exact) {
  projected_types_ = plan.fact_types();
  if (projected_types_.empty()) projected_types_ = table.fact_types();
  if (table.snapshot()) {
    for (const store::DataFile& file : table.snapshot()->files) {
      files_by_hour_[file.hour_start_us].push_back(&file);
    }
  }
}

Status HourFactsReader::Read(const HourOfGroups& hour, const std::vector<LabelGroup>& groups,
                             std::vector<GroupRecords>& out, HourReadStats& stats) const {
  HourScan scan(*this, hour, groups, out, stats);
  HS_RETURN_IF_ERROR(scan.ScanHour());
  if (exact_) {
    for (const GroupRecords& records : out) {
      if (records.context == nullptr) ++stats.records_not_found;
    }
    return absl::OkStatus();
  }
  HS_RETURN_IF_ERROR(scan.LookBack());
  scan.ApplyMaxAge();
  return absl::OkStatus();
}

}  // namespace hindsight::features
