#include "features/feature_output_file.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "parquet/schema/field.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::features {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::Field;

}  // namespace

StatusOr<std::unique_ptr<FeatureOutputFile>> FeatureOutputFile::Create(
    const std::string& path, const labels::LabelRows& labels, const FeaturePlan& plan,
    const std::vector<std::pair<std::string, std::string>>& metadata, int threads) {
  std::vector<Field> fields;
  if (labels.has_record_id) fields.push_back(Field::String("record_id"));
  fields.push_back(Field::Int64(labels.entity_column));
  fields.push_back(Field::Timestamp("ts"));
  fields.push_back(Field::Int64(labels.item_column));
  fields.push_back(Field::Int32("label"));
  for (const CompiledFeature& feature : plan.features()) {
    switch (feature.shape.kind) {
      case OutputShape::Kind::kDouble:
        fields.push_back(Field::Double(feature.name));
        break;
      case OutputShape::Kind::kInt64:
        fields.push_back(Field::Int64(feature.name));
        break;
      case OutputShape::Kind::kFloatVector:
        fields.push_back(Field::List(feature.name, Field::Float("element")));
        break;
    }
  }
  HS_ASSIGN_OR_RETURN(parquet::Schema schema, parquet::Schema::Make(std::move(fields)));
  parquet::WriterOptions options;
  options.threads = threads;
  for (const auto& [key, value] : metadata) options.key_value_metadata.push_back({key, value});
  const std::string temp_path = StrCat(path, ".tmp-", static_cast<int64_t>(getpid()));
  StatusOr<std::unique_ptr<parquet::ParquetFileWriter>> writer =
      parquet::ParquetFileWriter::Create(temp_path, std::move(schema), options);
  if (!writer.ok()) {
    return absl::InvalidArgumentError(
        StrCat("--out ", path, ": cannot write: ", writer.status().message()));
  }
  return std::unique_ptr<FeatureOutputFile>(
      new FeatureOutputFile(path, temp_path, labels, plan, *std::move(writer)));
}

FeatureOutputFile::FeatureOutputFile(std::string path, std::string temp_path,
                                     const labels::LabelRows& labels, const FeaturePlan& plan,
                                     std::unique_ptr<parquet::ParquetFileWriter> writer)
    : path_(std::move(path)),
      temp_path_(std::move(temp_path)),
      labels_(labels),
      plan_(plan),
      writer_(std::move(writer)) {}

FeatureOutputFile::~FeatureOutputFile() {
  if (!committed_) std::remove(temp_path_.c_str());
}

Status FeatureOutputFile::Append(const std::vector<uint32_t>& label_rows,
                                 const FeatureColumns& features) {
  const size_t n = label_rows.size();
  parquet::RecordBatch batch;
  batch.num_rows = static_cast<int64_t>(n);
  if (labels_.has_record_id) {
    Column ids;
    ids.type = ColumnType::kBinary;
    ids.length = batch.num_rows;
    ids.offsets.reserve(n + 1);
    ids.offsets.push_back(0);
    for (uint32_t row : label_rows) {
      const std::string& id = labels_.record_id[row];
      ids.values.insert(ids.values.end(), id.begin(), id.end());
      ids.offsets.push_back(static_cast<int64_t>(ids.values.size()));
    }
    batch.columns.push_back(std::move(ids));
  }
  std::vector<int64_t> entity(n), ts(n), item(n);
  std::vector<int32_t> label(n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t row = label_rows[i];
    entity[i] = labels_.entity[row];
    ts[i] = labels_.ts_us[row];
    item[i] = labels_.item[row];
    label[i] = labels_.label[row];
  }
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, entity));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, ts));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, item));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt32, label));
  for (size_t f = 0; f < plan_.features().size(); ++f) {
    const CompiledFeature& feature = plan_.features()[f];
    const FeatureColumns::Column& values = features.columns[f];
    switch (feature.shape.kind) {
      case OutputShape::Kind::kDouble:
        batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kDouble, values.doubles));
        break;
      case OutputShape::Kind::kInt64:
        batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, values.integers));
        break;
      case OutputShape::Kind::kFloatVector: {
        Column list;
        list.type = ColumnType::kList;
        list.length = batch.num_rows;
        list.offsets.resize(n + 1);
        for (size_t i = 0; i <= n; ++i) {
          list.offsets[i] = static_cast<int64_t>(i) * feature.shape.size;
        }
        list.children.push_back(parquet::FixedWidthColumn(ColumnType::kFloat, values.floats));
        batch.columns.push_back(std::move(list));
        break;
      }
    }
  }
  HS_RETURN_IF_ERROR(writer_->WriteBatch(batch));
  rows_ += batch.num_rows;
  return absl::OkStatus();
}

Status FeatureOutputFile::Commit() {
  HS_RETURN_IF_ERROR(writer_->Close());
  HS_RETURN_IF_ERROR(SyncPath(temp_path_));
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    return absl::InternalError(
        StrCat("--out ", path_, ": cannot rename into place: ", std::strerror(errno)));
  }
  committed_ = true;
  return absl::OkStatus();
}

}  // namespace hindsight::features
