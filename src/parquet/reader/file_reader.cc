#include "parquet/reader/file_reader.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "parquet/format/footer.h"
#include "parquet/format/metadata_serde.h"
#include "parquet/reader/bloom_filter_reader.h"
#include "parquet/reader/column_chunk_reader.h"
#include "parquet/reader/column_concat.h"
#include "parquet/reader/parallel_for_internal.h"
#include "parquet/reader/range_filter.h"
#include "parquet/reader/reader_errors_internal.h"
#include "parquet/reader/value_decoder.h"
#include "parquet/schema/record_assembler.h"

namespace hindsight::parquet {

struct ParquetFileReader::ReadPlan {
  Schema projected;
  std::vector<ResolvedRange> ranges;
  bool verify_checksums = false;
};

namespace {

StatusOr<std::vector<uint8_t>> ReadTail(const RandomAccessFile& file, uint64_t length,
                                        int64_t& bytes_read) {
  HS_ASSIGN_OR_RETURN(std::vector<uint8_t> tail, file.Read(file.size() - length, length));
  bytes_read += static_cast<int64_t>(length);
  return tail;
}

Status RefuseEncryption(const format::FileMetaData& metadata) {
  if (metadata.has_encryption_algorithm) {
    return absl::UnimplementedError(
        "the file is encrypted (encryption_algorithm in a plaintext footer); encrypted Parquet "
        "files are not supported");
  }
  for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
    for (size_t c = 0; c < metadata.row_groups[g].columns.size(); ++c) {
      const format::ColumnChunk& chunk = metadata.row_groups[g].columns[c];
      if (chunk.has_crypto_metadata || chunk.encrypted_column_metadata.has_value()) {
        return absl::UnimplementedError(StrCat("row group ", g, " column ", c,
                                               " is encrypted; encrypted Parquet files are not "
                                               "supported"));
      }
    }
  }
  return absl::OkStatus();
}

StatusOr<RecordBatch> EmptyBatch(const Schema& schema) {
  std::vector<LeafData> leaves(static_cast<size_t>(schema.num_leaves()));
  for (int i = 0; i < schema.num_leaves(); ++i) leaves[i].values = EmptyValues(schema.leaf(i));
  return AssembleRecords(schema, std::move(leaves), 0);
}

std::string ChunkContext(int row_group, const LeafColumn& leaf) {
  return StrCat("row group ", row_group, " column '", leaf.dotted_path, "'");
}

}  // namespace

ParquetFileReader::ParquetFileReader(std::unique_ptr<RandomAccessFile> file,
                                     format::FileMetaData metadata, Schema schema)
    : file_(std::move(file)), metadata_(std::move(metadata)), schema_(std::move(schema)) {
  for (const format::RowGroup& group : metadata_.row_groups) {
    num_rows_ = group.num_rows > std::numeric_limits<int64_t>::max() - num_rows_
                    ? std::numeric_limits<int64_t>::max()
                    : num_rows_ + group.num_rows;
  }
}

StatusOr<std::unique_ptr<ParquetFileReader>> ParquetFileReader::OpenPath(const std::string& path) {
  HS_ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, OpenRandomAccessFile(path));
  return Open(std::move(file));
}

StatusOr<std::unique_ptr<ParquetFileReader>> ParquetFileReader::Open(
    std::unique_ptr<RandomAccessFile> file) {
  const std::string name = file->name();
  auto in_file = [&name](const Status& status) { return WithContext(status, name); };
  const uint64_t size = file->size();
  int64_t bytes_read = 0;
  uint64_t tail_length = std::min<uint64_t>(size, format::kDefaultFooterReadSize);
  if (tail_length < format::kFooterTrailerSize) {
    return in_file(format::LocateFooter({}, size).status());
  }
  StatusOr<std::vector<uint8_t>> tail = ReadTail(*file, tail_length, bytes_read);
  if (!tail.ok()) return in_file(tail.status());
  StatusOr<format::FooterLocation> location = format::LocateFooter(*tail, size);
  if (!location.ok()) return in_file(location.status());
  if (location->tail_size() > tail_length) {
    tail_length = location->tail_size();
    tail = ReadTail(*file, tail_length, bytes_read);
    if (!tail.ok()) return in_file(tail.status());
  }
  if (tail_length < size) {
    StatusOr<std::vector<uint8_t>> head = file->Read(0, format::kParquetMagicSize);
    if (!head.ok()) return in_file(head.status());
    bytes_read += static_cast<int64_t>(format::kParquetMagicSize);
    if (Status magic = format::CheckLeadingMagic(*head); !magic.ok()) return in_file(magic);
  }
  StatusOr<format::FileMetaData> metadata = format::ParseFooter(*tail, size);
  if (!metadata.ok()) return in_file(metadata.status());
  if (Status encrypted = RefuseEncryption(*metadata); !encrypted.ok()) return in_file(encrypted);
  StatusOr<Schema> schema = Schema::FromElements(metadata->schema);
  if (!schema.ok()) return in_file(WithContext(schema.status(), "Parquet schema"));
  std::unique_ptr<ParquetFileReader> reader(
      new ParquetFileReader(std::move(file), std::move(*metadata), std::move(*schema)));
  reader->counters_.bytes_read += bytes_read;
  return reader;
}

