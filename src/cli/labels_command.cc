// `hindsight labels STORE --events FILE --window DUR --out FILE [--snapshot N] [--from T]
// [--to T] [--item-column C] [--event-time-column C] [--format text|json]`: label rows for
// every logged record's candidate items (labels/labels_builder.h).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "labels/labels_builder.h"
#include "nlohmann/json.hpp"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::cli {
namespace {

struct LabelsArguments {
  std::string store, events, window, out, from, to, format = "text";
  std::string item_column = "video_id", time_column = "ts_us";
  int64_t snapshot = 0;
};

int RunLabels(const LabelsArguments& args) {
  const auto started = std::chrono::steady_clock::now();
  labels::LabelsRequest request;
  request.store = args.store;
  request.events_path = args.events;
  request.out_path = args.out;
  request.item_column = args.item_column;
  request.event_time_column = args.time_column;
  if (args.snapshot > 0) request.snapshot_id = args.snapshot;
  StatusOr<int64_t> window = ParseDurationMicros(args.window);
  if (!window.ok()) {
    return ReportError(absl::InvalidArgumentError(StrCat("--window: ", window.status().message())));
  }
  request.window_us = *window;
  for (auto [text, target, flag] : {std::tuple{&args.from, &request.from_us, "--from"},
                                    std::tuple{&args.to, &request.to_us, "--to"}}) {
    if (text->empty()) continue;
    StatusOr<int64_t> time = ParseTimeMicros(*text);
    if (!time.ok()) {
      return ReportError(absl::InvalidArgumentError(StrCat(flag, ": ", time.status().message())));
    }
    *target = *time;
  }
  if (::isatty(STDERR_FILENO)) {
    request.progress = [started](int64_t done, int64_t total) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(
          stderr, "\rfiles %lld/%lld  %.0f s  ETA %.0f s ", static_cast<long long>(done),
          static_cast<long long>(total), seconds,
          done > 0 ? seconds * static_cast<double>(total - done) / static_cast<double>(done) : 0.0);
      std::fflush(stderr);
    };
  }
  StatusOr<labels::LabelsSummary> summary = labels::BuildLabels(request);
  if (request.progress) std::fprintf(stderr, "\n");
  if (!summary.ok()) return ReportError(summary.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double rate = summary->rows > 0 ? static_cast<double>(summary->positives) /
                                              static_cast<double>(summary->rows)
                                        : 0.0;
  if (args.format == "json") {
    std::cout << nlohmann::json{{"out", summary->out_path},
                                {"records", summary->records},
                                {"rows", summary->rows},
                                {"positives", summary->positives},
                                {"positive_rate", rate},
                                {"events", summary->events},
                                {"open_windows", summary->open_windows},
                                {"snapshot", summary->snapshot_id.value_or(0)},
                                {"seconds", seconds}}
                     .dump()
              << "\n";
    return kExitOk;
  }
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);
  out << "output        " << summary->out_path << "\n"
      << "records       " << summary->records << " (snapshot " << summary->snapshot_id.value_or(0)
      << ")\n"
      << "label rows    " << summary->rows << ", " << summary->positives << " positive ("
      << 100 * rate << "%)\n"
      << "events        " << summary->events << "\n";
  if (summary->open_windows > 0) {
    out << "warning       " << summary->open_windows
        << " records' windows end after the last event: their labels may miss later outcomes\n";
  }
  out << "time          " << seconds << " s\n";
  std::cout << out.str();
  return kExitOk;
}

}  // namespace

Command AddLabelsCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "labels", "Label every logged record's candidate items with outcomes inside a window");
  auto args = std::make_shared<LabelsArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--events", args->events,
                  "Outcome events (Parquet or CSV): ENTITY, item and time columns")
      ->required();
  app->add_option("--window", args->window, "Attribution window after each record (24h, 7d)")
      ->required();
  app->add_option("--out", args->out, "Label file to write (.parquet or .csv)")->required();
  app->add_option("--snapshot", args->snapshot, "Snapshot id (default: the latest)")
      ->check(CLI::PositiveNumber);
  app->add_option("--from", args->from, "Only records with ts >= FROM");
  app->add_option("--to", args->to, "Only records with ts < TO");
  app->add_option("--item-column", args->item_column, "Item column of the events")
      ->capture_default_str();
  app->add_option("--event-time-column", args->time_column, "Time column of the events")
      ->capture_default_str();
  app->add_option("--format", args->format, "Summary format")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args] { return RunLabels(*args); }};
}

}  // namespace hindsight::cli
