// `hindsight sample STORE --rate R --out STORE2`: a new store with every record of a
// consistent entity-hash sample (quality/store_sampler.h).
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "quality/store_sampler.h"
#include "store/store_layout.h"
#include "util/str_cat.h"

namespace hindsight::cli {
namespace {

struct SampleArguments {
  std::string store;
  std::string out;
  double rate = 0.01;
};

int RunSample(const SampleArguments& args) {
  if (!store::StoreExists(args.store)) {
    return ReportError(absl::NotFoundError(StrCat(args.store, ": no store here")));
  }
  StatusOr<quality::SampleSummary> summary =
      quality::SampleStore({args.store, args.out, args.rate});
  if (!summary.ok()) return ReportError(summary.status());
  std::cout << "sampled " << summary->records_written << " of " << summary->records_read
            << " record(s) (entities at rate " << args.rate << ") into " << args.out << ", "
            << summary->files_written << " file(s)\n";
  return kExitOk;
}

}  // namespace

Command AddSampleCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "sample",
      "Copy a consistent sample of entities (by hash) into a new store, for fast canary runs");
  auto args = std::make_shared<SampleArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--rate", args->rate, "Share of entities kept, in (0, 1]")->required();
  app->add_option("--out", args->out, "New store directory (must not exist or be empty)")
      ->required();
  return {app, [args] { return RunSample(*args); }};
}

}  // namespace hindsight::cli
