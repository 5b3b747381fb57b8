#include "query/testing/test_facts_table.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "store/store_setup.h"
#include "store/table/facts_batch_builder.h"
#include "store/table/facts_file_writer.h"
#include "store/table/facts_table_schema.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::query::testing {
namespace {

// When test snapshots say they were committed: 40 days after the tables start, one
// second apart.
constexpr int64_t kTestCommitBaseUs = kTestFirstHourUs + 40 * kMicrosPerDay;

// Video ids in fact values lie in [1, kTestVideos], a catalog's worth.
constexpr uint64_t kTestVideos = 5000;

// Protobuf wire format, enough for the test schema.
void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}
void AppendVarintField(std::string& out, int field, int64_t value) {
  AppendVarint(out, static_cast<uint64_t>(field) << 3);
  AppendVarint(out, static_cast<uint64_t>(value));
}
void AppendBytesField(std::string& out, int field, const std::string& bytes) {
  AppendVarint(out, (static_cast<uint64_t>(field) << 3) | 2);
  AppendVarint(out, bytes.size());
  out.append(bytes);
}

// splitmix64: the n-th value of a stream seeded by `seed`.
uint64_t Mix(uint64_t seed, uint64_t n) {
  uint64_t z = seed + (n + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int64_t EntityOf(const Record& record) { return record.context(0).int_value(); }

void AddContext(Record& record, const std::string& key, const std::string& value) {
  ContextValue* context = record.add_context();
  context->set_key(key);
  context->set_string_value(value);
}

void AddFact(Record& record, const std::string& type, std::string value) {
  Fact* fact = record.add_facts();
  fact->set_type(type);
  fact->set_value(std::move(value));
}

class RecordMaker {
 public:
  explicit RecordMaker(const TestTableOptions& options) : options_(options), rng_(options.seed) {}

  Record Make(int hour) {
    const int64_t entity = 2 * (1 + Below(options_.entities));
    const int64_t slot_us = kMicrosPerHour / std::max(options_.times_per_hour, 1);
    const int64_t ts = options_.first_hour_us + hour * kMicrosPerHour +
                       Below(std::max(options_.times_per_hour, 1)) * slot_us;
    std::string id;
    do {
      id = StrCat("r", rng_() % 10000000000ull);
    } while (!ids_.insert(id).second);
    Record record = TestRecord(entity, ts, id);
    static constexpr const char* kApps[] = {"homepage", "search", "continue_watching"};
    static constexpr const char* kCountries[] = {"US", "BR", "JP", "DE"};
    static constexpr const char* kDevices[] = {"tv", "mobile", "web"};
    record.set_app(kApps[Below(3)]);
    AddContext(record, "country", kCountries[Below(4)]);
    if (Chance(0.9)) AddContext(record, "device", kDevices[Below(3)]);
    if (Chance(options_.subscriber_share)) {
      AddFact(record, "subscriber", TestFactValue("subscriber", ts, 0, rng_()));
    }
    if (Chance(options_.thumbs_share)) {
      const int values = 1 + static_cast<int>(Below(3));
      for (int i = 0; i < values; ++i) {
        AddFact(record, "thumbs", TestFactValue("thumbs", ts, 1 + Below(3), rng_()));
      }
    }
    if (Chance(options_.history_share)) {
      AddFact(record, "history", TestFactValue("history", ts, options_.history_length, rng_()));
    }
    if (Chance(options_.rare_share)) AddFact(record, "rare", TestFactValue("rare", ts, 0, rng_()));
    return record;
  }

  int64_t Below(int64_t n) { return static_cast<int64_t>(rng_() % static_cast<uint64_t>(n)); }
  bool Chance(double p) { return static_cast<double>(rng_() >> 11) * 0x1.0p-53 < p; }

 private:
  const TestTableOptions& options_;
  std::mt19937_64 rng_;
  std::set<std::string> ids_;
};

}  // namespace

std::string TestFactsProto() {
  return R"(syntax = "proto3";
package hindsight.querytest;

message Subscriber {
  string plan = 1;
  int64 ts_us = 2;
}

message Thumbs {
  message Thumb {
    int64 video_id = 1;
    int32 rating = 2;
  }
  repeated Thumb thumbs = 1;
  int64 ts_us = 2;
}

message History {
  repeated int64 video_ids = 1;
  int64 ts_us = 2;
}

message Rare {
  int64 ts_us = 1;
}
)";
}

std::string TestFactValue(const std::string& fact_type, int64_t ts_us, int size, uint64_t seed) {
  std::string value;
  if (fact_type == "subscriber") {
    static constexpr const char* kPlans[] = {"basic", "standard", "premium", "ads"};
    AppendBytesField(value, 1, kPlans[seed % 4]);
    AppendVarintField(value, 2, ts_us);
  } else if (fact_type == "thumbs") {
    for (int i = 0; i < size; ++i) {
      std::string thumb;
      AppendVarintField(thumb, 1, static_cast<int64_t>(1 + Mix(seed, i) % kTestVideos));
      AppendVarintField(thumb, 2, Mix(seed, i) % 2 == 0 ? 1 : -1);
      AppendBytesField(value, 1, thumb);
    }
    AppendVarintField(value, 2, ts_us);
  } else if (fact_type == "history") {
    std::string ids;
    for (int i = 0; i < size; ++i) AppendVarint(ids, 1 + Mix(seed, i) % kTestVideos);
    if (size > 0) AppendBytesField(value, 1, ids);
    AppendVarintField(value, 2, ts_us);
  } else if (fact_type == "rare") {
    AppendVarintField(value, 1, ts_us);
  }
  return value;
}

