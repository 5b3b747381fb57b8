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
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "log/fact_logger.h"
#include "store/jsonl_record_parser.h"
#include "store/line_reader.h"
#include "store/quarantine.h"
#include "store/store_layout.h"
#include "store/store_setup.h"
#include "util/str_cat.h"

namespace hindsight::cli {
namespace {

struct LogArguments {
  std::string store;
  std::string app;
  std::string input;
};

struct LogTotals {
  int64_t lines = 0;
  int64_t logged = 0;
  int64_t quarantined = 0;
  uint64_t input_bytes = 0;
  std::map<std::string, int64_t> quarantined_by_kind;
};

// Closes the input file unless it is stdin.
struct InputCloser {
  void operator()(std::FILE* file) const {
    if (file != stdin) std::fclose(file);
  }
};

void PrintSummary(const LogTotals& totals, const log::LoggerCounters& counters, double seconds,
                  const std::string& quarantine_path) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);
  out << "lines read    " << totals.lines << "\n";
  out << "logged        " << totals.logged << "\n";
  out << "quarantined   " << totals.quarantined << "\n";
  for (const auto& [kind, count] : totals.quarantined_by_kind) {
    out << "  " << std::left << std::setw(22) << kind << count << "\n";
  }
  if (!quarantine_path.empty()) out << "quarantine    " << quarantine_path << "\n";
  out << "input bytes   " << totals.input_bytes << "\n";
  out << "log bytes     " << counters.bytes << " in " << counters.batches << " batches\n";
  out << "time          " << seconds << " s\n";
  out << "records/s     " << std::setprecision(0)
      << (seconds > 0 ? static_cast<double>(totals.logged) / seconds : 0.0) << "\n";
  std::cerr << out.str();
}

int RunLog(const LogArguments& args) {
  const auto started = std::chrono::steady_clock::now();
  StatusOr<store::OpenedStore> opened = store::OpenStore(args.store);
  if (!opened.ok()) return ReportError(opened.status());

  const bool from_stdin = args.input.empty() || args.input == "-";
  std::unique_ptr<std::FILE, InputCloser> input(from_stdin ? stdin
                                                           : std::fopen(args.input.c_str(), "rb"));
  if (input == nullptr) {
    return ReportError(absl::InvalidArgumentError(
        StrCat(args.input, ": cannot open input: ", std::strerror(errno))));
  }
  const std::string source = from_stdin ? "stdin" : args.input;

  log::LoggerOptions options;
  options.log_dir = store::LogDir(args.store);
  options.overflow = log::OverflowPolicy::kBlock;
  StatusOr<std::unique_ptr<log::FactLogger>> logger = log::FactLogger::Open(std::move(options));
  if (!logger.ok()) return ReportError(logger.status());

  store::JsonlRecordParser parser(*opened->registry, opened->config.entity_key, args.app);
  store::QuarantineWriter quarantine(store::QuarantineDir(args.store), source);
  store::LineReader reader(input.get(), source, store::kMaxJsonlLineBytes);
  LogTotals totals;
  Status failure;
  while (failure.ok()) {
    StatusOr<std::optional<store::InputLine>> line = reader.Next();
    if (!line.ok()) {
      failure = line.status();
      break;
    }
    if (!line->has_value()) break;
    const store::InputLine& current = **line;
    totals.input_bytes += current.bytes;
    // Blank lines (spacing, a trailing newline) carry no record.
    if (current.text.empty()) continue;
    ++totals.lines;
    store::ParsedLine parsed =
        current.too_long
            ? store::ParsedLine{{},
                                store::LineRejection{
                                    store::RejectKind::kMalformedJson,
                                    StrCat("line ", current.number, ": (line): longer than ",
                                           store::kMaxJsonlLineBytes, " bytes")}}
            : parser.Parse(current.text, current.number);
    if (parsed.ok()) {
      failure = (*logger)->Log(std::move(parsed.record));
      if (failure.ok()) ++totals.logged;
    } else {
      ++totals.quarantined;
      ++totals.quarantined_by_kind[std::string(store::RejectKindName(parsed.rejection->kind))];
      failure = quarantine.Add(current.number, *parsed.rejection, current.text);
    }
  }
  Status flushed = (*logger)->Flush();
  Status closed = (*logger)->Close();
  Status quarantine_closed = quarantine.Close();
  for (const Status& status : {failure, flushed, closed, quarantine_closed}) {
    if (!status.ok()) return ReportError(status);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  PrintSummary(totals, (*logger)->counters(), seconds, quarantine.path());
  return totals.quarantined > 0 ? kExitProblemFound : kExitOk;
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
