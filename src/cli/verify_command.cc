// `hindsight verify STORE [--sample N] [--seed S] [--format text|json]`: re-reads data
// files and checks them against what was recorded at commit (quality/store_verifier.h).
// Exit 1 on any mismatch, naming the file.
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "nlohmann/json.hpp"
#include "quality/store_verifier.h"
#include "store/store_layout.h"
#include "util/str_cat.h"

namespace hindsight::cli {
namespace {

struct VerifyArguments {
  std::string store;
  int64_t sample = 0;
  uint64_t seed = 1;
  std::string format = "text";
};

int RunVerify(const VerifyArguments& args) {
  if (!store::StoreExists(args.store)) {
    return ReportError(absl::NotFoundError(StrCat(args.store, ": no store here")));
  }
  quality::VerifyOptions options{args.store, args.sample, args.seed};
  StatusOr<quality::VerifyReport> report = quality::VerifyStore(options);
  if (!report.ok()) return ReportError(report.status());
  if (args.format == "json") {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& f : report->files) {
      files.push_back(
          {{"path", f.path}, {"ok", f.ok}, {"problems", f.problems}, {"notes", f.notes}});
    }
    std::cout << nlohmann::ordered_json({{"files_in_table", report->files_in_table},
                                         {"files_checked", report->files.size()},
                                         {"bytes_checked", report->bytes_checked},
                                         {"mismatches", report->mismatches()},
                                         {"files", files}})
                     .dump(1)
              << "\n";
  } else {
    int64_t noted = 0;
    for (const auto& f : report->files) {
      for (const auto& problem : f.problems)
        std::cout << "MISMATCH  " << f.path << ": " << problem << "\n";
      noted += f.notes.empty() ? 0 : 1;
    }
    std::cout << "checked " << report->files.size() << " of " << report->files_in_table
              << " file(s), " << report->bytes_checked << " bytes: " << report->mismatches()
              << " mismatch(es)";
    if (noted > 0) std::cout << "; " << noted << " file(s) with notes (--format json lists them)";
    std::cout << "\n";
  }
  return report->mismatches() == 0 ? kExitOk : kExitProblemFound;
}

}  // namespace

Command AddVerifyCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "verify",
      "Re-read data files: sizes, file and page checksums, profiles; exit 1 on a mismatch");
  auto args = std::make_shared<VerifyArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--sample", args->sample,
                  "Check N files, half the newest and half at random (0: all)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--seed", args->seed, "Seed of the random half of --sample");
  app->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args] { return RunVerify(*args); }};
}

}  // namespace hindsight::cli
