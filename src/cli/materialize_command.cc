// `hindsight materialize STORE --redis URL [--since TIME] [--until TIME] [--format text|json]`:
// loads the online store from the facts table (serve/materializer.h).
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "nlohmann/json.hpp"
#include "serve/materializer.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::cli {
namespace {

struct MaterializeArguments {
  std::string store;
  std::string redis;
  std::string since;
  std::string until;
  std::string format = "text";
};

int RunMaterialize(const MaterializeArguments& args) {
  StatusOr<serve::RedisEndpoint> endpoint = serve::ParseRedisUrl(args.redis);
  if (!endpoint.ok()) return ReportError(endpoint.status());
  serve::MaterializeOptions options;
  options.store = args.store;
  for (const auto& [text, target, flag] : {std::tuple{&args.since, &options.since_us, "--since"},
                                           std::tuple{&args.until, &options.until_us, "--until"}}) {
    if (text->empty()) continue;
    StatusOr<int64_t> time = ParseTimeMicros(*text);
    if (!time.ok()) {
      return ReportError(
          absl::InvalidArgumentError(StrCat(flag, " ", *text, ": ", time.status().message())));
    }
    *target = *time;
  }
  if (::isatty(STDERR_FILENO)) {
    options.progress = [](int64_t done, int64_t total) {
      std::fprintf(stderr, "\rreading partitions %lld/%lld ", static_cast<long long>(done),
                   static_cast<long long>(total));
      std::fflush(stderr);
    };
  }
  StatusOr<std::unique_ptr<serve::RedisConnection>> connection =
      serve::RedisConnection::Connect(*endpoint, std::chrono::seconds(5));
  if (!connection.ok()) return ReportError(connection.status());
  serve::OnlineStore online(std::move(*connection));
  StatusOr<serve::MaterializeSummary> summary = serve::Materialize(options, online);
  if (options.progress) std::fprintf(stderr, "\n");
  if (!summary.ok()) return ReportError(summary.status());
  if (args.format == "json") {
    nlohmann::json json = {{"snapshot", summary->snapshot_id ? nlohmann::json(*summary->snapshot_id)
                                                             : nlohmann::json()},
                           {"partitions", summary->partitions},
                           {"files", summary->files},
                           {"rows_scanned", summary->rows_scanned},
                           {"entities", summary->entities},
                           {"facts_written", summary->facts_written},
                           {"facts_stale", summary->facts_stale},
                           {"dimensions", summary->dimensions},
                           {"seconds", summary->seconds}};
    std::cout << json.dump() << "\n";
  } else {
    std::cout << "redis          " << endpoint->url << "\n"
              << "snapshot       "
              << (summary->snapshot_id ? std::to_string(*summary->snapshot_id) : "none") << "\n"
              << "read           " << summary->rows_scanned << " rows in " << summary->files
              << " file(s) of " << summary->partitions << " partition(s)\n"
              << "entities       " << summary->entities << "\n"
              << "facts written  " << summary->facts_written << " (" << summary->facts_stale
              << " older than what Redis held, left alone)\n"
              << "dimensions     ";
    for (const std::string& dimension : summary->dimensions) std::cout << dimension << " ";
    std::cout << (summary->dimensions.empty() ? "none\n" : "\n");
    std::cout << "time           " << summary->seconds << " s\n";
  }
  return kExitOk;
}

}  // namespace

Command AddMaterializeCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "materialize",
      "Load the online store (Redis) with each entity's latest facts and the dimensions in force");
  auto args = std::make_shared<MaterializeArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--redis", args->redis, "Online store: redis://HOST[:PORT][/DB]")->required();
  app->add_option("--since", args->since, "Only facts logged at or after TIME (RFC 3339 or µs)");
  app->add_option("--until", args->until, "Only facts logged at or before TIME (RFC 3339 or µs)");
  app->add_option("--format", args->format, "Summary format")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args] { return RunMaterialize(*args); }};
}

}  // namespace hindsight::cli
