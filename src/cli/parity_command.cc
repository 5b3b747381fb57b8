// `hindsight parity STORE --features FILE.yaml [--from TIME] [--to TIME] [--format text|json]`:
// regenerates the features of every served record offline and compares them bit for bit
// with what was served (serve/parity_check.h). Exit 1 on any difference.
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/usage_recording.h"
#include "nlohmann/json.hpp"
#include "serve/parity_check.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::cli {
namespace {

struct ParityArguments {
  std::string store;
  std::string features;
  std::string from;
  std::string to;
  int threads = 2;
  int examples = 10;
  std::string format = "text";
};

void PrintText(const serve::ParityReport& report) {
  std::ostringstream out;
  out << "feature set   " << report.feature_set << " (hash " << report.feature_set_hash << ")\n"
      << "served        " << report.records << " record(s), " << report.rows << " item row(s)";
  if (report.other_feature_sets > 0) {
    out << "; " << report.other_feature_sets << " record(s) of other feature sets skipped";
  }
  out << "\n";
  for (const std::string& note : report.notes) out << "note          " << note << "\n";
  size_t width = 7;
  for (const auto& feature : report.features) width = std::max(width, feature.name.size());
  out << "\n"
      << std::left << std::setw(static_cast<int>(width)) << "feature"
      << "  equal       different   missing\n";
  for (const auto& feature : report.features) {
    out << std::left << std::setw(static_cast<int>(width)) << feature.name << "  " << std::setw(10)
        << feature.equal << "  " << std::setw(10) << feature.different << "  " << feature.missing
        << "\n";
  }
  if (!report.examples.empty()) {
    out << "\nfirst differences:\n";
    for (const auto& example : report.examples) {
      out << "  record " << example.record_id << " item " << example.item << " " << example.feature
          << ": served " << example.served << ", regenerated " << example.regenerated << "\n";
    }
  }
  out << "\n"
      << (report.differences() == 0 ? "parity: OK, " : "parity: FAILED, ") << report.differences()
      << " difference(s) (" << std::fixed << std::setprecision(2) << report.seconds << " s)\n";
  std::cout << out.str();
}

void PrintJson(const serve::ParityReport& report) {
  nlohmann::json features = nlohmann::json::array();
  for (const auto& feature : report.features) {
    features.push_back({{"name", feature.name},
                        {"equal", feature.equal},
                        {"different", feature.different},
                        {"missing", feature.missing}});
  }
  nlohmann::json examples = nlohmann::json::array();
  for (const auto& example : report.examples) {
    examples.push_back({{"record_id", example.record_id},
                        {"item", example.item},
                        {"feature", example.feature},
                        {"served", example.served},
                        {"regenerated", example.regenerated}});
  }
  nlohmann::json json = {{"feature_set", report.feature_set},
                         {"hash", report.feature_set_hash},
                         {"served_hashes", report.served_hashes},
                         {"records", report.records},
                         {"rows", report.rows},
                         {"other_feature_sets", report.other_feature_sets},
                         {"differences", report.differences()},
                         {"features", std::move(features)},
                         {"examples", std::move(examples)},
                         {"notes", report.notes},
                         {"seconds", report.seconds}};
  std::cout << json.dump() << "\n";
}

int RunParity(const ParityArguments& args) {
  serve::ParityOptions options;
  options.store = args.store;
  options.features_path = args.features;
  options.threads = args.threads;
  options.max_examples = static_cast<size_t>(args.examples);
  for (const auto& [text, target, flag] : {std::tuple{&args.from, &options.from_us, "--from"},
                                           std::tuple{&args.to, &options.to_us, "--to"}}) {
    if (text->empty()) continue;
    StatusOr<int64_t> time = ParseTimeMicros(*text);
    if (!time.ok()) {
      return ReportError(
          absl::InvalidArgumentError(StrCat(flag, " ", *text, ": ", time.status().message())));
    }
    *target = *time;
  }
  StatusOr<serve::ParityReport> report = serve::CheckParity(options);
  if (!report.ok()) return ReportError(report.status());
  RecordFeatureSetUsage(args.store, "parity", args.features);
  if (args.format == "json") {
    PrintJson(*report);
  } else {
    PrintText(*report);
  }
  return report->differences() == 0 ? kExitOk : kExitProblemFound;
}

}  // namespace

Command AddParityCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "parity",
      "Regenerate served features offline and compare them bit for bit with what was served");
  auto args = std::make_shared<ParityArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--features", args->features, "Feature set (YAML) the server ran")->required();
  app->add_option("--from", args->from, "Served records at or after TIME (RFC 3339 or µs)");
  app->add_option("--to", args->to, "Served records before TIME (RFC 3339 or µs)");
  app->add_option("--threads", args->threads, "Generator threads")->check(CLI::Range(1, 256));
  app->add_option("--examples", args->examples, "Differences to show")->check(CLI::Range(0, 10000));
  app->add_option("--format", args->format, "Report format")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args] { return RunParity(*args); }};
}

}  // namespace hindsight::cli
