// `hindsight demo [--dir DIR] [--scale S] [--seed N]`: runs the product end to end on
// the example world. Each capability adds its step here.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "cli/command.h"
#include "cli/demo_quality.h"
#include "cli/demo_serving.h"
#include "cli/example_files.h"
#include "dims/dimension_import.h"
#include "features/generator.h"
#include "labels/labels_builder.h"
#include "parquet/reader/file_reader.h"
#include "parquet/text/row_printer.h"
#include "query/as_of_answer_format.h"
#include "query/facts_table_reader.h"
#include "store/ingest/ingest_job.h"
#include "store/jsonl_logger.h"
#include "store/store_setup.h"
#include "util/str_cat.h"
#include "util/time_format.h"
#include "workload/output_file.h"
#include "workload/world_files.h"
#include "workload/world_summary_text.h"

namespace hindsight::cli {
namespace {

// Marks a directory as made by `hindsight demo`, so a later demo may reuse it.
constexpr std::string_view kDemoMarker = ".hindsight-demo";

struct DemoArguments {
  std::string dir = "./hindsight-demo";
  std::string scale = "tiny";
  std::string seed = "42";
};

Status PrepareDemoDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::exists(dir, error)) {
    if (!fs::is_directory(dir, error)) {
      return absl::InvalidArgumentError(StrCat("--dir '", dir, "' is not a directory"));
    }
    const bool empty = fs::is_empty(dir, error);
    if (error) {
      return absl::InvalidArgumentError(StrCat("cannot read --dir '", dir, "': ", error.message()));
    }
    if (!empty && !fs::exists(fs::path(dir) / std::string(kDemoMarker), error)) {
      return absl::InvalidArgumentError(StrCat("--dir '", dir,
                                               "' is not empty and not a demo directory (no ",
                                               kDemoMarker, "); choose a new or empty directory"));
    }
  }
  fs::create_directories(dir, error);
  if (error) {
    return absl::InvalidArgumentError(StrCat("cannot create --dir '", dir, "': ", error.message()));
  }
  return workload::WriteWholeFile((fs::path(dir) / std::string(kDemoMarker)).string(),
                                  "made by hindsight demo\n");
}

// Step 2: reads the world's Parquet files back with Hindsight's reader and shows
// their shape and first rows, as `hindsight parquet meta|cat` would.
Status ShowParquetFiles(const std::string& world_dir) {
  for (std::string_view name : {workload::kPlaysParquetFile, workload::kVideosParquetFile}) {
    const std::string path = (std::filesystem::path(world_dir) / std::string(name)).string();
    HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(path));
    parquet::ReadOptions options;
    options.verify_checksums = true;
    HS_ASSIGN_OR_RETURN(parquet::RecordBatch rows, reader->ReadRowGroup(0, options));
    std::cout << name << "  " << reader->num_rows() << " rows, " << reader->num_row_groups()
              << " row group(s), " << reader->schema().num_leaves()
              << " leaf columns, page checksums verified; first rows:\n";
    std::string text;
    parquet::RowPrinter::Make(reader->schema(), parquet::TextFormat::kJsonl)
        .AppendRows(rows, 0, std::min<int64_t>(2, rows.num_rows), text);
    std::cout << text;
  }
  std::cout << "try: hindsight parquet meta " << world_dir << "/" << workload::kPlaysParquetFile
            << "\n";
  return absl::OkStatus();
}

// Closes a FILE*.
struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Step 3: a fresh store with the world's fact types, and its records.jsonl logged into it.
Status LogWorldIntoStore(const std::string& world_dir, const std::string& store) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::remove_all(store, error);  // the demo's own store from an earlier run
  store::InitStoreRequest init;
  init.store = store;
  init.schema_files = {(fs::path(world_dir) / std::string(workload::kFactsProtoFile)).string()};
  HS_RETURN_IF_ERROR(store::InitStore(init).status());
  const std::string records = (fs::path(world_dir) / std::string(workload::kRecordsFile)).string();
  std::unique_ptr<std::FILE, FileCloser> input(std::fopen(records.c_str(), "rb"));
  if (input == nullptr) return absl::NotFoundError(StrCat("cannot open ", records));
  store::JsonlLogRequest request;
  request.store = store;
  request.input = input.get();
  request.source = records;
  HS_ASSIGN_OR_RETURN(const store::JsonlLogSummary logged, store::LogJsonl(request));
  // Frame counts and sizes depend on timing (batches close by age), so the demo prints
  // only what every run repeats.
  std::cout << "store " << store << ": " << logged.logged
            << " records logged as zstd-compressed, CRC-framed segments in " << store << "/log, "
            << logged.quarantined << " lines quarantined\n"
            << "try: hindsight log " << store << " < " << records << "\n";
  return absl::OkStatus();
}