Status ParquetFileReader::InFile(const Status& status) const {
  return WithContext(status, file_->name());
}

Status ParquetFileReader::CheckRowGroup(int row_group) const {
  if (row_group < 0 || row_group >= num_row_groups()) {
    return InFile(absl::OutOfRangeError(
        StrCat("row group ", row_group, " does not exist (the file has ", num_row_groups(), ")")));
  }
  return absl::OkStatus();
}

StatusOr<Schema> ParquetFileReader::ProjectedSchema(const ReadOptions& options) const {
  if (options.columns.empty()) return schema_;
  StatusOr<Schema> projected = schema_.Project(options.columns);
  if (!projected.ok()) return InFile(projected.status());
  return projected;
}

StatusOr<ParquetFileReader::ReadPlan> ParquetFileReader::Plan(const ReadOptions& options) const {
  HS_ASSIGN_OR_RETURN(Schema projected, ProjectedSchema(options));
  StatusOr<std::vector<ResolvedRange>> ranges = ResolveRanges(schema_, options.filter);
  if (!ranges.ok()) return InFile(ranges.status());
  return ReadPlan{std::move(projected), std::move(*ranges), options.verify_checksums};
}

StatusOr<RecordBatch> ParquetFileReader::ReadRowGroup(int row_group,
                                                      const ReadOptions& options) const {
  HS_RETURN_IF_ERROR(CheckRowGroup(row_group));
  HS_ASSIGN_OR_RETURN(ReadPlan plan, Plan(options));
  return ReadPlanned(row_group, plan, options.threads);
}

StatusOr<RecordBatch> ParquetFileReader::ReadAll(const ReadOptions& options) const {
  HS_ASSIGN_OR_RETURN(ReadPlan plan, Plan(options));
  const int threads = std::max(options.threads, 1);
  const size_t groups = metadata_.row_groups.size();
  if (groups == 0) {
    StatusOr<RecordBatch> empty = EmptyBatch(plan.projected);
    if (!empty.ok()) return InFile(empty.status());
    return empty;
  }
  std::vector<StatusOr<RecordBatch>> parts(groups, absl::UnknownError("not read"));
  const bool across_groups = groups > 1 && threads > 1;
  ParallelFor(groups, across_groups ? threads : 1, [&](size_t g) {
    parts[g] = ReadPlanned(static_cast<int>(g), plan, across_groups ? 1 : threads);
  });
  std::vector<RecordBatch> batches;
  batches.reserve(groups);
  for (StatusOr<RecordBatch>& part : parts) {
    if (!part.ok()) return part.status();
    batches.push_back(std::move(*part));
  }
  return ConcatBatches(std::move(batches));
}

Status ParquetFileReader::Scan(const ReadOptions& options,
                               const std::function<bool(int, RecordBatch&&)>& visit) const {
  HS_ASSIGN_OR_RETURN(ReadPlan plan, Plan(options));
  const int threads = std::max(options.threads, 1);
  const size_t groups = metadata_.row_groups.size();
  // Fewer row groups than threads: the spare threads decode the columns of a row group.
  const int decoders = static_cast<int>(std::min<size_t>(groups, static_cast<size_t>(threads)));
  const int leaf_threads = decoders > 0 ? std::max(threads / decoders, 1) : 1;
  // While the caller visits a row group, each decoder works on one of the next.
  const size_t window = static_cast<size_t>(threads);
  Status status;
  ProduceInOrder<StatusOr<RecordBatch>, ChunkBuffers>(
      groups, decoders, window,
      [&](size_t g, ChunkBuffers& buffers) {
        return ReadPlanned(static_cast<int>(g), plan, leaf_threads, &buffers);
      },
      [&](size_t g, StatusOr<RecordBatch>&& batch) {
        if (!batch.ok()) {
          status = batch.status();
          return false;
        }
        return visit(static_cast<int>(g), std::move(*batch));
      });
  return status;
}

