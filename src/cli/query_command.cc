// `hindsight query STORE --entity ID --as-of TIME [--facts a,b] [--snapshot N]
//  [--format text|json] [--requests FILE] [--threads N] [--stats]`: as-of point lookups
// in the facts table (docs/QUERY.md). With --requests, one lookup per CSV line
// `entity,as_of` (header optional), answers in file order, one JSON object per line with
// --format json. --stats prints the pruning counters on stderr. Exit 0 on success (also
// when the store has no data yet: every fact type is then not found), 2 on usage or
// input errors.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/usage_recording.h"
#include "query/aligned_text_table.h"
#include "query/as_of_answer_format.h"
#include "query/as_of_request_file.h"
#include "query/facts_table_reader.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::cli {
namespace {

// Lookups of a --requests file held in memory at once: bounds memory for any file size
// while giving the threads enough work to share.
constexpr size_t kRequestChunk = 4096;

struct QueryArguments {
  std::string store;
  int64_t entity = 0;
  std::string as_of;
  std::string facts;
  int64_t snapshot = 0;
  std::string format = "text";
  std::string requests;
  int threads = 1;
  bool stats = false;
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// "a,b" -> {"a", "b"}; empty entries are errors.
StatusOr<std::vector<std::string>> SplitFactTypes(const std::string& list) {
  std::vector<std::string> types;
  if (list.empty()) return types;
  size_t start = 0;
  while (true) {
    const size_t comma = list.find(',', start);
    std::string name = list.substr(start, comma == std::string::npos ? comma : comma - start);
    const size_t begin = name.find_first_not_of(' ');
    const size_t end = name.find_last_not_of(' ');
    name = begin == std::string::npos ? "" : name.substr(begin, end - begin + 1);
    if (name.empty()) {
      return absl::InvalidArgumentError(StrCat("--facts '", list, "' names an empty fact type"));
    }
    types.push_back(std::move(name));
    if (comma == std::string::npos) return types;
    start = comma + 1;
  }
}

StatusOr<std::string> FormatAnswer(const query::AsOfAnswer& answer, bool json,
                                   const store::FactSchemaRegistry& registry) {
  if (!json) return query::AsOfAnswerText(answer, registry);
  HS_ASSIGN_OR_RETURN(std::string line, query::AsOfAnswerJson(answer, registry));
  line.push_back('\n');
  return line;
}

void PrintStats(const query::FactsReadStats& stats, double seconds) {
  query::AlignedTextTable table;
  for (const auto& [name, value] : stats.Named()) table.AddRow({std::string(name), StrCat(value)});
  table.AddRow({"seconds", StrCat(seconds)});
  if (seconds > 0) {
    table.AddRow({"lookups_per_second",
                  StrCat(static_cast<int64_t>(static_cast<double>(stats.lookups) / seconds))});
  }
  std::cerr << table.Render();
}

// Answers every request of `path` in order, `threads` lookups at a time.
Status RunRequestFile(const query::FactsTableReader& reader, const std::string& path,
                      const std::vector<std::string>& types, bool json, int threads) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) {
    return absl::InvalidArgumentError(StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  query::AsOfRequestFileReader requests(file.get(), path);
  bool first = true;
  while (true) {
    HS_ASSIGN_OR_RETURN(std::vector<query::AsOfPoint> points, requests.Next(kRequestChunk));
    if (points.empty()) return absl::OkStatus();
    std::vector<query::AsOfRequest> batch;
    batch.reserve(points.size());
    for (const query::AsOfPoint& point : points) {
      batch.push_back({point.entity, point.as_of_us, types});
    }
    HS_ASSIGN_OR_RETURN(std::vector<query::AsOfAnswer> answers,
                        reader.LookupAsOfBatch(batch, threads));
    std::string out;
    for (const query::AsOfAnswer& answer : answers) {
      HS_ASSIGN_OR_RETURN(std::string text, FormatAnswer(answer, json, reader.registry()));
      if (!json && !first) out.push_back('\n');
      first = false;
      out.append(text);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
}

int RunQuery(const QueryArguments& args, const CLI::App& app) {
  const auto started = std::chrono::steady_clock::now();
  const bool single = app.count("--entity") > 0 || app.count("--as-of") > 0;
  const bool batch = app.count("--requests") > 0;
  if (single && batch) {
    return ReportError(absl::InvalidArgumentError(
        "give either --entity and --as-of, or --requests FILE, not both"));
  }
  if (!batch && (app.count("--entity") == 0 || app.count("--as-of") == 0)) {
    return ReportError(
        absl::InvalidArgumentError("give --entity ID and --as-of TIME (or --requests FILE)"));
  }
  std::optional<int64_t> as_of_us;
  if (single) {
    StatusOr<int64_t> parsed = ParseTimeMicros(args.as_of);
    if (!parsed.ok()) {
      return ReportError(absl::InvalidArgumentError(
          StrCat("--as-of '", args.as_of, "': ", std::string(parsed.status().message()))));
    }
    as_of_us = *parsed;
  }
  StatusOr<std::vector<std::string>> requested = SplitFactTypes(args.facts);
  if (!requested.ok()) return ReportError(requested.status());

  query::FactsTableReaderOptions options;
  if (app.count("--snapshot") > 0) options.snapshot_id = args.snapshot;
  StatusOr<std::unique_ptr<query::FactsTableReader>> reader =
      query::FactsTableReader::Open(args.store, options);
  if (!reader.ok()) return ReportError(reader.status());
  StatusOr<std::vector<std::string>> types = (*reader)->ResolveFactTypes(*requested);
  if (!types.ok()) return ReportError(types.status());
  std::vector<std::string> read;
  for (const std::string& type : *types) read.push_back("facts." + type + ".*");
  RecordAttributeUsage(args.store, "query", batch ? args.requests : "--entity", read);
  const bool json = args.format == "json";
  if (!(*reader)->snapshot().has_value()) {
    std::cerr << "hindsight: " << args.store
              << " has no data yet (no snapshot committed): every fact type is not found\n";
  }

  if (batch) {
    Status status = RunRequestFile(**reader, args.requests, *types, json, args.threads);
    if (!status.ok()) return ReportError(status);
  } else {
    StatusOr<query::AsOfAnswer> answer = (*reader)->LookupAsOf({args.entity, *as_of_us, *types});
    if (!answer.ok()) return ReportError(answer.status());
    StatusOr<std::string> text = FormatAnswer(*answer, json, (*reader)->registry());
    if (!text.ok()) return ReportError(text.status());
    std::fwrite(text->data(), 1, text->size(), stdout);
  }
  std::fflush(stdout);
  if (args.stats) {
    PrintStats((*reader)->stats(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return kExitOk;
}

}  // namespace

Command AddQueryCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "query", "As-of lookups: each fact type's latest value at or before a time");
  auto args = std::make_shared<QueryArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--entity", args->entity, "Entity id (the store's entity key, e.g. profile_id)");
  app->add_option("--as-of", args->as_of,
                  "Time: RFC 3339 UTC (2026-11-01T10:00:00Z) or integer microseconds");
  app->add_option("--facts", args->facts, "Fact types, comma-separated (default: all)");
  app->add_option("--snapshot", args->snapshot, "Snapshot id to read (default: the latest)");
  app->add_option("--format", args->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app->add_option("--requests", args->requests,
                  "CSV file of lookups, lines `entity,as_of` (header optional)");
  app->add_option("--threads", args->threads, "Lookups run at once with --requests")
      ->check(CLI::Range(1, 256));
  app->add_flag("--stats", args->stats, "Print pruning and I/O counters on stderr");
  return {app, [app, args] { return RunQuery(*args, *app); }};
}

}  // namespace hindsight::cli