Record TestRecord(int64_t entity, int64_t ts_us, const std::string& record_id) {
  Record record;
  record.set_record_id(record_id);
  record.set_app("homepage");
  record.set_event_time_us(ts_us);
  ContextValue* context = record.add_context();
  context->set_key("profile_id");
  context->set_int_value(entity);
  return record;
}

Status CreateTestStore(const std::string& dir) {
  const std::string schema_dir = dir + ".schema";
  std::filesystem::create_directories(schema_dir);
  const std::string proto = schema_dir + "/query_test_facts.proto";
  {
    std::ofstream out(proto, std::ios::binary | std::ios::trunc);
    out << TestFactsProto();
    if (!out.good()) return absl::UnavailableError(StrCat("cannot write ", proto));
  }
  store::InitStoreRequest request;
  request.store = dir;
  request.schema_files = {proto};
  request.entity_key = "profile_id";
  return store::InitStore(request).status();
}

StatusOr<store::Snapshot> CommitRecordFiles(const std::string& store_dir,
                                            const std::vector<std::vector<Record>>& file_groups) {
  HS_ASSIGN_OR_RETURN(store::OpenedStore opened, store::OpenStore(store_dir));
  HS_ASSIGN_OR_RETURN(std::optional<store::Snapshot> latest, store::ReadLatestSnapshot(store_dir));
  const std::vector<store::ContextColumn> context_columns = {
      {"country", store::ContextType::kString}, {"device", store::ContextType::kString}};
  HS_ASSIGN_OR_RETURN(
      store::FactsTableSchema schema,
      store::FactsTableSchema::Build(opened.config.entity_key, context_columns, *opened.registry));
  store::Snapshot next;
  next.parent_id = latest.has_value() ? latest->id : 0;
  next.id = next.parent_id + 1;
  next.committed_at_us = kTestCommitBaseUs + next.id * kMicrosPerSecond;
  next.operation = "ingest";
  next.context_columns = context_columns;
  if (latest.has_value()) next.files = latest->files;
  int sequence = 0;
  for (const std::vector<Record>& group : file_groups) {
    std::map<int64_t, std::vector<const Record*>> by_hour;
    for (const Record& record : group) {
      by_hour[store::HourStart(record.event_time_us())].push_back(&record);
    }
    for (auto& [hour, records] : by_hour) {
      std::sort(records.begin(), records.end(), [](const Record* a, const Record* b) {
        return std::make_tuple(EntityOf(*a), a->event_time_us(), a->record_id()) <
               std::make_tuple(EntityOf(*b), b->event_time_us(), b->record_id());
      });
      store::FactsBatchBuilder builder(schema, *opened.registry);
      for (const Record* record : records) HS_RETURN_IF_ERROR(builder.Append(*record));
      HS_ASSIGN_OR_RETURN(
          store::DataFile file,
          store::WriteFactsFile(store_dir, schema, hour, store::DataFileName(next.id, sequence++),
                                builder.Finish(), /*threads=*/1));
      next.records_added += file.records;
      next.files.push_back(std::move(file));
    }
  }
  std::sort(next.files.begin(), next.files.end(),
            [](const store::DataFile& a, const store::DataFile& b) {
              return std::tie(a.hour_start_us, a.path) < std::tie(b.hour_start_us, b.path);
            });
  HS_RETURN_IF_ERROR(store::CommitSnapshot(store_dir, next));
  return next;
}

StatusOr<TestTable> BuildTestTable(const std::string& dir, const TestTableOptions& options) {
  HS_RETURN_IF_ERROR(CreateTestStore(dir));
  TestTable table;
  table.store = dir;
  RecordMaker maker(options);

  std::vector<std::vector<Record>> first(
      static_cast<size_t>(std::max(options.files_per_partition, 1)));
  for (int hour = 0; hour < options.hours; ++hour) {
    for (int i = 0; i < options.records_per_hour; ++i) {
      Record record = maker.Make(hour);
      first[static_cast<size_t>(maker.Below(static_cast<int64_t>(first.size())))].push_back(record);
      table.records.push_back(std::move(record));
    }
  }
  HS_ASSIGN_OR_RETURN(store::Snapshot snapshot, CommitRecordFiles(dir, first));
  table.snapshot_ids.push_back(snapshot.id);

  std::vector<std::vector<Record>> second(1);
  for (int i = 0; i < options.late_records && options.hours > 0; ++i) {
    second[0].push_back(maker.Make(static_cast<int>(maker.Below(options.hours))));
  }
  for (int i = 0; i < options.records_per_hour; ++i) second[0].push_back(maker.Make(options.hours));
  table.records.insert(table.records.end(), second[0].begin(), second[0].end());
  HS_ASSIGN_OR_RETURN(snapshot, CommitRecordFiles(dir, second));
  table.snapshot_ids.push_back(snapshot.id);
  return table;
}

}  // namespace hindsight::query::testing
