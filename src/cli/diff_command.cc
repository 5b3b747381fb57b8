// `hindsight diff A B [--mode exact|distribution] [--from TIME] [--to TIME] [--examples N]
//  [--max-ks X] [--max-psi X] [--format text|json]`: the swimlane diff of two stores or two
// feature outputs (quality/swimlane_diff.h). Exit 1 when they differ.
#include <cmath>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/time_range_option.h"
#include "nlohmann/json.hpp"
#include "quality/swimlane_diff.h"
#include "query/aligned_text_table.h"
#include "util/str_cat.h"

namespace hindsight::cli {
namespace {

struct DiffArguments {
  std::string a;
  std::string b;
  std::string mode = "exact";
  std::string from;
  std::string to;
  int examples = 3;
  double max_ks = 0.05;
  double max_psi = 0.1;
  std::string format = "text";
};

std::string Num(const std::optional<double>& v) {
  if (!v.has_value() || !std::isfinite(*v)) return "-";
  std::ostringstream out;
  out.precision(4);
  out << *v;
  return out.str();
}

nlohmann::ordered_json Optional(const std::optional<double>& v) {
  return v.has_value() && std::isfinite(*v) ? nlohmann::ordered_json(*v)
                                            : nlohmann::ordered_json(nullptr);
}

void PrintJson(const quality::DiffReport& report) {
  nlohmann::ordered_json attributes = nlohmann::ordered_json::array();
  for (const auto& d : report.attributes) {
    if (report.mode == quality::DiffMode::kExact && !d.differs()) continue;
    nlohmann::ordered_json row = {{"attribute", d.attribute}, {"differs", d.differs()}};
    if (report.mode == quality::DiffMode::kExact) {
      row["missing"] = d.missing;
      row["new"] = d.added;
      row["replaced"] = d.replaced;
      row["rows"] = d.rows();
      nlohmann::ordered_json examples = nlohmann::ordered_json::array();
      for (const auto& e : d.examples) examples.push_back({{"key", e.key}, {"a", e.a}, {"b", e.b}});
      row["examples"] = examples;
    } else {
      row["count_a"] = d.count_a;
      row["count_b"] = d.count_b;
      row["ks"] = Optional(d.ks);
      row["ks_error"] = d.ks_error;
      row["ks_p_value"] = Optional(d.ks_p_value);
      row["psi"] = Optional(d.psi);
    }
    attributes.push_back(std::move(row));
  }
  std::cout << nlohmann::ordered_json(
                   {{"kind", report.kind},
                    {"mode", report.mode == quality::DiffMode::kExact ? "exact" : "distribution"},
                    {"rows_a", report.rows_a},
                    {"rows_b", report.rows_b},
                    {"rows_matched", report.rows_matched},
                    {"only_in_a", report.only_in_a},
                    {"only_in_b", report.only_in_b},
                    {"only_in_a_examples", report.only_in_a_examples},
                    {"only_in_b_examples", report.only_in_b_examples},
                    {"differs", report.differs()},
                    {"attributes", attributes}})
                   .dump(1)
            << "\n";
}

void PrintText(const quality::DiffReport& report) {
  std::cout << report.kind << ": " << report.rows_a << " row(s) in A, " << report.rows_b << " in B";
  if (report.mode == quality::DiffMode::kExact) {
    std::cout << ", " << report.rows_matched << " matched, " << report.only_in_a << " only in A, "
              << report.only_in_b << " only in B";
  }
  std::cout << "\n";
  for (const auto& key : report.only_in_a_examples) std::cout << "  only in A: " << key << "\n";
  for (const auto& key : report.only_in_b_examples) std::cout << "  only in B: " << key << "\n";
  query::AlignedTextTable table;
  if (report.mode == quality::DiffMode::kExact) {
    table.AddRow({"attribute", "rows", "missing", "new", "replaced", "example (A → B)"});
    for (const auto& d : report.attributes) {
      if (!d.differs()) continue;
      const std::string example =
          d.examples.empty()
              ? ""
              : StrCat(d.examples[0].key, ": ", d.examples[0].a, " → ", d.examples[0].b);
      table.AddRow({d.attribute, std::to_string(d.rows()), std::to_string(d.missing),
                    std::to_string(d.added), std::to_string(d.replaced), example});
    }
  } else {
    table.AddRow({"attribute", "count A", "count B", "KS", "±", "PSI", ""});
    for (const auto& d : report.attributes) {
      table.AddRow({d.attribute, std::to_string(d.count_a), std::to_string(d.count_b), Num(d.ks),
                    d.ks_error > 0 ? Num(d.ks_error) : "", Num(d.psi),
                    d.differs() ? "DIFFERS" : ""});
    }
  }
  std::cout << table.Render();
  int64_t differing = 0;
  for (const auto& d : report.attributes) differing += d.differs() ? 1 : 0;
  std::cout << (report.differs() ? "DIFFERENT: " : "same: ") << differing << " of "
            << report.attributes.size() << " attribute(s) differ\n";
}

int RunDiff(const DiffArguments& args) {
  quality::DiffOptions options;
  options.a = args.a;
  options.b = args.b;
  options.mode =
      args.mode == "distribution" ? quality::DiffMode::kDistribution : quality::DiffMode::kExact;
  options.max_examples = args.examples;
  options.max_ks = args.max_ks;
  options.max_psi = args.max_psi;
  StatusOr<quality::TimeRange> range = ParseTimeRange(args.from, args.to);
  if (!range.ok()) return ReportError(range.status());
  options.range = *range;
  StatusOr<quality::DiffReport> report = quality::Diff(options);
  if (!report.ok()) return ReportError(report.status());
  if (args.format == "json") {
    PrintJson(*report);
  } else {
    PrintText(*report);
  }
  return report->differs() ? kExitProblemFound : kExitOk;
}

}  // namespace

Command AddDiffCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "diff",
      "Compare two stores or two feature outputs attribute by attribute; exit 1 when they differ");
  auto args = std::make_shared<DiffArguments>();
  app->add_option("A", args->a, "Store directory or feature output (Parquet)")->required();
  app->add_option("B", args->b, "Store directory or feature output (Parquet)")->required();
  app->add_option("--mode", args->mode,
                  "exact: value by value; distribution: KS and PSI per attribute")
      ->check(CLI::IsMember({"exact", "distribution"}));
  app->add_option("--from", args->from, "Stores: event hours at or after TIME");
  app->add_option("--to", args->to, "Stores: event hours before TIME");
  app->add_option("--examples", args->examples, "Examples per attribute")
      ->check(CLI::Range(0, 1000));
  app->add_option("--max-ks", args->max_ks,
                  "Distribution: KS statistic (less sketch error) that differs");
  app->add_option("--max-psi", args->max_psi, "Distribution: PSI that differs");
  app->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args] { return RunDiff(*args); }};
}

}  // namespace hindsight::cli
