// `hindsight workload --out DIR [--scale S] [--seed N] [--days D] [--start TIME]
//  [--inject KIND@WHEN ...] [--threads N] [--no-records | --store STORE]`: writes the
// deterministic example world (docs/WORKLOAD.md); with --store its records are logged
// into STORE instead of records.jsonl.
#include <unistd.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "util/str_cat.h"
#include "util/time_format.h"
#include "workload/world_files.h"
#include "workload/world_summary_text.h"

namespace hindsight::cli {
namespace {

struct WorkloadArguments {
  std::string out;
  std::string scale = "tiny";
  std::string seed = "42";
  int days = 0;
  bool days_given = false;
  std::string start = "2026-11-02T00:00:00Z";
  std::vector<std::string> inject;
  int threads = 2;
  bool no_records = false;
  std::string store;
  bool store_given = false;
};

StatusOr<workload::WorldFilesRequest> MakeRequest(const WorkloadArguments& args) {
  workload::WorldFilesRequest request;
  request.out_dir = args.out;
  request.write_records = !args.no_records;
  if (args.store_given) {
    if (args.store.empty()) return absl::InvalidArgumentError("--store must name a directory");
    if (args.no_records) {
      return absl::InvalidArgumentError(
          "--store and --no-records exclude each other (--store logs the records into STORE)");
    }
    request.store = args.store;
  }
  HS_ASSIGN_OR_RETURN(request.world.scale, workload::ParseScale(args.scale));
  HS_ASSIGN_OR_RETURN(request.world.seed, workload::ParseSeed(args.seed));
  if (args.days_given && args.days < 1) {
    return absl::InvalidArgumentError(
        StrCat("--days ", args.days, " is out of range (expected 1..", workload::kMaxDays, ")"));
  }
  request.world.days = args.days;
  HS_ASSIGN_OR_RETURN(request.world.start_us, ParseTimeMicros(args.start));
  request.world.threads = args.threads;
  for (const std::string& text : args.inject) {
    HS_ASSIGN_OR_RETURN(workload::FaultSpec fault, workload::ParseFaultSpec(text));
    request.world.faults.push_back(std::move(fault));
  }
  HS_RETURN_IF_ERROR(workload::ValidateWorldOptions(request.world));
  if (isatty(STDERR_FILENO)) {
    request.progress = [](int done, int total) {
      std::cerr << "\rsimulating day " << done << "/" << total << (done == total ? "\n" : "")
                << std::flush;
    };
  }
  return request;
}

int RunWorkload(const WorkloadArguments& args) {
  StatusOr<workload::WorldFilesRequest> request = MakeRequest(args);
  if (!request.ok()) return ReportError(request.status());
  StatusOr<workload::WorldFilesSummary> summary = workload::WriteWorldFiles(*request);
  if (!summary.ok()) return ReportError(summary.status());
  std::cout << workload::DescribeWorld(*summary, args.out);
  return kExitOk;
}

}  // namespace

Command AddWorkloadCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "workload", "Generate the deterministic Netflix-like example world (docs/WORKLOAD.md)");
  auto args = std::make_shared<WorkloadArguments>();
  app->add_option("--out", args->out, "Output directory (created if missing)")->required();
  app->add_option("--scale", args->scale, "tiny | small | medium | large")->capture_default_str();
  app->add_option("--seed", args->seed, "Seed; the same seed gives byte-identical files")
      ->capture_default_str();
  app->add_option("--days", args->days, "Days of the world (default: the scale's)");
  app->add_option("--start", args->start, "Start of the world, a UTC midnight")
      ->capture_default_str();
  app->add_option("--inject", args->inject,
                  "Fault KIND@WHEN, KIND drop|drift|nulls|swap|late|dup|corrupt, WHEN dD or "
                  "dD:hH (repeatable)");
  app->add_option("--threads", args->threads, "Worker threads (output does not depend on it)")
      ->capture_default_str();
  app->add_flag("--no-records", args->no_records,
                "Simulate records but do not write records.jsonl");
  app->add_option("--store", args->store,
                  "Log the records into this store (created if missing) instead of "
                  "records.jsonl; any scale");
  return {app, [app, args] {
            args->days_given = app->count("--days") > 0;
            args->store_given = app->count("--store") > 0;
            return RunWorkload(*args);
          }};
}

}  // namespace hindsight::cli
