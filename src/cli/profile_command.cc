// `hindsight profile STORE [--from TIME] [--to TIME] [--attribute A] [--by hour|day|week|all]
//  [--app NAME | --where COLUMN=VALUE] [--format text|json]`: prints the stored profiles
// (docs/QUALITY.md), merged per period, without reading the data (a slice other than app
// is profiled from the data). `hindsight profile FILE.parquet` profiles
// any Parquet file (a feature output) from its data.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/time_range_option.h"
#include "nlohmann/json.hpp"
#include "quality/profile_catalog.h"
#include "query/aligned_text_table.h"
#include "store/store_layout.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::cli {
namespace {

struct ProfileArguments {
  std::string store;
  std::string from;
  std::string to;
  std::string attribute;
  std::string by = "all";
  std::string app;
  std::string where;
  std::string format = "text";
  bool recompute = false;
  int threads = 2;
};

std::string Number(std::optional<double> value) {
  if (!value.has_value() || std::isnan(*value)) return "-";
  std::ostringstream out;
  if (std::abs(*value) >= 1e6 && std::floor(*value) == *value) {
    out << static_cast<int64_t>(*value);
  } else {
    out.precision(6);
    out << *value;
  }
  return out.str();
}

std::string PeriodText(int64_t start, quality::Granularity by) {
  if (by == quality::Granularity::kAll) return "all";
  std::string text = FormatTimeMicros(start);
  if (by != quality::Granularity::kHour) text = text.substr(0, 10);
  return text;
}

std::string TopText(const quality::AttributeProfile& profile) {
  if (profile.top_overflowed || profile.top.empty()) return "";
  auto top = profile.top;
  std::sort(top.begin(), top.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string text;
  for (size_t i = 0; i < top.size() && i < 3; ++i) {
    text += StrCat(i ? " " : "", top[i].first.empty() ? "\"\"" : top[i].first, ":", top[i].second);
  }
  if (top.size() > 3) text += " …";
  return text;
}

bool Selected(const quality::ProfileKey& key, const ProfileArguments& args,
              const std::string& slice) {
  if (key.slice != slice) return false;
  if (args.attribute.empty()) return true;
  return key.attribute == args.attribute || key.attribute.rfind(args.attribute + ".", 0) == 0;
}

struct SliceChoice {
  std::string column;  // "" for all records
  std::string name;    // as in profiles: "" or "country=US"
};

// The slice --app or --where asks for, checked against the store's columns.
StatusOr<SliceChoice> ChooseSlice(const ProfileArguments& args) {
  if (!args.app.empty() && !args.where.empty()) {
    return absl::InvalidArgumentError("--app and --where exclude each other");
  }
  if (!args.app.empty()) return SliceChoice{"app", quality::SliceName("app", args.app)};
  if (args.where.empty()) return SliceChoice();
  const size_t equals = args.where.find('=');
  if (equals == std::string::npos || equals == 0) {
    return absl::InvalidArgumentError(
        StrCat("--where ", args.where, ": expected COLUMN=VALUE (e.g. country=US)"));
  }
  SliceChoice choice{args.where.substr(0, equals), args.where};
  HS_ASSIGN_OR_RETURN(const std::vector<std::string> columns,
                      quality::SliceableColumns(args.store));
  if (std::find(columns.begin(), columns.end(), choice.column) == columns.end()) {
    std::string known;
    for (const std::string& c : columns) known += StrCat(known.empty() ? "" : ", ", c);
    return absl::InvalidArgumentError(
        StrCat("--where ", args.where, ": profiles can be sliced by ", known, " only"));
  }
  return choice;
}

// A Parquet file (a feature output, say) is profiled from its data, all rows together.
StatusOr<quality::HourlyProfiles> ProfileOneFile(const ProfileArguments& args) {
  if (!args.from.empty() || !args.to.empty() || !args.app.empty() || !args.where.empty() ||
      args.by != "all") {
    return absl::InvalidArgumentError(StrCat(
        args.store, " is a file: --from, --to, --app, --where and --by apply to stores only"));
  }
  HS_ASSIGN_OR_RETURN(quality::ProfileSet profiles, quality::ProfileParquetFile(args.store));
  quality::HourlyProfiles all;
  all.emplace(std::numeric_limits<int64_t>::min(), std::move(profiles));
  return all;
}

int RunProfile(const ProfileArguments& args) {
  const bool one_file = std::filesystem::is_regular_file(args.store);
  if (!one_file && !store::StoreExists(args.store)) {
    return ReportError(
        absl::NotFoundError(StrCat(args.store, ": neither a store nor a Parquet file")));
  }
  StatusOr<quality::TimeRange> range = ParseTimeRange(args.from, args.to);
  if (!range.ok()) return ReportError(range.status());
  StatusOr<quality::Granularity> by = quality::ParseGranularity(args.by);
  if (!by.ok()) return ReportError(by.status());
  StatusOr<SliceChoice> slice = one_file ? SliceChoice() : ChooseSlice(args);
  if (!slice.ok()) return ReportError(slice.status());
  quality::CatalogOptions catalog;
  catalog.recompute = args.recompute;
  catalog.threads = args.threads;
  if (slice->column != "app" && !slice->column.empty()) catalog.slice_by.push_back(slice->column);
  const bool from_data = args.recompute || catalog.slice_by.size() > 1;
  quality::CatalogStats stats;
  const auto started = std::chrono::steady_clock::now();
  StatusOr<quality::HourlyProfiles> hourly =
      one_file ? ProfileOneFile(args)
               : quality::LoadHourlyProfiles(args.store, *range, &stats, catalog);
  if (!hourly.ok()) return ReportError(hourly.status());
  StatusOr<quality::HourlyProfiles> periods = quality::RollUp(*hourly, *by);
  if (!periods.ok()) return ReportError(periods.status());

  auto print_stats = [&](size_t printed) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << printed << " profile(s) of " << hourly->size() << " hour(s) from " << stats.files
              << " file(s) in " << seconds << " s";
    if (from_data) std::cerr << "; " << stats.values_profiled << " values profiled from the data";
    if (stats.profiles_recomputed > 0 && !from_data) {
      std::cerr << "; " << stats.profiles_recomputed
                << " file(s) had no stored profile and were profiled now";
    }
    std::cerr << "\n";
  };
  if (args.format == "json") {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& [start, set] : *periods) {
      for (const auto& [key, profile] : set.entries()) {
        if (!Selected(key, args, slice->name)) continue;
        nlohmann::ordered_json row = {{"period", PeriodText(start, *by)},
                                      {"slice", key.slice},
                                      {"attribute", key.attribute},
                                      {"kind", quality::AttributeKindName(profile.kind)}};
        for (const std::string& metric : quality::MetricNames()) {
          const auto value = profile.Metric(metric);
          row[metric] = value.has_value() && std::isfinite(*value)
                            ? nlohmann::ordered_json(*value)
                            : nlohmann::ordered_json(nullptr);
        }
        nlohmann::ordered_json top = nlohmann::ordered_json::array();
        for (const auto& [value, count] : profile.top) top.push_back({value, count});
        row["top"] = profile.top_overflowed ? nlohmann::ordered_json(nullptr) : top;
        rows.push_back(std::move(row));
      }
    }
    std::cout << rows.dump(1) << "\n" << std::flush;
    print_stats(rows.size());
    return kExitOk;
  }
  query::AlignedTextTable table;
  table.AddRow({"period", "attribute", "kind", "count", "null%", "distinct", "min", "mean", "p50",
                "p99", "max", "top"});
  size_t printed = 0;
  for (const auto& [start, set] : *periods) {
    for (const auto& [key, profile] : set.entries()) {
      if (!Selected(key, args, slice->name)) continue;
      ++printed;
      table.AddRow(
          {PeriodText(start, *by), key.attribute,
           std::string(quality::AttributeKindName(profile.kind)), std::to_string(profile.count),
           profile.kind == quality::AttributeKind::kCounter ? "-"
                                                            : Number(100 * profile.null_rate()),
           profile.kind == quality::AttributeKind::kCounter
               ? "-"
               : std::to_string(std::llround(profile.distinct.Estimate())),
           Number(profile.Metric("min")), Number(profile.Metric("mean")),
           Number(profile.Metric("median")), Number(profile.Metric("p99")),
           Number(profile.Metric("max")), TopText(profile)});
    }
  }
  std::cout << table.Render() << std::flush;
  print_stats(printed);
  return kExitOk;
}

}  // namespace

