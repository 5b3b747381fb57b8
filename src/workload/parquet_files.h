// The Parquet outputs of the world, the same rows and column names as the CSV files
// (csv_files.h), typed, so DuckDB, pandas or Hindsight read them without parsing:
//   plays.parquet:  profile_id INT64, ts_us INT64, video_id INT64, duration_s INT32,
//                   completed BOOLEAN; sorted by (ts_us, profile_id).
//   videos.parquet: video_id INT64, valid_from_us INT64, title STRING,
//                   genres LIST<STRING>, length_s INT32, maturity STRING,
//                   release_date DATE, embedding LIST<FLOAT> (16 values);
//                   one row per version, by (video_id, valid_from_us).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "parquet/writer/file_writer.h"
#include "workload/catalog.h"
#include "workload/play.h"

namespace hindsight::workload {

class PlaysParquetWriter : public PlaySink {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<PlaysParquetWriter>> Create(
      const std::string& path);

  [[nodiscard]] Status Write(const Play& play) override;
  // Writes the buffered plays and the footer.
  [[nodiscard]] Status Close();
  // File size; known after Close.
  int64_t bytes() const { return bytes_; }

 private:
  // Plays buffered before they are handed to the writer as one batch.
  static constexpr size_t kBatchRows = 1 << 16;

  PlaysParquetWriter(std::string path, std::unique_ptr<parquet::ParquetFileWriter> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}
  [[nodiscard]] Status WriteBuffered();

  std::string path_;
  std::unique_ptr<parquet::ParquetFileWriter> writer_;
  std::vector<Play> buffer_;
  int64_t bytes_ = 0;
};

// Writes every version of every video. Returns the file size.
[[nodiscard]] StatusOr<int64_t> WriteVideosParquet(const Catalog& catalog, const std::string& path);

// Forwards each play to two sinks (the CSV and the Parquet writer).
class PlaySinkTee : public PlaySink {
 public:
  PlaySinkTee(PlaySink* first, PlaySink* second) : first_(first), second_(second) {}
  [[nodiscard]] Status Write(const Play& play) override {
    HS_RETURN_IF_ERROR(first_->Write(play));
    return second_->Write(play);
  }

 private:
  PlaySink* first_;
  PlaySink* second_;
};

}  // namespace hindsight::workload
