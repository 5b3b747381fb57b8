// `hindsight generate STORE --labels FILE --features FILE.yaml --out FILE [--threads N]
// [--snapshot N] [--mode exact|asof] [--format text|json]`: regenerates features for
// label rows from the facts as they were at each label's time (features/generator.h).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/usage_recording.h"
#include "features/generator.h"
#include "nlohmann/json.hpp"

namespace hindsight::cli {
namespace {

struct GenerateArguments {
  std::string store;
  std::string labels;
  std::string features;
  std::string out;
  int threads = 2;
  int64_t snapshot = 0;
  std::string mode;
  std::string format = "text";
};

std::string Percent(int64_t part, int64_t whole) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1)
      << (whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0) << "%";
  return out.str();
}

void PrintText(const features::GenerateSummary& summary) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);
  out << "output               " << summary.out_path << "\n";
  out << "rows                 " << summary.rows << " in " << summary.groups << " group(s) over "
      << summary.hours << " hour(s)\n";
  out << "mode                 " << features::GenerateModeName(summary.mode) << "\n";
  out << "snapshot             "
      << (summary.snapshot_id ? std::to_string(*summary.snapshot_id) : std::string("none")) << "\n";
  out << "feature set          " << summary.feature_set << " v" << summary.feature_set_version
      << " (hash " << summary.feature_set_hash << ")\n";
  if (!summary.dimensions.empty()) {
    out << "dimensions          ";
    for (const std::string& name : summary.dimensions) out << " " << name;
    out << "\n";
  }
  if (summary.mode == features::GenerateMode::kExact) {
    out << "records not found    " << summary.reads.records_not_found << "\n";
  } else {
    out << "earlier lookups      " << summary.reads.earlier_lookups << "\n";
  }
  out << "facts read           " << summary.reads.rows_scanned << " rows scanned in "
      << summary.reads.files_read << " file read(s), " << summary.reads.records_decoded
      << " records decoded\n";
  out << "time                 " << summary.seconds << " s (" << std::setprecision(0)
      << (summary.seconds > 0 ? static_cast<double>(summary.rows) / summary.seconds : 0.0)
      << " rows/s)\n";
  size_t width = 7;
  for (const auto& feature : summary.features) width = std::max(width, feature.name.size());
  out << "\n"
      << std::left << std::setw(static_cast<int>(width)) << "feature"
      << "  misses            defaults\n";
  for (const auto& feature : summary.features) {
    std::ostringstream misses;
    misses << feature.misses << " (" << Percent(feature.misses, summary.rows) << ")";
    out << std::left << std::setw(static_cast<int>(width)) << feature.name << "  " << std::setw(16)
        << misses.str() << "  " << feature.defaults << " ("
        << Percent(feature.defaults, summary.rows) << ")\n";
  }
  std::cout << out.str();
}

void PrintJson(const features::GenerateSummary& summary) {
  nlohmann::json features = nlohmann::json::array();
  for (const auto& feature : summary.features) {
    features.push_back(
        {{"name", feature.name}, {"misses", feature.misses}, {"defaults", feature.defaults}});
  }
  nlohmann::json json = {
      {"out", summary.out_path},
      {"rows", summary.rows},
      {"groups", summary.groups},
      {"hours", summary.hours},
      {"mode", std::string(features::GenerateModeName(summary.mode))},
      {"snapshot", summary.snapshot_id ? nlohmann::json(*summary.snapshot_id) : nlohmann::json()},
      {"feature_set",
       {{"name", summary.feature_set},
        {"version", summary.feature_set_version},
        {"hash", summary.feature_set_hash}}},
      {"dimensions", summary.dimensions},
      {"records_not_found", summary.reads.records_not_found},
      {"earlier_lookups", summary.reads.earlier_lookups},
      {"rows_scanned", summary.reads.rows_scanned},
      {"files_read", summary.reads.files_read},
      {"records_decoded", summary.reads.records_decoded},
      {"features", std::move(features)},
      {"seconds", summary.seconds}};
  std::cout << json.dump() << "\n";
}

int RunGenerate(const GenerateArguments& args) {
  const auto started = std::chrono::steady_clock::now();
  features::GenerateOptions options;
  options.store = args.store;
  options.labels_path = args.labels;
  options.features_path = args.features;
  options.out_path = args.out;
  options.threads = args.threads;
  if (args.snapshot > 0) options.snapshot_id = args.snapshot;
  if (args.mode == "exact") options.mode = features::GenerateMode::kExact;
  if (args.mode == "asof") options.mode = features::GenerateMode::kAsOf;
  const bool terminal = ::isatty(STDERR_FILENO);
  if (terminal) {
    options.progress = [started](const features::GenerateProgress& progress) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      const double rate = seconds > 0 ? static_cast<double>(progress.rows_done) / seconds : 0;
      const double fraction = progress.rows_total > 0 ? static_cast<double>(progress.rows_done) /
                                                            static_cast<double>(progress.rows_total)
                                                      : 1.0;
      constexpr int kBarWidth = 30;
      const int filled = static_cast<int>(fraction * kBarWidth);
      const double eta =
          rate > 0 ? static_cast<double>(progress.rows_total - progress.rows_done) / rate : 0;
      std::fprintf(stderr, "\r[%s%s] %5.1f%%  %lld/%lld rows  %.0f rows/s  ETA %.0f s ",
                   std::string(static_cast<size_t>(filled), '#').c_str(),
                   std::string(static_cast<size_t>(kBarWidth - filled), ' ').c_str(),
                   100.0 * fraction, static_cast<long long>(progress.rows_done),
                   static_cast<long long>(progress.rows_total), rate, eta);
      std::fflush(stderr);
    };
  }
  StatusOr<features::GenerateSummary> summary = features::Generate(options);
  if (options.progress) std::fprintf(stderr, "\n");
  if (!summary.ok()) return ReportError(summary.status());
  RecordFeatureSetUsage(args.store, "generate", args.features);
  if (args.format == "json") {
    PrintJson(*summary);
  } else {
    PrintText(*summary);
  }
  return kExitOk;
}

}  // namespace

Command AddGenerateCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "generate",
      "Regenerate features for label rows from the facts as they were at each label's time");
  auto args = std::make_shared<GenerateArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--labels", args->labels,
                  "Label file (Parquet or CSV): [record_id,] ENTITY, ts, ITEM, label")
      ->required();
  app->add_option("--features", args->features, "Feature set (YAML, docs/FEATURES.md)")->required();
  app->add_option("--out", args->out, "Output Parquet file (written atomically)")->required();
  app->add_option("--threads", args->threads, "Worker threads")->check(CLI::Range(1, 256));
  app->add_option("--snapshot", args->snapshot, "Snapshot id to read (default: the latest)")
      ->check(CLI::PositiveNumber);
  app->add_option("--mode", args->mode,
                  "exact: features from the label's record_id; asof: the latest facts at or "
                  "before ts (default: exact when the labels have record_id)")
      ->check(CLI::IsMember({"exact", "asof"}));
  app->add_option("--format", args->format, "Summary format")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args] { return RunGenerate(*args); }};
}

}  // namespace hindsight::cli
