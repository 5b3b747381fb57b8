#include "store/table/snapshot.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "nlohmann/json.hpp"
#include "store/store_layout.h"
#include "util/file_io.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::store {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

nlohmann::json FileToJson(const DataFile& file) {
  nlohmann::json json = {{"path", file.path},
                         {"hour", FormatTimeMicros(file.hour_start_us)},
                         {"hour_us", file.hour_start_us},
                         {"records", file.records},
                         {"bytes", file.bytes},
                         {"min_ts_us", file.min_ts_us},
                         {"max_ts_us", file.max_ts_us},
                         {"min_entity", file.min_entity},
                         {"max_entity", file.max_entity}};
  if (!file.crc32c.empty()) json["crc32c"] = file.crc32c;
  return json;
}

// Reads a required member of the expected JSON type, naming the snapshot file and key.
class JsonFields {
 public:
  JsonFields(const nlohmann::json& object, const std::string& file, std::string where)
      : object_(object), file_(file), where_(std::move(where)) {}

  StatusOr<int64_t> Int(const char* key) const {
    HS_ASSIGN_OR_RETURN(const nlohmann::json* value, Find(key));
    if (!value->is_number_integer()) return Error(key, "is not an integer");
    return value->get<int64_t>();
  }
  StatusOr<std::string> String(const char* key) const {
    HS_ASSIGN_OR_RETURN(const nlohmann::json* value, Find(key));
    if (!value->is_string()) return Error(key, "is not a string");
    return value->get<std::string>();
  }
  StatusOr<const nlohmann::json*> Array(const char* key) const {
    HS_ASSIGN_OR_RETURN(const nlohmann::json* value, Find(key));
    if (!value->is_array()) return Error(key, "is not an array");
    return value;
  }
  StatusOr<const nlohmann::json*> Object(const char* key) const {
    HS_ASSIGN_OR_RETURN(const nlohmann::json* value, Find(key));
    if (!value->is_object()) return Error(key, "is not an object");
    return value;
  }

 private:
  StatusOr<const nlohmann::json*> Find(const char* key) const {
    auto it = object_.find(key);
    if (it == object_.end()) return Error(key, "is missing");
    return &*it;
  }
  Status Error(const char* key, std::string_view problem) const {
    return absl::DataLossError(StrCat(file_, ": ", where_, key, " ", problem));
  }

  const nlohmann::json& object_;
  const std::string& file_;
  std::string where_;
};

StatusOr<DataFile> ParseDataFile(const nlohmann::json& json, const std::string& file,
                                 size_t index) {
  if (!json.is_object()) {
    return absl::DataLossError(StrCat(file, ": files[", index, "] is not an object"));
  }
  JsonFields fields(json, file, StrCat("files[", index, "]."));
  DataFile data_file;
  HS_ASSIGN_OR_RETURN(data_file.path, fields.String("path"));
  HS_ASSIGN_OR_RETURN(data_file.hour_start_us, fields.Int("hour_us"));
  HS_ASSIGN_OR_RETURN(data_file.records, fields.Int("records"));
  HS_ASSIGN_OR_RETURN(data_file.bytes, fields.Int("bytes"));
  HS_ASSIGN_OR_RETURN(data_file.min_ts_us, fields.Int("min_ts_us"));
  HS_ASSIGN_OR_RETURN(data_file.max_ts_us, fields.Int("max_ts_us"));
  HS_ASSIGN_OR_RETURN(data_file.min_entity, fields.Int("min_entity"));
  HS_ASSIGN_OR_RETURN(data_file.max_entity, fields.Int("max_entity"));
  if (json.contains("crc32c")) {
    HS_ASSIGN_OR_RETURN(data_file.crc32c, fields.String("crc32c"));
    if (data_file.crc32c.size() != 8 ||
        data_file.crc32c.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return absl::DataLossError(
          StrCat(file, ": files[", index, "].crc32c is not 8 hex digits (", data_file.path, ")"));
    }
  }
  // Paths are joined to the table directory: refuse anything that could leave it.
  const std::filesystem::path path(data_file.path);
  if (data_file.path.empty() || path.is_absolute() ||
      std::any_of(path.begin(), path.end(), [](const auto& part) { return part == ".."; })) {
    return absl::DataLossError(
        StrCat(file, ": files[", index, "].path is not inside the table: ", data_file.path));
  }
  if (data_file.hour_start_us != HourStart(data_file.hour_start_us) || data_file.records < 0 ||
      data_file.bytes < 0 || data_file.min_ts_us > data_file.max_ts_us ||
      data_file.min_entity > data_file.max_entity) {
    return absl::DataLossError(
        StrCat(file, ": files[", index, "] has inconsistent statistics (", data_file.path, ")"));
  }
  return data_file;
}

}  // namespace