Command AddProfileCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "profile",
      "Print data-quality profiles of the facts (stored at ingest: no data is read except for "
      "--recompute and --where on a column other than app)");
  auto args = std::make_shared<ProfileArguments>();
  app->add_option("STORE", args->store,
                  "Store directory, or a Parquet file (a feature output) to profile")
      ->required();
  app->add_option("--from", args->from, "Hours starting at or after TIME (RFC 3339 or µs)");
  app->add_option("--to", args->to, "Hours starting before TIME (RFC 3339 or µs)");
  app->add_option("--attribute", args->attribute,
                  "Only this attribute and those below it (e.g. facts.subscriber)");
  app->add_option("--by", args->by, "Period each row covers")
      ->check(CLI::IsMember({"hour", "day", "week", "all"}));
  app->add_option("--app", args->app, "Only records of this app (profiles are sliced by app)");
  app->add_option("--where", args->where,
                  "Only records whose string context column has this value, e.g. country=US "
                  "(any column but app is profiled from the data)");
  app->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  app->add_flag(
      "--recompute", args->recompute,
      "Profile the data files again instead of reading the stored profiles (nothing is written)");
  app->add_option("--threads", args->threads, "Files profiled at once with --recompute")
      ->check(CLI::Range(1, 256));
  return {app, [args] { return RunProfile(*args); }};
}

}  // namespace hindsight::cli
