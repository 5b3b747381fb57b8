// `hindsight workload`: generates the world and writes its files into one directory:
// records.jsonl (or, with a store, the records logged into it), plays.csv, videos.csv,
// facts.proto, faults.json and, last, world.json (so a directory with world.json holds a
// complete world).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"
#include "workload/fault_injector.h"
#include "workload/record.h"
#include "workload/world_generator.h"
#include "workload/world_options.h"

namespace hindsight::workload {

inline constexpr std::string_view kRecordsFile = "records.jsonl";
inline constexpr std::string_view kPlaysFile = "plays.csv";
inline constexpr std::string_view kVideosFile = "videos.csv";
inline constexpr std::string_view kPlaysParquetFile = "plays.parquet";
inline constexpr std::string_view kVideosParquetFile = "videos.parquet";
inline constexpr std::string_view kFactsProtoFile = "facts.proto";
inline constexpr std::string_view kFaultsFile = "faults.json";
inline constexpr std::string_view kWorldFile = "world.json";

struct WorldFilesRequest {
  WorldOptions world;
  std::string out_dir;  // created if missing
  // false: simulate every record but write no records.jsonl (world.json then holds
  // an estimate of its size). Scales whose JSONL is too large require false.
  bool write_records = true;
  // Non-empty: the records are logged into this store (created with facts.proto if
  // missing, else checked compatible) instead of records.jsonl, whatever write_records
  // says; every scale may do so.
  std::string store;
  DayProgress progress;  // may be empty
};

// Where the records went when they were logged into a store.
struct RecordsStoreSummary {
  std::string path;  // absolute
  int64_t records_logged = 0;
  int64_t lines_quarantined = 0;  // the `corrupt` fault's lines
  int64_t log_bytes = 0;          // segment bytes written
  std::string quarantine_path;    // empty when nothing was quarantined
};

struct WorldFilesSummary {
  WorldOptions world;
  WorldCounts counts;
  int64_t profiles = 0;
  int64_t kids_profiles = 0;
  int64_t videos = 0;
  int64_t video_versions = 0;
  int64_t record_lines = 0;  // lines of records.jsonl, after faults
  int64_t records_jsonl_bytes = 0;
  bool records_written = false;   // false: records_jsonl_bytes is an estimate
  bool records_in_store = false;  // true: see `store`
  RecordsStoreSummary store;
  std::vector<std::pair<std::string, int64_t>> files;  // written files and their sizes
  std::vector<FaultOutcome> faults;
  // A record to show people: the first with every list fact non-empty (else the
  // first record); as the world logged it, before faults.
  Record sample_record;
  bool has_sample_record = false;
};

// Generates the world of `request.world` and writes its files. Errors name the option
// or file at fault.
[[nodiscard]] StatusOr<WorldFilesSummary> WriteWorldFiles(const WorldFilesRequest& request);

// The contents of world.json and faults.json for a summary.
std::string WorldJson(const WorldFilesSummary& summary);
std::string FaultsJson(const std::vector<FaultOutcome>& faults);

}  // namespace hindsight::workload
