#include "labels/label_file.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "labels/table_columns.h"
#include "parquet/schema/field.h"
#include "parquet/writer/file_writer.h"
#include "util/file_io.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::labels {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::Field;

Status WriteParquet(const std::string& temp, const LabelRows& rows) {
  std::vector<Field> fields;
  if (rows.has_record_id) fields.push_back(Field::String("record_id"));
  fields.push_back(Field::Int64(rows.entity_column));
  fields.push_back(Field::Timestamp("ts"));
  fields.push_back(Field::Int64(rows.item_column));
  fields.push_back(Field::Int32("label"));
  HS_ASSIGN_OR_RETURN(parquet::Schema schema, parquet::Schema::Make(std::move(fields)));
  HS_ASSIGN_OR_RETURN(auto writer, parquet::ParquetFileWriter::Create(temp, std::move(schema)));
  parquet::RecordBatch batch;
  batch.num_rows = static_cast<int64_t>(rows.size());
  if (rows.has_record_id) {
    Column ids;
    ids.type = ColumnType::kBinary;
    ids.length = batch.num_rows;
    ids.offsets.push_back(0);
    for (const std::string& id : rows.record_id) {
      ids.values.insert(ids.values.end(), id.begin(), id.end());
      ids.offsets.push_back(static_cast<int64_t>(ids.values.size()));
    }
    batch.columns.push_back(std::move(ids));
  }
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, rows.entity));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, rows.ts_us));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, rows.item));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt32, rows.label));
  HS_RETURN_IF_ERROR(writer->WriteBatch(batch));
  return writer->Close();
}

std::string Csv(const LabelRows& rows) {
  std::string text = StrCat(rows.has_record_id ? "record_id," : "", rows.entity_column, ",ts,",
                            rows.item_column, ",label\n");
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows.has_record_id) text += StrCat(rows.record_id[i], ",");
    text += StrCat(rows.entity[i], ",", FormatTimeMicros(rows.ts_us[i]), ",", rows.item[i], ",",
                   rows.label[i], "\n");
  }
  return text;
}

}  // namespace

StatusOr<LabelRows> ReadLabelFile(const std::string& path, const std::string& entity_column,
                                  const std::string& item_column) {
  HS_ASSIGN_OR_RETURN(TableColumns table,
                      ReadTableColumns(path, {{"record_id", ColumnKind::kString, false},
                                              {entity_column, ColumnKind::kInteger, true},
                                              {"ts", ColumnKind::kTime, true},
                                              {item_column, ColumnKind::kInteger, true},
                                              {"label", ColumnKind::kInteger, true}}));
  LabelRows rows;
  rows.entity_column = entity_column;
  rows.item_column = item_column;
  rows.has_record_id = table.present[0];
  rows.record_id = std::move(table.strings[0]);
  rows.entity = std::move(table.integers[1]);
  rows.ts_us = std::move(table.integers[2]);
  rows.item = std::move(table.integers[3]);
  for (size_t i = 0; i < table.integers[4].size(); ++i) {
    const int64_t label = table.integers[4][i];
    if (label != 0 && label != 1) {
      return absl::InvalidArgumentError(
          StrCat(path, ": row ", i + 1, ": label ", label, " is not 0 or 1"));
    }
    rows.label.push_back(static_cast<int32_t>(label));
  }
  return rows;
}

Status WriteLabelFile(const std::string& path, const LabelRows& rows) {
  if (path.ends_with(".csv")) return WriteFileAtomically(path, Csv(rows));
  if (!path.ends_with(".parquet")) {
    return absl::InvalidArgumentError(StrCat("--out ", path, ": name it .parquet or .csv"));
  }
  const std::string temp = StrCat(path, ".tmp-", static_cast<int64_t>(getpid()));
  Status written = WriteParquet(temp, rows);
  if (written.ok()) written = SyncPath(temp);
  if (written.ok() && std::rename(temp.c_str(), path.c_str()) != 0) {
    written = absl::InvalidArgumentError(StrCat("--out ", path, ": ", std::strerror(errno)));
  }
  if (!written.ok()) std::remove(temp.c_str());
  return written;
}

}  // namespace hindsight::labels
