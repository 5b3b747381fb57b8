#include "parquet/writer/file_writer.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>

#include "parquet/format/footer.h"
#include "parquet/format/metadata_serde.h"
#include "parquet/schema/record_shredder.h"
#include "parquet/writer/column_options_resolver.h"
#include "parquet/writer/logical_value_check.h"
#include "parquet/writer/writer_errors_internal.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

// FileMetaData.version: 2 marks files that may use the 2.x encodings (RLE_DICTIONARY,
// DELTA_*), as Arrow does for its 2.x format versions.
constexpr int32_t kFileFormatVersion = 2;

// Runs task(i) for i in [0, count) on up to `threads` threads (the caller's included)
// and returns the first error.
template <typename Task>
Status RunInParallel(int threads, size_t count, const Task& task) {
  std::vector<Status> statuses(count);
  const size_t workers = std::min<size_t>(static_cast<size_t>(std::max(1, threads)), count);
  if (workers <= 1) {
    for (size_t i = 0; i < count; ++i) HS_RETURN_IF_ERROR(task(i));
    return absl::OkStatus();
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < count; i = next++) statuses[i] = task(i);
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  for (const Status& status : statuses) HS_RETURN_IF_ERROR(status);
  return absl::OkStatus();
}

// Rough PLAIN bytes of the rows in `leaves`, for cutting batches at the row group
// byte limit: values, byte array lengths, and a quarter byte per level.
int64_t EstimateBytes(const std::vector<LeafData>& leaves) {
  int64_t bytes = 0;
  for (const LeafData& leaf : leaves) {
    bytes += static_cast<int64_t>(leaf.values.values.size());
    if (leaf.values.type == ColumnType::kBinary) bytes += 4 * leaf.values.length;
    bytes += static_cast<int64_t>(leaf.def_levels.size() + leaf.rep_levels.size()) / 4;
  }
  return bytes;
}

}  // namespace

ParquetFileWriter::ParquetFileWriter(std::unique_ptr<WritableFile> file, Schema schema,
                                     WriterOptions options)
    : file_(std::move(file)), schema_(std::move(schema)), options_(std::move(options)) {}

ParquetFileWriter::~ParquetFileWriter() = default;

StatusOr<std::unique_ptr<ParquetFileWriter>> ParquetFileWriter::Create(const std::string& path,
                                                                       Schema schema,
                                                                       WriterOptions options) {
  HS_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, WritableFile::Create(path));
  return Open(std::move(file), std::move(schema), std::move(options));
}

StatusOr<std::unique_ptr<ParquetFileWriter>> ParquetFileWriter::Open(
    std::unique_ptr<WritableFile> file, Schema schema, WriterOptions options) {
  const std::string context = StrCat("parquet file '", file->path(), "'");
  auto prefixed = [&context](const Status& status) { return WithContext(status, context); };
  StatusOr<std::vector<ColumnChunkOptions>> leaf_options = ResolveColumnOptions(schema, options);
  if (!leaf_options.ok()) return prefixed(leaf_options.status());
  StatusOr<std::vector<format::SortingColumn>> sorting = ResolveSortingColumns(schema, options);
  if (!sorting.ok()) return prefixed(sorting.status());

  std::unique_ptr<ParquetFileWriter> writer(
      new ParquetFileWriter(std::move(file), std::move(schema), std::move(options)));
  writer->sorting_columns_ = std::move(*sorting);
  for (int i = 0; i < writer->schema_.num_leaves(); ++i) {
    writer->column_writers_.push_back(
        std::make_unique<ColumnChunkWriter>(writer->schema_.leaf(i), (*leaf_options)[i]));
  }
  format::FileMetaData& metadata = writer->metadata_;
  metadata.version = kFileFormatVersion;
  metadata.schema = writer->schema_.ToElements();
  metadata.key_value_metadata = writer->options_.key_value_metadata;
  metadata.created_by = writer->options_.created_by;
  metadata.column_orders.assign(writer->schema_.num_leaves(), format::ColumnOrder{});
  const std::string_view magic = format::kParquetMagic;
  HS_RETURN_IF_ERROR(writer->Append(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(magic.data()), magic.size())));
  return writer;
}

