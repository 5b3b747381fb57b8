// `hindsight parquet schema|meta|cat FILE`: inspect a Parquet file and print its rows
// (docs/PARQUET.md).
//   schema FILE                      the parquet-mr schema text and the logical tree
//   meta FILE [--format text|json]   file, row groups, column chunks, statistics
//   cat FILE [--columns a,b.c] [--limit N] [--format jsonl|csv] [--verify-checksums]
//            [--threads N]           rows as JSON Lines or CSV
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "parquet/format/enum_names.h"
#include "parquet/reader/file_reader.h"
#include "parquet/schema/annotations.h"
#include "parquet/text/metadata_printer.h"
#include "parquet/text/row_printer.h"
#include "util/str_cat.h"

namespace hindsight::cli {
namespace {

using parquet::ParquetFileReader;

// Output is written in pieces of about this size.
constexpr size_t kOutputFlushBytes = size_t{1} << 20;

struct ParquetArguments {
  std::string file;
  std::string meta_format = "text";
  std::string cat_format = "jsonl";
  std::vector<std::string> columns;
  int64_t limit = -1;
  bool verify_checksums = false;
  int threads = 2;
};

// "list<struct<a: int64, b: string>>": a logical node as a type expression.
std::string LogicalTypeText(const parquet::LogicalNode& node) {
  switch (node.kind) {
    case parquet::LogicalKind::kPrimitive: {
      const std::string annotation = parquet::AnnotationText(*node.node);
      const std::string physical = parquet::format::PhysicalTypeName(*node.node->physical_type);
      return annotation.empty() ? physical : StrCat(physical, " ", annotation);
    }
    case parquet::LogicalKind::kList:
      return StrCat("list<", LogicalTypeText(node.children[0]), ">");
    case parquet::LogicalKind::kMap:
      return StrCat("map<", LogicalTypeText(node.children[0]), ", ",
                    LogicalTypeText(node.children[1]), ">");
    case parquet::LogicalKind::kStruct: {
      std::string text = "struct<";
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) text += ", ";
        text += StrCat(node.children[i].name, ": ", LogicalTypeText(node.children[i]));
      }
      return text + ">";
    }
  }
  return "?";
}

bool WriteOut(const std::string& text) {
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
}

int RunSchema(const ParquetArguments& args) {
  StatusOr<std::unique_ptr<ParquetFileReader>> reader = ParquetFileReader::OpenPath(args.file);
  if (!reader.ok()) return ReportError(reader.status());
  const parquet::Schema& schema = (*reader)->schema();
  std::string out = schema.ToString();
  out += "\nlogical:\n";
  for (const parquet::LogicalNode& field : schema.logical_root().children) {
    out += StrCat("  ", field.name, ": ", LogicalTypeText(field), field.nullable ? "" : " not null",
                  "\n");
  }
  WriteOut(out);
  return kExitOk;
}

int RunMeta(const ParquetArguments& args) {
  if (args.meta_format != "text" && args.meta_format != "json") {
    return ReportError(absl::InvalidArgumentError(
        StrCat("--format ", args.meta_format, ": expected text or json")));
  }
  StatusOr<std::unique_ptr<ParquetFileReader>> reader = ParquetFileReader::OpenPath(args.file);
  if (!reader.ok()) return ReportError(reader.status());
  const ParquetFileReader& file = **reader;
  WriteOut(args.meta_format == "json"
               ? parquet::DescribeMetadataJson(args.file, file.metadata(), file.schema())
               : parquet::DescribeMetadataText(args.file, file.metadata(), file.schema()));
  return kExitOk;
}

int RunCat(const ParquetArguments& args) {
  parquet::TextFormat format;
  if (args.cat_format == "jsonl") {
    format = parquet::TextFormat::kJsonl;
  } else if (args.cat_format == "csv") {
    format = parquet::TextFormat::kCsv;
  } else {
    return ReportError(absl::InvalidArgumentError(
        StrCat("--format ", args.cat_format, ": expected jsonl or csv")));
  }
  StatusOr<std::unique_ptr<ParquetFileReader>> opened = ParquetFileReader::OpenPath(args.file);
  if (!opened.ok()) return ReportError(opened.status());
  const ParquetFileReader& reader = **opened;
  parquet::ReadOptions options;
  options.columns = args.columns;
  options.verify_checksums = args.verify_checksums;
  options.threads = args.threads;
  StatusOr<parquet::Schema> schema = reader.ProjectedSchema(options);
  if (!schema.ok()) return ReportError(schema.status());
  const parquet::RowPrinter printer = parquet::RowPrinter::Make(*schema, format);
  std::string out;
  printer.AppendHeader(out);
  int64_t left = args.limit < 0 ? std::numeric_limits<int64_t>::max() : args.limit;
  bool output_closed = false;
  // Row groups stream through (decoded `threads` at a time), so output starts early and
  // --limit stops reading.
  auto print = [&](int, parquet::RecordBatch&& batch) {
    const int64_t rows = std::min(left, batch.num_rows);
    constexpr int64_t kRowsPerFlush = 4096;
    for (int64_t begin = 0; begin < rows && !output_closed; begin += kRowsPerFlush) {
      printer.AppendRows(batch, begin, std::min(rows, begin + kRowsPerFlush), out);
      if (out.size() >= kOutputFlushBytes) {
        output_closed = !WriteOut(out);  // the reader of our output went away
        out.clear();
      }
    }
    left -= rows;
    return left > 0 && !output_closed;
  };
  const Status scanned = left > 0 ? reader.Scan(options, print) : absl::OkStatus();
  if (!scanned.ok()) {
    WriteOut(out);
    std::fflush(stdout);
    return ReportError(scanned);
  }
  WriteOut(out);
  return kExitOk;
}

}  // namespace

Command AddParquetCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand("parquet", "Inspect Parquet files and print their rows");
  app->require_subcommand(1);
  auto args = std::make_shared<ParquetArguments>();

  CLI::App* schema =
      app->add_subcommand("schema", "Print the schema: parquet-mr text and logical tree");
  schema->add_option("FILE", args->file, "Parquet file")->required();

  CLI::App* meta = app->add_subcommand(
      "meta", "Print file, row group and column chunk metadata with decoded statistics");
  meta->add_option("FILE", args->file, "Parquet file")->required();
  meta->add_option("--format", args->meta_format, "text | json")->capture_default_str();

  CLI::App* cat = app->add_subcommand("cat", "Print rows as JSON Lines or CSV");
  cat->add_option("FILE", args->file, "Parquet file")->required();
  cat->add_option("--columns", args->columns,
                  "Columns to print, dotted paths of leaves or groups (a,b.c)")
      ->delimiter(',');
  cat->add_option("--limit", args->limit, "Print at most N rows");
  cat->add_option("--format", args->cat_format, "jsonl | csv")->capture_default_str();
  cat->add_flag("--verify-checksums", args->verify_checksums, "Check page CRCs");
  cat->add_option("--threads", args->threads, "Column chunks decoded at once")
      ->capture_default_str();

  return {app, [args, schema, meta, cat]() {
            if (schema->parsed()) return RunSchema(*args);
            if (meta->parsed()) return RunMeta(*args);
            if (cat->parsed()) return RunCat(*args);
            return kExitUsageOrInput;
          }};
}

}  // namespace hindsight::cli
