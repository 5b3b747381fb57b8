// ParquetFileReader: opens a Parquet file (footer, schema) and reads its rows as
// RecordBatches of in-memory Columns, with projection, pruning by statistics, page index
// and bloom filters, optional page CRC verification, and row groups read in parallel.
//
//   HS_ASSIGN_OR_RETURN(auto reader, ParquetFileReader::OpenPath("facts.parquet"));
//   ReadOptions options;
//   options.columns = {"profile_id", "facts.viewing_history"};
//   HS_ASSIGN_OR_RETURN(RecordBatch rows, reader->ReadAll(options));
//
// Errors name the file, and where it applies the row group, column and file offset.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/format/parquet_types.h"
#include "parquet/reader/read_options.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "util/file_io.h"
#include "util/status.h"

namespace hindsight::parquet {

struct ChunkBuffers;

class ParquetFileReader {
 public:
  // Reads and validates the footer and builds the schema. Refuses encrypted files and
  // schemas it cannot interpret.
  static StatusOr<std::unique_ptr<ParquetFileReader>> Open(std::unique_ptr<RandomAccessFile> file);
  static StatusOr<std::unique_ptr<ParquetFileReader>> OpenPath(const std::string& path);

  ParquetFileReader(const ParquetFileReader&) = delete;
  ParquetFileReader& operator=(const ParquetFileReader&) = delete;

  const std::string& name() const { return file_->name(); }
  const format::FileMetaData& metadata() const { return metadata_; }
  const Schema& schema() const { return schema_; }
  // Rows of all row groups (the footer's own total is wrong in some old files).
  int64_t num_rows() const { return num_rows_; }
  int num_row_groups() const { return static_cast<int>(metadata_.row_groups.size()); }

  // The schema of the batches a read with `options` returns (the projection).
  StatusOr<Schema> ProjectedSchema(const ReadOptions& options) const;

  // The rows of one row group (all of them, or those kept by the filter's pruning).
  // Thread-safe; `options.threads` > 1 decodes column chunks in parallel.
  StatusOr<RecordBatch> ReadRowGroup(int row_group, const ReadOptions& options) const;

  // The rows of every row group in order, row groups decoded `options.threads` at a time.
  StatusOr<RecordBatch> ReadAll(const ReadOptions& options) const;

  // Streams the file: calls visit(row_group, rows) on the calling thread for each row group
  // in order, while `options.threads` threads decode the row groups that follow (at most
  // `options.threads` + 1 row groups are held at once). Stops early, returning OK, when
  // `visit` returns false; returns the first error in row group order.
  [[nodiscard]] Status Scan(const ReadOptions& options,
                            const std::function<bool(int, RecordBatch&&)>& visit) const;

  // False when the bloom filter of `column` (a leaf path) in `row_group` proves it holds
  // no `value`; true when it may, or when the chunk has no bloom filter.
  StatusOr<bool> MightContain(int row_group, std::string_view column,
                              const ScalarValue& value) const;

  // The page index of a column chunk (leaf index in schema()), nullopt if not written.
  StatusOr<std::optional<format::ColumnIndex>> ReadColumnIndex(int row_group, int leaf) const;
  StatusOr<std::optional<format::OffsetIndex>> ReadOffsetIndex(int row_group, int leaf) const;

  // Work done since Open (or the last reset), summed over all reads and threads.
  ReadStats read_stats() const;
  void ResetReadStats();

 private:
  struct ReadPlan;
  struct Counters {
    std::atomic<int64_t> row_groups_read{0};
    std::atomic<int64_t> row_groups_skipped{0};
    std::atomic<int64_t> pages_read{0};
    std::atomic<int64_t> pages_skipped{0};
    std::atomic<int64_t> bytes_read{0};
  };

  ParquetFileReader(std::unique_ptr<RandomAccessFile> file, format::FileMetaData metadata,
                    Schema schema);

  StatusOr<ReadPlan> Plan(const ReadOptions& options) const;
  // `buffers`: scratch reused across calls by one thread when leaf_threads == 1, or null.
  StatusOr<RecordBatch> ReadPlanned(int row_group, const ReadPlan& plan, int leaf_threads,
                                    ChunkBuffers* buffers = nullptr) const;
  Status CheckRowGroup(int row_group) const;
  // Prefixes errors with the file name.
  Status InFile(const Status& status) const;

  std::unique_ptr<RandomAccessFile> file_;
  format::FileMetaData metadata_;
  Schema schema_;
  int64_t num_rows_ = 0;
  mutable Counters counters_;
};

}  // namespace hindsight::parquet