Status ParquetFileWriter::Fail(const Status& status) {
  if (error_.ok()) {
    error_ = WithContext(status, StrCat("parquet file '", file_->path(), "'"));
  }
  return error_;
}

Status ParquetFileWriter::Append(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return absl::OkStatus();
  const Status status = file_->Append(bytes);
  return status.ok() ? status : Fail(status);
}

void ParquetFileWriter::AddKeyValueMetadata(std::string key, std::string value) {
  metadata_.key_value_metadata.push_back(format::KeyValue{std::move(key), std::move(value)});
}

int64_t ParquetFileWriter::RowGroupBytes() const {
  int64_t bytes = 0;
  for (const auto& writer : column_writers_) bytes += writer->buffered_bytes();
  return bytes;
}

Status ParquetFileWriter::WriteBatch(const RecordBatch& batch) {
  HS_RETURN_IF_ERROR(error_);
  if (closed_)
    return absl::FailedPreconditionError(StrCat("parquet file '", file_->path(), "': closed"));
  StatusOr<std::vector<LeafData>> shredded = ShredRecords(schema_, batch);
  if (!shredded.ok()) {
    // The batch was refused before anything changed: the file stays usable.
    return WithContext(shredded.status(), StrCat("parquet file '", file_->path(), "'"));
  }
  const std::vector<LeafData>& leaves = *shredded;
  for (int i = 0; i < schema_.num_leaves(); ++i) {
    const Status in_range = CheckLogicalRange(schema_.leaf(i), leaves[i].values);
    if (!in_range.ok()) return WithContext(in_range, StrCat("parquet file '", file_->path(), "'"));
  }
  const int64_t bytes_per_row =
      batch.num_rows > 0 ? std::max<int64_t>(1, EstimateBytes(leaves) / batch.num_rows) : 1;
  std::vector<LeafCursor> cursors(leaves.size());
  int64_t written = 0;
  while (written < batch.num_rows) {
    const int64_t rows_room = options_.max_row_group_rows - row_group_rows_;
    const int64_t bytes_room = options_.max_row_group_bytes - RowGroupBytes();
    const int64_t rows = std::min(
        {batch.num_rows - written, rows_room, std::max<int64_t>(1, bytes_room / bytes_per_row)});
    HS_RETURN_IF_ERROR(AppendSlice(leaves, cursors, rows));
    row_group_rows_ += rows;
    written += rows;
    if (row_group_rows_ >= options_.max_row_group_rows ||
        RowGroupBytes() >= options_.max_row_group_bytes) {
      HS_RETURN_IF_ERROR(FlushRowGroup());
    }
  }
  return absl::OkStatus();
}

Status ParquetFileWriter::AppendSlice(const std::vector<LeafData>& leaves,
                                      std::vector<LeafCursor>& cursors, int64_t rows) {
  const Status status = RunInParallel(options_.threads, leaves.size(), [&](size_t i) {
    return column_writers_[i]->AppendRows(leaves[i], &cursors[i], rows);
  });
  return status.ok() ? status : Fail(status);
}