int64_t Snapshot::total_records() const {
  int64_t total = 0;
  for (const DataFile& file : files) total += file.records;
  return total;
}

int64_t Snapshot::total_bytes() const {
  int64_t total = 0;
  for (const DataFile& file : files) total += file.bytes;
  return total;
}

std::string SnapshotFileName(int64_t id) {
  std::string digits = std::to_string(id);
  if (digits.size() < kSnapshotIdDigits) {
    digits.insert(0, kSnapshotIdDigits - digits.size(), '0');
  }
  return StrCat(kSnapshotFilePrefix, digits, kSnapshotFileSuffix);
}

std::optional<int64_t> ParseSnapshotFileName(std::string_view name) {
  if (name.size() != kSnapshotFilePrefix.size() + kSnapshotIdDigits + kSnapshotFileSuffix.size() ||
      !name.starts_with(kSnapshotFilePrefix) || !name.ends_with(kSnapshotFileSuffix)) {
    return std::nullopt;
  }
  const std::string_view digits = name.substr(kSnapshotFilePrefix.size(), kSnapshotIdDigits);
  int64_t id = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (error != std::errc() || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
  return id;
}

int64_t HourStart(int64_t time_us) { return FloorDiv(time_us, kMicrosPerHour) * kMicrosPerHour; }

std::string PartitionPath(int64_t hour_start_us) {
  const int64_t days = FloorDiv(hour_start_us, kMicrosPerDay);
  const int64_t hour = (hour_start_us - days * kMicrosPerDay) / kMicrosPerHour;
  const CivilDate date = CivilFromDays(days);
  char text[48];
  std::snprintf(text, sizeof(text), "date=%04lld-%02u-%02u/hour=%02lld",
                static_cast<long long>(date.year), date.month, date.day,
                static_cast<long long>(hour));
  return text;
}

std::string SnapshotToJson(const Snapshot& snapshot) {
  nlohmann::json context = nlohmann::json::array();
  for (const ContextColumn& column : snapshot.context_columns) {
    context.push_back({{"name", column.name}, {"type", ContextTypeName(column.type)}});
  }
  nlohmann::json files = nlohmann::json::array();
  for (const DataFile& file : snapshot.files) files.push_back(FileToJson(file));
  const nlohmann::json json = {
      {"format_version", snapshot.format_version},
      {"id", snapshot.id},
      {"parent_id", snapshot.parent_id},
      {"committed_at", FormatTimeMicros(snapshot.committed_at_us)},
      {"committed_at_us", snapshot.committed_at_us},
      {"operation", snapshot.operation},
      {"log_position",
       {{"segment", snapshot.log_position.segment}, {"offset", snapshot.log_position.offset}}},
      {"dedupe_state_file", snapshot.dedupe_state_file},
      {"records_added", snapshot.records_added},
      {"records_removed", snapshot.records_removed},
      {"duplicates_dropped", snapshot.duplicates_dropped},
      {"records_quarantined", snapshot.records_quarantined},
      {"context_columns", std::move(context)},
      {"files", std::move(files)}};
  return json.dump(1) + "\n";
}

StatusOr<Snapshot> ParseSnapshot(std::string_view text, const std::string& file_name) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::DataLossError(StrCat(file_name, ": not a snapshot (invalid JSON object)"));
  }
  JsonFields fields(json, file_name, "");
  Snapshot snapshot;
  HS_ASSIGN_OR_RETURN(const int64_t version, fields.Int("format_version"));
  if (version < 1 || version > kSnapshotFormatVersion) {
    return absl::FailedPreconditionError(StrCat(file_name, ": snapshot format version ", version,
                                                " is not supported (this build reads up to ",
                                                kSnapshotFormatVersion, ")"));
  }
  snapshot.format_version = static_cast<int>(version);
  HS_ASSIGN_OR_RETURN(snapshot.id, fields.Int("id"));
  HS_ASSIGN_OR_RETURN(snapshot.parent_id, fields.Int("parent_id"));
  HS_ASSIGN_OR_RETURN(snapshot.committed_at_us, fields.Int("committed_at_us"));
  HS_ASSIGN_OR_RETURN(snapshot.operation, fields.String("operation"));
  HS_ASSIGN_OR_RETURN(snapshot.dedupe_state_file, fields.String("dedupe_state_file"));
  HS_ASSIGN_OR_RETURN(snapshot.records_added, fields.Int("records_added"));
  HS_ASSIGN_OR_RETURN(snapshot.records_removed, fields.Int("records_removed"));
  HS_ASSIGN_OR_RETURN(snapshot.duplicates_dropped, fields.Int("duplicates_dropped"));
  HS_ASSIGN_OR_RETURN(snapshot.records_quarantined, fields.Int("records_quarantined"));

  HS_ASSIGN_OR_RETURN(const nlohmann::json* position, fields.Object("log_position"));
  JsonFields position_fields(*position, file_name, "log_position.");
  HS_ASSIGN_OR_RETURN(const int64_t segment, position_fields.Int("segment"));
  HS_ASSIGN_OR_RETURN(const int64_t offset, position_fields.Int("offset"));
  if (segment < 0 || offset < 0) {
    return absl::DataLossError(StrCat(file_name, ": log_position is negative"));
  }
  snapshot.log_position = {static_cast<uint64_t>(segment), static_cast<uint64_t>(offset)};

  HS_ASSIGN_OR_RETURN(const nlohmann::json* context, fields.Array("context_columns"));
  for (size_t i = 0; i < context->size(); ++i) {
    const nlohmann::json& item = (*context)[i];
    if (!item.is_object()) {
      return absl::DataLossError(StrCat(file_name, ": context_columns[", i, "] is not an object"));
    }
    JsonFields column_fields(item, file_name, StrCat("context_columns[", i, "]."));
    ContextColumn column;
    HS_ASSIGN_OR_RETURN(column.name, column_fields.String("name"));
    HS_ASSIGN_OR_RETURN(const std::string type, column_fields.String("type"));
    auto parsed = ParseContextType(type);
    if (!parsed.ok()) {
      return absl::DataLossError(
          StrCat(file_name, ": context_columns[", i, "]: ", parsed.status().message()));
    }
    column.type = *parsed;
    snapshot.context_columns.push_back(std::move(column));
  }

  HS_ASSIGN_OR_RETURN(const nlohmann::json* files, fields.Array("files"));
  snapshot.files.reserve(files->size());
  for (size_t i = 0; i < files->size(); ++i) {
    HS_ASSIGN_OR_RETURN(DataFile file, ParseDataFile((*files)[i], file_name, i));
    snapshot.files.push_back(std::move(file));
  }
  return snapshot;
}