// Step 4: the log into the facts table.
Status IngestStore(const std::string& store) {
  store::IngestOptions options;
  options.store = store;
  HS_ASSIGN_OR_RETURN(const store::IngestSummary ingested, store::IngestLog(options));
  std::cout << ingested.records_written << " records in " << ingested.files_written
            << " Parquet files, one per event hour (" << ingested.bytes_written
            << " bytes), sorted by (profile_id, ts, record_id); " << ingested.duplicates_dropped
            << " duplicates dropped; snapshot "
            << (ingested.snapshot_ids.empty() ? 0 : ingested.snapshot_ids.back()) << " committed\n"
            << "DuckDB reads it as it is: SELECT count(*) FROM read_parquet('" << store
            << "/tables/facts/**/*.parquet', hive_partitioning = 1)\n"
            << "try: hindsight ls " << store << " --partitions\n";
  return absl::OkStatus();
}

// Step 5: what the store knew about one profile at one moment.
Status ShowTimeTravel(const std::string& store, int64_t profile_id, int64_t as_of_us) {
  HS_ASSIGN_OR_RETURN(auto reader, query::FactsTableReader::Open(store));
  HS_ASSIGN_OR_RETURN(query::AsOfAnswer answer,
                      reader->LookupAsOf({profile_id, as_of_us, {"subscriber", "my_list"}}));
  HS_ASSIGN_OR_RETURN(std::string text, query::AsOfAnswerText(answer, reader->registry()));
  std::cout << text;
  const query::FactsReadStats stats = reader->stats();
  std::cout << "read " << stats.bytes_read << " of " << reader->snapshot()->total_bytes()
            << " table bytes\n"
            << "try: hindsight query " << store << " --entity " << profile_id << " --as-of "
            << FormatTimeMicros(as_of_us) << " --format json\n";
  return absl::OkStatus();
}

// Steps 6-8: the videos as a dimension, labels from the plays, and the example feature
// set regenerated for every label row as of its record's time.
Status GenerateFeatures(const std::string& demo_dir, const std::string& world_dir,
                        const std::string& store) {
  namespace fs = std::filesystem;
  const std::string videos =
      (fs::path(world_dir) / std::string(workload::kVideosParquetFile)).string();
  std::cout << "\nStep 6: the videos as a versioned dimension (hindsight dim import)\n";
  HS_ASSIGN_OR_RETURN(
      dims::ImportSummary imported,
      dims::ImportDimension({store, "videos", videos, "video_id", "valid_from_us"}));
  std::cout << imported.versions << " versions of " << imported.keys << " videos in "
            << imported.written << "\n"
            << "try: hindsight dim list " << store << "\n";

  std::cout << "\nStep 7: labels: each record's candidates, 1 if played within 24 h "
               "(hindsight labels)\n";
  labels::LabelsRequest request;
  request.store = store;
  request.events_path = (fs::path(world_dir) / std::string(workload::kPlaysParquetFile)).string();
  request.window_us = 24 * kMicrosPerHour;
  request.out_path = (fs::path(demo_dir) / "labels.parquet").string();
  HS_ASSIGN_OR_RETURN(labels::LabelsSummary labelled, labels::BuildLabels(request));
  std::cout << labelled.rows << " label rows from " << labelled.records << " records, "
            << labelled.positives << " positive, in " << labelled.out_path << "\n"
            << "try: hindsight labels " << store << " --events " << request.events_path
            << " --window 24h --out labels.csv\n";

  std::cout << "\nStep 8: features as each record saw them (hindsight generate)\n";
  const std::string features = (fs::path(demo_dir) / "homepage_ranker.yaml").string();
  HS_RETURN_IF_ERROR(workload::WriteWholeFile(features, ExampleFeatureSetText()));
  features::GenerateOptions options;
  options.store = store;
  options.labels_path = request.out_path;
  options.features_path = features;
  options.out_path = (fs::path(demo_dir) / "features.parquet").string();
  HS_ASSIGN_OR_RETURN(features::GenerateSummary generated, features::Generate(options));
  std::cout << generated.rows << " rows (" << features::GenerateModeName(generated.mode)
            << " mode, snapshot " << generated.snapshot_id.value_or(0) << ", feature set "
            << generated.feature_set << " v" << generated.feature_set_version << ") written to "
            << generated.out_path << "; first rows:\n";
  HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(generated.out_path));
  HS_ASSIGN_OR_RETURN(parquet::RecordBatch rows, reader->ReadRowGroup(0, {}));
  std::string text;
  parquet::RowPrinter::Make(reader->schema(), parquet::TextFormat::kJsonl)
      .AppendRows(rows, 0, std::min<int64_t>(3, rows.num_rows), text);
  std::cout << text
            << "misses (a fact or the item's video unknown at t) and defaults per feature:\n";
  for (const features::FeatureSummary& feature : generated.features) {
    std::cout << "  " << feature.name << ": " << feature.misses << " misses, " << feature.defaults
              << " defaults\n";
  }
  std::cout << "try: hindsight generate " << store << " --labels " << options.labels_path
            << " --features " << features << " --out features.parquet --mode asof\n";
  return absl::OkStatus();
}

