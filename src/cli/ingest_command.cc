// `hindsight ingest STORE [--threads N] [--commit-mb M] [--keep-log] [--redis URL]
// [--format text|json]`: moves logged records into the facts table
// (store/ingest/ingest_job.h) and, with --redis, pushes the facts of the files it
// committed to the online store (serve/materializer.h). Exit 0 when
// everything read went into the table (duplicates dropped count as success), 1 when
// records were quarantined or torn segment tails lost bytes, 2 on errors.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "log/segment_format.h"
#include "nlohmann/json.hpp"
#include "serve/materializer.h"
#include "store/ingest/ingest_job.h"
#include "store/table/snapshot.h"
#include "util/str_cat.h"

namespace hindsight::cli {
namespace {

struct IngestArguments {
  std::string store;
  int threads = 2;
  int64_t commit_mb = 512;
  bool keep_log = false;
  bool no_profiles = false;
  std::string redis;
  std::string format = "text";
};

// What ingest pushed to the online store (--redis).
struct OnlineUpdate {
  int64_t files = 0;
  int64_t entities = 0;
  int64_t facts_written = 0;
  int64_t facts_stale = 0;
};

uint64_t LostBytes(const store::IngestSummary& summary) {
  uint64_t lost = 0;
  for (const auto& torn : summary.torn_segments) lost += torn.bytes_lost;
  return lost;
}

void PrintText(const store::IngestSummary& summary, double seconds,
               const std::optional<OnlineUpdate>& online) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);
  out << "records read         " << summary.records_read << "\n";
  out << "records written      " << summary.records_written << "\n";
  out << "duplicates dropped   " << summary.duplicates_dropped << "\n";
  out << "quarantined          " << summary.records_quarantined << "\n";
  if (!summary.quarantine_file.empty())
    out << "quarantine           " << summary.quarantine_file << "\n";
  out << "files written        " << summary.files_written << " in " << summary.partitions_written
      << " partition(s), " << summary.bytes_written << " bytes\n";
  out << "snapshots committed  " << summary.commits;
  if (!summary.snapshot_ids.empty()) out << " (latest " << summary.snapshot_ids.back() << ")";
  out << "\n";
  for (const auto& torn : summary.torn_segments) {
    out << "torn segment tail    " << torn.file << ": " << torn.bytes_lost
        << " bytes lost after offset " << torn.valid_bytes << "\n";
  }
  if (summary.pending_tail_bytes > 0) {
    out << "pending tail         " << summary.pending_tail_bytes
        << " bytes after the last whole frame of the newest segment (read on a later run)\n";
  }
  out << "log position         " << log::SegmentFileName(summary.position.segment) << " @ "
      << summary.position.offset << "\n";
  out << "segments deleted     " << summary.segments_deleted << "\n";
  if (online) {
    out << "online store         " << online->facts_written << " fact(s) of " << online->entities
        << " entities from " << online->files << " new file(s) (" << online->facts_stale
        << " older than what Redis held)\n";
  }
  out << "time                 " << seconds << " s\n";
  out << "records/s            " << std::setprecision(0)
      << (seconds > 0 ? static_cast<double>(summary.records_read) / seconds : 0.0) << "\n";
  std::cout << out.str();
}

void PrintJson(const store::IngestSummary& summary, double seconds,
               const std::optional<OnlineUpdate>& online) {
  nlohmann::json torn = nlohmann::json::array();
  for (const auto& t : summary.torn_segments) {
    torn.push_back(
        {{"file", t.file}, {"valid_bytes", t.valid_bytes}, {"bytes_lost", t.bytes_lost}});
  }
  const nlohmann::json json = {
      {"records_read", summary.records_read},
      {"records_written", summary.records_written},
      {"duplicates_dropped", summary.duplicates_dropped},
      {"records_quarantined", summary.records_quarantined},
      {"quarantine_file", summary.quarantine_file},
      {"files_written", summary.files_written},
      {"partitions_written", summary.partitions_written},
      {"bytes_written", summary.bytes_written},
      {"commits", summary.commits},
      {"snapshot_ids", summary.snapshot_ids},
      {"log_position",
       {{"segment", summary.position.segment}, {"offset", summary.position.offset}}},
      {"torn_segments", std::move(torn)},
      {"bytes_lost", LostBytes(summary)},
      {"pending_tail_bytes", summary.pending_tail_bytes},
      {"segments_deleted", summary.segments_deleted},
      {"online_store", online ? nlohmann::json{{"files", online->files},
                                               {"entities", online->entities},
                                               {"facts_written", online->facts_written},
                                               {"facts_stale", online->facts_stale}}
                              : nlohmann::json()},
      {"seconds", seconds}};
  std::cout << json.dump() << "\n";
}

