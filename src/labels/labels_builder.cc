#include "labels/labels_builder.h"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "labels/label_file.h"
#include "labels/table_columns.h"
#include "parquet/reader/file_reader.h"
#include "query/facts_table_reader.h"
#include "store/store_layout.h"
#include "store/table/facts_table_schema.h"
#include "util/str_cat.h"

namespace hindsight::labels {
namespace {

struct Event {
  int64_t entity, item, time;
  bool operator<(const Event& other) const {
    return std::tie(entity, item, time) < std::tie(other.entity, other.item, other.time);
  }
};

struct LoggedRecord {
  int64_t entity, ts;
  std::string record_id;
  std::vector<int64_t> items;
};

}  // namespace

StatusOr<LabelsSummary> BuildLabels(const LabelsRequest& request) {
  if (request.window_us <= 0) return absl::InvalidArgumentError("--window must be positive");
  if (!request.out_path.ends_with(".parquet") && !request.out_path.ends_with(".csv")) {
    return absl::InvalidArgumentError(
        StrCat("--out ", request.out_path, ": name it .parquet or .csv"));
  }
  query::FactsTableReaderOptions options;
  options.snapshot_id = request.snapshot_id;
  HS_ASSIGN_OR_RETURN(auto table, query::FactsTableReader::Open(request.store, options));
  if (!table->snapshot()) {
    return absl::InvalidArgumentError(
        StrCat(request.store, ": no snapshot yet (hindsight ingest writes the facts table)"));
  }
  const std::string entity_key = table->config().entity_key;
  HS_ASSIGN_OR_RETURN(TableColumns columns,
                      ReadTableColumns(request.events_path,
                                       {{entity_key, ColumnKind::kInteger, true},
                                        {request.item_column, ColumnKind::kInteger, true},
                                        {request.event_time_column, ColumnKind::kTime, true}}));
  std::vector<Event> events(columns.rows);
  int64_t last_event = INT64_MIN;
  for (size_t i = 0; i < columns.rows; ++i) {
    events[i] = {columns.integers[0][i], columns.integers[1][i], columns.integers[2][i]};
    last_event = std::max(last_event, events[i].time);
  }
  std::sort(events.begin(), events.end());

  LabelsSummary summary;
  summary.snapshot_id = table->snapshot()->id;
  summary.events = static_cast<int64_t>(events.size());
  summary.out_path = request.out_path;
  std::vector<LoggedRecord> records;
  const auto& files = table->snapshot()->files;
  parquet::ReadOptions read;
  read.columns = {entity_key, std::string(store::kTimeColumn), "record_id", "items"};
  for (size_t f = 0; f < files.size(); ++f) {
    const store::DataFile& file = files[f];
    if ((request.to_us && file.min_ts_us >= *request.to_us) ||
        (request.from_us && file.max_ts_us < *request.from_us)) {
      continue;
    }
    const std::string path = StrCat(store::FactsTableDir(request.store), "/", file.path);
    HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(path));
    HS_ASSIGN_OR_RETURN(parquet::RecordBatch batch, reader->ReadAll(read));
    const parquet::Column& entities = batch.columns[0];
    const parquet::Column& times = batch.columns[1];
    const parquet::Column& ids = batch.columns[2];
    const parquet::Column& items = batch.columns[3];
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      const int64_t ts = times.Values<int64_t>()[row];
      if ((request.from_us && ts < *request.from_us) || (request.to_us && ts >= *request.to_us)) {
        continue;
      }
      LoggedRecord record{entities.Values<int64_t>()[row], ts, std::string(ids.Binary(row)), {}};
      if (!items.IsNull(row)) {
        const auto values = items.children[0].Values<int64_t>();
        for (int64_t i = items.ChildBegin(row); i < items.ChildEnd(row); ++i) {
          record.items.push_back(values[static_cast<size_t>(i)]);
        }
      }
      records.push_back(std::move(record));
    }
    if (request.progress)
      request.progress(static_cast<int64_t>(f + 1), static_cast<int64_t>(files.size()));
  }
  std::sort(records.begin(), records.end(), [](const LoggedRecord& a, const LoggedRecord& b) {
    return std::tie(a.entity, a.ts, a.record_id) < std::tie(b.entity, b.ts, b.record_id);
  });

  LabelRows rows;
  rows.entity_column = entity_key;
  rows.item_column = request.item_column;
  rows.has_record_id = true;
  for (const LoggedRecord& record : records) {
    ++summary.records;
    if (record.ts + request.window_us > last_event) ++summary.open_windows;
    for (int64_t item : record.items) {
      auto it =
          std::lower_bound(events.begin(), events.end(), Event{record.entity, item, record.ts});
      const bool played = it != events.end() && it->entity == record.entity && it->item == item &&
                          it->time < record.ts + request.window_us;
      rows.record_id.push_back(record.record_id);
      rows.entity.push_back(record.entity);
      rows.ts_us.push_back(record.ts);
      rows.item.push_back(item);
      rows.label.push_back(played ? 1 : 0);
      summary.positives += played ? 1 : 0;
    }
  }
  summary.rows = static_cast<int64_t>(rows.size());
  HS_RETURN_IF_ERROR(WriteLabelFile(request.out_path, rows));
  return summary;
}

}  // namespace hindsight::labels