StatusOr<RecordBatch> ParquetFileReader::ReadPlanned(int row_group, const ReadPlan& plan,
                                                     int leaf_threads,
                                                     ChunkBuffers* buffers) const {
  const format::RowGroup& group = metadata_.row_groups[static_cast<size_t>(row_group)];
  const int64_t group_rows = group.num_rows;
  auto skip = [&]() -> StatusOr<RecordBatch> {
    ++counters_.row_groups_skipped;
    StatusOr<RecordBatch> empty = EmptyBatch(plan.projected);
    if (!empty.ok()) return InFile(empty.status());
    return empty;
  };
  for (const ResolvedRange& range : plan.ranges) {
    const format::ColumnChunk& chunk = group.columns[static_cast<size_t>(range.leaf_index)];
    if (!ChunkMayMatch(range, chunk, schema_.leaf(range.leaf_index).physical_type)) return skip();
  }
  // Rows the page index keeps; absent when it keeps them all.
  std::optional<RowRanges> kept_rows;
  for (const ResolvedRange& range : plan.ranges) {
    HS_ASSIGN_OR_RETURN(std::optional<format::ColumnIndex> column_index,
                        ReadColumnIndex(row_group, range.leaf_index));
    HS_ASSIGN_OR_RETURN(std::optional<format::OffsetIndex> offset_index,
                        ReadOffsetIndex(row_group, range.leaf_index));
    if (!column_index.has_value() || !offset_index.has_value()) continue;
    RowRanges rows = PageRowsMayMatch(range, schema_.leaf(range.leaf_index).physical_type,
                                      *column_index, *offset_index, group_rows);
    kept_rows = kept_rows.has_value() ? kept_rows->Intersect(rows) : std::move(rows);
  }
  if (kept_rows.has_value()) {
    if (kept_rows->empty()) return skip();
    if (kept_rows->row_count() == group_rows) kept_rows.reset();
  }

  const Schema& projected = plan.projected;
  const size_t leaves = static_cast<size_t>(projected.num_leaves());
  std::vector<StatusOr<ColumnChunkData>> chunks(leaves, absl::UnknownError("not read"));
  ParallelFor(leaves, leaf_threads, [&](size_t i) {
    const LeafColumn& leaf = projected.leaf(static_cast<int>(i));
    const format::ColumnChunk& chunk = group.columns[static_cast<size_t>(leaf.source_index)];
    ChunkSelection selection;
    std::optional<format::OffsetIndex> offset_index;
    if (kept_rows.has_value()) {
      selection.rows = &*kept_rows;
      StatusOr<std::optional<format::OffsetIndex>> index =
          ReadOffsetIndex(row_group, leaf.source_index);
      if (!index.ok()) {
        chunks[i] = index.status();
        return;
      }
      offset_index = std::move(*index);
      if (offset_index.has_value()) selection.offset_index = &*offset_index;
    }
    chunks[i] =
        ReadColumnChunk(*file_, chunk, group_rows, schema_.leaf(leaf.source_index), selection,
                        plan.verify_checksums, leaf_threads == 1 ? buffers : nullptr);
    if (!chunks[i].ok()) {
      chunks[i] = InFile(WithContext(chunks[i].status(), ChunkContext(row_group, leaf)));
    }
  });
  std::vector<LeafData> data;
  data.reserve(leaves);
  for (StatusOr<ColumnChunkData>& chunk : chunks) {
    if (!chunk.ok()) return chunk.status();
    counters_.pages_read += chunk->stats.pages_read;
    counters_.pages_skipped += chunk->stats.pages_skipped;
    counters_.bytes_read += chunk->stats.bytes_read;
    data.push_back(std::move(chunk->data));
  }
  const int64_t rows = kept_rows.has_value() ? kept_rows->row_count() : group_rows;
  StatusOr<RecordBatch> batch = AssembleRecordsKeepingLevels(projected, data, rows);
  if (buffers != nullptr) {
    for (LeafData& leaf : data) {
      buffers->GiveLevels(std::move(leaf.def_levels));
      buffers->GiveLevels(std::move(leaf.rep_levels));
    }
  }
  if (!batch.ok()) return InFile(WithContext(batch.status(), StrCat("row group ", row_group)));
  ++counters_.row_groups_read;
  return batch;
}