int RunIngest(const IngestArguments& args) {
  const auto started = std::chrono::steady_clock::now();
  store::IngestOptions options;
  options.store = args.store;
  options.threads = args.threads;
  options.max_commit_bytes = args.commit_mb << 20;
  options.keep_log = args.keep_log;
  options.write_profiles = !args.no_profiles;
  if (::isatty(STDERR_FILENO)) {
    options.progress = [started](const store::IngestProgress& progress) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(stderr, "\rcommit %lld: %lld records read, %lld written, %.1f MB, %.0f s",
                   static_cast<long long>(progress.commits),
                   static_cast<long long>(progress.records_read),
                   static_cast<long long>(progress.records_written),
                   static_cast<double>(progress.bytes_written) / 1e6, seconds);
      std::fflush(stderr);
    };
  }
  // With --redis, the online store is reached before anything is ingested.
  std::unique_ptr<serve::OnlineStore> online_store;
  std::optional<store::Snapshot> before;
  if (!args.redis.empty()) {
    StatusOr<serve::RedisEndpoint> endpoint = serve::ParseRedisUrl(args.redis);
    if (!endpoint.ok()) return ReportError(endpoint.status());
    StatusOr<std::unique_ptr<serve::RedisConnection>> connection =
        serve::RedisConnection::Connect(*endpoint, std::chrono::seconds(5));
    if (!connection.ok()) return ReportError(connection.status());
    online_store = std::make_unique<serve::OnlineStore>(std::move(*connection));
    StatusOr<std::optional<store::Snapshot>> latest = store::ReadLatestSnapshot(args.store);
    if (!latest.ok()) return ReportError(latest.status());
    before = std::move(*latest);
  }
  StatusOr<store::IngestSummary> summary = store::IngestLog(options);
  if (options.progress) std::fprintf(stderr, "\n");
  if (!summary.ok()) return ReportError(summary.status());
  std::optional<OnlineUpdate> online;
  if (online_store != nullptr) {
    StatusOr<std::optional<store::Snapshot>> after = store::ReadLatestSnapshot(args.store);
    if (!after.ok()) return ReportError(after.status());
    serve::MaterializeOptions materialize;
    materialize.store = args.store;
    if (*after) {
      materialize.snapshot_id = (*after)->id;
      std::set<std::string> known;
      if (before) {
        for (const store::DataFile& old : before->files) known.insert(old.path);
      }
      for (const store::DataFile& file : (*after)->files) {
        if (!known.contains(file.path)) materialize.only_files.push_back(file.path);
      }
    }
    online = OnlineUpdate{static_cast<int64_t>(materialize.only_files.size())};
    if (!materialize.only_files.empty()) {
      StatusOr<serve::MaterializeSummary> pushed = serve::Materialize(materialize, *online_store);
      if (!pushed.ok()) {
        return ReportError(
            Status(pushed.status().code(),
                   StrCat("the records are ingested, but the online store was not updated (run "
                          "hindsight materialize): ",
                          pushed.status().message())));
      }
      online->entities = pushed->entities;
      online->facts_written = pushed->facts_written;
      online->facts_stale = pushed->facts_stale;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (args.format == "json") {
    PrintJson(*summary, seconds, online);
  } else {
    PrintText(*summary, seconds, online);
  }
  return summary->records_quarantined > 0 || LostBytes(*summary) > 0 ? kExitProblemFound : kExitOk;
}

}  // namespace

Command AddIngestCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "ingest", "Move logged records into the facts table (sorted, hour-partitioned Parquet)");
  auto args = std::make_shared<IngestArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--threads", args->threads, "Partitions written at once")
      ->check(CLI::Range(1, 256));
  app->add_option("--commit-mb", args->commit_mb,
                  "Record bytes read per commit (bounds memory; about 3x at peak)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 20));
  app->add_flag("--keep-log", args->keep_log, "Keep log segments that were read completely");
  app->add_flag("--no-profiles", args->no_profiles,
                "Skip data-quality profiles (audits and the dashboard will not see these hours)");
  app->add_option("--redis", args->redis,
                  "Also push the new facts to this online store (redis://HOST[:PORT][/DB])");
  app->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args] { return RunIngest(*args); }};
}

}  // namespace hindsight::cli
