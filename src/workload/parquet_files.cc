#include "workload/parquet_files.h"

#include <cstring>
#include <filesystem>

#include "parquet/schema/field.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "util/time_format.h"

namespace hindsight::workload {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::Field;
using parquet::RecordBatch;

// A kBinary column built one value at a time.
struct StringColumnBuilder {
  Column column{.type = ColumnType::kBinary, .offsets = {0}};
  void Add(std::string_view text) {
    column.values.insert(column.values.end(), text.begin(), text.end());
    column.offsets.push_back(static_cast<int64_t>(column.values.size()));
    ++column.length;
  }
};

parquet::WriterOptions SortedBy(std::vector<std::string> columns) {
  parquet::WriterOptions options;
  for (std::string& column : columns) options.sorting_columns.push_back({std::move(column)});
  return options;
}

StatusOr<int64_t> FileSize(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return absl::InternalError(path + ": " + error.message());
  return static_cast<int64_t>(size);
}

}  // namespace

StatusOr<std::unique_ptr<PlaysParquetWriter>> PlaysParquetWriter::Create(const std::string& path) {
  HS_ASSIGN_OR_RETURN(parquet::Schema schema,
                      parquet::Schema::Make({Field::Int64("profile_id"), Field::Int64("ts_us"),
                                             Field::Int64("video_id"), Field::Int32("duration_s"),
                                             Field::Bool("completed")}));
  HS_ASSIGN_OR_RETURN(auto writer, parquet::ParquetFileWriter::Create(
                                       path, schema, SortedBy({"ts_us", "profile_id"})));
  return std::unique_ptr<PlaysParquetWriter>(new PlaysParquetWriter(path, std::move(writer)));
}

Status PlaysParquetWriter::Write(const Play& play) {
  buffer_.push_back(play);
  if (buffer_.size() >= kBatchRows) return WriteBuffered();
  return absl::OkStatus();
}

Status PlaysParquetWriter::WriteBuffered() {
  std::vector<int64_t> profile, ts, video;
  std::vector<int32_t> duration;
  std::vector<uint8_t> completed;
  for (const Play& play : buffer_) {
    profile.push_back(play.profile_id);
    ts.push_back(play.ts_us);
    video.push_back(play.video_id);
    duration.push_back(play.duration_s);
    completed.push_back(play.completed ? 1 : 0);
  }
  RecordBatch batch;
  batch.num_rows = static_cast<int64_t>(buffer_.size());
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, profile));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, ts));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, video));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt32, duration));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kBool, completed));
  buffer_.clear();
  return writer_->WriteBatch(batch);
}

Status PlaysParquetWriter::Close() {
  if (!buffer_.empty()) HS_RETURN_IF_ERROR(WriteBuffered());
  HS_RETURN_IF_ERROR(writer_->Close());
  HS_ASSIGN_OR_RETURN(bytes_, FileSize(path_));
  return absl::OkStatus();
}

StatusOr<int64_t> WriteVideosParquet(const Catalog& catalog, const std::string& path) {
  HS_ASSIGN_OR_RETURN(
      parquet::Schema schema,
      parquet::Schema::Make(
          {Field::Int64("video_id"), Field::Int64("valid_from_us"), Field::String("title"),
           Field::List("genres", Field::String("element")), Field::Int32("length_s"),
           Field::String("maturity"), Field::Date("release_date"),
           Field::List("embedding", Field::Float("element"))}));
  std::vector<int64_t> video_ids, valid_from;
  std::vector<int32_t> lengths, release_days;
  std::vector<float> embedding_values;
  StringColumnBuilder titles, maturities, genre_names;
  Column genres{.type = ColumnType::kList, .offsets = {0}};
  Column embeddings{.type = ColumnType::kList, .offsets = {0}};
  for (const Video& video : catalog.videos()) {
    for (const VideoVersion& version : video.versions) {
      video_ids.push_back(video.video_id);
      valid_from.push_back(version.valid_from_us);
      titles.Add(version.title);
      for (int g = 0; g < kGenreCount; ++g) {
        if (version.genres & (1u << g)) genre_names.Add(GenreName(g));
      }
      genres.offsets.push_back(genre_names.column.length);
      lengths.push_back(video.length_s);
      maturities.Add(MaturityName(version.maturity));
      release_days.push_back(static_cast<int32_t>(video.release_day));
      embedding_values.insert(embedding_values.end(), version.embedding.begin(),
                              version.embedding.end());
      embeddings.offsets.push_back(static_cast<int64_t>(embedding_values.size()));
    }
  }
  genres.length = embeddings.length = static_cast<int64_t>(video_ids.size());
  genres.children.push_back(std::move(genre_names.column));
  embeddings.children.push_back(parquet::FixedWidthColumn(ColumnType::kFloat, embedding_values));
  RecordBatch batch;
  batch.num_rows = static_cast<int64_t>(video_ids.size());
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, video_ids));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, valid_from));
  batch.columns.push_back(std::move(titles.column));
  batch.columns.push_back(std::move(genres));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt32, lengths));
  batch.columns.push_back(std::move(maturities.column));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt32, release_days));
  batch.columns.push_back(std::move(embeddings));
  HS_ASSIGN_OR_RETURN(auto writer, parquet::ParquetFileWriter::Create(
                                       path, schema, SortedBy({"video_id", "valid_from_us"})));
  HS_RETURN_IF_ERROR(writer->WriteBatch(batch));
  HS_RETURN_IF_ERROR(writer->Close());
  return FileSize(path);
}

}  // namespace hindsight::workload
