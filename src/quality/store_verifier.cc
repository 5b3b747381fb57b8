#include "quality/store_verifier.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>

#include "log/crc32c.h"
#include "quality/batch_profiler.h"
#include "quality/profile_catalog.h"
#include "quality/profile_file.h"
#include "store/store_layout.h"
#include "store/table/snapshot.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::quality {
namespace {

// The first field where two profiles of the same rows differ, or "" when equal.
std::string ProfileDifference(const ProfileSet& stored, const ProfileSet& recomputed) {
  for (const auto& [key, want] : recomputed.entries()) {
    const AttributeProfile* have = stored.Find(key.slice, key.attribute);
    const std::string where =
        StrCat(key.attribute, key.slice.empty() ? "" : StrCat(" [", key.slice, "]"));
    if (have == nullptr) return StrCat(where, " missing from the stored profile");
    if (have->count != want.count)
      return StrCat(where, " count ", have->count, " stored, ", want.count, " in the data");
    if (have->nulls != want.nulls)
      return StrCat(where, " nulls ", have->nulls, " stored, ", want.nulls, " in the data");
    if (have->empty != want.empty)
      return StrCat(where, " empty ", have->empty, " stored, ", want.empty, " in the data");
    if (want.count > 0 &&
        (have->min != want.min || have->max != want.max || have->mean != want.mean)) {
      return StrCat(where, " min/max/mean differ from the data");
    }
    if (!(have->distinct == want.distinct))
      return StrCat(where, " distinct-count sketch differs from the data");
    if (have->quantiles.Serialize() != want.quantiles.Serialize())
      return StrCat(where, " quantile sketch differs from the data");
    if (have->top != want.top || have->top_overflowed != want.top_overflowed)
      return StrCat(where, " top values differ from the data");
  }
  for (const auto& [key, profile] : stored.entries()) {
    if (key.attribute.rfind('_', 0) == 0 && key.attribute != kRecordsCounter) continue;
    if (recomputed.Find(key.slice, key.attribute) == nullptr) {
      return StrCat(key.attribute, " is in the stored profile but not in the data");
    }
  }
  return "";
}

FileCheck CheckFile(const std::string& store, const store::DataFile& file) {
  FileCheck check;
  check.path = file.path;
  const std::string path = StrCat(store::FactsTableDir(store), "/", file.path);
  auto problem = [&](std::string text) {
    check.ok = false;
    check.problems.push_back(std::move(text));
  };
  auto bytes = ReadFileToString(path);
  if (!bytes.ok()) {
    problem(StrCat("cannot read: ", bytes.status().message()));
    return check;
  }
  if (static_cast<int64_t>(bytes->size()) != file.bytes) {
    problem(StrCat("size ", bytes->size(), " bytes, the snapshot recorded ", file.bytes));
  }
  if (file.crc32c.empty()) {
    check.notes.push_back("no file checksum recorded (snapshot written before checksums)");
  } else {
    char crc[9];
    std::snprintf(crc, sizeof crc, "%08x",
                  log::Crc32c({reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()}));
    if (file.crc32c != crc)
      problem(StrCat("CRC32C ", crc, ", the snapshot recorded ", file.crc32c));
  }
  // The bytes just checksummed are the ones profiled: the file is read once.
  auto reader = parquet::ParquetFileReader::Open(
      MakeMemoryFile(path, std::vector<uint8_t>(bytes->begin(), bytes->end())));
  auto recomputed =
      reader.ok() ? ProfileOpenedDataFile(**reader) : StatusOr<ProfileSet>(reader.status());
  if (!recomputed.ok()) {
    problem(StrCat("unreadable: ", recomputed.status().message()));
    return check;
  }
  const AttributeProfile* records = recomputed->Find(kAllRows, kRecordsCounter);
  if (records == nullptr || records->count != file.records) {
    problem(StrCat(records ? records->count : 0, " rows, the snapshot recorded ", file.records));
  }
  const std::string profile_path = store::ProfileFilePath(store, file.path);
  if (!std::filesystem::exists(profile_path)) {
    check.notes.push_back("no stored profile to compare (ingested without profiles)");
    return check;
  }
  auto stored = ReadProfileFile(profile_path);
  if (!stored.ok()) {
    problem(StrCat("stored profile unreadable: ", stored.status().message()));
    return check;
  }
  auto hour = stored->find(file.hour_start_us);
  if (hour == stored->end()) {
    problem("stored profile covers another hour");
    return check;
  }
  const std::string difference = ProfileDifference(hour->second, *recomputed);
  if (!difference.empty()) problem(StrCat("profile mismatch: ", difference));
  return check;
}

}  // namespace

int64_t VerifyReport::mismatches() const {
  return std::count_if(files.begin(), files.end(), [](const FileCheck& f) { return !f.ok; });
}

StatusOr<VerifyReport> VerifyStore(const VerifyOptions& options) {
  HS_ASSIGN_OR_RETURN(const std::optional<store::Snapshot> latest,
                      store::ReadLatestSnapshot(options.store));
  VerifyReport report;
  if (!latest.has_value()) return report;
  std::vector<store::DataFile> files = latest->files;
  report.files_in_table = static_cast<int64_t>(files.size());
  if (options.sample > 0 && options.sample < static_cast<int64_t>(files.size())) {
    // Newest first: the hot half is the head, the cold half a random draw from the rest.
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
      return std::tie(b.hour_start_us, b.path) < std::tie(a.hour_start_us, a.path);
    });
    const size_t hot = static_cast<size_t>((options.sample + 1) / 2);
    std::vector<store::DataFile> chosen(files.begin(), files.begin() + hot);
    std::vector<store::DataFile> cold(files.begin() + hot, files.end());
    std::mt19937_64 rng(options.seed);
    std::shuffle(cold.begin(), cold.end(), rng);
    cold.resize(static_cast<size_t>(options.sample) - hot);
    chosen.insert(chosen.end(), cold.begin(), cold.end());
    files = std::move(chosen);
  }
  for (const store::DataFile& file : files) {
    report.files.push_back(CheckFile(options.store, file));
    report.bytes_checked += file.bytes;
  }
  return report;
}

}  // namespace hindsight::quality