Status ParquetFileWriter::FlushRowGroup() {
  HS_RETURN_IF_ERROR(error_);
  if (closed_)
    return absl::FailedPreconditionError(StrCat("parquet file '", file_->path(), "': closed"));
  if (row_group_rows_ == 0) return absl::OkStatus();
  std::vector<ColumnChunkResult> results(column_writers_.size());
  const Status finished = RunInParallel(options_.threads, column_writers_.size(), [&](size_t i) {
    StatusOr<ColumnChunkResult> result = column_writers_[i]->Finish();
    if (!result.ok()) return result.status();
    results[i] = std::move(*result);
    return absl::OkStatus();
  });
  if (!finished.ok()) return Fail(finished);

  format::RowGroup row_group;
  row_group.num_rows = row_group_rows_;
  row_group.file_offset = static_cast<int64_t>(file_->position());
  row_group.sorting_columns = sorting_columns_;
  if (metadata_.row_groups.size() < static_cast<size_t>(std::numeric_limits<int16_t>::max())) {
    row_group.ordinal = static_cast<int16_t>(metadata_.row_groups.size());
  }
  int64_t compressed = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    ColumnChunkResult& result = results[i];
    const auto chunk_start = static_cast<int64_t>(file_->position());
    HS_RETURN_IF_ERROR(Append(result.dictionary_page));
    HS_RETURN_IF_ERROR(Append(result.data_pages));
    format::ColumnChunk chunk;
    chunk.file_offset = chunk_start;
    format::ColumnMetaData& column = chunk.meta_data.emplace(std::move(result.metadata));
    column.data_page_offset += chunk_start;
    if (column.dictionary_page_offset) *column.dictionary_page_offset += chunk_start;
    row_group.total_byte_size += column.total_uncompressed_size;
    compressed += column.total_compressed_size;
    if (result.offset_index) {
      for (format::PageLocation& page : result.offset_index->page_locations) {
        page.offset += chunk_start;
      }
    }
    row_group.columns.push_back(std::move(chunk));
    if (result.column_index || result.offset_index || result.bloom_filter) {
      chunk_indexes_.push_back(
          ChunkIndexes{metadata_.row_groups.size(), i, std::move(result.column_index),
                       std::move(result.offset_index), std::move(result.bloom_filter)});
    }
  }
  row_group.total_compressed_size = compressed;
  metadata_.num_rows += row_group_rows_;
  metadata_.row_groups.push_back(std::move(row_group));
  row_group_rows_ = 0;
  return absl::OkStatus();
}

Status ParquetFileWriter::WriteIndexesAndFooter() {
  auto append_string = [this](const std::string& bytes) {
    return Append(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  };
  auto chunk_of = [this](const ChunkIndexes& indexes) -> format::ColumnChunk& {
    return metadata_.row_groups[indexes.row_group].columns[indexes.column];
  };
  for (const ChunkIndexes& indexes : chunk_indexes_) {
    if (!indexes.bloom_filter) continue;
    const auto offset = static_cast<int64_t>(file_->position());
    format::BloomFilterHeader header;
    header.num_bytes = static_cast<int32_t>(indexes.bloom_filter->num_bytes());
    const std::string serialized = format::SerializeBloomFilterHeader(header);
    HS_RETURN_IF_ERROR(append_string(serialized));
    HS_RETURN_IF_ERROR(Append(indexes.bloom_filter->bitset()));
    format::ColumnMetaData& column = *chunk_of(indexes).meta_data;
    column.bloom_filter_offset = offset;
    column.bloom_filter_length =
        static_cast<int32_t>(serialized.size() + indexes.bloom_filter->num_bytes());
  }
  for (const ChunkIndexes& indexes : chunk_indexes_) {
    if (!indexes.column_index) continue;
    const std::string serialized = format::SerializeColumnIndex(*indexes.column_index);
    format::ColumnChunk& chunk = chunk_of(indexes);
    chunk.column_index_offset = static_cast<int64_t>(file_->position());
    chunk.column_index_length = static_cast<int32_t>(serialized.size());
    HS_RETURN_IF_ERROR(append_string(serialized));
  }
  for (const ChunkIndexes& indexes : chunk_indexes_) {
    if (!indexes.offset_index) continue;
    const std::string serialized = format::SerializeOffsetIndex(*indexes.offset_index);
    format::ColumnChunk& chunk = chunk_of(indexes);
    chunk.offset_index_offset = static_cast<int64_t>(file_->position());
    chunk.offset_index_length = static_cast<int32_t>(serialized.size());
    HS_RETURN_IF_ERROR(append_string(serialized));
  }
  chunk_indexes_.clear();
  return append_string(format::BuildFooter(metadata_));
}

Status ParquetFileWriter::Close() {
  HS_RETURN_IF_ERROR(error_);
  if (closed_)
    return absl::FailedPreconditionError(
        StrCat("parquet file '", file_->path(), "': already closed"));
  HS_RETURN_IF_ERROR(FlushRowGroup());
  HS_RETURN_IF_ERROR(WriteIndexesAndFooter());
  const Status status = file_->Close();
  if (!status.ok()) return Fail(status);
  closed_ = true;
  return absl::OkStatus();
}

}  // namespace hindsight::parquet
