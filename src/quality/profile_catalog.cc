#include "quality/profile_catalog.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "nlohmann/json.hpp"
#include "parquet/reader/file_reader.h"
#include "quality/batch_profiler.h"
#include "store/store_layout.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::quality {
namespace {

constexpr int64_t kMicrosPerHour = int64_t{3'600'000'000};
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
// 1970-01-01 was a Thursday: Monday-based weeks start 4 days later.
constexpr int64_t kMondayOffset = 4 * kMicrosPerDay;

int64_t FloorTo(int64_t t, int64_t unit, int64_t offset) {
  int64_t shifted = t - offset;
  int64_t q = shifted / unit;
  if (shifted % unit != 0 && shifted < 0) --q;
  return q * unit + offset;
}

// The string value of `"key":"value"` in a raw JSON line, if it is there.
std::optional<std::string> RawField(std::string_view raw, std::string_view key) {
  const std::string needle = StrCat("\"", key, "\":");
  size_t at = raw.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  at += needle.size();
  while (at < raw.size() && raw[at] == ' ') ++at;
  if (at >= raw.size()) return std::nullopt;
  if (raw[at] == '"') {
    const size_t end = raw.find('"', at + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(raw.substr(at + 1, end - at - 1));
  }
  size_t end = at;
  while (end < raw.size() &&
         (std::isdigit(static_cast<unsigned char>(raw[end])) || raw[end] == '-')) {
    ++end;
  }
  if (end == at) return std::nullopt;
  return std::string(raw.substr(at, end - at));
}

// Quarantined lines by the hour and app their raw line names (lines naming no readable
// time cannot be placed and are left out).
Status CountRejected(const std::string& store, const TimeRange& range, HourlyProfiles& out) {
  const std::filesystem::path dir(store::QuarantineDir(store));
  std::error_code error;
  if (!std::filesystem::exists(dir, error)) return absl::OkStatus();
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() != ".jsonl") continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      const auto json = nlohmann::json::parse(line, nullptr, false);
      if (!json.is_object() || !json.contains("raw") || !json["raw"].is_string()) continue;
      const std::string raw = json["raw"].get<std::string>();
      const auto ts_text = RawField(raw, "ts");
      if (!ts_text.has_value()) continue;
      auto ts = ParseTimeMicros(*ts_text);
      if (!ts.ok()) continue;
      const int64_t hour = FloorTo(*ts, kMicrosPerHour, 0);
      if (!range.Contains(hour)) continue;
      ProfileSet& set = out[hour];
      set.Count(kAllRows, kRejectedCounter, 1);
      if (auto app = RawField(raw, "app"); app.has_value()) {
        set.Count(SliceName("app", *app), kRejectedCounter, 1);
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<ProfileSet> ProfileParquetFile(const std::string& path) {
  HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(path));
  parquet::ReadOptions options;
  options.verify_checksums = true;
  ProfileSet profiles;
  ProfileOptions unsliced;
  unsliced.slice_by.clear();
  Status failed = absl::OkStatus();
  HS_RETURN_IF_ERROR(reader->Scan(options, [&](int, parquet::RecordBatch&& rows) {
    auto batch = ProfileBatch(reader->schema(), rows, unsliced);
    failed = batch.ok() ? profiles.Merge(*batch) : batch.status();
    return failed.ok();
  }));
  HS_RETURN_IF_ERROR(failed);
  return profiles;
}

StatusOr<ProfileSet> ProfileOpenedDataFile(const parquet::ParquetFileReader& reader,
                                           const ProfileOptions& options) {
  parquet::ReadOptions read;
  read.verify_checksums = true;
  HS_ASSIGN_OR_RETURN(parquet::RecordBatch rows, reader.ReadAll(read));
  return ProfileBatch(reader.schema(), rows, options);
}

StatusOr<ProfileSet> ProfileDataFile(const std::string& store, const store::DataFile& file,
                                     const ProfileOptions& options) {
  const std::string path = StrCat(store::FactsTableDir(store), "/", file.path);
  HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(path));
  return ProfileOpenedDataFile(*reader, options);
}

StatusOr<std::vector<std::string>> SliceableColumns(const std::string& store) {
  std::vector<std::string> columns = {"app"};
  HS_ASSIGN_OR_RETURN(const std::optional<store::Snapshot> latest,
                      store::ReadLatestSnapshot(store));
  if (!latest.has_value()) return columns;
  for (const store::ContextColumn& column : latest->context_columns) {
    if (column.type == store::ContextType::kString) columns.push_back(column.name);
  }
  return columns;
}

namespace {

// Profiles `files` from their data, `threads` files at a time, merged per hour.
Status RecomputeProfiles(const std::string& store, const std::vector<const store::DataFile*>& files,
                         int threads, const ProfileOptions& options, HourlyProfiles& hourly,
                         CatalogStats& stats) {
  std::vector<StatusOr<ProfileSet>> results(files.size(), absl::UnknownError("not run"));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < files.size(); i = next++)
      results[i] = ProfileDataFile(store, *files[i], options);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::max(1, threads); ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  for (size_t i = 0; i < files.size(); ++i) {
    HS_RETURN_IF_ERROR(results[i].status());
    for (const auto& [key, profile] : results[i]->entries()) {
      if (key.slice.empty() && profile.kind != AttributeKind::kCounter)
        stats.values_profiled += profile.count + profile.nulls;
    }
    HS_RETURN_IF_ERROR(hourly[files[i]->hour_start_us].Merge(*results[i]));
    ++stats.profiles_recomputed;
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<HourlyProfiles> LoadHourlyProfiles(const std::string& store, const TimeRange& range,
                                            CatalogStats* stats, const CatalogOptions& options) {
  HS_ASSIGN_OR_RETURN(const std::optional<store::Snapshot> latest,
                      store::ReadLatestSnapshot(store));
  HourlyProfiles hourly;
  if (!latest.has_value()) return hourly;
  CatalogStats local;
  ProfileOptions profile_options;
  profile_options.slice_by = options.slice_by;
  const bool recompute = options.recompute || profile_options.slice_by != ProfileOptions().slice_by;
  std::vector<const store::DataFile*> to_recompute;
  for (const store::DataFile& file : latest->files) {
    if (!range.Contains(file.hour_start_us)) continue;
    ++local.files;
    if (recompute) {
      to_recompute.push_back(&file);
      continue;
    }
    const std::string path = store::ProfileFilePath(store, file.path);
    HourlyProfiles profiles;
    if (std::filesystem::exists(path)) {
      HS_ASSIGN_OR_RETURN(profiles, ReadProfileFile(path));
    } else {
      HS_ASSIGN_OR_RETURN(ProfileSet set, ProfileDataFile(store, file));
      profiles.emplace(file.hour_start_us, std::move(set));
      HS_RETURN_IF_ERROR(WriteProfileFile(path, profiles));
      ++local.profiles_recomputed;
    }
    for (auto& [hour, set] : profiles) {
      if (auto it = hourly.find(hour); it != hourly.end()) {
        HS_RETURN_IF_ERROR(it->second.Merge(set));
      } else {
        hourly.emplace(hour, std::move(set));  // the first file of its hour: nothing to merge
      }
    }
  }
  HS_RETURN_IF_ERROR(
      RecomputeProfiles(store, to_recompute, options.threads, profile_options, hourly, local));
  // Ingest counters of the commits up to the latest snapshot.
  for (int64_t id = 1; id <= latest->id; ++id) {
    const std::string path = store::IngestCountersPath(store, id);
    if (!std::filesystem::exists(path)) continue;
    HS_ASSIGN_OR_RETURN(HourlyProfiles counters, ReadProfileFile(path));
    for (auto& [hour, set] : counters) {
      if (range.Contains(hour)) HS_RETURN_IF_ERROR(hourly[hour].Merge(set));
    }
  }
  HS_RETURN_IF_ERROR(CountRejected(store, range, hourly));
  if (stats != nullptr) *stats = local;
  return hourly;
}

StatusOr<Granularity> ParseGranularity(std::string_view text) {
  if (text == "hour") return Granularity::kHour;
  if (text == "day") return Granularity::kDay;
  if (text == "week") return Granularity::kWeek;
  if (text == "all") return Granularity::kAll;
  return absl::InvalidArgumentError(
      StrCat("unknown period '", text, "' (expected hour, day, week or all)"));
}

int64_t PeriodStart(int64_t hour_start_us, Granularity granularity) {
  switch (granularity) {
    case Granularity::kHour:
      return FloorTo(hour_start_us, kMicrosPerHour, 0);
    case Granularity::kDay:
      return FloorTo(hour_start_us, kMicrosPerDay, 0);
    case Granularity::kWeek:
      return FloorTo(hour_start_us, 7 * kMicrosPerDay, kMondayOffset);
    case Granularity::kAll:
      return std::numeric_limits<int64_t>::min();
  }
  return hour_start_us;
}

StatusOr<HourlyProfiles> RollUp(const HourlyProfiles& hourly, Granularity granularity) {
  HourlyProfiles out;
  for (const auto& [hour, set] : hourly) {
    HS_RETURN_IF_ERROR(out[PeriodStart(hour, granularity)].Merge(set));
  }
  return out;
}

}  // namespace hindsight::quality
