// `hindsight demo [--dir DIR] [--scale S] [--seed N]`: runs the product end to end on
// the example world. Each capability adds its step here.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "cli/command.h"
#include "parquet/reader/file_reader.h"
#include "parquet/text/row_printer.h"
#include "util/str_cat.h"
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
