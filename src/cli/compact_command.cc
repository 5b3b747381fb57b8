// `hindsight compact STORE [--now TIME] [--target-mb M] [--threads N] [--format text|json]`:
// retention, compaction of small files and snapshot expiry in one commit
// (store/maintenance/table_compactor.h).
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "nlohmann/json.hpp"
#include "store/maintenance/table_compactor.h"
#include "util/time_format.h"

namespace hindsight::cli {
namespace {

struct CompactArguments {
  std::string store;
  std::string now;
  int64_t target_mb = 256;
  int threads = 2;
  std::string format = "text";
};

int RunCompact(const CompactArguments& args) {
  store::CompactOptions options;
  options.store = args.store;
  options.threads = args.threads;
  options.target_file_bytes = args.target_mb << 20;
  if (!args.now.empty()) {
    StatusOr<int64_t> now = ParseTimeMicros(args.now);
    if (!now.ok()) return ReportError(now.status());
    options.now_us = *now;
  }
  StatusOr<store::CompactSummary> summary = store::CompactTable(options);
  if (!summary.ok()) return ReportError(summary.status());
  const store::CompactSummary& s = *summary;
  if (args.format == "json") {
    const nlohmann::json json = {{"snapshot_id", s.snapshot_id},
                                 {"partitions_dropped", s.partitions_dropped},
                                 {"records_dropped", s.records_dropped},
                                 {"partitions_compacted", s.partitions_compacted},
                                 {"files_merged", s.files_merged},
                                 {"files_written", s.files_written},
                                 {"records_rewritten", s.records_rewritten},
                                 {"bytes_before", s.bytes_before},
                                 {"bytes_after", s.bytes_after},
                                 {"snapshots_expired", s.snapshots_expired},
                                 {"files_deleted", s.files_deleted},
                                 {"profiles_deleted", s.profiles_deleted},
                                 {"bytes_deleted", s.bytes_deleted}};
    std::cout << json.dump() << "\n";
    return kExitOk;
  }
  std::ostringstream out;
  if (s.snapshot_id == 0) {
    out << "table unchanged      nothing to compact or expire by retention\n";
  } else {
    out << "snapshot committed   " << s.snapshot_id << "\n";
  }
  out << "retention            " << s.partitions_dropped << " partition(s), " << s.records_dropped
      << " records dropped\n";
  out << "compaction           " << s.files_merged << " files in " << s.partitions_compacted
      << " partition(s) -> " << s.files_written << " files, " << s.records_rewritten << " records, "
      << s.bytes_before << " -> " << s.bytes_after << " bytes\n";
  out << "expired              " << s.snapshots_expired << " snapshot(s); deleted "
      << s.files_deleted << " unreferenced file(s) and " << s.profiles_deleted << " profile(s), "
      << s.bytes_deleted << " bytes\n";
  std::cout << out.str();
  return kExitOk;
}

}  // namespace

Command AddCompactCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "compact", "Merge small files per partition, apply retention, expire old snapshots");
  auto args = std::make_shared<CompactArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--now", args->now,
                  "Time retention and snapshot expiry are measured from (default: the clock)");
  app->add_option("--target-mb", args->target_mb, "Size of the files compaction writes")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 16));
  app->add_option("--threads", args->threads, "Partitions compacted at once")
      ->check(CLI::Range(1, 256));
  app->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args] { return RunCompact(*args); }};
}

}  // namespace hindsight::cli
