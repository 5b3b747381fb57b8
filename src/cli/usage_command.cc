// `hindsight usage STORE [--format text|json]`: attributes by bytes stored against times
// read (quality/usage_log.h), flagging those logged but never read.
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "nlohmann/json.hpp"
#include "quality/usage_log.h"
#include "query/aligned_text_table.h"
#include "store/store_layout.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::cli {
namespace {

struct UsageArguments {
  std::string store;
  std::string format = "text";
};

std::string Bytes(int64_t bytes) {
  if (bytes >= (int64_t{1} << 20)) return StrCat(bytes >> 20, " MiB");
  if (bytes >= 1024) return StrCat(bytes >> 10, " KiB");
  return StrCat(bytes, " B");
}

int RunUsage(const UsageArguments& args) {
  if (!store::StoreExists(args.store)) {
    return ReportError(absl::NotFoundError(StrCat(args.store, ": no store here")));
  }
  StatusOr<quality::UsageReport> report = quality::BuildUsageReport(args.store);
  if (!report.ok()) return ReportError(report.status());
  int64_t never = 0, never_bytes = 0;
  for (const auto& a : report->attributes) {
    if (a.reads == 0) {
      ++never;
      never_bytes += a.bytes;
    }
  }
  if (args.format == "json") {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& a : report->attributes) {
      rows.push_back(
          {{"attribute", a.attribute},
           {"bytes", a.bytes},
           {"reads", a.reads},
           {"last_read", a.last_read_us ? nlohmann::ordered_json(FormatTimeMicros(a.last_read_us))
                                        : nlohmann::ordered_json(nullptr)},
           {"commands", a.commands},
           {"never_read", a.reads == 0}});
    }
    std::cout << nlohmann::ordered_json({{"runs", report->runs},
                                         {"total_bytes", report->total_bytes},
                                         {"never_read", never},
                                         {"never_read_bytes", never_bytes},
                                         {"attributes", rows}})
                     .dump(1)
              << "\n";
    return kExitOk;
  }
  query::AlignedTextTable table;
  table.AddRow({"attribute", "stored", "share", "reads", "last read", "by", ""});
  for (const auto& a : report->attributes) {
    std::string by;
    for (const auto& c : a.commands) by += StrCat(by.empty() ? "" : ",", c);
    const double share = report->total_bytes ? 100.0 * a.bytes / report->total_bytes : 0;
    char share_text[16];
    std::snprintf(share_text, sizeof share_text, "%.1f%%", share);
    table.AddRow({a.attribute, Bytes(a.bytes), share_text, std::to_string(a.reads),
                  a.last_read_us ? FormatTimeMicros(a.last_read_us) : "-", by,
                  a.reads == 0 ? "NEVER READ" : ""});
  }
  std::cout << table.Render() << report->runs << " recorded run(s); " << never
            << " attribute(s) never read, " << Bytes(never_bytes) << " of "
            << Bytes(report->total_bytes) << " stored\n";
  return kExitOk;
}

}  // namespace

Command AddUsageCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "usage",
      "Attributes by bytes stored vs times read by runs; flags those logged but never read");
  auto args = std::make_shared<UsageArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args] { return RunUsage(*args); }};
}

}  // namespace hindsight::cli