StatusOr<bool> ParquetFileReader::MightContain(int row_group, std::string_view column,
                                               const ScalarValue& value) const {
  HS_RETURN_IF_ERROR(CheckRowGroup(row_group));
  StatusOr<Schema> projected = schema_.Project({std::string(column)});
  if (!projected.ok()) return InFile(projected.status());
  if (projected->num_leaves() != 1) {
    return InFile(
        absl::InvalidArgumentError(StrCat("bloom filter probe: '", column, "' names ",
                                          projected->num_leaves(), " leaf columns, not one")));
  }
  const LeafColumn& leaf = schema_.leaf(projected->leaf(0).source_index);
  const format::ColumnChunk& chunk =
      metadata_.row_groups[static_cast<size_t>(row_group)].columns[static_cast<size_t>(leaf.index)];
  StatusOr<BloomFilterRead> read = ReadBloomFilter(*file_, *chunk.meta_data);
  if (!read.ok()) return InFile(WithContext(read.status(), ChunkContext(row_group, leaf)));
  counters_.bytes_read += read->bytes_read;
  if (!read->filter.has_value()) return true;
  StatusOr<std::optional<uint64_t>> hash = BloomHashFor(leaf, value);
  if (!hash.ok()) return InFile(hash.status());
  if (!hash->has_value()) return false;
  return read->filter->MightContain(**hash);
}

StatusOr<std::optional<format::ColumnIndex>> ParquetFileReader::ReadColumnIndex(int row_group,
                                                                                int leaf) const {
  HS_RETURN_IF_ERROR(CheckRowGroup(row_group));
  const format::ColumnChunk& chunk =
      metadata_.row_groups[static_cast<size_t>(row_group)].columns.at(static_cast<size_t>(leaf));
  if (!chunk.column_index_offset.has_value() || !chunk.column_index_length.has_value()) {
    return std::optional<format::ColumnIndex>();
  }
  const uint64_t offset = static_cast<uint64_t>(*chunk.column_index_offset);
  StatusOr<std::vector<uint8_t>> bytes =
      file_->Read(offset, static_cast<uint64_t>(*chunk.column_index_length));
  if (!bytes.ok()) return InFile(bytes.status());
  counters_.bytes_read += static_cast<int64_t>(bytes->size());
  StatusOr<format::ColumnIndex> index = format::DeserializeColumnIndex(*bytes, offset);
  if (!index.ok()) {
    return InFile(WithContext(index.status(), ChunkContext(row_group, schema_.leaf(leaf))));
  }
  return std::optional<format::ColumnIndex>(std::move(*index));
}

StatusOr<std::optional<format::OffsetIndex>> ParquetFileReader::ReadOffsetIndex(int row_group,
                                                                                int leaf) const {
  HS_RETURN_IF_ERROR(CheckRowGroup(row_group));
  const format::ColumnChunk& chunk =
      metadata_.row_groups[static_cast<size_t>(row_group)].columns.at(static_cast<size_t>(leaf));
  if (!chunk.offset_index_offset.has_value() || !chunk.offset_index_length.has_value()) {
    return std::optional<format::OffsetIndex>();
  }
  const uint64_t offset = static_cast<uint64_t>(*chunk.offset_index_offset);
  StatusOr<std::vector<uint8_t>> bytes =
      file_->Read(offset, static_cast<uint64_t>(*chunk.offset_index_length));
  if (!bytes.ok()) return InFile(bytes.status());
  counters_.bytes_read += static_cast<int64_t>(bytes->size());
  StatusOr<format::OffsetIndex> index = format::DeserializeOffsetIndex(*bytes, offset);
  if (!index.ok()) {
    return InFile(WithContext(index.status(), ChunkContext(row_group, schema_.leaf(leaf))));
  }
  return std::optional<format::OffsetIndex>(std::move(*index));
}

ReadStats ParquetFileReader::read_stats() const {
  ReadStats stats;
  stats.row_groups_read = counters_.row_groups_read.load();
  stats.row_groups_skipped = counters_.row_groups_skipped.load();
  stats.pages_read = counters_.pages_read.load();
  stats.pages_skipped = counters_.pages_skipped.load();
  stats.bytes_read = counters_.bytes_read.load();
  return stats;
}

void ParquetFileReader::ResetReadStats() {
  counters_.row_groups_read = 0;
  counters_.row_groups_skipped = 0;
  counters_.pages_read = 0;
  counters_.pages_skipped = 0;
  counters_.bytes_read = 0;
}

}  // namespace hindsight::parquet
