#include "quality/audit_result_file.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "parquet/reader/file_reader.h"
#include "parquet/schema/field.h"
#include "parquet/writer/file_writer.h"
#include "util/file_io.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::quality {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::Field;

constexpr const char* kColumnNames[] = {"run_at_us",       "rules_file",    "rule",    "kind",
                                        "severity",        "attribute",     "slice",   "metric",
                                        "period_start_us", "period_end_us", "value",   "baseline",
                                        "threshold",       "violated",      "skipped", "message"};

Column BinaryColumn() { return Column{.type = ColumnType::kBinary, .offsets = {0}}; }

void Append(Column& column, std::string_view value) {
  column.values.insert(column.values.end(), value.begin(), value.end());
  column.offsets.push_back(static_cast<int64_t>(column.values.size()));
  ++column.length;
}

}  // namespace

StatusOr<std::string> WriteAuditResults(const std::string& audits_dir, int64_t run_at_us,
                                        const std::string& rules_file,
                                        const std::vector<AuditResult>& results) {
  std::vector<Column> text(11, BinaryColumn());  // rules_file..metric (7), threshold, message
  std::vector<int64_t> run_at, starts, ends;
  std::vector<double> values, baselines;
  std::vector<uint8_t> violated, skipped;
  for (const AuditResult& r : results) {
    run_at.push_back(run_at_us);
    Append(text[0], rules_file);
    Append(text[1], r.rule);
    Append(text[2], AuditKindName(r.kind));
    Append(text[3], SeverityName(r.severity));
    Append(text[4], r.attribute);
    Append(text[5], r.slice);
    Append(text[6], r.metric);
    starts.push_back(r.period_start_us);
    ends.push_back(r.period_end_us);
    values.push_back(r.value.value_or(std::nan("")));
    baselines.push_back(r.baseline.value_or(std::nan("")));
    Append(text[7], r.threshold);
    violated.push_back(r.violated ? 1 : 0);
    skipped.push_back(r.skipped ? 1 : 0);
    Append(text[8], r.message);
  }
  HS_ASSIGN_OR_RETURN(
      parquet::Schema schema,
      parquet::Schema::Make(
          {Field::Int64("run_at_us"), Field::String("rules_file"), Field::String("rule"),
           Field::String("kind"), Field::String("severity"), Field::String("attribute"),
           Field::String("slice"), Field::String("metric"), Field::Int64("period_start_us"),
           Field::Int64("period_end_us"), Field::Double("value"), Field::Double("baseline"),
           Field::String("threshold"), Field::Bool("violated"), Field::Bool("skipped"),
           Field::String("message")}));
  parquet::RecordBatch batch;
  batch.num_rows = static_cast<int64_t>(results.size());
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, run_at));
  for (int i = 0; i < 7; ++i) batch.columns.push_back(text[i]);
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, starts));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, ends));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kDouble, values));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kDouble, baselines));
  batch.columns.push_back(text[7]);
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kBool, violated));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kBool, skipped));
  batch.columns.push_back(text[8]);

  std::error_code error;
  std::filesystem::create_directories(audits_dir, error);
  if (error)
    return absl::UnavailableError(StrCat("cannot create ", audits_dir, ": ", error.message()));
  std::string stamp = FormatTimeMicros(run_at_us);
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  const std::string path = StrCat(audits_dir, "/audit-", stamp, "-", getpid(), ".parquet");
  const std::string temporary = StrCat(path, ".tmp");
  parquet::WriterOptions options;
  options.codec = parquet::format::CompressionCodec::ZSTD;
  options.key_value_metadata.push_back({"hindsight.table", "hindsight.quality.audit"});
  HS_ASSIGN_OR_RETURN(auto writer,
                      parquet::ParquetFileWriter::Create(temporary, std::move(schema), options));
  HS_RETURN_IF_ERROR(writer->WriteBatch(batch));
  HS_RETURN_IF_ERROR(writer->Close());
  HS_RETURN_IF_ERROR(SyncPath(temporary));
  std::filesystem::rename(temporary, path, error);
  if (error)
    return absl::UnavailableError(StrCat("cannot rename ", temporary, ": ", error.message()));
  return path;
}

StatusOr<std::vector<StoredAuditResult>> ReadAuditResults(const std::string& audits_dir) {
  std::vector<std::string> paths;
  std::error_code error;
  if (std::filesystem::exists(audits_dir, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(audits_dir, error)) {
      if (entry.path().extension() == ".parquet") paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<StoredAuditResult> out;
  for (const std::string& path : paths) {
    HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(path));
    const auto& fields = reader->schema().logical_root().children;
    if (fields.size() != std::size(kColumnNames)) {
      return absl::DataLossError(StrCat(path, ": not an audit results file"));
    }
    HS_ASSIGN_OR_RETURN(parquet::RecordBatch batch, reader->ReadAll({}));
    const auto& c = batch.columns;
    for (int64_t i = 0; i < batch.num_rows; ++i) {
      StoredAuditResult s;
      s.run_at_us = c[0].Values<int64_t>()[i];
      AuditResult& r = s.result;
      r.rule = c[2].Binary(i);
      const std::string_view kind = c[3].Binary(i);
      for (AuditKind k : {AuditKind::kBounds, AuditKind::kTrend, AuditKind::kDrift,
                          AuditKind::kFreshness, AuditKind::kSchema}) {
        if (AuditKindName(k) == kind) r.kind = k;
      }
      r.severity = c[4].Binary(i) == "error" ? Severity::kError : Severity::kWarn;
      r.attribute = c[5].Binary(i);
      r.slice = c[6].Binary(i);
      r.metric = c[7].Binary(i);
      r.period_start_us = c[8].Values<int64_t>()[i];
      r.period_end_us = c[9].Values<int64_t>()[i];
      const double value = c[10].Values<double>()[i];
      const double baseline = c[11].Values<double>()[i];
      if (!std::isnan(value)) r.value = value;
      if (!std::isnan(baseline)) r.baseline = baseline;
      r.threshold = c[12].Binary(i);
      r.violated = c[13].values[i] != 0;
      r.skipped = c[14].values[i] != 0;
      r.message = c[15].Binary(i);
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace hindsight::quality
