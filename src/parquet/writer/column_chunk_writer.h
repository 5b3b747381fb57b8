// ColumnChunkWriter: writes one leaf column's chunk of a row group as data pages v1.
// Rows arrive as LeafData (Dremel levels + dense values, from RecordShredder); pages are
// cut at row boundaries (so each starts at repetition level 0, as the offset index's
// first_row_index requires) once they reach the page byte or row limit. A page is:
//   rep levels, def levels (each RLE/bit-packed hybrid behind a 4-byte length, present
//   when the leaf's max level > 0), then the values (page_value_encoder.h),
// compressed whole, with a CRC32 of the stored bytes in its header. The chunk is kept in
// memory until Finish, because its dictionary page, written first, is known only then.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "parquet/bloom/split_block_bloom_filter.h"
#include "parquet/format/parquet_types.h"
#include "parquet/schema/leaf_data.h"
#include "parquet/schema/schema.h"
#include "parquet/writer/page_index_builder.h"
#include "parquet/writer/page_value_encoder.h"
#include "parquet/writer/statistics_builder.h"
#include "parquet/writer/writer_options.h"
#include "util/status.h"

namespace hindsight::parquet {

// WriterOptions resolved for one leaf.
struct ColumnChunkOptions {
  format::CompressionCodec codec = format::CompressionCodec::ZSTD;
  int compression_level = kDefaultCompressionLevel;
  // RLE_DICTIONARY means dictionary encoding with PLAIN fallback.
  format::Encoding encoding = format::Encoding::RLE_DICTIONARY;
  size_t max_dictionary_bytes = kDefaultMaxDictionaryBytes;
  int64_t data_page_bytes = int64_t{1} << 20;
  int64_t max_page_rows = 20000;
  bool statistics = true;
  size_t max_statistics_bytes = 4096;
  bool page_index = true;
  size_t column_index_value_bytes = 64;
  bool page_checksums = true;
  std::optional<BloomFilterOptions> bloom_filter;
};

// Where the next row of a LeafData starts: its first level entry and first dense value.
struct LeafCursor {
  int64_t level = 0;
  int64_t value = 0;
};

// A finished chunk. Offsets count from the chunk's first byte (its dictionary page, else
// its first data page); the file writer moves them to the chunk's file position. The
// spans stay valid until the writer's next AppendRows or Finish.
struct ColumnChunkResult {
  std::span<const uint8_t> dictionary_page;  // header and body; empty without dictionary
  std::span<const uint8_t> data_pages;
  format::ColumnMetaData metadata;
  std::optional<format::ColumnIndex> column_index;
  std::optional<format::OffsetIndex> offset_index;
  std::optional<SplitBlockBloomFilter> bloom_filter;
};

class ColumnChunkWriter {
 public:
  // `leaf` is borrowed and must outlive the writer. REQUIRES: options.encoding passes
  // CheckPageEncoding; no bloom filter for BOOLEAN leaves.
  ColumnChunkWriter(const LeafColumn& leaf, const ColumnChunkOptions& options);
  ColumnChunkWriter(const ColumnChunkWriter&) = delete;
  ColumnChunkWriter& operator=(const ColumnChunkWriter&) = delete;

  // Appends `num_rows` rows of `data` starting at *cursor, which moves past them.
  // REQUIRES: `data` holds that many complete rows from *cursor. Fails (naming the
  // column) when a page exceeds the sizes a page header can hold.
  [[nodiscard]] Status AppendRows(const LeafData& data, LeafCursor* cursor, int64_t num_rows);

  // Uncompressed bytes of the chunk so far: pages written plus the pending page's estimate.
  int64_t buffered_bytes() const { return uncompressed_bytes_ + pending_bytes_; }
  int64_t buffered_rows() const { return chunk_rows_ + pending_rows_; }

  // Writes the pending page and returns the chunk; the next AppendRows starts a new one.
  [[nodiscard]] StatusOr<ColumnChunkResult> Finish();

 private:
  struct Slice {
    int64_t rows = 0;
    int64_t levels = 0;
    int64_t values = 0;
    int64_t bytes = 0;
  };

  // The rows from `cursor` that fit the pending page: at most max_rows, stopping at
  // the first row boundary once the page has `bytes_room` bytes. At least one row.
  Slice MeasureRows(const LeafData& data, const LeafCursor& cursor, int64_t max_rows,
                    int64_t bytes_room) const;
  void CopyToPending(const LeafData& data, const LeafCursor& cursor, const Slice& slice);
  [[nodiscard]] Status FlushPage();
  // Stores a page: header (with CRC) then `body` compressed, appended to *out; returns
  // the header's size.
  [[nodiscard]] StatusOr<size_t> AppendPage(format::PageHeader header,
                                            std::span<const uint8_t> body,
                                            std::vector<uint8_t>* out);
  void AddBloomValues(const Column& values);
  void StartChunk();
  [[nodiscard]] Status Error(std::string_view what) const;

  const LeafColumn& leaf_;
  ColumnChunkOptions options_;
  ValueOrder order_;
  int level_bits_per_entry_;  // estimate of encoded level size
  PageValueEncoder value_encoder_;

  // The pending page: its levels and dense values.
  std::vector<int16_t> pending_def_;
  std::vector<int16_t> pending_rep_;
  Column pending_values_;
  int64_t pending_levels_ = 0;
  int64_t pending_rows_ = 0;
  int64_t pending_bytes_ = 0;

  // The chunk so far.
  bool finished_ = false;
  std::vector<uint8_t> data_pages_;
  std::vector<uint8_t> dictionary_page_;
  int64_t chunk_rows_ = 0;
  int64_t chunk_levels_ = 0;
  int64_t uncompressed_bytes_ = 0;         // data pages, headers included
  std::vector<int32_t> data_page_counts_;  // by format::Encoding value
  bool has_levels_ = false;
  StatisticsBuilder statistics_;
  ColumnIndexBuilder column_index_;
  OffsetIndexBuilder offset_index_;
  std::optional<SplitBlockBloomFilter> bloom_filter_;  // sized up front when ndv is given
  absl::flat_hash_set<uint64_t> bloom_hashes_;         // else distinct hashes until Finish

  // Reused page buffers.
  std::vector<uint8_t> page_body_;
  std::vector<uint8_t> compressed_;
  std::vector<uint64_t> hash_scratch_;
};

}  // namespace hindsight::parquet
