// ParquetFileWriter: writes rows (RecordBatch) of one Schema to a Parquet file:
//   "PAR1" | row groups (column chunks of data pages v1) | bloom filters |
//   column indexes | offset indexes | FileMetaData | length | "PAR1"
// Rows are buffered per leaf column and a row group is closed at the row or byte limit
// of WriterOptions (a batch may span row groups). Close writes the page indexes, bloom
// filters and footer. Not thread-safe; WriterOptions::threads encodes columns in parallel.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parquet/bloom/split_block_bloom_filter.h"
#include "parquet/format/parquet_types.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "parquet/writer/column_chunk_writer.h"
#include "parquet/writer/writer_options.h"
#include "util/file_io.h"
#include "util/status.h"

namespace hindsight::parquet {

class ParquetFileWriter {
 public:
  // Writes the leading magic. Fails on options that do not fit the schema.
  [[nodiscard]] static StatusOr<std::unique_ptr<ParquetFileWriter>> Open(
      std::unique_ptr<WritableFile> file, Schema schema, WriterOptions options = {});
  // Creates `path` and opens a writer on it.
  [[nodiscard]] static StatusOr<std::unique_ptr<ParquetFileWriter>> Create(
      const std::string& path, Schema schema, WriterOptions options = {});

  ParquetFileWriter(const ParquetFileWriter&) = delete;
  ParquetFileWriter& operator=(const ParquetFileWriter&) = delete;
  ~ParquetFileWriter();

  // Appends the rows of `batch` (one Column per top-level field of the schema). A batch
  // that does not match the schema, or holds values outside their logical type
  // (logical_value_check.h), is refused and the file stays usable; after any other
  // error the file is unusable and every later call fails with that error.
  [[nodiscard]] Status WriteBatch(const RecordBatch& batch);

  // Closes the current row group now (e.g. at a partition or sort-key boundary); does
  // nothing when it holds no rows.
  [[nodiscard]] Status FlushRowGroup();

  // Adds a key-value pair to the footer (after WriterOptions::key_value_metadata).
  void AddKeyValueMetadata(std::string key, std::string value);

  // Flushes the last row group, writes bloom filters, page indexes and the footer, and
  // closes the file. metadata() is then the file's FileMetaData.
  [[nodiscard]] Status Close();

  // The footer written by Close; before it, the row groups written so far.
  const format::FileMetaData& metadata() const { return metadata_; }
  const Schema& schema() const { return schema_; }
  // Rows written, including those not yet in a closed row group.
  int64_t num_rows() const { return metadata_.num_rows + row_group_rows_; }

 private:
  // What Close writes for one column chunk after the row groups.
  struct ChunkIndexes {
    size_t row_group = 0;
    size_t column = 0;
    std::optional<format::ColumnIndex> column_index;
    std::optional<format::OffsetIndex> offset_index;
    std::optional<SplitBlockBloomFilter> bloom_filter;
  };

  ParquetFileWriter(std::unique_ptr<WritableFile> file, Schema schema, WriterOptions options);

  int64_t RowGroupBytes() const;
  [[nodiscard]] Status AppendSlice(const std::vector<LeafData>& leaves,
                                   std::vector<LeafCursor>& cursors, int64_t rows);
  [[nodiscard]] Status WriteIndexesAndFooter();
  [[nodiscard]] Status Append(std::span<const uint8_t> bytes);
  // Records a failure: prefixes it with the file's path and makes it sticky.
  Status Fail(const Status& status);

  std::unique_ptr<WritableFile> file_;
  Schema schema_;
  WriterOptions options_;
  std::vector<std::unique_ptr<ColumnChunkWriter>> column_writers_;
  std::vector<format::SortingColumn> sorting_columns_;
  format::FileMetaData metadata_;
  std::vector<ChunkIndexes> chunk_indexes_;
  int64_t row_group_rows_ = 0;
  bool closed_ = false;
  Status error_;
};

}  // namespace hindsight::parquet
