// `hindsight ls STORE [--snapshots|--partitions] [--format text|json]`: what the facts
// table holds. By default a summary of the current snapshot; --partitions lists its hour
// partitions, --snapshots every committed snapshot. A store without a snapshot has no
// data yet, which is not an error (exit 0); no store is (exit 2).
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "nlohmann/json.hpp"
#include "query/aligned_text_table.h"
#include "query/table_listing.h"
#include "store/store_config.h"
#include "store/store_layout.h"
#include "store/table/snapshot.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::cli {
namespace {

using OrderedJson = nlohmann::ordered_json;

struct LsArguments {
  std::string store;
  bool snapshots = false;
  bool partitions = false;
  std::string format = "text";
};

std::string JoinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

OrderedJson TimeOrNull(const std::optional<int64_t>& time) {
  return time.has_value() ? OrderedJson(FormatTimeMicros(*time)) : OrderedJson(nullptr);
}

void PrintJson(const OrderedJson& json) {
  std::cout << json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void PrintSummary(const LsArguments& args, const store::StoreConfig& config,
                  const std::optional<store::Snapshot>& snapshot) {
  std::vector<std::string> fact_types;
  for (const auto& [name, message] : config.fact_types) fact_types.push_back(name);
  const query::TableSummary summary =
      snapshot.has_value() ? query::SummarizeTable(*snapshot) : query::TableSummary{};
  if (args.format == "json") {
    OrderedJson json;
    json["store"] = args.store;
    json["entity_key"] = config.entity_key;
    json["snapshot"] = snapshot.has_value() ? OrderedJson(snapshot->id) : OrderedJson(nullptr);
    json["committed_at"] = TimeOrNull(
        snapshot.has_value() ? std::optional<int64_t>(snapshot->committed_at_us) : std::nullopt);
    json["operation"] =
        snapshot.has_value() ? OrderedJson(snapshot->operation) : OrderedJson(nullptr);
    json["files"] = summary.files;
    json["records"] = summary.records;
    json["bytes"] = summary.bytes;
    json["min_ts"] = TimeOrNull(summary.min_ts_us);
    json["max_ts"] = TimeOrNull(summary.max_ts_us);
    json["partitions"] = summary.partitions;
    json["fact_types"] = fact_types;
    OrderedJson context = OrderedJson::array();
    if (snapshot.has_value()) {
      for (const store::ContextColumn& column : snapshot->context_columns) {
        context.push_back({{"name", column.name}, {"type", store::ContextTypeName(column.type)}});
      }
    }
    json["context_columns"] = std::move(context);
    PrintJson(json);
    return;
  }
  query::AlignedTextTable table;
  table.AddRow({"store", args.store});
  table.AddRow({"entity key", config.entity_key});
  if (!snapshot.has_value()) {
    table.AddRow({"snapshot", "none yet: the table has no data (hindsight ingest commits one)"});
  } else {
    table.AddRow({"snapshot", StrCat(snapshot->id, " (", snapshot->operation, ", committed ",
                                     FormatTimeMicros(snapshot->committed_at_us), ")")});
    table.AddRow({"files", StrCat(summary.files)});
    table.AddRow({"records", StrCat(summary.records)});
    table.AddRow({"bytes", StrCat(summary.bytes)});
    table.AddRow({"time range", summary.min_ts_us.has_value()
                                    ? StrCat(FormatTimeMicros(*summary.min_ts_us), " .. ",
                                             FormatTimeMicros(*summary.max_ts_us))
                                    : std::string("-")});
    table.AddRow({"partitions", StrCat(summary.partitions)});
  }
  table.AddRow({"fact types", JoinNames(fact_types)});
  if (snapshot.has_value()) {
    std::vector<std::string> columns;
    for (const store::ContextColumn& column : snapshot->context_columns) {
      columns.push_back(StrCat(column.name, " (", store::ContextTypeName(column.type), ")"));
    }
    table.AddRow({"context", columns.empty() ? std::string("-") : JoinNames(columns)});
  }
  std::cout << table.Render();
}

void PrintPartitions(const LsArguments& args, const std::optional<store::Snapshot>& snapshot) {
  const std::vector<query::PartitionSummary> partitions =
      snapshot.has_value() ? query::SummarizePartitions(*snapshot)
                           : std::vector<query::PartitionSummary>{};
  if (args.format == "json") {
    OrderedJson json;
    json["snapshot"] = snapshot.has_value() ? OrderedJson(snapshot->id) : OrderedJson(nullptr);
    OrderedJson list = OrderedJson::array();
    for (const query::PartitionSummary& partition : partitions) {
      OrderedJson item;
      item["partition"] = store::PartitionPath(partition.hour_start_us);
      item["hour"] = FormatTimeMicros(partition.hour_start_us);
      item["files"] = partition.files;
      item["records"] = partition.records;
      item["bytes"] = partition.bytes;
      item["min_ts"] = FormatTimeMicros(partition.min_ts_us);
      item["max_ts"] = FormatTimeMicros(partition.max_ts_us);
      list.push_back(std::move(item));
    }
    json["partitions"] = std::move(list);
    PrintJson(json);
    return;
  }
  if (!snapshot.has_value()) {
    std::cout << args.store << " has no snapshot yet: the table has no data\n";
    return;
  }
  query::AlignedTextTable table;
  table.AddRow({"partition", "files", "records", "bytes", "min ts", "max ts"});
  for (const query::PartitionSummary& partition : partitions) {
    table.AddRow({store::PartitionPath(partition.hour_start_us), StrCat(partition.files),
                  StrCat(partition.records), StrCat(partition.bytes),
                  FormatTimeMicros(partition.min_ts_us), FormatTimeMicros(partition.max_ts_us)});
  }
  std::cout << table.Render();
}

void PrintSnapshots(const LsArguments& args, const std::vector<store::Snapshot>& snapshots) {
  if (args.format == "json") {
    OrderedJson list = OrderedJson::array();
    for (const store::Snapshot& snapshot : snapshots) {
      OrderedJson item;
      item["id"] = snapshot.id;
      item["parent_id"] = snapshot.parent_id;
      item["committed_at"] = FormatTimeMicros(snapshot.committed_at_us);
      item["operation"] = snapshot.operation;
      item["records_added"] = snapshot.records_added;
      item["records_removed"] = snapshot.records_removed;
      item["duplicates_dropped"] = snapshot.duplicates_dropped;
      item["records_quarantined"] = snapshot.records_quarantined;
      item["records"] = snapshot.total_records();
      item["files"] = snapshot.files.size();
      item["bytes"] = snapshot.total_bytes();
      list.push_back(std::move(item));
    }
    PrintJson(OrderedJson{{"snapshots", std::move(list)}});
    return;
  }
  if (snapshots.empty()) {
    std::cout << args.store << " has no snapshot yet: the table has no data\n";
    return;
  }
  query::AlignedTextTable table;
  table.AddRow({"id", "committed at", "operation", "added", "removed", "duplicates", "quarantined",
                "records", "files"});
  for (const store::Snapshot& snapshot : snapshots) {
    table.AddRow({StrCat(snapshot.id), FormatTimeMicros(snapshot.committed_at_us),
                  snapshot.operation, StrCat(snapshot.records_added),
                  StrCat(snapshot.records_removed), StrCat(snapshot.duplicates_dropped),
                  StrCat(snapshot.records_quarantined), StrCat(snapshot.total_records()),
                  StrCat(snapshot.files.size())});
  }
  std::cout << table.Render();
}

int RunLs(const LsArguments& args) {
  if (!store::StoreExists(args.store)) {
    return ReportError(absl::NotFoundError(
        StrCat(args.store, ": not a store (no hindsight.yaml; create one with hindsight init)")));
  }
  StatusOr<store::StoreConfig> config = store::ReadStoreConfig(args.store);
  if (!config.ok()) return ReportError(config.status());
  if (args.snapshots) {
    StatusOr<std::vector<store::Snapshot>> snapshots = query::ReadAllSnapshots(args.store);
    if (!snapshots.ok()) return ReportError(snapshots.status());
    PrintSnapshots(args, *snapshots);
    return kExitOk;
  }
  StatusOr<std::optional<store::Snapshot>> snapshot = store::ReadLatestSnapshot(args.store);
  if (!snapshot.ok()) return ReportError(snapshot.status());
  if (args.partitions) {
    PrintPartitions(args, *snapshot);
  } else {
    PrintSummary(args, *config, *snapshot);
  }
  return kExitOk;
}

}  // namespace

Command AddLsCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand("ls", "What a store's facts table holds");
  auto args = std::make_shared<LsArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  CLI::Option* snapshots =
      app->add_flag("--snapshots", args->snapshots, "List every committed snapshot");
  CLI::Option* partitions =
      app->add_flag("--partitions", args->partitions, "List the current snapshot's partitions");
  snapshots->excludes(partitions);
  app->add_option("--format", args->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args] { return RunLs(*args); }};
}

}  // namespace hindsight::cli