StatusOr<std::vector<int64_t>> ListSnapshotIds(const std::string& store) {
  std::vector<int64_t> ids;
  const std::string dir = SnapshotsDir(store);
  std::error_code error;
  if (!std::filesystem::exists(dir, error)) return ids;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (auto id = ParseSnapshotFileName(entry.path().filename().string())) ids.push_back(*id);
  }
  if (error) {
    return absl::UnavailableError(StrCat("cannot list ", dir, ": ", error.message()));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

StatusOr<Snapshot> ReadSnapshot(const std::string& store, int64_t id) {
  const std::string path =
      (std::filesystem::path(SnapshotsDir(store)) / SnapshotFileName(id)).string();
  if (!std::filesystem::exists(path)) {
    return absl::NotFoundError(StrCat("snapshot ", id, " does not exist in ", store));
  }
  HS_ASSIGN_OR_RETURN(const std::string text, ReadFileToString(path));
  HS_ASSIGN_OR_RETURN(Snapshot snapshot, ParseSnapshot(text, path));
  if (snapshot.id != id) {
    return absl::DataLossError(StrCat(path, ": holds snapshot id ", snapshot.id));
  }
  return snapshot;
}

StatusOr<std::optional<Snapshot>> ReadLatestSnapshot(const std::string& store) {
  HS_ASSIGN_OR_RETURN(const std::vector<int64_t> ids, ListSnapshotIds(store));
  if (ids.empty()) return std::optional<Snapshot>();
  HS_ASSIGN_OR_RETURN(Snapshot snapshot, ReadSnapshot(store, ids.back()));
  return std::optional<Snapshot>(std::move(snapshot));
}

Status CommitSnapshot(const std::string& store, const Snapshot& snapshot) {
  if (snapshot.id <= 0 || snapshot.parent_id >= snapshot.id) {
    return absl::InvalidArgumentError(StrCat("snapshot id ", snapshot.id,
                                             " must be positive and follow its parent ",
                                             snapshot.parent_id));
  }
  const std::string dir = SnapshotsDir(store);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return absl::UnavailableError(StrCat("cannot create ", dir, ": ", error.message()));
  const std::string path = (std::filesystem::path(dir) / SnapshotFileName(snapshot.id)).string();
  return CreateFileExclusively(path, SnapshotToJson(snapshot));
}

}  // namespace hindsight::store
