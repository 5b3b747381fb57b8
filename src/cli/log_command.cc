// `hindsight log STORE [--app NAME] [--input FILE]`: logs JSONL records (stdin by
// default) into STORE/log through the FactLogger; rejected lines go to
// STORE/quarantine with their reason. Exit 0 when every line was logged, 1 when some
// were quarantined, 2 on usage or input errors.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "store/jsonl_logger.h"
#include "util/str_cat.h"

namespace hindsight::cli {
namespace {

struct LogArguments {
  std::string store;
  std::string app;
  std::string input;
};

// Closes the input file unless it is stdin.
struct InputCloser {
  void operator()(std::FILE* file) const {
    if (file != stdin) std::fclose(file);
  }
};

void PrintSummary(const store::JsonlLogSummary& summary, double seconds) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);
  out << "lines read    " << summary.lines << "\n";
  out << "logged        " << summary.logged << "\n";
  out << "quarantined   " << summary.quarantined << "\n";
  for (const auto& [kind, count] : summary.quarantined_by_kind) {
    out << "  " << std::left << std::setw(22) << kind << count << "\n";
  }
  if (!summary.quarantine_file.empty()) out << "quarantine    " << summary.quarantine_file << "\n";
  out << "input bytes   " << summary.input_bytes << "\n";
  out << "log bytes     " << summary.logger.bytes << " in " << summary.logger.batches
      << " batches\n";
  out << "time          " << seconds << " s\n";
  out << "records/s     " << std::setprecision(0)
      << (seconds > 0 ? static_cast<double>(summary.logged) / seconds : 0.0) << "\n";
  std::cerr << out.str();
}

int RunLog(const LogArguments& args) {
  const auto started = std::chrono::steady_clock::now();
  const bool from_stdin = args.input.empty() || args.input == "-";
  std::unique_ptr<std::FILE, InputCloser> input(from_stdin ? stdin
                                                           : std::fopen(args.input.c_str(), "rb"));
  if (input == nullptr) {
    return ReportError(absl::InvalidArgumentError(
        StrCat(args.input, ": cannot open input: ", std::strerror(errno))));
  }
  store::JsonlLogRequest request;
  request.store = args.store;
  request.input = input.get();
  request.source = from_stdin ? "stdin" : args.input;
  request.app = args.app;
  StatusOr<store::JsonlLogSummary> summary = store::LogJsonl(request);
  if (!summary.ok()) return ReportError(summary.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  PrintSummary(*summary, seconds);
  return summary->quarantined > 0 ? kExitProblemFound : kExitOk;
}

}  // namespace

Command AddLogCommand(CLI::App& root) {
  CLI::App* app =
      root.add_subcommand("log", "Log JSONL records into a store (bad lines are quarantined)");
  auto args = std::make_shared<LogArguments>();
  app->add_option("STORE", args->store, "Store directory (made by hindsight init)")->required();
  app->add_option("--app", args->app, "App name for every record (overrides the lines' app)");
  app->add_option("--input", args->input, "JSONL file to read (default: stdin)");
  return {app, [args] { return RunLog(*args); }};
}

}  // namespace hindsight::cli
