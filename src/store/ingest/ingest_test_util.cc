#include "store/ingest/ingest_test_util.h"

#include <filesystem>
#include <tuple>

#include "log/fact_logger.h"
#include "parquet/reader/file_reader.h"
#include "store/store_layout.h"
#include "store/store_test_util.h"
#include "store/table/facts_row_decoder.h"
#include "util/str_cat.h"

namespace hindsight::store::testing {

Status CreateClockStore(const std::string& dir, int dedupe_window_minutes) {
  const std::string proto = dir + ".clock.proto";
  WriteTextFile(proto, kClockProto);
  InitStoreRequest request;
  request.store = dir;
  request.schema_files = {proto};
  request.entity_key = "profile_id";
  HS_RETURN_IF_ERROR(InitStore(request).status());
  HS_ASSIGN_OR_RETURN(StoreConfig config, ReadStoreConfig(dir));
  config.dedupe_window_minutes = dedupe_window_minutes;
  return WriteStoreConfig(dir, config);
}

Record MakeClockRecord(const OpenedStore& store, const std::string& record_id, int64_t entity,
                       int64_t ts_us, int tag_values) {
  Record record;
  record.set_record_id(record_id);
  record.set_app(entity % 3 == 0 ? "search" : "homepage");
  record.set_event_time_us(ts_us);
  ContextValue* key = record.add_context();
  key->set_key("profile_id");
  key->set_int_value(entity);
  ContextValue* country = record.add_context();
  country->set_key("country");
  country->set_string_value(entity % 2 == 0 ? "US" : "BR");
  ContextValue* device = record.add_context();
  device->set_key("device");
  device->set_string_value("tv");

  std::unique_ptr<google::protobuf::Message> clock(store.registry->Prototype("clock")->New());
  const auto* descriptor = clock->GetDescriptor();
  const auto* reflection = clock->GetReflection();
  reflection->SetInt64(clock.get(), descriptor->FindFieldByName("at_us"), ts_us);
  reflection->SetString(clock.get(), descriptor->FindFieldByName("record_id"), record_id);
  reflection->SetInt64(clock.get(), descriptor->FindFieldByName("entity"), entity);
  Fact* clock_fact = record.add_facts();
  clock_fact->set_type("clock");
  clock->SerializeToString(clock_fact->mutable_value());

  for (int i = 0; i < tag_values; ++i) {
    std::unique_ptr<google::protobuf::Message> tags(store.registry->Prototype("tags")->New());
    const auto* tags_descriptor = tags->GetDescriptor();
    const auto* tags_reflection = tags->GetReflection();
    for (int j = 0; j <= i; ++j) {
      tags_reflection->AddString(tags.get(), tags_descriptor->FindFieldByName("tags"),
                                 StrCat(record_id, "/", i, "/", j));
    }
    tags_reflection->SetDouble(tags.get(), tags_descriptor->FindFieldByName("weight"), 0.5 * i);
    Fact* fact = record.add_facts();
    fact->set_type("tags");
    tags->SerializeToString(fact->mutable_value());
  }
  record.add_items(entity * 10);
  record.add_items(entity * 10 + 1);
  (*record.mutable_meta())["model"] = "ranker_v3";
  return record;
}

Status LogRecords(const std::string& store, std::vector<Record> records,
                  uint64_t max_segment_bytes) {
  log::LoggerOptions options;
  options.log_dir = LogDir(store);
  options.max_segment_bytes = max_segment_bytes;
  options.max_batch_records = 50;
  HS_ASSIGN_OR_RETURN(auto logger, log::FactLogger::Open(std::move(options)));
  for (Record& record : records) HS_RETURN_IF_ERROR(logger->Log(std::move(record)));
  return logger->Close();
}

StatusOr<std::vector<Record>> ReadTable(const std::string& store, const Snapshot& snapshot) {
  HS_ASSIGN_OR_RETURN(const OpenedStore opened, OpenStore(store));
  std::vector<Record> records;
  for (const DataFile& file : snapshot.files) {
    const std::string path = StrCat(FactsTableDir(store), "/", file.path);
    HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(path));
    parquet::ReadOptions options;
    options.verify_checksums = true;
    HS_ASSIGN_OR_RETURN(parquet::RecordBatch rows, reader->ReadAll(options));
    HS_ASSIGN_OR_RETURN(
        auto decoder,
        FactsRowDecoder::Make(reader->schema(), opened.config.entity_key, *opened.registry));
    if (rows.num_rows != file.records) {
      return absl::InternalError(
          StrCat(path, ": ", rows.num_rows, " rows, snapshot says ", file.records));
    }
    if (!file.path.starts_with(PartitionPath(file.hour_start_us) + "/")) {
      return absl::InternalError(StrCat(path, " is not in its partition"));
    }
    std::tuple<int64_t, int64_t, std::string> previous{INT64_MIN, INT64_MIN, ""};
    int64_t min_ts = INT64_MAX, max_ts = INT64_MIN;
    int64_t min_entity = INT64_MAX, max_entity = INT64_MIN;
    for (int64_t row = 0; row < rows.num_rows; ++row) {
      HS_ASSIGN_OR_RETURN(Record record, decoder->Decode(rows, row));
      const int64_t entity = record.context(0).int_value();
      std::tuple<int64_t, int64_t, std::string> key{entity, record.event_time_us(),
                                                    record.record_id()};
      if (key <= previous) {
        return absl::InternalError(StrCat(path, ": row ", row, " is out of order"));
      }
      previous = key;
      if (HourStart(record.event_time_us()) != file.hour_start_us) {
        return absl::InternalError(StrCat(path, ": row ", row, " is outside the file's hour"));
      }
      min_ts = std::min(min_ts, record.event_time_us());
      max_ts = std::max(max_ts, record.event_time_us());
      min_entity = std::min(min_entity, entity);
      max_entity = std::max(max_entity, entity);
      records.push_back(std::move(record));
    }
    if (rows.num_rows > 0 && (min_ts != file.min_ts_us || max_ts != file.max_ts_us ||
                              min_entity != file.min_entity || max_entity != file.max_entity)) {
      return absl::InternalError(StrCat(path, ": statistics differ from the snapshot's"));
    }
    if (static_cast<int64_t>(std::filesystem::file_size(path)) != file.bytes) {
      return absl::InternalError(StrCat(path, ": size differs from the snapshot's"));
    }
  }
  return records;
}

StatusOr<std::map<std::string, int>> TableRecordIds(const std::string& store) {
  std::map<std::string, int> ids;
  HS_ASSIGN_OR_RETURN(const std::optional<Snapshot> latest, ReadLatestSnapshot(store));
  if (!latest.has_value()) return ids;
  HS_ASSIGN_OR_RETURN(const std::vector<Record> records, ReadTable(store, *latest));
  for (const Record& record : records) ++ids[record.record_id()];
  return ids;
}

}  // namespace hindsight::store::testing