int RunDemo(const DemoArguments& args) {
  workload::WorldFilesRequest request;
  StatusOr<workload::Scale> scale = workload::ParseScale(args.scale);
  if (!scale.ok()) return ReportError(scale.status());
  request.world.scale = *scale;
  StatusOr<uint64_t> seed = workload::ParseSeed(args.seed);
  if (!seed.ok()) return ReportError(seed.status());
  request.world.seed = *seed;
  if (!workload::ParametersOf(*scale).writes_jsonl) {
    return ReportError(absl::InvalidArgumentError(
        StrCat("demo runs on the tiny or small world; --scale ", args.scale,
               " needs a store (use hindsight workload --no-records for its plays and videos)")));
  }
  if (Status status = PrepareDemoDirectory(args.dir); !status.ok()) return ReportError(status);
  request.out_dir = (std::filesystem::path(args.dir) / "world").string();
  if (isatty(STDERR_FILENO)) {
    request.progress = [](int done, int total) {
      std::cerr << "\rsimulating day " << done << "/" << total << (done == total ? "\n" : "")
                << std::flush;
    };
  }

  std::cout << "Hindsight demo\n\n"
            << "Step 1: the example world (hindsight workload)\n";
  StatusOr<workload::WorldFilesSummary> summary = workload::WriteWorldFiles(request);
  if (!summary.ok()) return ReportError(summary.status());
  std::cout << workload::DescribeWorld(*summary, request.out_dir) << "\n";
  if (summary->has_sample_record) {
    std::cout << "A logged record (" << workload::kRecordsFile << ", lists cut short)\n"
              << workload::DescribeSampleRecord(summary->sample_record);
  }
  std::cout << "\nStep 2: the world's plays and videos in Parquet (hindsight parquet)\n";
  if (Status status = ShowParquetFiles(request.out_dir); !status.ok()) {
    return ReportError(status);
  }
  const std::string store = (std::filesystem::path(args.dir) / "store").string();
  std::cout << "\nStep 3: log the records into a store (hindsight init, hindsight log)\n";
  if (Status status = LogWorldIntoStore(request.out_dir, store); !status.ok()) {
    return ReportError(status);
  }
  std::cout << "\nStep 4: ingest the log into the facts table (hindsight ingest)\n";
  if (Status status = IngestStore(store); !status.ok()) return ReportError(status);
  if (summary->has_sample_record) {
    const workload::Record& sample = summary->sample_record;
    std::cout << "\nStep 5: time travel: profile " << sample.profile_id
              << "'s subscription and list as of its sample record (hindsight query)\n";
    if (Status status = ShowTimeTravel(store, sample.profile_id, sample.ts_us); !status.ok()) {
      return ReportError(status);
    }
  }
  if (Status status = GenerateFeatures(args.dir, request.out_dir, store); !status.ok()) {
    return ReportError(status);
  }
  const std::string features = (std::filesystem::path(args.dir) / "homepage_ranker.yaml").string();
  if (Status status =
          ServeAndCheckParity(request.out_dir, store, features, request.world.EndMicros());
      !status.ok()) {
    return ReportError(status);
  }
  std::cout << "\nStep 10: data quality: profiles, audits and verify on a world with faults "
               "(hindsight audit, verify, dashboard)\n";
  if (Status status = ShowDataQuality(args.dir, *seed); !status.ok()) return ReportError(status);
  return kExitOk;
}

}  // namespace

Command AddDemoCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand("demo", "Run Hindsight end to end on the example world");
  auto args = std::make_shared<DemoArguments>();
  app->add_option("--dir", args->dir, "Demo directory (created; reused if a previous demo's)")
      ->capture_default_str();
  app->add_option("--scale", args->scale, "tiny | small")->capture_default_str();
  app->add_option("--seed", args->seed, "Seed of the world")->capture_default_str();
  return {app, [args] { return RunDemo(*args); }};
}

}  // namespace hindsight::cli
