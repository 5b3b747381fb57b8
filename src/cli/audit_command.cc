// `hindsight audit STORE --rules FILE.yaml [--at TIME | --from TIME --to TIME]
//  [--format text|json] [--fail-on error|warn] [--all]`: runs the audit rules over the
// stored profiles (docs/QUALITY.md), stores every result in STORE/quality/audits and
// prints the violations. Exit 0 clean, 1 violations, 2 bad rules or input.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cli/command.h"
#include "cli/time_range_option.h"
#include "nlohmann/json.hpp"
#include "quality/audit_evaluator.h"
#include "quality/audit_result_file.h"
#include "quality/audit_rule.h"
#include "quality/profile_catalog.h"
#include "query/aligned_text_table.h"
#include "store/store_layout.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::cli {
namespace {

struct AuditArguments {
  std::string store;
  std::string rules;
  std::string at;
  std::string from;
  std::string to;
  std::string format = "text";
  std::string fail_on = "error";
  bool all = false;
  bool no_store = false;
};

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

nlohmann::ordered_json ToJson(const quality::AuditResult& r) {
  auto optional = [](const std::optional<double>& v) {
    return v.has_value() && std::isfinite(*v) ? nlohmann::ordered_json(*v)
                                              : nlohmann::ordered_json(nullptr);
  };
  return {{"rule", r.rule},
          {"kind", quality::AuditKindName(r.kind)},
          {"severity", quality::SeverityName(r.severity)},
          {"attribute", r.attribute},
          {"slice", r.slice},
          {"metric", r.metric},
          {"period_start", FormatTimeMicros(r.period_start_us)},
          {"period_end", FormatTimeMicros(r.period_end_us)},
          {"value", optional(r.value)},
          {"baseline", optional(r.baseline)},
          {"threshold", r.threshold},
          {"violated", r.violated},
          {"skipped", r.skipped},
          {"message", r.message}};
}

int RunAudit(const AuditArguments& args) {
  if (!store::StoreExists(args.store)) {
    return ReportError(absl::NotFoundError(StrCat(args.store, ": no store here")));
  }
  if (!args.at.empty() && (!args.from.empty() || !args.to.empty())) {
    return ReportError(absl::InvalidArgumentError("--at and --from/--to exclude each other"));
  }
  StatusOr<std::vector<std::string>> sliceable = quality::SliceableColumns(args.store);
  if (!sliceable.ok()) return ReportError(sliceable.status());
  StatusOr<quality::AuditRules> rules = quality::ParseAuditRules(args.rules, *sliceable);
  if (!rules.ok()) return ReportError(rules.status());
  StatusOr<quality::TimeRange> range = ParseTimeRange(args.from, args.to);
  if (!range.ok()) return ReportError(range.status());
  quality::AuditOptions options;
  options.range = *range;
  options.now_us = NowMicros();
  if (!args.at.empty()) {
    StatusOr<int64_t> at = ParseTimeMicros(args.at);
    if (!at.ok())
      return ReportError(
          absl::InvalidArgumentError(StrCat("--at ", args.at, ": ", at.status().message())));
    options.at_us = *at;
    options.now_us = *at;
  } else if (!args.to.empty()) {
    options.now_us = range->to_us;
  }
  // Baselines look back: load the whole history, judge only the range. Stored profiles
  // are sliced by app; a rule on another slice (where: {country: US}) needs the data.
  quality::CatalogOptions catalog;
  catalog.threads = std::max(1u, std::thread::hardware_concurrency());
  for (const quality::AuditRule& rule : rules->rules) {
    const std::string column = rule.slice.substr(0, rule.slice.find('='));
    if (!column.empty() && std::find(catalog.slice_by.begin(), catalog.slice_by.end(), column) ==
                               catalog.slice_by.end()) {
      catalog.slice_by.push_back(column);
    }
  }
  if (catalog.slice_by.size() > 1) {
    std::cerr << "profiling the data for slices by";
    for (size_t i = 1; i < catalog.slice_by.size(); ++i) std::cerr << " " << catalog.slice_by[i];
    std::cerr << " (stored profiles are sliced by app only)\n";
  }
  StatusOr<quality::HourlyProfiles> hourly =
      quality::LoadHourlyProfiles(args.store, {}, nullptr, catalog);
  if (!hourly.ok()) return ReportError(hourly.status());
  StatusOr<std::vector<quality::AuditResult>> results = quality::RunAudit(*rules, *hourly, options);
  if (!results.ok()) return ReportError(results.status());
  std::string stored;
  if (!args.no_store) {
    StatusOr<std::string> path = quality::WriteAuditResults(store::AuditResultsDir(args.store),
                                                            NowMicros(), args.rules, *results);
    if (!path.ok()) return ReportError(path.status());
    stored = *path;
  }
  const quality::Severity fail_at =
      args.fail_on == "warn" ? quality::Severity::kWarn : quality::Severity::kError;
  int64_t errors = 0, warnings = 0, skipped = 0;
  bool failed = false;
  for (const auto& r : *results) {
    skipped += r.skipped ? 1 : 0;
    if (!r.violated) continue;
    (r.severity == quality::Severity::kError ? errors : warnings) += 1;
    if (r.severity >= fail_at) failed = true;
  }
  if (args.format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& r : *results) {
      if (args.all || r.violated) list.push_back(ToJson(r));
    }
    nlohmann::ordered_json out = {{"rules", args.rules}, {"results", results->size()},
                                  {"errors", errors},    {"warnings", warnings},
                                  {"skipped", skipped},  {"stored", stored},
                                  {"findings", list}};
    std::cout << out.dump(1) << "\n";
  } else {
    query::AlignedTextTable table;
    for (const auto& r : *results) {
      if (!(args.all || r.violated)) continue;
      const std::string status = r.violated
                                     ? (r.severity == quality::Severity::kError ? "ERROR" : "WARN")
                                     : (r.skipped ? "skip" : "ok");
      table.AddRow({status, FormatTimeMicros(r.period_start_us), r.rule,
                    r.slice.empty() ? r.attribute : StrCat(r.attribute, " [", r.slice, "]"),
                    r.message});
    }
    std::cout << table.Render();
    std::cout << rules->rules.size() << " rule(s), " << results->size() << " result(s): " << errors
              << " error(s), " << warnings << " warning(s), " << skipped << " not judged\n";
    if (!stored.empty()) std::cout << "results stored in " << stored << "\n";
  }
  return failed ? kExitProblemFound : kExitOk;
}

}  // namespace

Command AddAuditCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "audit", "Check the stored profiles against audit rules (YAML); exit 1 on violations");
  auto args = std::make_shared<AuditArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--rules", args->rules, "Audit rules file (YAML, docs/QUALITY.md)")->required();
  app->add_option("--at", args->at, "Judge only the hour/day holding TIME (and freshness at TIME)");
  app->add_option("--from", args->from, "Judge periods starting at or after TIME");
  app->add_option("--to", args->to,
                  "Judge periods starting before TIME (freshness is judged at TIME)");
  app->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  app->add_option("--fail-on", args->fail_on, "Lowest severity that makes the exit code 1")
      ->check(CLI::IsMember({"error", "warn"}));
  app->add_flag("--all", args->all, "Print every result, not only violations");
  app->add_flag("--no-store", args->no_store, "Do not store the results in STORE/quality/audits");
  return {app, [args] { return RunAudit(*args); }};
}

}  // namespace hindsight::cli
